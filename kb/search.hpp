#pragma once
// Full-text search over knowledge articles (`sop kb search`, `sop kb suggest`; SOP 4.2 "match
// standard solutions in the knowledge base").
//
// Terms come from ticket::tokenize (the tokenizer of `sop similar`, so a ticket and an article
// are cut the same way): Latin words lower-cased with full-width folded to ASCII, numbers and
// error codes (0x1F, E1234, 80070005) kept whole, Chinese/Japanese/Korean runs as overlapping
// character bigrams (a one-character run as that character), punctuation and spaces only
// separating, English stop words and one-letter words dropped. A query is cut the same way,
// so Chinese, English and mixed queries need nothing special; spaces in a Chinese query mark
// word boundaries (打印机 无法 gives 打印 印机 无法, not 机无).
//
// Ranking is BM25F in its simple form: an article's term frequency is the weighted sum over
// its fields (field_weight), its length the weighted sum of its fields' term counts, then
// Okapi BM25 with k1 = 1.2 and b = 0.75 and idf = ln(1 + (N - df + 0.5) / (df + 0.5)) over the
// N indexed documents; each distinct query term counts once. Scores are rounded to three
// decimals; equal scores are ordered by ID, so results are deterministic.
//
// Scopes: an index holds one document per article text, flagged `current` (the article as it
// stands) and/or `served` (what readers are served). A search considers only the documents of
// its Scope, but the BM25 statistics (N, df, the average length) are always those of the whole
// index, so that a document scores the same whichever scope finds it, and the two scopes of
// one index rank comparably. An article under revision has two documents: its current text
// (current, not served) and its earlier published version (served, not current); each scope
// holds at most one document per article.
//
// An index can be written out (to_bytes) and read back (from_bytes) in a compact binary form
// that needs no tokenizing, hashing or parsing to load: the sorted vocabulary, the postings
// (variable-length integers) and the documents' IDs, keys, lengths and flags. A loaded index is
// the same index: the same hits with the same scores. In memory a built index is held in that
// very form, so there is one representation to search. An index is a function of its documents
// (their order, IDs, keys, flags and texts): however it was made (built, loaded, assembled
// from an older one), the same documents give the same bytes.
#include "kb/article.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sop::kb {

// The searched fields of an article.
enum class Field : std::uint8_t { title, keywords, problem, steps, solution, scenarios, notes };
inline constexpr std::size_t field_count = 7;

// How much one occurrence of a term weighs in each field: the title says what the article is
// about (3), keywords are chosen by the author for search (2), the body counts once, and
// notes/cautions, which mention neighbouring problems, half.
inline constexpr std::array<double, field_count> field_weight = {3.0, 2.0, 1.0, 1.0, 1.0, 1.0, 0.5};

inline constexpr double bm25_k1 = 1.2;
inline constexpr double bm25_b = 0.75;

// The searchable text of one article, one string per Field; small and plain, so that a cache
// can keep it per blob and an index can be rebuilt without parsing YAML.
struct Document {
    std::string id;
    std::string status;
    std::array<std::string, field_count> text;
    // The article's text as it stands (what writers see, `sop kb search --all`).
    bool current = true;
    // The text readers are served: a published or flagged article's current text, or the
    // earlier published version of an article under revision (then current is false).
    bool served = false;
};

// Which documents a search considers: those readers are served (`sop kb search`, `suggest`),
// or every article's current text (`--all`).
enum class Scope { served, current };

// An article's Document: list fields (keywords, diagnosis_steps, scenarios) joined by newlines;
// current, and served when serves_current_text(article).
Document document_of(const Json& article);

struct Hit {
    std::string id;
    double score = 0;        // BM25F, rounded to three decimals; > 0
    std::size_t matched = 0; // how many distinct query terms the document has
    bool current = true;     // false: the hit is an earlier published version (served, not current)
};

class Index {
  public:
    Index();
    explicit Index(const std::vector<Document>& documents);
    // From (id, article) pairs, e.g. files read from a tree.
    explicit Index(const std::vector<std::pair<std::string, Json>>& articles);
    ~Index();
    Index(Index&&) noexcept;
    Index& operator=(Index&&) noexcept;

    // Documents in the index, of any scope.
    std::size_t size() const;
    // Documents of one scope.
    std::size_t count(Scope scope) const;

    // The documents of `scope` that match `query`, best first; only documents with at least one
    // query term. `limit` 0 means no limit. N, df and the average length are over the whole
    // index (see above).
    std::vector<Hit> search(std::string_view query, std::size_t limit,
                            Scope scope = Scope::current) const;

    // One document of an index being assembled.
    struct Slot {
        std::string id;
        std::string key; // what names its text, e.g. the git blob id; "" for none
        bool current = true;
        bool served = false;
    };
    // The index of `slots`, in that order. A slot whose key `base` holds (a document with that
    // non-empty key) takes that document's terms and length from `base`, without its text; for
    // any other slot i, `text(i)` gives its text (only `text` is read), or nullptr to leave the
    // slot out. So when a few articles changed, only those are tokenized: the rest is copied
    // from the previous index. The result equals an index built from scratch.
    static Index assemble(const std::vector<Slot>& slots, const Index* base,
                          const std::function<const Document*(std::size_t)>& text);

    // The compact form, headed by a magic line and `key` (one line, e.g. the id of the tree the
    // index was built from). About 2 MB for 5,000 articles.
    std::string to_bytes(std::string_view key) const;
    // The key line of an index's compact form; nullopt when `bytes` do not start like one.
    static std::optional<std::string> key_of(std::string_view bytes);
    // The index in `bytes`, or nullopt when they are not an index written by to_bytes with this
    // `key` (another key, another format version, truncated or damaged). Loading checks a
    // checksum of the whole and the structure (sizes, offsets, the vocabulary's order), about
    // 1 ms for 5,000 articles; a search never reads out of bounds, whatever the bytes.
    static std::optional<Index> from_bytes(std::string bytes, std::string_view key);

  private:
    struct Data;
    struct Empty {};
    explicit Index(Empty);
    std::unique_ptr<Data> d_;
};

// What a ticket is looked up by: its title, problem.symptom and problem.error.
std::string suggestion_query(const Json& ticket);
// The articles that best match a ticket (`sop kb suggest`).
std::vector<Hit> suggest(const Index& index, const Json& ticket, std::size_t limit,
                         Scope scope = Scope::current);

} // namespace sop::kb
