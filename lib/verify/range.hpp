#pragma once
// Internal to lib/verify: the commits to verify, as git rev-list would list them, parents
// before children.
#include "git/handles.hpp"

#include <string>
#include <vector>

namespace sop::verify {

struct Range {
    git::RevwalkPtr walk;  // ready for git_revwalk_next
    std::string described; // the revisions, or the default chosen ("origin/main..main")
};

// See Options::revisions. NotFoundError for a revision that names no commit.
Range range_of(git_repository* repo, const std::vector<std::string>& revisions);

} // namespace sop::verify
