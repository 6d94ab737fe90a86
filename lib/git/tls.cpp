#include "git/tls.hpp"

#include <dlfcn.h>
#include <string>

#ifdef SOP_TLS_WRAP
extern "C" int __real_mbedtls_x509_crt_parse_file(void* chain, const char* path);
#endif

namespace {

void* deferred_chain = nullptr;
std::string deferred_path;
bool loaded = false;

#ifdef SOP_TLS_WRAP
// Linked statically with --wrap=mbedtls_x509_crt_parse_file: libgit2's calls come here and
// __real_ is mbedTLS's function.
#define SOP_TLS_ENTRY __wrap_mbedtls_x509_crt_parse_file
int real_parse_file(void* chain, const char* path) {
    return __real_mbedtls_x509_crt_parse_file(chain, path);
}
#else
// Linked with the shared libmbedx509: this definition interposes it for the whole process.
#define SOP_TLS_ENTRY mbedtls_x509_crt_parse_file
int real_parse_file(void* chain, const char* path) {
    using ParseFile = int (*)(void*, const char*);
    auto real = reinterpret_cast<ParseFile>(dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file"));
    return real ? real(chain, path) : -1;
}
#endif

} // namespace

// See tls.hpp.
extern "C" __attribute__((visibility("default"))) int SOP_TLS_ENTRY(void* chain, const char* path) {
    if (!deferred_chain && !loaded && path) {
        deferred_chain = chain;
        deferred_path = path;
        return 0;
    }
    return real_parse_file(chain, path);
}

namespace sop::git {

bool ca_certificates_deferred() {
    return deferred_chain != nullptr && !loaded;
}

int load_ca_certificates() {
    if (!ca_certificates_deferred()) return 0;
    loaded = true;
    const int rc = real_parse_file(deferred_chain, deferred_path.c_str());
    // mbedTLS returns the number of certificates it could not parse as a positive value.
    return rc < 0 ? rc : 0;
}

} // namespace sop::git
