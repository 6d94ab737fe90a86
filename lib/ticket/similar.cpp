#include "ticket/similar.hpp"

#include "util/text.hpp"
#include "util/time.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <unordered_map>
#include <unordered_set>

namespace sop::ticket {
namespace {

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

bool in(char32_t c, char32_t lo, char32_t hi) {
    return c >= lo && c <= hi;
}

enum class Kind { separator, word, cjk };

// The kind of `c`; a word character is replaced by its lower-case (and ASCII) form.
Kind classify(char32_t& c) {
    if (c < 0x80) {
        if (c >= 'A' && c <= 'Z') c += 32;
        return (in(c, 'a', 'z') || in(c, '0', '9')) ? Kind::word : Kind::separator;
    }
    if (in(c, 0xFF10, 0xFF19) || in(c, 0xFF21, 0xFF3A) || in(c, 0xFF41, 0xFF5A)) {
        c = c - 0xFF00 + 0x20; // full-width letters and digits
        return classify(c);
    }
    if (in(c, 0x4E00, 0x9FFF) || in(c, 0x3400, 0x4DBF) || in(c, 0xF900, 0xFAFF) ||
        in(c, 0x20000, 0x2FA1F) || in(c, 0x3040, 0x309F) ||
        (in(c, 0x30A0, 0x30FF) && c != 0x30FB) || in(c, 0xAC00, 0xD7A3))
        return Kind::cjk;
    if (in(c, 0xC0, 0x24F) && c != 0xD7 && c != 0xF7) { // Latin-1 and Latin Extended letters
        if (in(c, 0xC0, 0xDE)) c += 0x20;
        return Kind::word;
    }
    if (in(c, 0x300, 0x36F)) return Kind::word; // combining marks stay in their word
    if (in(c, 0x386, 0x3FF) && c != 0x387) {    // Greek
        if (in(c, 0x391, 0x3A9)) c += 0x20;
        return Kind::word;
    }
    if (in(c, 0x400, 0x4FF)) { // Cyrillic
        if (in(c, 0x410, 0x42F))
            c += 0x20;
        else if (in(c, 0x400, 0x40F))
            c += 0x50;
        return Kind::word;
    }
    return Kind::separator;
}

bool is_stop_word(std::string_view w) {
    static const std::unordered_set<std::string_view> stop = {
        "about", "after", "again", "all",    "also",   "am",   "an",    "and",   "any",   "are",
        "as",    "at",    "be",    "been",   "before", "but",  "by",    "can",   "could", "did",
        "do",    "does",  "doesn", "don",    "during", "each", "for",   "from",  "had",   "has",
        "have",  "he",    "her",   "him",    "his",    "how",  "if",    "in",    "into",  "is",
        "isn",   "it",    "its",   "just",   "me",     "my",   "no",    "not",   "of",    "on",
        "or",    "our",   "out",   "please", "she",    "so",   "some",  "than",  "that",  "the",
        "their", "them",  "then",  "there",  "these",  "they", "this",  "those", "to",    "too",
        "up",    "us",    "very",  "was",    "wasn",   "we",   "were",  "what",  "when",  "where",
        "which", "while", "who",   "why",    "will",   "with", "would", "you",   "your"};
    return stop.contains(w);
}

// Calls emit(std::string_view) for each term of `text`, as tokenize() describes; the view
// lasts until emit returns.
template <class Emit> void for_each_token(std::string_view text, Emit&& emit) {
    std::string word;
    std::size_t word_chars = 0;
    std::string cjk;         // the previous character of the current CJK run, then the bigram
    std::size_t cjk_run = 0; // characters in the current CJK run
    const auto end_word = [&] {
        if (word_chars >= 2 && !is_stop_word(word)) emit(std::string_view(word));
        word.clear();
        word_chars = 0;
    };
    const auto end_cjk = [&] {
        if (cjk_run == 1) emit(std::string_view(cjk));
        cjk.clear();
        cjk_run = 0;
    };
    for (std::size_t i = 0; i < text.size();) {
        char32_t c = 0;
        const std::size_t n = util::decode_utf8(text, i, c);
        i += n ? n : 1;
        const Kind kind = n ? classify(c) : Kind::separator;
        if (kind == Kind::word) {
            end_cjk();
            append_utf8(word, c);
            ++word_chars;
        } else if (kind == Kind::cjk) {
            end_word();
            const std::size_t prev = cjk.size();
            append_utf8(cjk, c);
            if (cjk_run++ > 0) {
                emit(std::string_view(cjk));
                cjk.erase(0, prev); // keep this character for the next bigram
            }
        } else {
            end_word();
            end_cjk();
        }
    }
    end_word();
    end_cjk();
}

// A ticket's terms as (term number, count), sorted by term number.
using Terms = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

class Vocabulary {
  public:
    Terms terms_of(const Summary& s) {
        std::vector<std::uint32_t> seq;
        for_each_token(similarity_text(s), [&](std::string_view t) {
            auto it = numbers_.find(t);
            if (it == numbers_.end()) {
                it = numbers_.emplace(t, static_cast<std::uint32_t>(numbers_.size())).first;
                code_.push_back(is_code_token(t));
                df_.push_back(0);
            }
            seq.push_back(it->second);
        });
        std::sort(seq.begin(), seq.end());
        Terms out;
        for (const auto t : seq) {
            if (!out.empty() && out.back().first == t) {
                ++out.back().second;
            } else {
                out.emplace_back(t, 1);
                ++df_[t];
            }
        }
        return out;
    }

