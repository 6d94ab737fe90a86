#pragma once
// Internal to lib/verify: a merge commit. Each ticket or article that differs from every parent
// must be what the merge driver (merge::merge_file, sop-merge-driver(1)) makes of the two
// parents' versions and their merge base's: `git merge` with the driver registered by `sop init`,
// and `sop sync`, write exactly that; a conflict resolved by hand does not. Its merge-conflict
// events are the driver's, and legal.
#include "verify/commit.hpp"
#include "verify/tree_diff.hpp"

#include <vector>

namespace sop::verify {

// `files`: the tickets and articles that differ from every parent (`after` is the merge's
// blob); `parents`: the parents' trees, in order.
void check_merge(const Commit& c, git_repository* repo, const Versions& versions, git_commit* merge,
                 const std::vector<git::TreePtr>& parents, const std::vector<FileChange>& files);

} // namespace sop::verify
