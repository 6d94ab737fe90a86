#include "sync/join.hpp"

#include "merge/merge.hpp"
#include "util/error.hpp"

#include <set>

namespace sop::sync {
namespace {

using DiffPtr = git::Handle<git_diff, git_diff_free>;
using ConflictIteratorPtr =
    git::Handle<git_index_conflict_iterator, git_index_conflict_iterator_free>;

git::CommitPtr commit_of(git_repository* repo, const git_oid& id, const std::string& what) {
    git_commit* raw = nullptr;
    git::check(git_commit_lookup(&raw, repo, &id), "sync: cannot read " + what);
    return git::CommitPtr(raw);
}

git::TreePtr tree_of(git_repository* repo, const git_oid* id) {
    if (!id) return nullptr;
    git_tree* raw = nullptr;
    git::check(git_tree_lookup(&raw, repo, id), "sync: cannot read the tree " + git::oid_str(*id));
    return git::TreePtr(raw);
}

DiffPtr diff_trees(git_repository* repo, const git_oid* from, const git_oid* to) {
    const git::TreePtr a = tree_of(repo, from);
    const git::TreePtr b = tree_of(repo, to);
    git_diff* raw = nullptr;
    git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
    git::check(git_diff_tree_to_tree(&raw, repo, a.get(), b.get(), &opts),
               "sync: cannot compare two trees");
    return DiffPtr(raw);
}

std::set<std::string> changed_paths(git_repository* repo, const git_oid* from, const git_oid* to) {
    const DiffPtr diff = diff_trees(repo, from, to);
    std::set<std::string> paths;
    for (size_t i = 0, n = git_diff_num_deltas(diff.get()); i < n; ++i)
        paths.insert(git_diff_get_delta(diff.get(), i)->new_file.path);
    return paths;
}

std::optional<git_oid> merge_base(git_repository* repo, const git_oid& a, const git_oid& b) {
    git_oid base;
    const int rc = git_merge_base(&base, repo, &a, &b);
    if (rc == GIT_ENOTFOUND) return std::nullopt;
    git::check(rc, "sync: cannot find where the two histories part");
    return base;
}

// Settles the conflicts sync may settle (see join.hpp) and names the others in an error.
void settle_conflicts(git_index* index, const std::string& what, Join& join) {
    git_index_conflict_iterator* raw = nullptr;
    git::check(git_index_conflict_iterator_new(&raw, index), "sync: cannot read the merge");
    ConflictIteratorPtr it(raw);
    std::vector<git_index_entry> keep;
    std::vector<std::string> paths; // of `keep`: the entries point into the index
    std::vector<std::string> unmerged;
    const git_index_entry *base = nullptr, *ours = nullptr, *theirs = nullptr;
    while (git_index_conflict_next(&base, &ours, &theirs, it.get()) == 0) {
        const git_index_entry* side = ours ? ours : theirs;
        const std::string path = side ? side->path : base->path;
        if ((ours == nullptr) != (theirs == nullptr) && merge::kind_of(path)) {
            keep.push_back(*side);
            paths.push_back(path);
        } else {
            unmerged.push_back(path);
        }
    }
    it.reset();
    if (!unmerged.empty()) {
        std::string list;
        for (const auto& p : unmerged)
            list += (list.empty() ? "" : ", ") + p;
        throw ConflictError("sync: cannot merge '" + what + "': " + list +
                                (unmerged.size() == 1 ? " was" : " were") +
                                " changed on both sides and cannot be merged automatically",
                            "nothing was changed here; merge by hand ('git pull', resolve, "
                            "'git commit'), then run 'sop sync' again");
    }
    for (std::size_t i = 0; i < keep.size(); ++i) {
        git_index_entry entry = keep[i];
        entry.path = paths[i].c_str();
        git::check(git_index_conflict_remove(index, paths[i].c_str()),
                   "sync: cannot settle '" + paths[i] + "'");
        GIT_INDEX_ENTRY_STAGE_SET(&entry, 0);
        git::check(git_index_add(index, &entry), "sync: cannot settle '" + paths[i] + "'");
        join.kept.push_back(paths[i]);
    }
}

} // namespace

Join plan_join(git_repository* repo, const std::string& what, const std::optional<git_oid>& ours,
               const std::optional<git_oid>& theirs) {
    Join join;
    join.theirs = theirs;
    if (!theirs || (ours && git_oid_equal(&*ours, &*theirs))) {
        join.kind = ours && !theirs ? Join::Kind::ahead : Join::Kind::up_to_date;
        return join;
    }
    const auto tree_id = [&](const git_oid& commit) {
        return *git_commit_tree_id(commit_of(repo, commit, what).get());
    };
    if (!ours || git_graph_descendant_of(repo, &*theirs, &*ours) == 1) {
        join.kind = Join::Kind::fast_forward;
        join.tree = tree_id(*theirs);
        return join;
    }
    if (git_graph_descendant_of(repo, &*ours, &*theirs) == 1) {
        join.kind = Join::Kind::ahead;
        return join;
    }

    merge::register_libgit2_driver();
    const git::CommitPtr a = commit_of(repo, *ours, what);
    const git::CommitPtr b = commit_of(repo, *theirs, what);
    git_merge_options opts = GIT_MERGE_OPTIONS_INIT;
    opts.flags = 0; // no rename detection (join.hpp)
    git_index* raw = nullptr;
    git::check(git_merge_commits(&raw, repo, a.get(), b.get(), &opts),
               "sync: cannot merge '" + what + "'");
    git::IndexPtr index(raw);
    if (git_index_has_conflicts(index.get())) settle_conflicts(index.get(), what, join);
    git_oid tree;
    git::check(git_index_write_tree_to(&tree, index.get(), repo),
               "sync: cannot write the merged tree of '" + what + "'");
    join.kind = Join::Kind::merged;
    join.tree = tree;

    join.base = merge_base(repo, *ours, *theirs);
    if (join.base) {
        const git_oid base_tree = tree_id(*join.base);
        const git_oid our_tree = tree_id(*ours), their_tree = tree_id(*theirs);
        const auto mine = changed_paths(repo, &base_tree, &our_tree);
        for (const auto& p : changed_paths(repo, &base_tree, &their_tree))
            if (mine.count(p) && merge::kind_of(p)) join.merged_files.push_back(p);
    }
    return join;
}

std::vector<TreeChange> tree_changes(git_repository* repo, const git_oid* from, const git_oid* to) {
    const DiffPtr diff = diff_trees(repo, from, to);
    std::vector<TreeChange> out;
    for (size_t i = 0, n = git_diff_num_deltas(diff.get()); i < n; ++i) {
        const git_diff_delta* d = git_diff_get_delta(diff.get(), i);
        if (d->status == GIT_DELTA_DELETED) {
            out.push_back({d->old_file.path, std::nullopt});
            continue;
        }
        git_blob* raw = nullptr;
        git::check(git_blob_lookup(&raw, repo, &d->new_file.id),
                   std::string("sync: cannot read '") + d->new_file.path + "'");
        const git::BlobPtr blob(raw);
        out.push_back({d->new_file.path,
                       std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                                   static_cast<std::size_t>(git_blob_rawsize(blob.get())))});
    }
    return out;
}

} // namespace sop::sync
