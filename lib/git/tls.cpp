#include "git/tls.hpp"

#include <dlfcn.h>
#include <string>

namespace {

void* deferred_chain = nullptr;
std::string deferred_path;
bool loaded = false;

using ParseFile = int (*)(void*, const char*);

} // namespace

// Interposes mbedTLS's function of the same name for the whole process; see tls.hpp.
extern "C" __attribute__((visibility("default"))) int
mbedtls_x509_crt_parse_file(void* chain, const char* path) {
    if (!deferred_chain && !loaded && path) {
        deferred_chain = chain;
        deferred_path = path;
        return 0;
    }
    auto real = reinterpret_cast<ParseFile>(dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file"));
    return real ? real(chain, path) : -1;
}

namespace sop::git {

bool ca_certificates_deferred() {
    return deferred_chain != nullptr && !loaded;
}

int load_ca_certificates() {
    if (!ca_certificates_deferred()) return 0;
    loaded = true;
    auto real = reinterpret_cast<ParseFile>(dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file"));
    if (!real) return -1;
    const int rc = real(deferred_chain, deferred_path.c_str());
    // mbedTLS returns the number of certificates it could not parse as a positive value.
    return rc < 0 ? rc : 0;
}

} // namespace sop::git
