#pragma once
// `sop sync [REMOTE]` (DESIGN §6, sop-sync(1)): brings this clone and a shared remote together,
// for the checked-out branch and the archive branch (refs/heads/sop-archive).
//
//   fetch     both branches (a configured remote also updates refs/remotes/<name>/<branch>)
//   join      each branch with the remote's (sync/join.hpp): the archive branch first, moved
//             by compare-and-swap; then the checked-out branch through the one write path
//             (git::commit: a fast-forward or a merge commit, the working tree and index kept
//             equal to HEAD, hand-edited files refused)
//   validate  the files the push would change on the remote (tickets, articles, the config),
//             with `sop validate`'s checks; any problem stops the push. A merge conflict the
//             driver recorded is not a problem here: the file is valid and is shared so that
//             the others see it; it is reported as a warning until someone settles it
//   push      the branches that are ahead, never forced; when the remote moved meanwhile,
//             everything again from the fetch, a bounded number of times
//
// Every merge is made in-process with the "sop" driver (lib/merge), the same bytes as
// `git merge` with the driver `sop init` configures.
#include "git/repo.hpp"
#include "sync/join.hpp"
#include "util/time.hpp"
#include "validate/checks.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sop::sync {

struct Options {
    std::string remote; // a remote's name or a URL/path; empty: the upstream (remote.hpp)
    bool push = true;   // false: fetch and join only
    int max_attempts = 5;
};

struct BranchReport {
    std::string branch; // "main", "sop-archive"
    std::string theirs; // how the remote's branch is named ("origin/main")
    Join::Kind kind = Join::Kind::up_to_date;
    std::optional<git_oid> before; // the local tip before sync
    std::optional<git_oid> after;  // and after the join
    bool pushed = false;
    std::vector<std::string> merged_files; // merged by the driver
    std::vector<std::string> kept;         // changed here or there, deleted on the other side
    // Tickets archived on one side and changed on the other, merged with their archived copy:
    // into the archive branch when finished (true), back to the checked-out branch otherwise.
    std::vector<std::pair<std::string, bool>> rehomed;
};

struct Report {
    std::string remote;
    int attempts = 0;                         // fetch-join-push rounds
    std::vector<BranchReport> branches;       // the checked-out branch, then the archive
    std::vector<validate::Problem> problems;  // what stopped the push
    std::vector<validate::Problem> unsettled; // merge conflicts still to settle (warnings)
    bool ok() const { return problems.empty(); }
};

Report run(const git::Repo& repo, const git::Identity& actor, const util::Timestamp& when,
           const Options& options);

} // namespace sop::sync
