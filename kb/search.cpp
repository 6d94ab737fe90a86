#include "kb/search.hpp"

#include "ticket/similar.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <unordered_map>

namespace sop::kb {
namespace {

// The compact form (Index::to_bytes), after the magic line and the key line; every integer is
// a native-endian u32 unless said otherwise:
//   marker (byte order and word size: 0x0B1DF00D)
//   documents, terms, id bytes, key bytes, term bytes, posting bytes
//   checksum (u64) of everything after it, so that a damaged file is not used
//   length[documents]      the document's weighted length, in half units
//   flags[documents]       one byte each: 1 current, 2 served
//   id_offset[documents+1], then the IDs, concatenated
//   key_offset[documents+1], then the keys, concatenated
//   term_offset[terms+1], then the terms, concatenated, strictly increasing (byte order)
//   posting_offset[terms+1], then the postings: per term, per document in increasing order,
//                          two LEB128 numbers: the document number's increase (the first: the
//                          number itself) and the term's weighted frequency in half units (> 0)
//   "end\n"
// Bump the version whenever the bytes would change for the same documents: the layout, the
// tokenizer (ticket::tokenize) or the field weights.
constexpr std::string_view magic = "sop-kb-index 1\n";
constexpr std::uint32_t marker = 0x0B1DF00D;
constexpr std::size_t checksum_at = 7 * 4;
constexpr std::size_t header_bytes = checksum_at + 8;
constexpr std::string_view trailer = "end\n";
constexpr std::uint8_t flag_current = 1;
constexpr std::uint8_t flag_served = 2;
constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();

// Weights are counted in half units, so that every sum is an exact integer (and an index scores
// the same however it was made).
constexpr std::array<std::uint32_t, field_count> half_weights = [] {
    std::array<std::uint32_t, field_count> out{};
    for (std::size_t f = 0; f < field_count; ++f)
        out[f] = static_cast<std::uint32_t>(field_weight[f] * 2);
    return out;
}();
static_assert(
    [] {
        for (std::size_t f = 0; f < field_count; ++f)
            if (static_cast<double>(half_weights[f]) != field_weight[f] * 2 || half_weights[f] == 0)
                return false;
        return true;
    }(),
    "field weights must be positive multiples of 0.5");

struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

std::string joined(const Json& v) {
    if (v.is_string()) return v.get<std::string>();
    std::string out;
    if (v.is_array())
        for (const auto& item : v)
            if (item.is_string()) out += (out.empty() ? "" : "\n") + item.get<std::string>();
    return out;
}

std::uint32_t load32(const char* p) {
    std::uint32_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

void put32(std::string& out, std::uint32_t v) {
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

void put_varint(std::string& out, std::uint32_t v) {
    while (v >= 0x80) {
        out += static_cast<char>((v & 0x7F) | 0x80);
        v >>= 7;
    }
    out += static_cast<char>(v);
}

// Reads a LEB128 number at p (before end); false when it is truncated or too large.
bool get_varint(const unsigned char*& p, const unsigned char* end, std::uint32_t& v) {
    v = 0;
    for (unsigned shift = 0; shift < 35; shift += 7) {
        if (p == end) return false;
        const unsigned char byte = *p++;
        if (shift == 28 && byte > 0x0F) return false;
        v |= static_cast<std::uint32_t>(byte & 0x7F) << shift;
        if (!(byte & 0x80)) return true;
    }
    return false;
}

std::uint32_t to_u32(std::size_t n) {
    if (n >= none) throw std::length_error("kb index: more than 4 GB of index data");
    return static_cast<std::uint32_t>(n);
}

// A 64-bit hash of `n` bytes: a damaged cache file is not used, whatever the damage.
std::uint64_t checksum(const char* p, std::size_t n) {
    std::uint64_t a = 0x9E3779B97F4A7C15ULL ^ n, b = 0xC2B2AE3D27D4EB4FULL;
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16) { // two independent lanes
        std::uint64_t x, y;
        std::memcpy(&x, p + i, 8);
        std::memcpy(&y, p + i + 8, 8);
        a = (a ^ x) * 0x100000001B3ULL;
        a ^= a >> 29;
        b = (b ^ y) * 0x9FB21C651E98DF25ULL;
        b ^= b >> 31;
    }
    for (; i < n; ++i)
        a = (a ^ static_cast<unsigned char>(p[i])) * 0x100000001B3ULL;
    return a ^ (b * 0xFF51AFD7ED558CCDULL);
}

// (document number, weighted frequency in half units), by document.
using Postings = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

// The compact form's body, written document by document, then term by term in order.
class Body {
  public:
    void add_document(std::string_view id, std::string_view key, std::uint8_t flags,
                      std::uint32_t length) {
        ids_ += id;
        id_offsets_.push_back(to_u32(ids_.size()));
        keys_ += key;
        key_offsets_.push_back(to_u32(keys_.size()));
        flags_ += static_cast<char>(flags);
        lengths_.push_back(length);
    }
    void add_term(std::string_view term, const Postings& postings) {
        if (postings.empty()) return;
        terms_ += term;
        term_offsets_.push_back(to_u32(terms_.size()));
        std::uint32_t previous = 0;
        for (const auto& [doc, halves] : postings) {
            put_varint(postings_, doc - previous);
            put_varint(postings_, halves);
            previous = doc;
        }
        posting_offsets_.push_back(to_u32(postings_.size()));
    }
    std::string bytes() const {
        std::string out;
        const std::size_t n = lengths_.size(), t = term_offsets_.size() - 1;
        out.reserve(header_bytes + n * 13 + 8 + ids_.size() + keys_.size() + terms_.size() +
                    (t + 1) * 8 + postings_.size() + trailer.size());
        for (const std::size_t v : {std::size_t{marker}, n, t, ids_.size(), keys_.size(),
                                    terms_.size(), postings_.size()})
            put32(out, to_u32(v));
        out.append(8, '\0'); // the checksum, below
        for (const auto l : lengths_)
            put32(out, l);
        out += flags_;
        const auto section = [&](const std::vector<std::uint32_t>& offsets,
                                 const std::string& text) {
            for (const auto o : offsets)
                put32(out, o);
            out += text;
        };
        section(id_offsets_, ids_);
        section(key_offsets_, keys_);
        section(term_offsets_, terms_);
        section(posting_offsets_, postings_);
        out += trailer;
        const std::uint64_t sum = checksum(out.data() + header_bytes, out.size() - header_bytes);
        std::memcpy(out.data() + checksum_at, &sum, sizeof sum);
        return out;
    }

  private:
    std::string ids_, keys_, flags_, terms_, postings_;
    std::vector<std::uint32_t> id_offsets_{0}, key_offsets_{0}, term_offsets_{0},
        posting_offsets_{0}, lengths_;
};

} // namespace

// The index is its compact form, searched in place: `bytes` holds it (with the header lines
// when it was loaded), the pointers below point into it.
struct Index::Data {
    std::string bytes;
    std::uint32_t documents = 0, terms = 0;
    const char* lengths = nullptr;
    const unsigned char* flags = nullptr;
    const char* id_offsets = nullptr;
    const char* ids = nullptr;
    const char* key_offsets = nullptr;
    const char* keys = nullptr;
    const char* term_offsets = nullptr;
    const char* term_text = nullptr;
    const char* posting_offsets = nullptr;
    const unsigned char* postings = nullptr;
    double average_length = 0;

