#include "git/handles.hpp"

#include "git/tls.hpp"
#include "util/error.hpp"

namespace sop::git {

int check(int rc, const std::string& what) {
    if (rc >= 0) return rc;
    const git_error* e = git_error_last();
    std::string why = (e && e->message) ? e->message : "libgit2 error " + std::to_string(rc);
    throw Error(what + ": " + why);
}

Library::Library() {
    git_libgit2_init();
    // As git does by default: objects read are not re-hashed (libgit2's SHA-1DC is slow), and
    // a new tree or commit is not checked for the existence of what it names (sop builds them
    // from ids it has just read or written).
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
    (void)ca_certificates_deferred(); // links tls.cpp, whose definition defers the CA bundle
}
Library::~Library() {
    git_libgit2_shutdown();
}

std::string oid_str(const git_oid& oid) {
    char buf[GIT_OID_HEXSZ + 1];
    git_oid_tostr(buf, sizeof buf, &oid);
    return buf;
}

} // namespace sop::git
