#pragma once
// The knowledge base as a list: every article of the kb/ folder of a snapshot, with what
// `sop kb list` shows of it, and its search index, without parsing every article on every
// command (DESIGN §7: never parse every file to answer a query).
//
// A disposable cache under .git/sop/cache, three files, each keyed so that a stale file is
// never used and a missing, truncated or damaged one costs a rebuild and nothing else:
//   kb        the catalog of one kb/ tree (its id on the second line): a row per article file
//             with the file's blob id and its Entry, a row per file that could not be read and
//             why, a row per served earlier version (`published.blob`) and whether it reads.
//             When the kb/ tree is the cached one, opening the catalog reads this file only
//             (every row is checked; an Entry is made when asked for, so a search that prints
//             ten hits makes ten). Otherwise the rows whose file name and blob are unchanged are
//             kept, and only the other files are parsed (kb::parse: schema and invariants).
//   kb-index  the search index (Index::to_bytes), keyed by the kb/ tree id; loading it takes
//             ~0.5 ms for 5,000 articles, where building it takes ~100 ms and parsing the
//             articles ~0.5 s. For another tree, the index is assembled from this one: only
//             the documents whose blob is new are tokenized (Index::assemble).
//   kb-text   the searchable text (Document) of the blobs the catalog uses, keyed by blob id:
//             what building an index without a previous one needs, without parsing YAML (blobs
//             it lacks are parsed again).
// Files are replaced atomically (util::write_file_atomic); two sop processes can only race to
// write equivalent content. The catalog is not thread-safe (entries and the index are made on
// first use). A snapshot that is not its branch's tip (a look into the past) uses
// files of its own ("kb-past", ...), so that it leaves the present's cache alone. A read-only
// repository still works, without a cache.
#include "git/repo.hpp"
#include "kb/search.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sop::kb {

struct Entry {
    std::string id, status, title, category, author;
    std::string updated_at; // the last event's `at`
    std::int64_t version = 0;
    std::vector<std::string> keywords;
    std::vector<std::string> tickets; // links.tickets
    // From the `published` field: the approved version readers are still served while this
    // one is under revision, and the git blob of the file at that version. 0 and "" otherwise.
    std::int64_t published_version = 0;
    std::string published_blob;
    std::string blob;    // the git blob id of the article's file in the snapshot
    bool served = false; // readers are served the current text (kb::serves_current_text)
};

class Catalog {
  public:
    // Every article in the kb/ folder of `snap` (no kb/ folder: an empty catalog), warm from
    // the cache. `repo` must outlive the catalog (index() may read blobs and write the cache).
    // Keep the result in a variable: what entries(), find(), problems() and index() return
    // refers into it (`const auto& c = f(Catalog::open(...))` with f returning a reference
    // dangles).
    static Catalog open(const git::Repo& repo, const git::Snapshot& snap);

    Catalog();
    ~Catalog();
    Catalog(Catalog&&) noexcept;
    Catalog& operator=(Catalog&&) noexcept;

    // The articles that could be read, sorted by ID.
    const std::vector<Entry>& entries() const;
    // The article with this full ID, or nullptr; valid as long as the catalog. Cheap: after a
    // warm open only that article's row is read.
    const Entry* find(std::string_view id) const;
    // "kb/KB-….yaml: why", one per file that could not be read (YAML error, git conflict
    // markers, schema, invariants, an ID that does not match the path), sorted by path; such a
    // file is left out of entries() and the index. Also one per served earlier version whose
    // blob cannot be read ("kb/KB-….yaml: published.blob: why"): the article stays, only that
    // version is not searched. Callers print them as warnings: nothing is left out silently.
    const std::vector<std::string>& problems() const;

    // The search index, built (or loaded from the cache) on first use: one document per
    // article (current, and served when readers are served its current text) plus, for each
    // article with a readable published_blob, the text of that blob (served, not current).
    const Index& index() const;
    // The documents of the index, in its order: by ID, an article's current text before its
    // served earlier version.
    std::vector<Document> documents() const;
    // Only the served ones (what `sop kb gaps` compares tickets with).
    std::vector<Document> served_documents() const;

    // How the catalog was obtained, for tests and the benchmark.
    struct Stats {
        bool tree_hit = false;        // the catalog file was the kb/ tree's: nothing walked
        std::size_t parsed = 0;       // article files (and served versions) parsed
        std::size_t reused = 0;       // rows taken from the cache
        bool index_loaded = false;    // index(): the kb/ tree's, loaded from kb-index
        std::size_t texts_parsed = 0; // index(), documents(): blobs parsed again for their text
    };
    const Stats& stats() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> d_;
};

} // namespace sop::kb
