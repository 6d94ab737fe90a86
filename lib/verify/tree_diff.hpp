#pragma once
// The files sop owns or reads that differ between two trees, found by comparing tree entry ids:
// only the subtrees whose ids differ are read, so a commit that changes one ticket costs a few
// small tree reads whatever the size of the repository (DESIGN §7).
#include "git/handles.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sop::verify {

enum class FileKind { ticket, article, config };

struct FileChange {
    std::string path;
    FileKind kind = FileKind::ticket;
    std::optional<git_oid> before, after; // the blobs; nullopt where the file is absent
};

// tickets/**/*.yaml, kb/*.yaml and .sop/config.yaml that differ from `before` to `after`
// (either may be null: the empty tree), sorted by path.
std::vector<FileChange> sop_files_changed(git_repository* repo, git_tree* before, git_tree* after);

// The blob at `path` in `tree` (null: the empty tree), or nullopt.
std::optional<git_oid> blob_at(git_tree* tree, const std::string& path);

} // namespace sop::verify
