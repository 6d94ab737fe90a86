#pragma once
// A repository and read access to what HEAD holds. Reads always come from HEAD (the committed
// state), never from the working tree, which sop keeps identical to HEAD for the files it owns.
#include "git/handles.hpp"
#include "util/time.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sop::git {

struct Identity {
    std::string name;
    std::string email;
    std::string str() const { return name + " <" + email + ">"; }
};

// Parses "Name <email>"; nullopt when it is not of that form.
std::optional<Identity> parse_identity(const std::string& text);

// HEAD at one moment: its branch, its commit (none while the branch is unborn) and its tree.
class Snapshot {
  public:
    Snapshot(git_repository* repo, std::string branch, std::optional<git_oid> commit, TreePtr tree);
    const std::string& branch() const { return branch_; }
    const std::optional<git_oid>& commit() const { return commit_; }
    git_tree* tree() const { return tree_.get(); }
    git_repository* repo() const { return repo_; }

    std::optional<git_oid> entry_id(const std::string& path) const;
    std::optional<std::string> read(const std::string& path) const;
    // The names in the tree at `dir` ("" for the root); empty when there is no such tree.
    std::vector<std::string> list(const std::string& dir) const;

  private:
    git_repository* repo_;
    std::string branch_;
    std::optional<git_oid> commit_;
    TreePtr tree_;
};

// Any branch at one moment, e.g. "refs/heads/sop-archive"; a branch that does not exist yet
// reads as empty (no commit, no tree).
Snapshot snapshot_of(git_repository* repo, const std::string& ref);

// Finds the repository containing `start`, as git does, bare repositories included; Error "not
// a git repository". Repo::discover is this for a repository with a working tree.
RepositoryPtr discover_repository(const std::filesystem::path& start);

class Repo {
  public:
    // Finds the repository containing `start`, as git does; Error "not a git repository".
    static Repo discover(const std::filesystem::path& start);
    // Opens `dir` as a repository, creating one (branch from init.defaultBranch, else main).
    static Repo open_or_init(const std::filesystem::path& dir);

    git_repository* raw() const { return repo_.get(); }
    const std::filesystem::path& workdir() const { return workdir_; }
    // .git (the common directory for worktrees), where sop keeps its lock and cache.
    std::filesystem::path sop_dir() const;

    Snapshot head() const;
    // The branch `ref` ("refs/heads/...") at this moment; empty when it does not exist.
    Snapshot snapshot(const std::string& ref) const { return snapshot_of(raw(), ref); }
    // The actor: SOP_ACTOR, else git's user.name and user.email; Error when neither is set.
    Identity actor() const;

  private:
    explicit Repo(RepositoryPtr repo);
    RepositoryPtr repo_;
    std::filesystem::path workdir_;
};

} // namespace sop::git
