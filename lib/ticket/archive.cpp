#include "ticket/archive.hpp"

#include "git/store.hpp"
#include "ticket/cache.hpp"
#include "ticket/id.hpp"
#include "ticket/lookup.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

#include <algorithm>

namespace sop::ticket {
namespace {

// Was the ticket closed before `limit`? A date compares with the event's local date, as the
// query language does (created:<2026-11-01); a time compares as an instant.
bool closed_before(const std::string& at, const std::string& limit) {
    if (at.empty()) return false;
    if (limit.size() == 10) return at.substr(0, 10) < limit;
    const auto a = util::parse_rfc3339(at), b = util::parse_rfc3339(limit);
    return a && b && *a < *b;
}

// The live tickets closed or cancelled before `limit`. The listing cache picks the candidates
// (closed or cancelled now); only those are parsed for their close time.
std::vector<std::string> closed_since(const git::Repo& repo, const git::Snapshot& head,
                                      const std::string& limit) {
    std::vector<std::string> out;
    for (const auto& s : summaries(repo, head)) {
        if (!is_finished(s.state)) continue;
        if (closed_before(closed_at(read_for_change(head, s.id)), limit)) out.push_back(s.id);
    }
    return out;
}

struct Plan {
    std::vector<ArchivedTicket> tickets;
    git::Change change;
};

std::string message(const std::vector<ArchivedTicket>& tickets) {
    std::string msg = tickets.size() == 1
                          ? tickets.front().id + ": archived"
                          : "archive: " + std::to_string(tickets.size()) + " tickets";
    msg += "\n\n";
    for (const auto& t : tickets)
        msg += "- " + t.id + " (" + t.state + "): " + util::first_line(t.title, 60) + "\n";
    msg += "\n";
    for (const auto& t : tickets)
        msg += "Sop-Ticket: " + t.id + "\n";
    msg += "Sop-Action: archive\n";
    return msg;
}

// Checks every ticket against HEAD as it is now and builds the two commits' files.
Plan plan(const git::Snapshot& head, const git::Snapshot& archive,
          const std::vector<std::string>& ids) {
    Plan p;
    for (const auto& id : ids) {
        const std::string path = path_of(id);
        const auto text = head.read(path);
        if (!text) {
            if (archive.entry_id(path))
                throw RefusedError("ticket '" + id + "' is archived already",
                                   "see 'sop show " + id + "'");
            throw NotFoundError("no ticket '" + id + "'", "see 'sop list'");
        }
        const Json doc = read_for_change(head, id);
        const std::string state = state_of(doc);
        if (!is_finished(state))
            throw RefusedError(
                "cannot archive '" + id + "': it is " + (state.empty() ? "without a state" : state),
                "only closed or cancelled tickets are archived (guard: closed-or-cancelled); "
                "close it ('sop close " +
                    id + "') or cancel it ('sop cancel " + id + "') first");
        p.tickets.push_back({id, state, closed_at(doc), str(doc, "title")});
    }
    std::stable_sort(p.tickets.begin(), p.tickets.end(),
                     [](const ArchivedTicket& a, const ArchivedTicket& b) {
                         const auto x = util::parse_rfc3339(a.closed_at);
                         const auto y = util::parse_rfc3339(b.closed_at);
                         const std::int64_t xs = x ? x->seconds : 0, ys = y ? y->seconds : 0;
                         return xs != ys ? xs < ys : a.id < b.id;
                     });
    if (p.tickets.empty()) return p;
    git::SideChange side;
    for (const auto& t : p.tickets) {
        const std::string path = path_of(t.id);
        p.change.files.push_back({path, std::nullopt});
        side.files.push_back({path, *head.read(path)});
    }
    p.change.message = message(p.tickets);
    side.message = p.change.message;
    p.change.side = std::move(side);
    p.change.dirty_hint = "commit them ('sop edit ID') or discard them ('git checkout HEAD -- "
                          "FILE') before archiving";
    return p;
}

} // namespace

git::Snapshot archive_of(git_repository* repo) {
    return git::snapshot_of(repo, std::string(archive_branch));
}

git::Snapshot archive_of(const git::Repo& repo) {
    return archive_of(repo.raw());
}

std::optional<std::string> find_archived(const git::Repo& repo, const std::string& id) {
    if (!is_full_id(id)) return std::nullopt;
    return archive_of(repo).read(path_of(id));
}

bool is_archived(const git::Repo& repo, const std::string& id) {
    return is_full_id(id) && archive_of(repo).entry_id(path_of(id)).has_value();
}

bool is_finished(std::string_view state) {
    return state == "closed" || state == "cancelled";
}

std::string closed_at(const Json& doc) {
    const auto it = doc.find("events");
    if (it == doc.end() || !it->is_array()) return {};
    for (auto e = it->rbegin(); e != it->rend(); ++e) {
        if (!e->is_object()) continue;
        const std::string action = str(*e, "action"), to = str(*e, "to");
        if (action == "close" || action == "cancel" || is_finished(to)) return str(*e, "at");
    }
    return {};
}

ArchiveResult archive(const git::Repo& repo, const ArchiveRequest& request, const Actor& actor) {
    if (request.ids.empty() && !request.closed_before)
        throw UsageError("nothing to archive: name the tickets or give --closed-before DATE",
                         "see 'sop archive --help'");
    if (!request.ids.empty() && request.closed_before)
        throw UsageError("give ticket IDs or --closed-before DATE, not both");
    if (request.closed_before && !util::parse_date_or_time(*request.closed_before))
        throw UsageError("--closed-before '" + *request.closed_before +
                         "' is not a date (YYYY-MM-DD) or an RFC 3339 time");

    const git::Snapshot start = repo.head();
    std::vector<std::string> ids;
    if (request.closed_before) {
        ids = closed_since(repo, start, *request.closed_before);
    } else {
        for (const auto& input : request.ids) {
            std::string id = resolve(start, input);
            if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(std::move(id));
        }
    }

    ArchiveResult out;
    out.branch = start.branch();
    if (ids.empty()) return out;
    if (request.dry_run) {
        out.tickets = plan(start, archive_of(repo), ids).tickets;
        return out;
    }
    const auto committed = git::commit(
        repo, std::string(archive_branch),
        [&](const git::Snapshot& head, const git::Snapshot& archive) {
            Plan p = plan(head, archive, ids);
            out.tickets = std::move(p.tickets);
            out.branch = head.branch();
            return std::move(p.change);
        },
        actor.who, actor.now);
    if (committed) {
        out.commit = git::oid_str(committed->commit);
        if (committed->side_commit) out.archive_commit = git::oid_str(*committed->side_commit);
    }
    return out;
}

} // namespace sop::ticket
