#include "verify/range.hpp"

#include "util/error.hpp"

#include <optional>

namespace sop::verify {
namespace {

using ObjectPtr = git::Handle<git_object, git_object_free>;

const char* const hint =
    "give a commit, a branch or a range A..B; 'sop verify ID --pass|--fail --steps TEXT' records "
    "a verification of a ticket";

[[noreturn]] void unknown(const std::string& revision, const std::string& why) {
    throw NotFoundError("cannot verify '" + revision + "': " + why, hint);
}

// The commit `object` is or points to (a tag); NotFoundError naming `revision` otherwise.
git_oid commit_of(git_object* object, const std::string& revision) {
    git_object* raw = nullptr;
    if (git_object_peel(&raw, object, GIT_OBJECT_COMMIT) != 0) unknown(revision, "not a commit");
    const ObjectPtr commit(raw);
    return *git_object_id(commit.get());
}

git_oid resolve(git_repository* repo, const std::string& text, const std::string& revision) {
    git_object* raw = nullptr;
    if (text.empty() || git_revparse_single(&raw, repo, text.c_str()) != 0)
        unknown(revision, "unknown revision '" + text + "'");
    const ObjectPtr object(raw);
    return commit_of(object.get(), revision);
}

void add(git_repository* repo, git_revwalk* walk, const std::string& revision) {
    const auto push = [&](const git_oid& id) {
        git::check(git_revwalk_push(walk, &id), "cannot walk '" + revision + "'");
    };
    const auto hide = [&](const git_oid& id) {
        git::check(git_revwalk_hide(walk, &id), "cannot walk '" + revision + "'");
    };
    if (revision.starts_with("^")) return hide(resolve(repo, revision.substr(1), revision));
    git_revspec spec{};
    if (git_revparse(&spec, repo, revision.c_str()) != 0) {
        // libgit2 keeps the side it parsed before it failed on the other.
        const ObjectPtr parsed_from(spec.from), parsed_to(spec.to);
        // Say which side is unknown, as git does.
        const auto dots = revision.find("..");
        if (dots == std::string::npos) unknown(revision, "unknown revision '" + revision + "'");
        const std::size_t width = revision.compare(dots, 3, "...") == 0 ? 3 : 2;
        std::string left = revision.substr(0, dots), right = revision.substr(dots + width);
        resolve(repo, left.empty() ? "HEAD" : left, revision);
        resolve(repo, right.empty() ? "HEAD" : right, revision);
        unknown(revision, "not a revision range");
    }
    const ObjectPtr from(spec.from), to(spec.to);
    if (spec.flags & GIT_REVSPEC_SINGLE) return push(commit_of(from.get(), revision));
    const git_oid a = commit_of(from.get(), revision), b = commit_of(to.get(), revision);
    if (spec.flags & GIT_REVSPEC_MERGE_BASE) { // A...B: either side, without what both have
        push(a);
        push(b);
        git_oid base;
        if (git_merge_base(&base, repo, &a, &b) == 0) hide(base);
        return;
    }
    hide(a); // A..B
    push(b);
}

std::optional<std::string> config_string(git_config* cfg, const std::string& key) {
    const char* value = nullptr;
    if (git_config_get_string(&value, cfg, key.c_str()) != 0 || !value) return std::nullopt;
    return std::string(value);
}

// The upstream of `branch` (its short name) as git finds it: branch.<name>.merge on the remote
// branch.<name>.remote, mapped through that remote's fetch refspecs. Read from the config, not
// with git_branch_upstream, whose git_remote_lookup leaks in libgit2 1.5.
std::optional<std::string> upstream_of(git_repository* repo, const std::string& branch) {
    git_config* raw = nullptr;
    git::check(git_repository_config_snapshot(&raw, repo), "cannot read the git config");
    const git::ConfigPtr cfg(raw);
    const auto remote = config_string(cfg.get(), "branch." + branch + ".remote");
    const auto merge = config_string(cfg.get(), "branch." + branch + ".merge");
    if (!remote || !merge) return std::nullopt;
    if (*remote == ".") return merge; // a local branch
    git_config_iterator* it_raw = nullptr;
    const std::string fetch = "remote." + *remote + ".fetch";
    if (git_config_multivar_iterator_new(&it_raw, cfg.get(), fetch.c_str(), nullptr) != 0)
        return std::nullopt;
    const git::Handle<git_config_iterator, git_config_iterator_free> it(it_raw);
    git_config_entry* entry = nullptr;
    while (git_config_next(&entry, it.get()) == 0) {
        git_refspec* spec_raw = nullptr;
        if (git_refspec_parse(&spec_raw, entry->value, true) != 0) continue;
        const git::Handle<git_refspec, git_refspec_free> spec(spec_raw);
        if (!git_refspec_src_matches(spec.get(), merge->c_str())) continue;
        git_buf buf = GIT_BUF_INIT;
        std::optional<std::string> tracking;
        if (git_refspec_transform(&buf, spec.get(), merge->c_str()) == 0)
            tracking = std::string(buf.ptr, buf.size);
        git_buf_dispose(&buf);
        return tracking;
    }
    return std::nullopt;
}

// HEAD's branch without what its upstream has; all of HEAD's history without an upstream.
std::string add_default(git_repository* repo, git_revwalk* walk) {
    git_reference* raw = nullptr;
    const int rc = git_repository_head(&raw, repo);
    if (rc == GIT_EUNBORNBRANCH || rc == GIT_ENOTFOUND) return "HEAD, no commits yet";
    git::check(rc, "cannot read HEAD");
    const git::ReferencePtr head(raw);
    const git_oid* tip = git_reference_target(head.get());
    if (!tip) throw Error("cannot read HEAD: it names no commit");
    git::check(git_revwalk_push(walk, tip), "cannot walk HEAD");
    if (!git_reference_is_branch(head.get())) return "HEAD";
    const std::string branch = git_reference_shorthand(head.get());
    const auto upstream_name = upstream_of(repo, branch);
    git_reference* up_raw = nullptr;
    if (!upstream_name || git_reference_lookup(&up_raw, repo, upstream_name->c_str()) != 0)
        return branch; // none, or not fetched yet
    const git::ReferencePtr upstream(up_raw);
    git_oid base;
    if (git_reference_name_to_id(&base, repo, upstream_name->c_str()) != 0) return branch;
    git::check(git_revwalk_hide(walk, &base), "cannot walk HEAD's upstream");
    return std::string(git_reference_shorthand(upstream.get())) + ".." + branch;
}

} // namespace

Range range_of(git_repository* repo, const std::vector<std::string>& revisions) {
    git_revwalk* raw = nullptr;
    git::check(git_revwalk_new(&raw, repo), "cannot walk history");
    Range range{git::RevwalkPtr(raw), {}};
    git::check(git_revwalk_sorting(range.walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE),
               "cannot walk history");
    if (revisions.empty()) {
        range.described = add_default(repo, range.walk.get());
        return range;
    }
    for (const auto& r : revisions) {
        add(repo, range.walk.get(), r);
        range.described += (range.described.empty() ? "" : " ") + r;
    }
    return range;
}

} // namespace sop::verify
