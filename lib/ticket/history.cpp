#include "ticket/history.hpp"

#include "git/message.hpp"
#include "util/text.hpp"

#include <algorithm>

namespace sop::ticket {
namespace {

std::optional<git_oid> blob_at(git_commit* c, const std::string& path) {
    git_tree* raw = nullptr;
    if (git_commit_tree(&raw, c) != 0) return std::nullopt;
    git::TreePtr tree(raw);
    git_tree_entry* e = nullptr;
    if (git_tree_entry_bypath(&e, tree.get(), path.c_str()) != 0) return std::nullopt;
    git::TreeEntryPtr entry(e);
    return *git_tree_entry_id(entry.get());
}

// Made by sop for this ticket: one of its Sop-Ticket trailers names it.
bool names(const git::Message& msg, const std::string& id) {
    return std::any_of(msg.trailers.begin(), msg.trailers.end(),
                       [&](const auto& t) { return t.first == "Sop-Ticket" && t.second == id; });
}

// Did commit `c` (not made by sop) change the file at `path`?
bool changes(git_commit* c, const std::string& path) {
    std::optional<git_oid> before;
    if (git_commit_parentcount(c) == 1) {
        git_commit* praw = nullptr;
        if (git_commit_parent(&praw, c, 0) == 0) {
            git::CommitPtr parent(praw);
            before = blob_at(parent.get(), path);
        }
    }
    const auto after = blob_at(c, path);
    return before.has_value() != after.has_value() ||
           (before && after && !git_oid_equal(&*before, &*after));
}

// The ticket's entries in the history of `tip`, without what `hide` reaches, oldest first.
void walk(const git::Repo& repo, const git_oid& tip, const std::optional<git_oid>& hide,
          const std::string& id, const std::string& path, std::vector<LogEntry>& out) {
    git_revwalk* raw = nullptr;
    git::check(git_revwalk_new(&raw, repo.raw()), "cannot walk history");
    git::RevwalkPtr walk(raw);
    git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME | GIT_SORT_REVERSE);
    git::check(git_revwalk_push(walk.get(), &tip), "cannot walk history");
    if (hide) git::check(git_revwalk_hide(walk.get(), &*hide), "cannot walk history");
    git_oid oid;
    while (git_revwalk_next(&oid, walk.get()) == 0) {
        git_commit* craw = nullptr;
        if (git_commit_lookup(&craw, repo.raw(), &oid) != 0) continue;
        git::CommitPtr c(craw);
        const git::Message msg = git::parse_message(git_commit_message(c.get()));
        std::string action;
        if (names(msg, id)) {
            action = msg.trailer("Sop-Action");
        } else if (msg.trailer("Sop-Ticket").empty() && git_commit_parentcount(c.get()) <= 1) {
            // Not a sop commit: it belongs here only if it changed this ticket's file.
            if (!changes(c.get(), path)) continue;
            action = "hand-edit";
        } else {
            continue;
        }
        const git_signature* a = git_commit_author(c.get());
        util::Timestamp at{a->when.time, a->when.offset};
        LogEntry e;
        e.commit = git::oid_str(oid);
        e.at = at.str();
        e.actor = std::string(a->name) + " <" + a->email + ">";
        e.action = action;
        e.from = msg.trailer("Sop-From");
        e.to = msg.trailer("Sop-To");
        e.subject = msg.subject;
        if (e.subject.starts_with(id + ": ")) e.subject.erase(0, id.size() + 2);
        e.note = action == "hand-edit" ? std::string() : msg.body;
        out.push_back(std::move(e));
    }
}

} // namespace

std::vector<LogEntry> history(const git::Repo& repo, const git::Snapshot& head,
                              const std::string& id, const std::string& path,
                              const git::Snapshot* archive) {
    std::vector<LogEntry> out;
    if (head.commit()) walk(repo, *head.commit(), std::nullopt, id, path, out);
    if (!archive || !archive->commit()) return out;
    std::vector<LogEntry> later;
    walk(repo, *archive->commit(), head.commit(), id, path, later);
    for (auto& e : later) {
        const bool repeated =
            e.action == "archive" && std::any_of(out.begin(), out.end(), [&](const LogEntry& o) {
                return o.action == "archive" && o.at == e.at && o.actor == e.actor &&
                       o.subject == e.subject;
            });
        if (!repeated) out.push_back(std::move(e));
    }
    return out;
}

} // namespace sop::ticket
