#pragma once
// Moving several branches in one step (sop archive moves HEAD's branch and the archive branch
// together). Each branch is locked the way git locks it (<ref>.lock, through libgit2's
// git_transaction API, one transaction per branch so that they can be moved one by one), and
// its value is checked under the lock: the compare-and-swap of the one-branch path, for all of
// them at once. Only when every branch is locked and still at its old value does the caller
// write its journal and move them; a crash in between leaves empty lock files that the journal
// identifies (by inode), so the next sop command can remove them and roll the move forward or
// back (see store.hpp).
#include "git/handles.hpp"

#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace sop::git {

struct RefMove {
    std::string ref;               // "refs/heads/main"
    std::optional<git_oid> old_id; // nullopt: the branch does not exist yet
    git_oid new_id;
};

class RefMoves {
  public:
    enum class Lock { held, busy, moved };

    RefMoves(git_repository* repo, std::vector<RefMove> moves, const git_signature* sig,
             std::string log_message);
    ~RefMoves(); // releases the locks of the branches not moved
    RefMoves(const RefMoves&) = delete;
    RefMoves& operator=(const RefMoves&) = delete;

    // Locks every branch and checks its old value: `busy` when another process holds a lock,
    // `moved` when a branch is no longer at its old value (nothing is held after either).
    Lock lock();
    // The inode of each lock file, in the order of the moves (valid after lock()).
    const std::vector<ino_t>& lock_inodes() const { return inodes_; }
    const std::vector<RefMove>& moves() const { return moves_; }
    // Moves branch `i` to its new value and releases its lock.
    void move(std::size_t i);

    // The lock file git uses for `ref`.
    static std::string lock_path(git_repository* repo, const std::string& ref);

  private:
    git_repository* repo_;
    std::vector<RefMove> moves_;
    const git_signature* sig_;
    std::string log_;
    std::vector<git_transaction*> txs_;
    std::vector<ino_t> inodes_;
    void release();
};

// After a crash: branches a journal says were being moved together, each with the inode of the
// lock file taken for it. Removes those lock files (only when they are still that empty file),
// then makes the branches agree: when some were moved and the others are still at their old
// value, the others are moved too (rolled forward); when one of the others moved meanwhile (by
// hand), the moved ones are put back (rolled back). Returns true when every branch holds its
// new value (or a descendant of it) at the end; adds a line to `report` per repair.
struct InterruptedMove {
    RefMove move;
    std::optional<ino_t> lock_inode;
};
bool settle_moves(git_repository* repo, const std::vector<InterruptedMove>& moves,
                  std::vector<std::string>& report);

// The value of `ref`, or nullopt when it does not exist.
std::optional<git_oid> ref_value(git_repository* repo, const std::string& ref);

} // namespace sop::git
