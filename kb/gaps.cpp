#include "kb/gaps.hpp"

#include "ticket/similar.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <queue>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace sop::kb {
namespace {

// A term's occurrences in a ticket: (term, count) sorted by term.
using Counts = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

// A ticket as a unit vector, or a cluster as the sum of its tickets' vectors: (term, weight)
// sorted by term.
using Vector = std::vector<std::pair<std::uint32_t, double>>;

struct Ticket {
    const ticket::Summary* summary;
    std::int64_t received;
    Counts counts;
};

// The terms of the period's tickets, numbered, with the number of tickets having each.
class Vocabulary {
  public:
    Counts add(std::string_view text) {
        seq_.clear();
        for (auto& token : ticket::tokenize(text)) {
            auto it = numbers_.find(std::string_view(token));
            if (it == numbers_.end()) {
                it = numbers_.emplace(token, static_cast<std::uint32_t>(names_.size())).first;
                names_.push_back(std::move(token));
                df_.push_back(0);
            }
            seq_.push_back(it->second);
        }
        std::sort(seq_.begin(), seq_.end());
        Counts out;
        for (const auto term : seq_) {
            if (!out.empty() && out.back().first == term) {
                ++out.back().second;
            } else {
                out.emplace_back(term, 1);
                ++df_[term];
            }
        }
        ++documents_;
        return out;
    }

    // Weights from here on use the document frequencies so far.
    void freeze() {
        const double n = static_cast<double>(documents_);
        idf_.resize(names_.size());
        for (std::size_t t = 0; t < names_.size(); ++t)
            idf_[t] = (1.0 + std::log((1.0 + n) / (1.0 + df_[t]))) *
                      (ticket::is_code_token(names_[t]) ? ticket::code_boost : 1.0);
    }

    Vector unit(const Counts& counts) const {
        Vector v;
        v.reserve(counts.size());
        double sum = 0;
        for (const auto& [t, c] : counts) {
            const double w = (1.0 + std::log(static_cast<double>(c))) * idf_[t];
            v.emplace_back(t, w);
            sum += w * w;
        }
        const double norm = std::sqrt(sum);
        for (auto& entry : v)
            entry.second /= norm;
        return v;
    }

    const std::string& name(std::uint32_t t) const { return names_[t]; }
    std::uint32_t df(std::uint32_t t) const { return df_[t]; }
    std::size_t size() const { return names_.size(); }

  private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> numbers_;
    std::vector<std::string> names_;
    std::vector<std::uint32_t> df_;
    std::vector<double> idf_;
    std::vector<std::uint32_t> seq_;
    std::size_t documents_ = 0;
};

// The dot product of two sparse vectors; walks the shorter one and looks its terms up in the
// longer one when that is cheaper than walking both.
double dot(const Vector& a, const Vector& b) {
    const Vector& small = a.size() <= b.size() ? a : b;
    const Vector& large = a.size() <= b.size() ? b : a;
    double sum = 0;
    if (small.size() * 8 < large.size()) {
        auto from = large.begin();
        for (const auto& [t, w] : small) {
            from = std::lower_bound(from, large.end(), t,
                                    [](const auto& e, std::uint32_t v) { return e.first < v; });
            if (from == large.end()) break;
            if (from->first == t) sum += w * from->second;
        }
        return sum;
    }
    for (auto i = a.begin(), j = b.begin(); i != a.end() && j != b.end();) {
        if (i->first < j->first) {
            ++i;
        } else if (j->first < i->first) {
            ++j;
        } else {
            sum += i->second * j->second;
            ++i, ++j;
        }
    }
    return sum;
}

// The tickets of one category, ordered by ID, as unit vectors.
class Category {
  public:
    Category(const std::vector<Ticket>& tickets, const Vocabulary& vocabulary)
        : tickets_(tickets), vocabulary_(vocabulary) {
        std::map<Counts, std::uint32_t> node_of;
        vectors_.reserve(tickets_.size());
        for (std::uint32_t i = 0; i < tickets_.size(); ++i) {
            const auto& counts = tickets_[i].counts;
            vectors_.push_back(vocabulary_.unit(counts));
            const auto [it, added] =
                node_of.emplace(counts, static_cast<std::uint32_t>(nodes_.size()));
            if (added || counts.empty())
                nodes_.push_back({i});
            else
                nodes_[it->second].push_back(i);
        }
    }

