#include "sync/sync.hpp"

#include "git/ref_move.hpp"
#include "git/store.hpp"
#include "merge/merge.hpp"
#include "sync/remote.hpp"
#include "ticket/archive.hpp"
#include "util/error.hpp"
#include "validate/files.hpp"
#include "validate/validate.hpp"

#include <algorithm>
#include <filesystem>

namespace sop::sync {
namespace {

using Json = yaml::Json;

const std::string archive_ref(ticket::archive_branch);
const std::string archive_name = archive_ref.substr(std::string("refs/heads/").size());

std::string merge_message(const std::string& theirs, const std::string& branch) {
    return "sync: merge " + theirs + " into " + branch + "\n\nSop-Action: sync\n";
}

std::optional<git_oid> tree_of_commit(git_repository* repo, const std::optional<git_oid>& id) {
    if (!id) return std::nullopt;
    git_commit* raw = nullptr;
    git::check(git_commit_lookup(&raw, repo, &*id), "sync: cannot read " + git::oid_str(*id));
    const git::CommitPtr c(raw);
    return *git_commit_tree_id(c.get());
}

// Joins the archive branch with the remote's; false when the branch moved here meanwhile.
bool join_archive(const git::Repo& repo, const Remote& remote, const std::optional<git_oid>& theirs,
                  const git::Identity& actor, const util::Timestamp& when, BranchReport& out) {
    const auto ours = git::ref_value(repo.raw(), archive_ref);
    const Join join = plan_join(repo.raw(), archive_name, ours, theirs);
    out = {archive_name,
           remote.describe(archive_name),
           join.kind,
           ours,
           ours,
           false,
           join.merged_files,
           join.kept,
           {}};
    if (join.kind == Join::Kind::up_to_date || join.kind == Join::Kind::ahead) return true;
    const git_oid target =
        join.kind == Join::Kind::fast_forward
            ? *theirs
            : git::write_commit(repo, *join.tree, {*ours, *theirs},
                                merge_message(out.theirs, archive_name), actor, when);
    if (!git::advance_branch(repo, archive_ref, ours, target, "sop sync: " + out.theirs))
        return false;
    out.after = target;
    return true;
}

// The file at `path` in `commit`, if any.
std::optional<std::string> read_at(git_repository* repo, const std::optional<git_oid>& commit,
                                   const std::string& path) {
    if (!commit) return std::nullopt;
    git_commit* raw = nullptr;
    git::check(git_commit_lookup(&raw, repo, &*commit),
               "sync: cannot read " + git::oid_str(*commit));
    const git::CommitPtr c(raw);
    git_tree* traw = nullptr;
    git::check(git_commit_tree(&traw, c.get()), "sync: cannot read " + git::oid_str(*commit));
    return git::Snapshot(repo, {}, *commit, git::TreePtr(traw)).read(path);
}

// A ticket archived on one side and changed on the other (join.hpp, `kept`): the two versions
// are merged, and the result goes where its state puts it, the archive branch when it is closed
// or cancelled and the checked-out branch otherwise, and leaves the other branch.
void rehome_archived(git_repository* repo, const Join& join, const git::Snapshot& head,
                     const git::Snapshot& archive, git::Change& change, BranchReport& out) {
    git::SideChange side;
    for (const auto& path : join.kept) {
        if (merge::kind_of(path) != merge::Kind::ticket) continue;
        const auto archived = archive.read(path);
        if (!archived) continue;
        auto write = std::find_if(change.files.begin(), change.files.end(),
                                  [&](const git::FileWrite& f) { return f.path == path; });
        const auto live = write != change.files.end() ? write->bytes : head.read(path);
        if (!live) continue;
        const auto base = read_at(repo, join.base, path);
        const merge::Result merged = merge::merge_file(
            path, base ? std::optional<std::string_view>(*base) : std::nullopt, *live, *archived);
        if (!merged.merged) continue; // stays live as it is; sop validate names the pair
        const Json doc = yaml::parse(merged.text, path);
        const bool finished = doc.contains("state") && doc["state"].is_string() &&
                              ticket::is_finished(doc["state"].get<std::string>());
        if (write == change.files.end()) {
            change.files.push_back({path, std::nullopt});
            write = std::prev(change.files.end());
        }
        write->bytes = finished ? std::nullopt : std::optional<std::string>(merged.text);
        side.files.push_back(
            {path, finished ? std::optional<std::string>(merged.text) : std::nullopt});
        out.rehomed.push_back({path, finished});
    }
    if (side.files.empty()) return;
    std::string ids, trailers;
    for (const auto& f : side.files) {
        const std::string id = std::filesystem::path(f.path).stem().string();
        ids += (ids.empty() ? "" : ", ") + id;
        trailers += "Sop-Ticket: " + id + "\n";
    }
    side.message = "sync: " + ids + ": changed after archiving, merged with the archived copy\n\n" +
                   trailers + "Sop-Action: sync\n";
    change.side = std::move(side);
}

// Joins the checked-out branch with the remote's through the one write path (with a commit on
// the archive branch for tickets rehome_archived() moves).
void join_head(const git::Repo& repo, const Remote& remote, const std::string& branch,
               const std::optional<git_oid>& theirs, const git::Identity& actor,
               const util::Timestamp& when, BranchReport& out) {
    out = {branch,
           remote.describe(branch),
           Join::Kind::up_to_date,
           repo.head().commit(),
           repo.head().commit(),
           false,
           {},
           {},
           {}};
    const auto committed = git::commit(
        repo, archive_ref,
        [&](const git::Snapshot& head, const git::Snapshot& archive) {
            const Join join = plan_join(repo.raw(), branch, head.commit(), theirs);
            out.kind = join.kind;
            out.before = head.commit();
            out.merged_files = join.merged_files;
            out.kept = join.kept;
            out.rehomed.clear();
            git::Change change;
            if (join.kind == Join::Kind::up_to_date || join.kind == Join::Kind::ahead)
                return change;
            const auto from = tree_of_commit(repo.raw(), head.commit());
            for (auto& c : tree_changes(repo.raw(), from ? &*from : nullptr, &*join.tree))
                change.files.push_back({std::move(c.path), std::move(c.bytes)});
            if (join.kind == Join::Kind::fast_forward) {
                change.fast_forward = theirs;
                change.message = "sync: fast-forward to " + out.theirs + "\n";
            } else {
                change.merge_parent = theirs;
                change.message = merge_message(out.theirs, branch);
                rehome_archived(repo.raw(), join, head, archive, change, out);
            }
            change.dirty_hint =
                "commit it or put it back ('git status'), then run 'sop sync' again";
            return change;
        },
        actor, when);
    out.after = committed ? std::optional<git_oid>(committed->commit) : out.before;
}

// The files a push of `ours` over `theirs` would change there that sop checks.
std::vector<std::string> outgoing_files(git_repository* repo, const std::optional<git_oid>& theirs,
                                        const std::optional<git_oid>& ours) {
    const auto from = tree_of_commit(repo, theirs);
    const auto to = tree_of_commit(repo, ours);
    std::vector<std::string> paths;
    if (!to) return paths;
    for (const auto& c : tree_changes(repo, from ? &*from : nullptr, &*to))
        if (c.bytes && validate::files::kind_of(c.path) != validate::files::Kind::other)
            paths.push_back(c.path);
    return paths;
}

void check_outgoing(const git::Repo& repo, const std::vector<std::string>& paths, Report& report) {
    report.problems.clear();
    report.unsettled.clear();
    if (paths.empty()) return;
    validate::Options opts;
    opts.paths = paths;
    opts.base = repo.workdir();
    for (auto& p : validate::run(repo, opts).problems)
        (p.unsettled_merge ? report.unsettled : report.problems).push_back(std::move(p));
}

} // namespace

Report run(const git::Repo& repo, const git::Identity& actor, const util::Timestamp& when,
           const Options& options) {
    const git::Snapshot head = repo.head();
    if (!head.branch().starts_with("refs/heads/"))
        throw UsageError("sync: HEAD is not on a branch", "check out the support branch first");
    const std::string branch = head.branch().substr(std::string("refs/heads/").size());
    if (branch == archive_name)
        throw UsageError("sync: the archive branch is checked out",
                         "check out the support branch (e.g. 'git checkout main')");
    Remote remote = Remote::open(repo.raw(), branch, options.remote);

    Report report;
    report.remote = remote.label();
    for (report.attempts = 1; report.attempts <= options.max_attempts; ++report.attempts) {
        auto tips = remote.fetch({branch, archive_name});
        BranchReport archive, work;
        if (!join_archive(repo, remote, tips[archive_name], actor, when, archive)) continue;
        join_head(repo, remote, branch, tips[branch], actor, when, work);
        archive.after = git::ref_value(repo.raw(), archive_ref); // rehomed tickets move it
        report.branches = {work, archive};

        check_outgoing(repo, outgoing_files(repo.raw(), tips[branch], work.after), report);
        if (!report.ok() || !options.push) return report;
        std::vector<std::string> push;
        for (const auto& [b, tip] : {std::pair{branch, work.after}, {archive_name, archive.after}})
            if (tip && !(tips[b] && git_oid_equal(&*tips[b], &*tip))) push.push_back(b);
        if (remote.push(push)) {
            for (auto& b : report.branches)
                for (const auto& p : push)
                    if (b.branch == p) b.pushed = true;
            return report;
        }
    }
    throw ConflictError("sync: '" + remote.label() + "' kept moving: tried " +
                            std::to_string(options.max_attempts) + " times",
                        "what was merged here is kept; run 'sop sync' again");
}

} // namespace sop::sync
