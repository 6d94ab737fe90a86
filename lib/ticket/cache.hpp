#pragma once
// A disposable cache of ticket summaries under .git/sop/cache, so that listing never parses
// every ticket (DESIGN §7). It records the tickets/ tree id, each shard's tree id and each
// ticket's blob id with its summary. When HEAD's tickets/ tree is the cached one the cache is
// used as it is, without walking a tree; otherwise only shards whose tree id changed are
// read, and only blobs not seen before are parsed. Deleting or corrupting the file costs one
// rebuild and nothing else.
#include "git/repo.hpp"
#include "ticket/summary.hpp"

#include <functional>
#include <vector>

namespace sop::ticket {

struct CacheStats {
    bool tree_hit = false;   // the whole tickets/ tree was unchanged
    std::size_t parsed = 0;  // tickets parsed from their blobs
    std::size_t reused = 0;  // tickets taken from the cache
    std::size_t invalid = 0; // tickets skipped because they do not parse
};

std::vector<Summary> summaries(const git::Repo& repo, const git::Snapshot& head,
                               CacheStats* stats = nullptr);

// Only the summaries `keep` accepts. With a warm cache the rows are read straight from the file
// into one reused summary and only the kept ones are copied: listing a few of 100,000 tickets
// neither allocates nor holds them all.
using Keep = std::function<bool(const Summary&)>;

// The same for the archive branch (ticket/archive.hpp), cached the same way in its own file
// (.git/sop/cache/archive): a warm listing of 100,000 archived tickets reads one file and parses
// none. Every summary has `archived` set.
std::vector<Summary> archived_summaries(const git::Repo& repo, const git::Snapshot& archive,
                                        CacheStats* stats = nullptr, const Keep& keep = {});

} // namespace sop::ticket