    const std::vector<Ticket>& tickets() const { return tickets_; }
    const std::vector<Vector>& vectors() const { return vectors_; }

    // The clusters, as lists of ticket indexes (ascending).
    std::vector<std::vector<std::uint32_t>> cluster(double threshold) const;

  private:
    // For each node, the nodes among whose gap_neighbours most similar ones it is or that are
    // among its own (similarity ≥ gap_pair_floor), ascending.
    std::vector<std::vector<std::uint32_t>> neighbours() const;

    const std::vector<Ticket>& tickets_;
    const Vocabulary& vocabulary_;
    std::vector<Vector> vectors_; // by ticket
    // Tickets with the same terms, the same number of times, are one node (a flood of
    // identical tickets would otherwise fill each other's neighbour lists); a ticket without
    // terms is a node of its own. In the order of their first ticket.
    std::vector<std::vector<std::uint32_t>> nodes_;
};

std::vector<std::vector<std::uint32_t>> Category::neighbours() const {
    const auto n = static_cast<std::uint32_t>(nodes_.size());
    const auto vector = [&](std::uint32_t node) -> const Vector& {
        return vectors_[nodes_[node].front()];
    };
    // Postings: for each term, (node, weight) in node order.
    std::unordered_map<std::uint32_t, std::vector<std::pair<std::uint32_t, double>>> postings;
    for (std::uint32_t i = 0; i < n; ++i)
        for (const auto& [t, w] : vector(i))
            postings[t].emplace_back(i, w);
    // Each node's most similar ones so far: a heap with the least similar on top (of equally
    // similar ones the highest index).
    using Near = std::pair<double, std::uint32_t>;
    const auto better = [](const Near& x, const Near& y) {
        return x.first != y.first ? x.first > y.first : x.second < y.second;
    };
    std::vector<std::vector<Near>> nearest(n);
    const auto offer = [&](std::uint32_t i, Near near) {
        auto& heap = nearest[i];
        if (heap.size() < gap_neighbours) {
            heap.push_back(near);
            std::push_heap(heap.begin(), heap.end(), better);
        } else if (better(near, heap.front())) {
            std::pop_heap(heap.begin(), heap.end(), better);
            heap.back() = near;
            std::push_heap(heap.begin(), heap.end(), better);
        }
    };
    // The cosine of every pair with a term in common, each pair once (i < j): node i's terms'
    // postings after i.
    std::unordered_map<std::uint32_t, std::size_t> next; // term → first posting after node i
    std::vector<double> cosine(n, 0.0);
    std::vector<std::uint32_t> touched;
    for (std::uint32_t i = 0; i < n; ++i) {
        touched.clear();
        for (const auto& [t, w] : vector(i)) {
            const auto& list = postings.find(t)->second;
            for (std::size_t k = ++next[t]; k < list.size(); ++k) { // list[next[t] - 1] is i
                const auto j = list[k].first;
                if (cosine[j] == 0.0) touched.push_back(j);
                cosine[j] += w * list[k].second;
            }
        }
        for (const auto j : touched) {
            if (cosine[j] >= gap_pair_floor) {
                offer(i, {cosine[j], j});
                offer(j, {cosine[j], i});
            }
            cosine[j] = 0.0;
        }
    }
    std::vector<std::vector<std::uint32_t>> out(n);
    for (std::uint32_t i = 0; i < n; ++i)
        for (const auto& near : nearest[i]) {
            out[i].push_back(near.second);
            out[near.second].push_back(i);
        }
    for (auto& list : out) {
        std::sort(list.begin(), list.end());
        list.erase(std::unique(list.begin(), list.end()), list.end());
    }
    return out;
}

// Greedy agglomeration: the most similar pair of clusters merges, while at least `threshold`
// similar. Each cluster keeps its best candidate (the most similar neighbour, then the first),
// and a queue orders clusters by it. A merge tells each neighbour of the new cluster its
// similarity; a neighbour whose best was one of the two merged clusters keeps its old value,
// now an upper bound, and is recomputed only when it comes to the top of the queue; so the
// top, once current, is the most similar pair of all.
std::vector<std::vector<std::uint32_t>> Category::cluster(double threshold) const {
    const auto n = static_cast<std::uint32_t>(nodes_.size());
    // A cluster is named by its first node. It keeps the sum of its tickets' vectors (the
    // cosine of two sums is the clusters' similarity) and the clusters it is compared with:
    // its nodes' neighbours, by the names they had when listed (resolved through `parent`).
    std::vector<Vector> sum(n);
    std::vector<double> norm(n); // |sum|
    for (std::uint32_t i = 0; i < n; ++i) {
        sum[i] = vectors_[nodes_[i].front()];
        for (auto& entry : sum[i])
            entry.second *= static_cast<double>(nodes_[i].size());
        norm[i] = std::sqrt(dot(sum[i], sum[i]));
    }
    std::vector<std::vector<std::uint32_t>> links = neighbours();
    std::vector<std::uint32_t> parent(n), stamp(n, 0);
    for (std::uint32_t i = 0; i < n; ++i)
        parent[i] = i;
    const auto find = [&](std::uint32_t x) {
        std::uint32_t root = x;
        while (parent[root] != root)
            root = parent[root];
        while (parent[x] != root)
            x = std::exchange(parent[x], root);
        return root;
    };
    // Similarities to one cluster at a time: its sum is spread out by term, so that a
    // neighbour's sum is looked up term by term (unless the neighbour is much larger).
    std::vector<double> spread(vocabulary_.size(), 0.0);
    std::uint32_t spread_of = n; // none
    const auto similarity = [&](std::uint32_t a, std::uint32_t b) {
        if (norm[a] == 0 || norm[b] == 0) return 0.0;
        if (spread_of != a) {
            if (spread_of != n)
                for (const auto& entry : sum[spread_of])
                    spread[entry.first] = 0.0;
            for (const auto& [t, w] : sum[a])
                spread[t] = w;
            spread_of = a;
        }
        double cross = 0;
        if (sum[b].size() > 8 * sum[a].size()) {
            cross = dot(sum[a], sum[b]);
        } else {
            for (const auto& [t, w] : sum[b])
                cross += w * spread[t];
        }
        return cross / (norm[a] * norm[b]);
    };
    // Before sum[x] changes.
    const auto unspread = [&](std::uint32_t x) {
        if (spread_of != x) return;
        for (const auto& entry : sum[x])
            spread[entry.first] = 0.0;
        spread_of = n;
    };

    struct Best {
        double similarity = 0;
        std::uint32_t partner = 0, partner_stamp = 0;
        bool any = false; // a neighbour at least `threshold` similar
    };
    std::vector<Best> best(n);
    std::vector<std::uint32_t> version(n, 0); // of best[x]; older queue entries are ignored
    struct Entry {
        double similarity;
        std::uint32_t cluster, version;
    };
    const auto after = [](const Entry& x, const Entry& y) {
        if (x.similarity != y.similarity) return x.similarity < y.similarity;
        return x.cluster > y.cluster;
    };
    std::priority_queue<Entry, std::vector<Entry>, decltype(after)> queue(after);
    const auto improves = [](double s, std::uint32_t c, const Best& b) {
        return !b.any || s > b.similarity || (s == b.similarity && c < b.partner);
    };
    const auto set_best = [&](std::uint32_t x, double s, std::uint32_t c) {
        best[x] = {s, c, stamp[c], true};
        queue.push({s, x, ++version[x]});
    };
    // Rewrites x's list to the current names of its neighbours, each once (in no particular
    // order: nothing below depends on it).
    std::vector<std::uint64_t> listed(n, 0); // the call of resolve that listed the cluster
    std::uint64_t calls = 0;
    const auto resolve = [&](std::uint32_t x) {
        auto& list = links[x];
        listed[x] = ++calls;
        std::size_t kept = 0;
        for (const auto c : list)
            if (const auto root = find(c); listed[root] != calls) {
                listed[root] = calls;
                list[kept++] = root;
            }
        list.resize(kept);
    };
    const auto recompute = [&](std::uint32_t x) {
        resolve(x);
        best[x] = {};
        ++version[x];
        for (const auto c : links[x])
            if (const double s = similarity(x, c); s >= threshold && improves(s, c, best[x]))
                best[x] = {s, c, stamp[c], true};
        if (best[x].any) queue.push({best[x].similarity, x, version[x]});
    };
    for (std::uint32_t i = 0; i < n; ++i)
        recompute(i);

    Vector merged;
    while (!queue.empty()) {
        const Entry top = queue.top();
        queue.pop();
        const auto x = top.cluster;
        if (parent[x] != x || top.version != version[x]) continue;
        const Best b = best[x];
        if (parent[b.partner] != b.partner || stamp[b.partner] != b.partner_stamp) {
            recompute(x);
            continue;
        }
        // Merge the two into the first.
        const auto a = std::min(x, b.partner), gone = std::max(x, b.partner);
        parent[gone] = a;
        ++stamp[a];
        ++version[gone];
        best[gone] = {};
        unspread(a);
        unspread(gone);
        merged.clear();
        const auto &sa = sum[a], &sb = sum[gone];
        for (auto i = sa.begin(), j = sb.begin(); i != sa.end() || j != sb.end();) {
            if (j == sb.end() || (i != sa.end() && i->first < j->first)) {
                merged.push_back(*i++);
            } else if (i == sa.end() || j->first < i->first) {
                merged.push_back(*j++);
            } else {
                merged.emplace_back(i->first, i->second + j->second);
                ++i, ++j;
            }
        }
        sum[a].swap(merged);
        Vector().swap(sum[gone]);
        norm[a] = std::sqrt(dot(sum[a], sum[a]));
        links[a].insert(links[a].end(), links[gone].begin(), links[gone].end());
        std::vector<std::uint32_t>().swap(links[gone]);
        resolve(a);

        best[a] = {};
        ++version[a];
        for (const auto c : links[a]) {
            const double s = similarity(a, c);
            if (s < threshold) continue;
            if (improves(s, c, best[a])) best[a] = {s, c, stamp[c], true};
            if (improves(s, a, best[c])) set_best(c, s, a);
        }
        if (best[a].any) queue.push({best[a].similarity, a, version[a]});
    }

    std::vector<std::vector<std::uint32_t>> clusters;
    std::vector<std::size_t> slot(n);
    for (std::uint32_t i = 0; i < n; ++i) {
        const auto root = find(i); // the first node of its cluster: met before the others
        if (root == i) {
            slot[i] = clusters.size();
            clusters.emplace_back();
        }
        auto& members = clusters[slot[root]];
        members.insert(members.end(), nodes_[i].begin(), nodes_[i].end());
    }
    for (auto& members : clusters)
        std::sort(members.begin(), members.end());
    return clusters;
}

// The terms an article covers with: title, keywords, problem, steps, solution, scenarios.
std::vector<std::string> article_terms(const Document& doc) {
    std::vector<std::string> terms;
    for (const Field f : {Field::title, Field::keywords, Field::problem, Field::steps,
                          Field::solution, Field::scenarios})
        for (auto& t : ticket::tokenize(doc.text[static_cast<std::size_t>(f)]))
            terms.push_back(std::move(t));
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
    return terms;
}

struct Article {
    const Published* published;
    std::vector<std::string> terms; // sorted
};

// The gap a cluster makes, or nothing when an article covers it.
std::optional<Gap> gap_of(const Category& category, const Vocabulary& vocabulary,
                          const std::vector<std::uint32_t>& members,
                          const std::vector<Article>& articles) {
    const auto& tickets = category.tickets();
    const auto& vectors = category.vectors();
    Gap gap;
    gap.category = tickets[members.front()].summary->category;

    // Shared terms, and the sum of the members' vectors.
    std::unordered_map<std::uint32_t, std::pair<std::uint32_t, double>> seen; // count, weight
    for (const auto i : members)
        for (const auto& [t, w] : vectors[i]) {
            auto& e = seen[t];
            ++e.first;
            e.second += w;
        }
    std::vector<std::pair<std::uint32_t, std::uint32_t>> shared; // term, count
    for (const auto& [t, e] : seen)
        if (2 * e.first >= members.size()) shared.emplace_back(t, e.first);
    std::sort(shared.begin(), shared.end(), [&](const auto& x, const auto& y) {
        if (x.second != y.second) return x.second > y.second;
        const auto dx = vocabulary.df(x.first), dy = vocabulary.df(y.first);
        if (dx != dy) return dx < dy;
        return vocabulary.name(x.first) < vocabulary.name(y.first);
    });

    // Coverage by the category's articles (by ID: of equal ones the first is the nearest).
    std::size_t most = 0;
    for (const auto& article : articles) {
        std::size_t n = 0;
        for (const auto& entry : shared)
            if (std::binary_search(article.terms.begin(), article.terms.end(),
                                   vocabulary.name(entry.first)))
                ++n;
        if (n > most) {
            most = n;
            gap.nearest = article.published->doc.id;
        }
    }
    if (!shared.empty() && 2 * most >= shared.size()) return std::nullopt;
    if (most > 0) gap.coverage = static_cast<double>(most) / static_cast<double>(shared.size());

    for (std::size_t k = 0; k < shared.size() && k < gap_terms_shown; ++k)
        gap.terms.push_back(vocabulary.name(shared[k].first));

    // The most central ticket: the highest dot product with the sum of the members' vectors,
    // i.e. the highest sum of similarities to the others (its own 1 is the same for all).
    double central = -1;
    for (const auto i : members) {
        double score = 0;
        for (const auto& [t, w] : vectors[i])
            score += w * seen[t].second;
        if (score > central + 1e-9) { // members are by ID: equal scores keep the lowest ID
            central = score;
            gap.example = tickets[i].summary->title;
        }
    }

    std::vector<std::uint32_t> order = members;
    std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
        if (tickets[x].received != tickets[y].received)
            return tickets[x].received < tickets[y].received;
        return tickets[x].summary->id < tickets[y].summary->id;
    });
    for (const auto i : order)
        gap.tickets.push_back(tickets[i].summary->id);
    return gap;
}

} // namespace

