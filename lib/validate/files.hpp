#pragma once
// Internal to lib/validate: the files `sop validate` checks and where their bytes come from —
// the working tree, the index (--staged) or the archive branch (--all).
#include "git/repo.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sop::validate::files {

inline constexpr std::string_view tickets_prefix = "tickets/";
inline constexpr std::string_view kb_prefix = "kb/";

enum class Kind { ticket, article, config, other };
enum class From { worktree, index, archive };

struct Item {
    std::string rel;     // the path in the repository
    std::string display; // as problems name it
    Kind kind = Kind::other;
    From from = From::worktree;
    std::optional<git_oid> oid; // the blob, for the index and the archive
    std::string refused;        // a problem found before reading (not a file sop checks, ...)
};

// What the path says the file is.
Kind kind_of(const std::string& rel);
// Why `rel` is not a file of its kind ("not a ticket file (...)"), or "".
std::string misplaced(const std::string& rel, Kind kind);

// Every path of the checked-out side: tickets/**, kb/*.yaml and the config, from the working
// tree or the index; with the blob ids of the index.
struct Live {
    std::map<std::string, std::optional<git_oid>> files; // sorted: output order
    std::vector<std::string> unmerged;                   // index entries in conflict
    bool has(const std::string& rel) const { return files.count(rel) > 0; }
};
// Hidden files and directories (".…") are left out; symbolic links are listed (and refused by
// Reader), not followed.
Live live_from_worktree(const std::filesystem::path& top);
// The index git commits from: $GIT_INDEX_FILE when set (as in a pre-commit hook), else .git/index.
Live live_from_index(git_repository* repo);

// The tickets of the archive branch: path → blob.
std::map<std::string, git_oid> archive_tickets(const git::Snapshot& archive);

// The paths given on the command line (relative to `base`, or absolute) as items relative to
// `top`; directories expanded to the files of `live` under them. A path outside the
// repository, not a file sop checks, or missing is an item with `refused` set.
std::vector<Item> given(const std::vector<std::string>& paths, const std::filesystem::path& top,
                        const std::filesystem::path& base, const Live& live, bool staged);

// Reads items for one thread: files of the working tree, bounded in size and never through a
// symbolic link; blobs through a repository of its own (a git_repository is not shared across
// threads). Throws Error saying why a file cannot be read.
class Reader {
  public:
    Reader(std::filesystem::path top, std::string git_dir);
    std::string read(const Item& item);

  private:
    static void too_large(std::uintmax_t size);
    std::filesystem::path top_;
    std::string git_dir_;
    git::RepositoryPtr repo_;
};

} // namespace sop::validate::files