    // Weights from here on use the document frequencies over `documents` tickets.
    void freeze(std::size_t documents) {
        idf_.resize(df_.size());
        const double n = static_cast<double>(documents);
        for (std::size_t t = 0; t < df_.size(); ++t)
            idf_[t] = (1.0 + std::log((1.0 + n) / (1.0 + df_[t]))) * (code_[t] ? code_boost : 1.0);
    }

    double weight(std::uint32_t term, std::uint32_t count) const {
        return (1.0 + std::log(static_cast<double>(count))) * idf_[term];
    }

    double norm(const Terms& terms) const {
        double sum = 0;
        for (const auto& [t, n] : terms)
            sum += weight(t, n) * weight(t, n);
        return std::sqrt(sum);
    }

    double dot(const Terms& a, const Terms& b) const {
        double sum = 0;
        for (auto i = a.begin(), j = b.begin(); i != a.end() && j != b.end();) {
            if (i->first < j->first) {
                ++i;
            } else if (j->first < i->first) {
                ++j;
            } else {
                sum += weight(i->first, i->second) * weight(j->first, j->second);
                ++i, ++j;
            }
        }
        return sum;
    }

  private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> numbers_;
    std::vector<bool> code_;
    std::vector<std::uint32_t> df_;
    std::vector<double> idf_;
};

std::int64_t received_seconds(const Summary& s) {
    const auto t = util::parse_rfc3339(s.received_at);
    return t ? t->seconds : 0;
}

} // namespace

std::vector<std::string> tokenize(std::string_view text) {
    std::vector<std::string> out;
    for_each_token(text, [&](std::string_view t) { out.emplace_back(t); });
    return out;
}

bool is_code_token(std::string_view t) {
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    const auto letter = [](char c) { return c >= 'a' && c <= 'z'; };
    const bool ascii =
        std::all_of(t.begin(), t.end(), [&](char c) { return digit(c) || letter(c); });
    const bool digits = std::any_of(t.begin(), t.end(), digit);
    return ascii && digits && t.size() >= 3;
}

std::string similarity_text(const Summary& s) {
    return s.title + "\n" + s.symptom + "\n" + s.error;
}

std::vector<Similar> rank(const Summary& target, const std::vector<Summary>& all,
                          std::size_t limit) {
    Vocabulary vocabulary;
    std::vector<Terms> docs;
    docs.reserve(all.size());
    const Terms* target_terms = nullptr;
    for (const auto& s : all) {
        docs.push_back(vocabulary.terms_of(s));
        if (s.id == target.id && !target_terms) target_terms = &docs.back();
    }
    Terms own;
    if (!target_terms) {
        own = vocabulary.terms_of(target);
        target_terms = &own;
    }
    vocabulary.freeze(all.size() + (target_terms == &own ? 1 : 0));
    const double target_norm = vocabulary.norm(*target_terms);
    if (target_norm == 0) return {};

    struct Candidate {
        std::size_t index;
        double score;
        std::int64_t received;
    };
    std::vector<Candidate> found;
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (all[i].id == target.id) continue;
        const double dot = vocabulary.dot(*target_terms, docs[i]);
        if (dot <= 0) continue;
        const double cosine = dot / (target_norm * vocabulary.norm(docs[i]));
        const double score = std::min(1.0, std::round(cosine * 1000) / 1000);
        if (score > 0) found.push_back({i, score, received_seconds(all[i])});
    }
    std::sort(found.begin(), found.end(), [&](const Candidate& a, const Candidate& b) {
        if (a.score != b.score) return a.score > b.score;
        if (a.received != b.received) return a.received > b.received;
        return all[a.index].id < all[b.index].id;
    });
    if (limit && found.size() > limit) found.resize(limit);
    std::vector<Similar> out;
    out.reserve(found.size());
    for (const auto& c : found)
        out.push_back({all[c.index], c.score});
    return out;
}

} // namespace sop::ticket
