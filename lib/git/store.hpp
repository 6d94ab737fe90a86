#pragma once
// The one way sop writes to a repository (DESIGN §2). Every change is one commit:
//
//   lock .git/sop/lock          serialises sop processes in this clone
//   lock .git/index.lock        git's own lock, held to the end as a git process would;
//                               the index is read fresh under it
//   plan(HEAD)                  the caller builds the new file contents from HEAD's version
//   refuse dirty files          a file with uncommitted or staged edits is never overwritten
//   blobs → git_tree_create_updated(HEAD's tree) → git_commit_create
//   write .git/sop/journal      the commit and, per file, the old and new blob ids
//   compare-and-swap the branch (git_reference_create_matching against the old tip);
//                               if it moved (another writer, e.g. the git CLI), plan again on
//                               the new HEAD, a bounded number of times, then ConflictError
//   working-tree file (atomic rename) and its index entry set to the new blob
//   new index renamed over .git/index, git's lock released, journal removed
//
// If the process dies before the compare-and-swap, nothing is published: the journal names a
// commit that HEAD does not contain, and the next sop command deletes it (the loose objects are
// unreachable and left to git gc). If it dies after, HEAD already holds the change and only the
// working tree or index lag behind: the next sop command finds the journal and brings each file
// and index entry that still holds the old blob up to HEAD, saying so on stderr. Files that are
// neither old nor new (edited by hand meanwhile) are left alone and reported. A crash also
// leaves .git/index.lock behind, marked as sop's; until the next sop command removes it, git
// commands refuse to run, as after a crashed git command.
//
// Two branches in one step (sop archive): a change may carry a commit for a second branch
// (Change::side, built from that branch's tip; it never touches the working tree or index).
// Then both branches are locked (<ref>.lock, git's own ref locks, through git_transaction), both
// old tips are checked under the locks (a moved branch means: plan again, as above), the journal
// names both branches with their old and new tips and the inodes of their lock files, and the
// side branch moves first, HEAD's branch second. If the process dies before the first move,
// the next sop command removes the two lock files (recognised by inode) and discards the change;
// if it dies between the two moves, it moves HEAD's branch too (rolls forward) and repairs the
// working tree as above; if a branch was moved by hand meanwhile, it puts the moved one back
// (rolls back). Readers that look at both branches see a ticket in both at most, never in none.
// SOP_TEST_CRASH=before-publish|between-refs|after-publish|before-index kills the process at
// that point, for the tests that prove this (between-refs: only for a change with a side).
#include "git/repo.hpp"
#include "util/time.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sop::git {

struct FileWrite {
    std::string path;                 // relative to the top of the working tree
    std::optional<std::string> bytes; // nullopt removes the file
    // The working-tree file may hold uncommitted edits that this change replaces on purpose
    // (`sop edit` of a hand-edited file); otherwise such a file is refused.
    bool adopt_worktree = false;
};

// A commit on a second branch, published together with HEAD's (see above).
struct SideChange {
    std::vector<FileWrite> files; // paths in that branch's tree; adopt_worktree is ignored
    std::string message;
};

struct Change {
    std::vector<FileWrite> files;                  // empty: nothing to commit
    std::string message;                           // the whole commit message, trailers included
    std::string dirty_hint;                        // how to resolve a refusal for a dirty file
    std::optional<SideChange> side = std::nullopt; // only with commit(repo, side_ref, ...)
    // Joining another line of work (sop sync): `files` turn HEAD's tree into the joined tree,
    // and either the branch moves to `fast_forward`, a descendant of HEAD whose tree that is
    // (no new commit), or the new commit gets `merge_parent` as its second parent. Either is
    // made even when no file changes. A merge may carry a side change (made after it).
    std::optional<git_oid> fast_forward = std::nullopt;
    std::optional<git_oid> merge_parent = std::nullopt;
    bool joins() const { return fast_forward || merge_parent; }
};

using Planner = std::function<Change(const Snapshot&)>;
// Plans from HEAD and from the side branch (empty while that branch does not exist).
using PairPlanner = std::function<Change(const Snapshot& head, const Snapshot& side)>;

struct Committed {
    git_oid commit;
    std::string branch;
    std::optional<git_oid> side_commit; // the commit on the side branch, when there was one
};

struct StoreOptions {
    int max_attempts = 8;              // plans against a moved branch before a ConflictError
    int lock_timeout_ms = 30000;       // waiting for another sop process
    int index_lock_timeout_ms = 10000; // waiting for git's .git/index.lock
};

// Plans and commits one change; nullopt when the planner returned no files or files that are
// already in HEAD as they are (then adopted working-tree files are restored, nothing committed).
std::optional<Committed> commit(const Repo& repo, const Planner& plan, const Identity& actor,
                                const util::Timestamp& when, const StoreOptions& opts = {});

// The same, with a commit on `side_ref` as well when the planner returns a Change::side: both
// branches move, or neither. When HEAD's tree would not change, nothing is committed on either.
std::optional<Committed> commit(const Repo& repo, const std::string& side_ref,
                                const PairPlanner& plan, const Identity& actor,
                                const util::Timestamp& when, const StoreOptions& opts = {});

// A commit object of `tree_id` with `parents`, in order, by `actor` at `when`; no branch moves
// (advance_branch publishes it on a branch that is never checked out).
git_oid write_commit(const Repo& repo, const git_oid& tree_id, const std::vector<git_oid>& parents,
                     const std::string& message, const Identity& actor,
                     const util::Timestamp& when);

// Moves `ref`, a branch that is never checked out (sop sync's archive branch), from `old_tip`
// (nullopt: it does not exist yet) to `new_tip`, a commit already written, under sop's lock and
// by compare-and-swap: false when the branch was no longer at `old_tip`.
bool advance_branch(const Repo& repo, const std::string& ref, const std::optional<git_oid>& old_tip,
                    const git_oid& new_tip, const std::string& log, const StoreOptions& opts = {});

// Finishes or discards an interrupted commit (see above). Returns one line per repaired or
// reported file; empty when there was nothing to do. Cheap when there is no journal.
std::vector<std::string> recover(const Repo& repo);

} // namespace sop::git
