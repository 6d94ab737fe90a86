#pragma once
// Editing git's index file (version 2 or 3) without parsing all of it: sop changes one or a few
// entries per command, and libgit2 would read, verify and rewrite every entry, hashing the
// whole file twice with its collision-detecting SHA-1 (13 ms of a 29 ms `sop note` at 10,000
// tickets). This edits the bytes: an entry is patched, inserted or removed in place, the
// cache-tree extension (TREE) is invalidated along the changed paths, extensions that index
// entries by position (FSMN, EOIE, IEOT) or that are unknown and optional are dropped, and the
// trailing checksum is recomputed. Anything it does not handle exactly (index version 4, split
// or sparse indexes, entries with extended flags or in conflict, a malformed file) makes
// load() return nullopt, and the caller uses libgit2 instead.
#include <git2.h>

#include <filesystem>
#include <optional>
#include <string>
#include <sys/stat.h>
#include <vector>

namespace sop::git {

class IndexFile {
  public:
    static std::optional<IndexFile> load(const std::filesystem::path& path);

    // The blob id of the stage-0 entry at `path`, or nullopt.
    std::optional<git_oid> id(const std::string& path) const;
    // Sets the stage-0 entry at `path` to a regular file with `oid` and `st`'s stat data.
    // Returns false when it cannot do so exactly (the caller falls back to libgit2).
    bool set(const std::string& path, const git_oid& oid, const struct stat& st);
    bool remove(const std::string& path);

    // Writes the file (atomically, by rename) with its new checksum.
    void write(const std::filesystem::path& path) const;
    // The file's bytes, with the checksum.
    std::string bytes() const;

  private:
    struct Entry {
        std::size_t offset, size;
        std::string_view path;
        unsigned stage;
    };
    std::string data_;              // header and entries, without extensions or checksum
    std::string tree_;              // the TREE extension's payload, empty when absent
    std::vector<std::string> kept_; // other extensions kept as they are (REUC, UNTR)
    std::vector<Entry> entries_;
    unsigned version_ = 2;
    std::vector<std::string> invalid_; // paths whose cache-tree nodes must be invalidated

    bool index_entries();
    // The file as pieces: entries, extensions, checksum (`storage` holds what they point into).
    std::vector<std::string_view> pieces(std::vector<std::string>& storage) const;
    std::size_t lower_bound(std::string_view path) const;
};

} // namespace sop::git
