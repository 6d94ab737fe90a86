#include "kb/search.hpp"

#include "ticket/similar.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace sop::kb {
namespace {

struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct Posting {
    std::uint32_t doc;
    float tf; // weighted over the fields
};

std::string joined(const Json& v) {
    if (v.is_string()) return v.get<std::string>();
    std::string out;
    if (v.is_array())
        for (const auto& item : v)
            if (item.is_string()) out += (out.empty() ? "" : "\n") + item.get<std::string>();
    return out;
}

} // namespace

struct Index::Data {
    std::vector<std::string> ids;
    std::vector<float> length; // weighted term count per article
    double average_length = 0;
    std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> terms;
    std::vector<std::vector<Posting>> postings; // per term, by article

    // Per term while adding an article: its weighted count so far, and the article it is for.
    std::vector<float> pending;
    std::vector<std::uint32_t> pending_doc;
    std::vector<std::uint32_t> doc_terms;

    void add(const Document& doc) {
        const auto number = static_cast<std::uint32_t>(ids.size());
        ids.push_back(doc.id);
        doc_terms.clear();
        float total = 0;
        for (std::size_t f = 0; f < field_count; ++f) {
            const auto w = static_cast<float>(field_weight[f]);
            for (const auto& token : ticket::tokenize(doc.text[f])) {
                auto it = terms.find(std::string_view(token));
                if (it == terms.end()) {
                    it = terms.emplace(token, static_cast<std::uint32_t>(postings.size())).first;
                    postings.emplace_back();
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
        for (const auto term : doc_terms) {
            postings[term].push_back({number, pending[term]});
            pending[term] = 0;
        }
        length.push_back(total);
    }

    void finish() {
        double sum = 0;
        for (const float l : length)
            sum += l;
        average_length = ids.empty() ? 0 : sum / static_cast<double>(ids.size());
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
    return d;
}

Index::Index() : d_(std::make_unique<Data>()) {}

Index::Index(const std::vector<Document>& documents) : Index() {
    d_->ids.reserve(documents.size());
    d_->length.reserve(documents.size());
    for (const auto& doc : documents)
        d_->add(doc);
    d_->finish();
}

Index::Index(const std::vector<std::pair<std::string, Json>>& articles) : Index() {
    for (const auto& [id, article] : articles) {
        Document doc = document_of(article);
        doc.id = id;
        d_->add(doc);
    }
    d_->finish();
}

Index::~Index() = default;
Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;

std::size_t Index::size() const {
    return d_->ids.size();
}

std::vector<Hit> Index::search(std::string_view query, std::size_t limit) const {
    const Data& d = *d_;
    std::vector<std::uint32_t> query_terms;
    for (const auto& token : ticket::tokenize(query)) {
        const auto it = d.terms.find(std::string_view(token));
        if (it != d.terms.end()) query_terms.push_back(it->second);
    }
    // Each distinct term once, in a fixed order so that sums (and so ties) are reproducible.
    std::sort(query_terms.begin(), query_terms.end());
    query_terms.erase(std::unique(query_terms.begin(), query_terms.end()), query_terms.end());

    const double n = static_cast<double>(d.ids.size());
    std::vector<double> score(d.ids.size(), 0.0);
    std::vector<std::uint32_t> touched;
    for (const auto term : query_terms) {
        const auto& list = d.postings[term];
        const double df = static_cast<double>(list.size());
        const double idf = std::log(1.0 + (n - df + 0.5) / (df + 0.5));
        for (const auto& p : list) {
            const double norm = 1.0 - bm25_b + bm25_b * d.length[p.doc] / d.average_length;
            const double tf = p.tf;
            if (score[p.doc] == 0) touched.push_back(p.doc);
            score[p.doc] += idf * tf * (bm25_k1 + 1.0) / (tf + bm25_k1 * norm);
        }
    }

    std::vector<Hit> hits;
    hits.reserve(touched.size());
    for (const auto doc : touched) {
        const double rounded = std::round(score[doc] * 1000) / 1000;
        if (rounded > 0) hits.push_back({d.ids[doc], rounded});
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

std::string suggestion_query(const Json& ticket) {
    std::string q = str(ticket, "title");
    if (ticket.contains("problem") && ticket["problem"].is_object()) {
        const Json& p = ticket["problem"];
        q += "\n" + str(p, "symptom");
        q += "\n" + str(p, "error");
    }
    return q;
}

std::vector<Hit> suggest(const Index& index, const Json& ticket, std::size_t limit) {
    return index.search(suggestion_query(ticket), limit);
}

} // namespace sop::kb