    Data() = default;
    Data(const Data&) = delete;
    Data& operator=(const Data&) = delete;

    // Points into bytes from `body` on; false when they are not a well-formed body.
    bool bind(std::size_t body) {
        const char* p = bytes.data() + body;
        const std::size_t size = bytes.size() - body;
        if (size < header_bytes || load32(p) != marker) return false;
        documents = load32(p + 4);
        terms = load32(p + 8);
        const std::uint64_t id_bytes = load32(p + 12);
        const std::uint64_t key_bytes = load32(p + 16);
        const std::uint64_t term_bytes = load32(p + 20);
        const std::uint64_t posting_bytes = load32(p + 24);
        const std::uint64_t n = documents, t = terms;
        const std::uint64_t expected = header_bytes + n * 4 + n + (n + 1) * 4 + id_bytes +
                                       (n + 1) * 4 + key_bytes + (t + 1) * 4 + term_bytes +
                                       (t + 1) * 4 + posting_bytes + trailer.size();
        if (expected != size) return false;
        if (std::string_view(p + size - trailer.size(), trailer.size()) != trailer) return false;
        std::uint64_t stored;
        std::memcpy(&stored, p + checksum_at, sizeof stored);
        if (stored != checksum(p + header_bytes, size - header_bytes)) return false;
        std::size_t at = header_bytes;
        const auto take = [&](std::uint64_t taken) {
            const char* here = p + at;
            at += static_cast<std::size_t>(taken);
            return here;
        };
        lengths = take(n * 4);
        flags = reinterpret_cast<const unsigned char*>(take(n));
        id_offsets = take((n + 1) * 4);
        ids = take(id_bytes);
        key_offsets = take((n + 1) * 4);
        keys = take(key_bytes);
        term_offsets = take((t + 1) * 4);
        term_text = take(term_bytes);
        posting_offsets = take((t + 1) * 4);
        postings = reinterpret_cast<const unsigned char*>(take(posting_bytes));

        // Offsets start at 0, never decrease and end at their section's size.
        const auto offsets_ok = [](const char* offsets, std::uint32_t count, std::uint64_t total,
                                   bool strictly) {
            std::uint32_t previous = load32(offsets);
            if (previous != 0) return false;
            for (std::uint32_t i = 1; i <= count; ++i) {
                const std::uint32_t o = load32(offsets + 4 * static_cast<std::size_t>(i));
                if (o < previous || (strictly && o == previous)) return false;
                previous = o;
            }
            return previous == total;
        };
        if (!offsets_ok(id_offsets, documents, id_bytes, false) ||
            !offsets_ok(key_offsets, documents, key_bytes, false) ||
            !offsets_ok(term_offsets, terms, term_bytes, true) ||
            !offsets_ok(posting_offsets, terms, posting_bytes, true))
            return false;
        // The vocabulary is sorted, so that a term is found by binary search.
        for (std::uint32_t i = 1; i < terms; ++i)
            if (!(term(i - 1) < term(i))) return false;

        double sum = 0;
        for (std::uint32_t i = 0; i < documents; ++i)
            sum += length(i);
        average_length = documents ? sum / static_cast<double>(documents) : 0;
        return true;
    }

