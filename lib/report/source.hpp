#pragma once
// Where a report's tickets come from: HEAD and the archive branch now, or both as they stood at
// a past commit (`sop report --at REV`), read from the listing caches so that a warm report
// decodes only the records that can count (DESIGN §7: a quarter in 300 ms at 10k tickets).
#include "git/repo.hpp"
#include "report/period.hpp"
#include "sla/record.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sop::report {

// A commit and the archive branch as it stood then.
struct Revision {
    std::string commit;    // full hex id
    std::int64_t time = 0; // committer time: the report instant
    git::Snapshot tickets; // the commit's tree
    git::Snapshot archive; // the newest archive commit not later than `time`; empty if none
};

// `rev` as git reads it (a commit id or prefix, a branch, a tag, HEAD~3); NotFoundError when it
// names no commit.
Revision revision(const git::Repo& repo, const std::string& rev);

// The records of every ticket in `tickets` and `archive` (a ticket in both counts once, as in
// `tickets`) that may count in a report of `period` (figures.hpp may_count). Archived tickets
// that cannot count are not even copied out of the cache.
std::vector<sla::Record> records(const git::Repo& repo, const git::Snapshot& tickets,
                                 const git::Snapshot& archive, const Period& period);

} // namespace sop::report
