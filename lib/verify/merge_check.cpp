#include "verify/merge_check.hpp"

#include "merge/merge.hpp"

namespace sop::verify {
namespace {

// The tree of the merge base of the first two parents; null when they have none.
git::TreePtr base_tree(git_repository* repo, git_commit* merge) {
    git_oid base;
    if (git_merge_base(&base, repo, git_commit_parent_id(merge, 0),
                       git_commit_parent_id(merge, 1)) != 0)
        return nullptr;
    git_commit* raw = nullptr;
    git::check(git_commit_lookup(&raw, repo, &base), "cannot read the merge base");
    const git::CommitPtr commit(raw);
    git_tree* tree = nullptr;
    git::check(git_commit_tree(&tree, commit.get()), "cannot read the merge base's tree");
    return git::TreePtr(tree);
}

} // namespace

void check_merge(const Commit& c, git_repository* repo, const Versions& versions, git_commit* merge,
                 const std::vector<git::TreePtr>& parents, const std::vector<FileChange>& files) {
    if (files.empty()) return;
    if (parents.size() > 2) {
        for (const auto& f : files)
            c.problem(f.path, "",
                      "a merge of " + std::to_string(parents.size()) +
                          " parents made a version of its own: sop merges two lines of work at a "
                          "time, with its merge driver");
        return;
    }
    const git::TreePtr base = base_tree(repo, merge);
    for (const auto& f : files) {
        const auto ours = blob_at(parents[0].get(), f.path);
        const auto theirs = blob_at(parents[1].get(), f.path);
        if (!f.after) {
            c.problem(f.path, "", "removed by the merge, though both parents have it");
            continue;
        }
        if (!ours || !theirs) {
            c.problem(f.path, "",
                      "the merge made a version of its own: one parent has no such file, and the "
                      "merge's differs from the other's");
            continue;
        }
        std::optional<std::string> base_text;
        if (const auto b = blob_at(base.get(), f.path)) base_text = versions.text(*b);
        const merge::Result r = merge::merge_file(
            f.path, base_text ? std::optional<std::string_view>(*base_text) : std::nullopt,
            versions.text(*ours), versions.text(*theirs));
        if (!r.merged) {
            std::string why = r.why;
            if (why.starts_with(f.path + ": ")) why.erase(0, f.path.size() + 2);
            c.problem(f.path, "",
                      "the merge driver cannot merge the two parents' versions (" + why +
                          "), and the merge resolved it by hand");
        } else if (r.text != versions.text(*f.after)) {
            c.problem(f.path, "",
                      "merge changed the file beyond the merge driver: it is not what 'sop "
                      "merge-driver' makes of the two parents' versions");
        }
    }
}

} // namespace sop::verify
