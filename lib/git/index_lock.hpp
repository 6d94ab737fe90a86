#pragma once
// git's own lock on the index (.git/index.lock), held for the whole of a sop write the way a
// git process holds it: while sop writes, `git commit` and `git add` wait or fail, and sop never
// writes back an index that git changed meanwhile. The new index is written beside it and
// renamed over .git/index, as git does. Entries are edited in the file's bytes (IndexFile);
// an index that needs more than that is edited through libgit2.
// The lock file says "sop transaction" so that a lock left by a crashed sop is recognised:
// whoever holds the sop flock knows no other sop is mid-transaction, so such a lock is stale.
#include "git/index_file.hpp"
#include "git/repo.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <sys/stat.h>
#include <vector>

namespace sop::git {

class IndexLock {
  public:
    // Waits up to `timeout_ms` for git's lock (ConflictError after), removing one left by an
    // interrupted sop and saying so in `report` when given.
    IndexLock(const Repo& repo, int timeout_ms, std::vector<std::string>* report);
    ~IndexLock();

    // Removes git's index lock at `lock` if a crashed sop left it (it says "sop transaction");
    // returns the line that reports it, or "". Only for a caller holding the sop flock.
    static std::string remove_if_stale(const std::filesystem::path& lock);
    IndexLock(const IndexLock&) = delete;
    IndexLock& operator=(const IndexLock&) = delete;

    std::optional<git_oid> id(const std::string& path) const;
    // Sets the entry of `path` to `target` with the stat data of `file`, or removes it.
    void set(const std::string& path, const std::optional<git_oid>& target,
             const std::filesystem::path& file);
    // Writes the index and puts it in place, then releases git's lock.
    void publish();

  private:
    struct Op {
        std::string path;
        std::optional<git_oid> target;
        struct stat st;
    };
    std::filesystem::path lock_, index_path_, work_;
    std::optional<IndexFile> raw_;
    IndexPtr index_;
    std::vector<Op> ops_;
    bool held_ = false;

    void open_libgit2();
    void apply(const Op& op);
};

} // namespace sop::git
