#include "report/source.hpp"

#include "report/figures.hpp"
#include "ticket/archive.hpp"
#include "ticket/cache.hpp"
#include "util/error.hpp"
#include "util/time.hpp"

#include <algorithm>

namespace sop::report {
namespace {

using ObjectPtr = git::Handle<git_object, git_object_free>;

git::Snapshot snapshot_at(git_repository* repo, const std::string& branch, git::CommitPtr commit) {
    git_tree* t = nullptr;
    git::check(git_commit_tree(&t, commit.get()), "cannot read the tree of " + branch);
    return git::Snapshot(repo, branch, *git_commit_id(commit.get()), git::TreePtr(t));
}

// The archive branch as it stood at `time`: its newest commit (along first parents) not later
// than `time`. `sop archive` gives both of its commits the same time, so a revision made by it
// sees its own archive commit.
git::Snapshot archive_at(git_repository* repo, std::int64_t time) {
    const std::string branch(ticket::archive_branch);
    git::Snapshot tip = git::snapshot_of(repo, branch);
    if (!tip.commit()) return tip;
    git_commit* raw = nullptr;
    git::check(git_commit_lookup(&raw, repo, &*tip.commit()), "cannot read " + branch);
    git::CommitPtr commit(raw);
    while (git_commit_time(commit.get()) > time) {
        if (git_commit_parentcount(commit.get()) == 0)
            return git::Snapshot(repo, branch, std::nullopt, nullptr);
        git::check(git_commit_parent(&raw, commit.get(), 0), "cannot read " + branch);
        commit.reset(raw);
    }
    return snapshot_at(repo, branch, std::move(commit));
}

std::int64_t instant(const std::string& rfc3339) {
    const auto t = util::parse_rfc3339(rfc3339);
    return t ? t->seconds : 0;
}

bool may_count(const ticket::Summary& s, const Period& period) {
    return report::may_count(instant(s.received_at), instant(s.updated_at),
                             ticket::is_finished(s.state), period);
}

} // namespace

Revision revision(const git::Repo& repo, const std::string& rev) {
    const std::string hint = "give a commit: an id, a branch, a tag, or HEAD~N";
    git_object* raw = nullptr;
    if (rev.empty() || git_revparse_single(&raw, repo.raw(), rev.c_str()) < 0)
        throw NotFoundError("unknown revision '" + rev + "'", hint);
    const ObjectPtr object(raw);
    git_object* peeled = nullptr;
    if (git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT) < 0)
        throw NotFoundError("'" + rev + "' is not a commit", hint);
    git::CommitPtr commit(reinterpret_cast<git_commit*>(peeled));
    const std::string id = git::oid_str(*git_commit_id(commit.get()));
    const std::int64_t time = git_commit_time(commit.get());
    return Revision{id, time, snapshot_at(repo.raw(), id, std::move(commit)),
                    archive_at(repo.raw(), time)};
}

std::vector<sla::Record> records(const git::Repo& repo, const git::Snapshot& tickets,
                                 const git::Snapshot& archive, const Period& period) {
    const auto live = ticket::summaries(repo, tickets);
    std::vector<std::string> ids;
    ids.reserve(live.size());
    for (const auto& s : live)
        ids.push_back(s.id);
    std::sort(ids.begin(), ids.end());
    // Most archived tickets were closed long before the period: they are filtered while the
    // cache is read, so that they are neither copied nor decoded.
    const auto keep = [&](const ticket::Summary& s) {
        return may_count(s, period) && !std::binary_search(ids.begin(), ids.end(), s.id);
    };
    const auto archived = ticket::archived_summaries(repo, archive, nullptr, keep);

    std::vector<sla::Record> out;
    for (const auto* list : {&live, &archived})
        for (const auto& s : *list)
            if (may_count(s, period)) out.push_back(sla::from_summary(s));
    return out;
}

} // namespace sop::report
