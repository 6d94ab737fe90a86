#pragma once
// The archive branch (DESIGN §1, SOP 4.4): closed and cancelled tickets move out of HEAD's
// branch into refs/heads/sop-archive, at the same path, so that the working tree and the index
// hold only live tickets. `sop archive` makes one commit on each branch and publishes both in
// one step (git::commit with a side branch: both move or neither). Readers look in both
// (lookup.hpp resolve_any, cache.hpp archived_summaries, history.hpp); writers refuse archived
// tickets (lookup.hpp resolve, is_archived below).
#include "git/repo.hpp"
#include "ticket/actions.hpp"
#include "ticket/ticket.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sop::ticket {

inline constexpr std::string_view archive_branch = "refs/heads/sop-archive";

// The archive branch now; empty (no commit, no tree) before the first `sop archive`.
git::Snapshot archive_of(git_repository* repo);
git::Snapshot archive_of(const git::Repo& repo);

// The archived file of ticket `id` (a full ID), when it is in the archive branch.
std::optional<std::string> find_archived(const git::Repo& repo, const std::string& id);
bool is_archived(const git::Repo& repo, const std::string& id);

// closed or cancelled: the states a ticket may be archived in.
bool is_finished(std::string_view state);
// When the ticket was closed or cancelled: the `at` of its last close or cancel event (an event
// with that action, or one that went to closed or cancelled); "" when there is none.
std::string closed_at(const Json& doc);

struct ArchiveRequest {
    std::vector<std::string> ids;             // IDs or unique prefixes of live tickets
    std::optional<std::string> closed_before; // RFC 3339 time or YYYY-MM-DD (the local date)
    bool dry_run = false;
};

struct ArchivedTicket {
    std::string id, state, closed_at, title;
};

struct ArchiveResult {
    std::vector<ArchivedTicket> tickets; // oldest close first; empty: nothing to do
    std::string commit, archive_commit;  // hex ids; empty for a dry run or nothing to do
    std::string branch;                  // HEAD's branch
};

// UsageError without IDs and without closed_before (or with both); RefusedError, and nothing
// written, when a named ticket is not closed or cancelled or is archived already.
ArchiveResult archive(const git::Repo& repo, const ArchiveRequest& request, const Actor& actor);

} // namespace sop::ticket
