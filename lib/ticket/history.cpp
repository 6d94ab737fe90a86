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

} // namespace

std::vector<LogEntry> history(const git::Repo& repo, const git::Snapshot& head,
                              const std::string& id, const std::string& path) {
    std::vector<LogEntry> out;
    if (!head.commit()) return out;
    git_revwalk* raw = nullptr;
    git::check(git_revwalk_new(&raw, repo.raw()), "cannot walk history");
    git::RevwalkPtr walk(raw);
    git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME | GIT_SORT_REVERSE);
    git::check(git_revwalk_push(walk.get(), &*head.commit()), "cannot walk history");
    git_oid oid;
    while (git_revwalk_next(&oid, walk.get()) == 0) {
        git_commit* craw = nullptr;
        if (git_commit_lookup(&craw, repo.raw(), &oid) != 0) continue;
        git::CommitPtr c(craw);
        const git::Message msg = git::parse_message(git_commit_message(c.get()));
        const std::string ticket = msg.trailer("Sop-Ticket");
        std::string action;
        if (ticket == id) {
            action = msg.trailer("Sop-Action");
        } else if (ticket.empty() && git_commit_parentcount(c.get()) <= 1) {
            // Not a sop commit: it belongs here only if it changed this ticket's file.
            std::optional<git_oid> before;
            if (git_commit_parentcount(c.get()) == 1) {
                git_commit* praw = nullptr;
                if (git_commit_parent(&praw, c.get(), 0) == 0) {
                    git::CommitPtr parent(praw);
                    before = blob_at(parent.get(), path);
                }
            }
            const auto after = blob_at(c.get(), path);
            const bool changed = before.has_value() != after.has_value() ||
                                 (before && after && !git_oid_equal(&*before, &*after));
            if (!changed) continue;
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
    return out;
}

} // namespace sop::ticket
