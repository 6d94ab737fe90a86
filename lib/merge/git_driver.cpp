// The in-process merge driver "sop" for libgit2 (merge.hpp, register_libgit2_driver).
#include "git/handles.hpp"
#include "merge/merge.hpp"

#include <git2/sys/merge.h>

#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>

namespace sop::merge {
namespace {

std::optional<std::string> blob_text(git_repository* repo, const git_index_entry* entry) {
    if (!entry) return std::nullopt;
    git_blob* raw = nullptr;
    if (git_blob_lookup(&raw, repo, &entry->id) < 0) return std::nullopt;
    git::BlobPtr blob(raw);
    return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                       static_cast<std::size_t>(git_blob_rawsize(blob.get())));
}

int apply(git_merge_driver*, const char** path_out, std::uint32_t* mode_out, git_buf* merged_out,
          const char*, const git_merge_driver_source* src) {
    try {
        git_repository* repo = git_merge_driver_source_repo(src);
        const git_index_entry* ancestor = git_merge_driver_source_ancestor(src);
        const git_index_entry* ours = git_merge_driver_source_ours(src);
        const git_index_entry* theirs = git_merge_driver_source_theirs(src);
        if (!ours || !theirs) return GIT_EMERGECONFLICT; // a deletion: git's business
        const auto base = blob_text(repo, ancestor);
        const auto a = blob_text(repo, ours);
        const auto b = blob_text(repo, theirs);
        if (!a || !b || (ancestor && !base)) return GIT_EMERGECONFLICT;
        const Result r = merge_file(
            ours->path, base ? std::optional<std::string_view>(*base) : std::nullopt, *a, *b);
        if (!r.merged) return GIT_EMERGECONFLICT;
        // libgit2 releases the buffer with git_buf_dispose, that is with its allocator, which
        // is the C library's unless the process installed another.
        char* bytes = static_cast<char*>(std::malloc(r.text.size() + 1));
        if (!bytes) return -1;
        std::memcpy(bytes, r.text.data(), r.text.size());
        bytes[r.text.size()] = '\0';
        merged_out->ptr = bytes;
        merged_out->size = r.text.size();
        merged_out->reserved = r.text.size() + 1;
        *path_out = ours->path;
        *mode_out = ours->mode;
        return 0;
    } catch (...) {
        return GIT_EMERGECONFLICT;
    }
}

} // namespace

void register_libgit2_driver() {
    static git_merge_driver driver = {GIT_MERGE_DRIVER_VERSION, nullptr, nullptr, apply};
    // Registered again after libgit2 was shut down and initialised again (its registry went).
    const int rc = git_merge_driver_register("sop", &driver);
    if (rc != GIT_EEXISTS) git::check(rc, "cannot register the merge driver 'sop'");
}

} // namespace sop::merge