    std::uint32_t halves(std::uint32_t doc) const {
        return load32(lengths + 4 * static_cast<std::size_t>(doc));
    }
    double length(std::uint32_t doc) const { return halves(doc) * 0.5; }
    static std::string_view slice(const char* offsets, const char* text, std::uint32_t i) {
        const std::uint32_t from = load32(offsets + 4 * static_cast<std::size_t>(i));
        const std::uint32_t to = load32(offsets + 4 * (static_cast<std::size_t>(i) + 1));
        return {text + from, to - from};
    }
    std::string_view id(std::uint32_t doc) const { return slice(id_offsets, ids, doc); }
    std::string_view key(std::uint32_t doc) const { return slice(key_offsets, keys, doc); }
    std::string_view term(std::uint32_t t) const { return slice(term_offsets, term_text, t); }

    // The number of `token` in the vocabulary, or `terms` when it is not there.
    std::uint32_t find(std::string_view token) const {
        std::uint32_t lo = 0, hi = terms;
        while (lo < hi) {
            const std::uint32_t mid = lo + (hi - lo) / 2;
            if (term(mid) < token)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo < terms && term(lo) == token ? lo : terms;
    }

    // The postings of term `t`, appended to `out`. A damaged list ends where the damage starts.
    void postings_of(std::uint32_t t, Postings& out) const {
        const std::uint32_t from = load32(posting_offsets + 4 * static_cast<std::size_t>(t));
        const std::uint32_t to = load32(posting_offsets + 4 * (static_cast<std::size_t>(t) + 1));
        const unsigned char* p = postings + from;
        const unsigned char* const end = postings + to;
        std::uint32_t doc = 0;
        for (bool first = true; p < end; first = false) {
            std::uint32_t step = 0, weight = 0;
            if (!get_varint(p, end, step) || !get_varint(p, end, weight)) return;
            if ((!first && step == 0) || step >= documents - doc || weight == 0) return;
            doc += step;
            out.emplace_back(doc, weight);
        }
    }
};

Document document_of(const Json& article) {
    Document d;
    d.id = str(article, "id");
    d.status = status_of(article);
    const auto text = [&](Field f, const char* key) {
        if (article.contains(key)) d.text[static_cast<std::size_t>(f)] = joined(article[key]);
    };
    text(Field::title, "title");
    text(Field::keywords, "keywords");
    text(Field::problem, "problem");
    text(Field::steps, "diagnosis_steps");
    text(Field::solution, "solution");
    text(Field::scenarios, "scenarios");
    text(Field::notes, "notes");
    d.current = true;
    d.served = serves_current_text(article);
    return d;
}

Index::Index() : Index(std::vector<Document>{}) {}

Index::Index(const std::vector<Document>& documents) {
    std::vector<Slot> slots;
    slots.reserve(documents.size());
    for (const auto& d : documents)
        slots.push_back({d.id, {}, d.current, d.served});
    *this = assemble(slots, nullptr, [&](std::size_t i) { return &documents[i]; });
}

Index::Index(const std::vector<std::pair<std::string, Json>>& articles) {
    std::vector<Document> documents;
    documents.reserve(articles.size());
    for (const auto& [id, article] : articles) {
        documents.push_back(document_of(article));
        documents.back().id = id;
    }
    *this = Index(documents);
}

Index Index::assemble(const std::vector<Slot>& slots, const Index* base,
                      const std::function<const Document*(std::size_t)>& text) {
    const Data* b = base ? base->d_.get() : nullptr;
    std::unordered_map<std::string_view, std::uint32_t> base_keys;
    if (b)
        for (std::uint32_t i = 0; i < b->documents; ++i)
            if (!b->key(i).empty()) base_keys.emplace(b->key(i), i);

    Body body;
    std::vector<std::uint32_t> base_to_new(b ? b->documents : 0, none);
    // The terms of the documents tokenized here: number by first appearance, postings.
    std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> numbers;
    std::vector<Postings> fresh;
    std::vector<std::uint32_t> pending, pending_doc, doc_terms;
    std::uint32_t number = 0;
    for (std::size_t i = 0; i < slots.size(); ++i) {
        const Slot& slot = slots[i];
        const auto flags = static_cast<std::uint8_t>((slot.current ? flag_current : 0) |
                                                     (slot.served ? flag_served : 0));
        if (!slot.key.empty())
            if (const auto it = base_keys.find(slot.key);
                it != base_keys.end() && base_to_new[it->second] == none) {
                base_to_new[it->second] = number;
                body.add_document(slot.id, slot.key, flags, b->halves(it->second));
                ++number;
                continue;
            }
        const Document* doc = text(i);
        if (!doc) continue;
        doc_terms.clear();
        std::uint32_t total = 0;
        for (std::size_t f = 0; f < field_count; ++f) {
            const std::uint32_t w = half_weights[f];
            for (auto& token : ticket::tokenize(doc->text[f])) {
                auto it = numbers.find(std::string_view(token));
                if (it == numbers.end()) {
                    it = numbers.emplace(std::move(token), to_u32(fresh.size())).first;
                    fresh.emplace_back();
                    pending.push_back(0);
                    pending_doc.push_back(number);
                    doc_terms.push_back(it->second);
                } else if (pending_doc[it->second] != number) {
                    pending_doc[it->second] = number;
                    pending[it->second] = 0;
                    doc_terms.push_back(it->second);
                }
                pending[it->second] += w;
                total += w;
            }
        }
        for (const auto term : doc_terms)
            fresh[term].emplace_back(number, pending[term]);
        body.add_document(slot.id, slot.key, flags, total);
        ++number;
    }

    // The vocabulary: the base's terms and the new ones, merged in order; a term keeps the
    // postings of the base's documents that are kept (renumbered) and gains the new ones.
    std::vector<std::pair<std::string_view, std::uint32_t>> added;
    added.reserve(numbers.size());
    for (const auto& [term, n] : numbers)
        added.emplace_back(term, n);
    std::sort(added.begin(), added.end());
    const bool any_kept =
        std::any_of(base_to_new.begin(), base_to_new.end(), [](auto n) { return n != none; });
    const std::uint32_t base_terms = b && any_kept ? b->terms : 0;
    Postings list, decoded;
    const auto kept_of = [&](std::uint32_t t) {
        decoded.clear();
        b->postings_of(t, decoded);
        for (const auto& [doc, weight] : decoded)
            if (base_to_new[doc] != none) list.emplace_back(base_to_new[doc], weight);
    };
    std::size_t j = 0;
    for (std::uint32_t t = 0; t < base_terms || j < added.size();) {
        list.clear();
        std::string_view term;
        const int order = t == base_terms     ? 1
                          : j == added.size() ? -1
                                              : b->term(t).compare(added[j].first);
        if (order <= 0) {
            term = b->term(t);
            kept_of(t++);
        }
        if (order >= 0) {
            term = added[j].first;
            const auto& more = fresh[added[j++].second];
            const auto middle = static_cast<std::ptrdiff_t>(list.size());
            list.insert(list.end(), more.begin(), more.end());
            // Both runs are in document order; so is the whole unless a new document falls
            // between kept ones.
            if (middle > 0 && !more.empty() &&
                list[static_cast<std::size_t>(middle)] < list[static_cast<std::size_t>(middle - 1)])
                std::inplace_merge(list.begin(), list.begin() + middle, list.end());
        }
        // Kept documents keep their relative order unless the slots reorder them.
        if (!std::is_sorted(list.begin(), list.end())) std::sort(list.begin(), list.end());
        body.add_term(term, list);
    }

    Index index(Empty{});
    index.d_->bytes = body.bytes();
    if (!index.d_->bind(0)) throw std::logic_error("kb index: an assembled index does not read");
    return index;
}

Index::Index(Empty) : d_(std::make_unique<Data>()) {}
Index::~Index() = default;
Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;

std::size_t Index::size() const {
    return d_->documents;
}

std::size_t Index::count(Scope scope) const {
    const std::uint8_t want = scope == Scope::served ? flag_served : flag_current;
    std::size_t n = 0;
    for (std::uint32_t i = 0; i < d_->documents; ++i)
        n += (d_->flags[i] & want) != 0;
    return n;
}

std::vector<Hit> Index::search(std::string_view query, std::size_t limit, Scope scope) const {
    const Data& d = *d_;
    std::vector<std::uint32_t> query_terms;
    for (const auto& token : ticket::tokenize(query)) {
        const auto t = d.find(token);
        if (t != d.terms) query_terms.push_back(t);
    }
    // Each distinct term once, in a fixed order so that sums (and so ties) are reproducible.
    std::sort(query_terms.begin(), query_terms.end());
    query_terms.erase(std::unique(query_terms.begin(), query_terms.end()), query_terms.end());

    const std::uint8_t want = scope == Scope::served ? flag_served : flag_current;
    const double n = static_cast<double>(d.documents);
    std::vector<double> score(d.documents, 0.0);
    std::vector<std::uint32_t> matched(d.documents, 0);
    std::vector<std::uint32_t> touched;
    Postings list;
    for (const auto term : query_terms) {
        list.clear();
        d.postings_of(term, list);
        const double df = static_cast<double>(list.size());
        const double idf = std::log(1.0 + (n - df + 0.5) / (df + 0.5));
        for (const auto& [doc, halves] : list) {
            if (!(d.flags[doc] & want)) continue;
            const double norm = 1.0 - bm25_b + bm25_b * d.length(doc) / d.average_length;
            const double tf = halves * 0.5;
            if (matched[doc]++ == 0) touched.push_back(doc);
            score[doc] += idf * tf * (bm25_k1 + 1.0) / (tf + bm25_k1 * norm);
        }
    }

    std::vector<Hit> hits;
    hits.reserve(touched.size());
    for (const auto doc : touched) {
        const double rounded = std::round(score[doc] * 1000) / 1000;
        if (rounded > 0)
            hits.push_back({std::string(d.id(doc)), rounded, matched[doc],
                            (d.flags[doc] & flag_current) != 0});
    }
    const auto better = [](const Hit& a, const Hit& b) {
        return a.score != b.score ? a.score > b.score : a.id < b.id;
    };
    if (limit && hits.size() > limit) {
        std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(limit),
                          hits.end(), better);
        hits.resize(limit);
    } else {
        std::sort(hits.begin(), hits.end(), better);
    }
    return hits;
}

std::string Index::to_bytes(std::string_view key) const {
    if (key.find('\n') != std::string_view::npos)
        throw std::invalid_argument("kb index: a key is one line");
    std::string out;
    out.reserve(magic.size() + key.size() + 1 + d_->bytes.size());
    out += magic;
    out += key;
    out += '\n';
    out += d_->bytes;
    return out;
}

std::optional<std::string> Index::key_of(std::string_view bytes) {
    if (!bytes.starts_with(magic)) return std::nullopt;
    const auto nl = bytes.find('\n', magic.size());
    if (nl == std::string_view::npos) return std::nullopt;
    return std::string(bytes.substr(magic.size(), nl - magic.size()));
}

std::optional<Index> Index::from_bytes(std::string bytes, std::string_view key) {
    if (key.find('\n') != std::string_view::npos || key_of(bytes) != key) return std::nullopt;
    Index index(Empty{});
    index.d_->bytes = std::move(bytes);
    if (!index.d_->bind(magic.size() + key.size() + 1)) return std::nullopt;
    return index;
}

std::string suggestion_query(const Json& ticket) {
    std::string q = str(ticket, "title");
    if (ticket.contains("problem") && ticket["problem"].is_object()) {
        const Json& p = ticket["problem"];
        q += "\n" + str(p, "symptom");
        q += "\n" + str(p, "error");
    }
    return q;
}

std::vector<Hit> suggest(const Index& index, const Json& ticket, std::size_t limit, Scope scope) {
    return index.search(suggestion_query(ticket), limit, scope);
}

} // namespace sop::kb
