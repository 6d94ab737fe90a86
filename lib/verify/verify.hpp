#pragma once
// `sop verify [RANGE...]` (DESIGN §6): every commit of a range is one legal sop action.
//
// A commit with one parent is checked against it:
//   - a ticket (tickets/**/*.yaml) or article (kb/*.yaml) changed without a Sop-Action trailer
//     is a hand edit;
//   - with one, the Sop-Ticket (Sop-Article) trailers name exactly the files it changed, as
//     the commit contract of sop(1) allows (`sop link --related` changes a second ticket that
//     the trailers do not name; `sop link --kb`, `sop reopen` and `sop kb new --from-ticket`
//     change an article or a ticket named by a trailer of its own);
//   - every version it writes passes the one-file checks of `sop validate`
//     (validate::check_file), merge conflicts left to settle aside;
//   - the event log before is kept as it was, and the events it appends are the action's own,
//     by the commit's author; the state (status) moves as Sop-From and Sop-To say, by a
//     transition of the workflow (validate/transitions.hpp) or of the article lifecycle;
//     only the fields the action sets change (verify/rules.hpp);
//   - the guards a hand-made commit could skip hold (verify/guards.hpp), with the roles that
//     .sop/config.yaml of the parent commit gives: a commit cannot grant itself a role;
//   - a changed .sop/config.yaml is valid.
// A merge commit is checked against both parents: each ticket or article that differs from
// both is what the merge driver (lib/merge) makes of them. Other files are not sop's and are
// not looked at.
#include <git2.h>

#include <cstddef>
#include <string>
#include <vector>

namespace sop::verify {

struct Problem {
    std::string commit;  // the full id
    std::string abbrev;  // the id as git abbreviates it
    std::string path;    // the file; "" for the commit as a whole
    std::string field;   // a dotted path into the file ("events[3].to"); "" for none
    std::string message; // what is wrong
};

struct Options {
    // As git rev-list takes them: "A..B" (B's history without A's), "A...B" (either side's,
    // without what both have), "R" (R and its history), "^R" (without R's history). Empty:
    // HEAD's branch without what its upstream has; all of HEAD's history without an upstream.
    std::vector<std::string> revisions;
};

struct Report {
    std::string range; // what was verified: the revisions given, or the default chosen
    std::size_t commits = 0;
    std::vector<Problem> problems; // parents before children, in the order found
    bool ok() const { return problems.empty(); }
};

// NotFoundError (exit 4) for a revision that names no commit.
Report run(git_repository* repo, const Options& options);

} // namespace sop::verify