std::vector<Gap> find_gaps(const std::vector<ticket::Summary>& tickets,
                           const std::vector<Published>& published, const GapOptions& options) {
    std::vector<Ticket> chosen;
    for (const auto& s : tickets) {
        if (s.state == "cancelled" || s.category.empty()) continue;
        const auto received = util::parse_rfc3339(s.received_at);
        if (!received || *received < options.from || *received >= options.to) continue;
        chosen.push_back({&s, received->seconds, {}});
    }
    // By ID; a ticket both live and archived counts once (the live one).
    std::sort(chosen.begin(), chosen.end(), [](const Ticket& x, const Ticket& y) {
        if (x.summary->id != y.summary->id) return x.summary->id < y.summary->id;
        return !x.summary->archived && y.summary->archived;
    });
    chosen.erase(std::unique(chosen.begin(), chosen.end(),
                             [](const Ticket& x, const Ticket& y) {
                                 return x.summary->id == y.summary->id;
                             }),
                 chosen.end());
    // Terms are numbered in ID order, so that sums are taken in the same order whatever the
    // input's.
    Vocabulary vocabulary;
    for (auto& t : chosen)
        t.counts = vocabulary.add(ticket::similarity_text(*t.summary));
    vocabulary.freeze();
    std::stable_sort(chosen.begin(), chosen.end(), [](const Ticket& x, const Ticket& y) {
        return x.summary->category < y.summary->category;
    });

    std::vector<Article> articles;
    articles.reserve(published.size());
    for (const auto& p : published)
        articles.push_back({&p, article_terms(p.doc)});
    std::sort(articles.begin(), articles.end(), [](const Article& x, const Article& y) {
        if (x.published->category != y.published->category)
            return x.published->category < y.published->category;
        return x.published->doc.id < y.published->doc.id;
    });

    const std::size_t min_tickets = std::max<std::size_t>(options.min_tickets, 1);
    std::vector<Gap> gaps;
    for (auto begin = chosen.begin(); begin != chosen.end();) {
        const std::string& name = begin->summary->category;
        const auto end = std::find_if(begin, chosen.end(),
                                      [&](const Ticket& t) { return t.summary->category != name; });
        if (static_cast<std::size_t>(end - begin) >= min_tickets) {
            const std::vector<Ticket> own_tickets(std::make_move_iterator(begin),
                                                  std::make_move_iterator(end));
            const Category category(own_tickets, vocabulary);
            const auto first = std::lower_bound(
                articles.begin(), articles.end(), name,
                [](const Article& a, const std::string& c) { return a.published->category < c; });
            const auto last = std::find_if(first, articles.end(), [&](const Article& a) {
                return a.published->category != name;
            });
            const std::vector<Article> own_articles(first, last);
            for (const auto& members : category.cluster(options.similarity))
                if (members.size() >= min_tickets)
                    if (auto gap = gap_of(category, vocabulary, members, own_articles))
                        gaps.push_back(std::move(*gap));
        }
        begin = end;
    }
    std::sort(gaps.begin(), gaps.end(), [](const Gap& x, const Gap& y) {
        if (x.tickets.size() != y.tickets.size()) return x.tickets.size() > y.tickets.size();
        if (x.category != y.category) return x.category < y.category;
        return x.tickets.front() < y.tickets.front();
    });
    return gaps;
}

} // namespace sop::kb
