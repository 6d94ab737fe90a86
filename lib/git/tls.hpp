#pragma once
// Start-up cost: Debian's libgit2 is built with mbedTLS and parses the whole system CA bundle
// inside git_libgit2_init (~3-6 ms, most of a short command's run time), although only network
// operations need it. sop puts its own mbedtls_x509_crt_parse_file in libgit2's way (the
// linker's --wrap when linked statically, interposition when linked with the shared
// libraries; see cmake/deps.cmake): it records the certificate chain and path libgit2
// asked for and returns success. A command that talks to a remote calls load_ca_certificates()
// first, which does the real parse into the same chain, the one libgit2 configured for TLS.
// With a libgit2 that uses another TLS library the definition is simply never called.

namespace sop::git {

// True when libgit2 asked for CA certificates and their loading is deferred.
bool ca_certificates_deferred();
// Loads the deferred CA certificates (once). Returns 0 or mbedTLS's error code.
int load_ca_certificates();

} // namespace sop::git
