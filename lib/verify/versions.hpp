#pragma once
// The versions of files that `sop verify` reads: blobs by id, bounded in size as every file sop
// reads (DESIGN §8), parsed once. A version one commit writes is the version the next commit
// that changes the file starts from, so parsed documents are kept, a bounded number of them.
#include "config/config.hpp"
#include "git/handles.hpp"
#include "yaml/yaml.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace sop::verify {

using Json = yaml::Json;

// An oid as a map key.
struct OidLess {
    bool operator()(const git_oid& a, const git_oid& b) const { return git_oid_cmp(&a, &b) < 0; }
};

class Versions {
  public:
    explicit Versions(git_repository* repo) : repo_(repo) {}
    // The blob's bytes; Error when it cannot be read or is larger than sop reads.
    std::string text(const git_oid& blob) const;
    // The blob as a YAML mapping, or null when it is not one (the file checks say why).
    std::shared_ptr<const Json> doc(const git_oid& blob);

  private:
    git_repository* repo_;
    std::map<git_oid, std::shared_ptr<const Json>, OidLess> docs_;
};

// The configuration a commit is judged by: .sop/config.yaml in its parent's tree (a commit
// cannot grant itself a role), read with config::load, once per blob.
class Configs {
  public:
    explicit Configs(git_repository* repo) : repo_(repo) {}
    struct Found {
        const config::Config* config = nullptr; // null when there is none or it is invalid
        std::string why;                        // then: why, for messages
    };
    // `tree` may be null (a root commit's parent: nothing).
    Found at(git_tree* tree);

  private:
    struct Entry {
        std::optional<config::Config> config;
        std::string why;
    };
    git_repository* repo_;
    std::map<git_oid, Entry, OidLess> loaded_;
};

} // namespace sop::verify
