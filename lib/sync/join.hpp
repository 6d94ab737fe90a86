#pragma once
// How a local branch and the remote's copy of it come together in `sop sync`, computed without
// touching any branch: nothing to do, only a push, a fast-forward, or a merge whose tree is
// built in memory (git_merge_commits with the "sop" driver, lib/merge, for tickets and
// articles). Rename detection is off: tickets look alike, and an archived ticket must never be
// taken for a renamed one.
//
// A file deleted on one side and changed on the other keeps the changed version, so that no
// event is lost, and is listed in `kept`: sync.cpp then merges a ticket that the other side
// archived with its archived copy. Any other conflict
// (a file the driver cannot merge, the config changed on both sides) is a ConflictError naming
// the files: nothing is changed, and the person merges by hand (git pull) and syncs again.
#include "git/handles.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sop::sync {

struct Join {
    enum class Kind {
        up_to_date,   // both the same (or neither exists)
        ahead,        // only here: push
        fast_forward, // the remote's is a descendant: move to it
        merged,       // both moved: a merge commit of `tree` with `theirs` as second parent
    };
    Kind kind = Kind::up_to_date;
    std::optional<git_oid> theirs;         // the remote's tip
    std::optional<git_oid> base;           // where the two histories parted (merged)
    std::optional<git_oid> tree;           // the tree the branch ends with (fast_forward, merged)
    std::vector<std::string> merged_files; // files both sides changed, merged by the driver
    std::vector<std::string> kept;         // changed on one side, deleted on the other: kept
};

// `what` names the branch in errors ("main", "sop-archive").
Join plan_join(git_repository* repo, const std::string& what, const std::optional<git_oid>& ours,
               const std::optional<git_oid>& theirs);

// The files that turn `from` into `to` (either may be null: an empty tree): path → new bytes,
// nullopt for a removed file.
struct TreeChange {
    std::string path;
    std::optional<std::string> bytes;
};
std::vector<TreeChange> tree_changes(git_repository* repo, const git_oid* from, const git_oid* to);

} // namespace sop::sync
