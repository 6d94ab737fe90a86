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
// N indexed articles; each distinct query term counts once. Scores are rounded to three
// decimals; equal scores are ordered by ID, so results are deterministic.
#include "kb/article.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
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
};

// An article's Document: list fields (keywords, diagnosis_steps, scenarios) joined by newlines.
Document document_of(const Json& article);

struct Hit {
    std::string id;
    double score = 0; // BM25F, rounded to three decimals; > 0
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

    std::size_t size() const;

    // The articles that match `query`, best first; only articles with at least one query term.
    // `limit` 0 means no limit.
    std::vector<Hit> search(std::string_view query, std::size_t limit) const;

  private:
    struct Data;
    std::unique_ptr<Data> d_;
};

// What a ticket is looked up by: its title, problem.symptom and problem.error.
std::string suggestion_query(const Json& ticket);
// The articles that best match a ticket (`sop kb suggest`).
std::vector<Hit> suggest(const Index& index, const Json& ticket, std::size_t limit);

} // namespace sop::kb
