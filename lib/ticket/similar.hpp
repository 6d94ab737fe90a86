#pragma once
// Tickets like this one (`sop similar`; SOP 4.2 "look up earlier tickets for the same problem"):
// TF-IDF weighted cosine similarity of title, symptom and error, computed from the cached
// summaries only, so that no ticket is parsed (DESIGN §7).
#include "ticket/summary.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sop::ticket {

// The terms of `text`, in order and with repeats:
//   - a run of Latin letters and digits (also Latin-1, Latin Extended, Greek and Cyrillic
//     letters, and full-width letters and digits folded to ASCII) is one word, lower-cased;
//     words of one character and common English stop words are dropped;
//   - a run of CJK characters (Han, kana, Hangul) gives its overlapping two-character
//     bigrams ("打印机" gives "打印", "印机"), and a run of one character gives that character;
//   - everything else (spaces, punctuation, symbols, invalid UTF-8) only separates.
std::vector<std::string> tokenize(std::string_view text);

// An error code, weighted more than other terms: a term of three characters or more made of
// ASCII letters and digits with at least one digit: 0x1f, e1234, kb5031356, 404, 80070005.
// Takes a tokenize() term.
bool is_code_token(std::string_view token);

// How much more an error code weighs than another term of the same TF-IDF.
inline constexpr double code_boost = 2.0;

// The text compared: title, symptom and error.
std::string similarity_text(const Summary& s);

struct Similar {
    Summary summary;
    double score = 0; // cosine similarity in (0, 1], rounded to three decimals
};

// The tickets of `all` most like `target`, best first; `target` itself (by ID) is left out, and
// so is every ticket whose rounded score is 0. Each term weighs (1 + ln tf) × idf, with
// idf = 1 + ln((1 + N) / (1 + df)) over the N tickets of `all` (and `target` when it is not
// among them), times code_boost for an error code. Equal scores: the latest received first,
// then by ID. `limit` 0 means no limit.
std::vector<Similar> rank(const Summary& target, const std::vector<Summary>& all,
                          std::size_t limit);

} // namespace sop::ticket
