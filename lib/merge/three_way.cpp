#include "merge/three_way.hpp"

#include "util/time.hpp"

#include <algorithm>
#include <limits>
#include <tuple>
#include <utility>

namespace sop::merge::detail {
namespace {

constexpr std::int64_t no_time = std::numeric_limits<std::int64_t>::min();

std::int64_t instant(const Json& v, const std::string& field) {
    if (field.empty() || !v.is_object()) return no_time;
    const auto it = v.find(field);
    if (it == v.end() || !it->is_string()) return no_time;
    const auto t = util::parse_rfc3339(it->get_ref<const std::string&>());
    return t ? t->seconds : no_time;
}

// The part of an item that identifies it.
std::string identity(const Json& item, const std::vector<std::string>& fields) {
    if (fields.empty() || !item.is_object()) return key_text(item);
    Json key = Json::object();
    for (const auto& f : fields)
        if (const auto it = item.find(f); it != item.end()) key[f] = *it;
    return key_text(key);
}

std::vector<Item> items_of(const Json& list, const ListRule& rule) {
    std::vector<Item> items;
    items.reserve(list.size());
    for (const auto& v : list)
        items.push_back({identity(v, rule.identity), instant(v, rule.time), &v});
    return items;
}

// The keys of a merged mapping: the base's in its order, then the others sorted, so that the
// order does not depend on which side is ours.
std::vector<std::string> keys_of(const Json* base, const Json& ours, const Json& theirs) {
    std::vector<std::string> keys;
    if (base)
        for (const auto& [k, v] : base->items())
            keys.push_back(k);
    std::set<std::string> more;
    for (const Json* side : {&ours, &theirs})
        for (const auto& [k, v] : side->items())
            if (std::find(keys.begin(), keys.end(), k) == keys.end()) more.insert(k);
    keys.insert(keys.end(), more.begin(), more.end());
    return keys;
}

const Json* member(const Json* obj, const std::string& key) {
    if (!obj || !obj->is_object()) return nullptr;
    const auto it = obj->find(key);
    return it == obj->end() ? nullptr : &*it;
}

std::string join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
}

bool agree_on(const Json& a, const Json& b, const std::vector<std::string>& fields) {
    if (fields.empty()) return false;
    for (const auto& f : fields)
        if (!same(member(&a, f), member(&b, f))) return false;
    return true;
}

} // namespace

std::string key_text(const Json& v) {
    return nlohmann::json(v).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool same(const Json* a, const Json* b) {
    if (!a || !b) return !a && !b;
    if (a->is_object() && b->is_object()) {
        if (a->size() != b->size()) return false;
        for (const auto& [k, v] : a->items()) {
            const auto it = b->find(k);
            if (it == b->end() || !same(&v, &*it)) return false;
        }
        return true;
    }
    if (a->is_array() && b->is_array()) {
        if (a->size() != b->size()) return false;
        for (std::size_t i = 0; i < a->size(); ++i)
            if (!same(&(*a)[i], &(*b)[i])) return false;
        return true;
    }
    if (a->is_object() || b->is_object() || a->is_array() || b->is_array()) return false;
    return *a == *b;
}

const Json& either(const Json& a, const Json& b) {
    return a.dump() <= b.dump() ? a : b;
}

std::vector<Node> union_sequence(const std::vector<Item>* base, const std::vector<Item>& ours,
                                 const std::vector<Item>& theirs) {
    std::vector<Node> nodes;
    std::map<std::pair<std::string, int>, std::size_t> index;
    // Each side as a chain of node indices; the k-th occurrence of an identity is one node.
    auto chain = [&](const std::vector<Item>& items, const Json* Node::*slot) {
        std::map<std::string, int> seen;
        std::vector<std::size_t> out;
        for (const auto& item : items) {
            const int k = seen[item.id]++;
            auto [it, fresh] = index.try_emplace({item.id, k}, nodes.size());
            if (fresh) nodes.push_back(Node{item.id, k, item.time, nullptr, nullptr, nullptr});
            Node& n = nodes[it->second];
            n.*slot = item.value;
            n.time = std::max(n.time, item.time);
            out.push_back(it->second);
        }
        return out;
    };
    const auto a = chain(ours, &Node::ours);
    const auto b = chain(theirs, &Node::theirs);
    if (base) {
        std::map<std::string, int> seen;
        for (const auto& item : *base) {
            const int k = seen[item.id]++;
            if (const auto it = index.find({item.id, k}); it != index.end())
                nodes[it->second].base = item.value;
        }
    }

    std::vector<std::vector<std::size_t>> next(nodes.size());
    std::vector<int> pending(nodes.size(), 0);
    for (const auto* c : {&a, &b})
        for (std::size_t i = 1; i < c->size(); ++i) {
            next[(*c)[i - 1]].push_back((*c)[i]);
            ++pending[(*c)[i]];
        }
    using Key = std::tuple<std::int64_t, const std::string*, int, std::size_t>;
    auto key = [&](std::size_t i) {
        return Key{nodes[i].time, &nodes[i].id, nodes[i].occurrence, i};
    };
    auto less = [](const Key& x, const Key& y) {
        if (std::get<0>(x) != std::get<0>(y)) return std::get<0>(x) < std::get<0>(y);
        if (*std::get<1>(x) != *std::get<1>(y)) return *std::get<1>(x) < *std::get<1>(y);
        return std::get<2>(x) < std::get<2>(y);
    };
    std::set<Key, decltype(less)> ready(less), waiting(less);
    for (std::size_t i = 0; i < nodes.size(); ++i)
        (pending[i] == 0 ? ready : waiting).insert(key(i));
    std::vector<Node> out;
    out.reserve(nodes.size());
    while (!ready.empty() || !waiting.empty()) {
        std::size_t i = 0;
        if (!ready.empty()) {
            i = std::get<3>(*ready.begin());
            ready.erase(ready.begin());
        } else { // the sides disagree on the order of shared elements: break the cycle
            i = std::get<3>(*waiting.begin());
            waiting.erase(waiting.begin());
            pending[i] = 0;
        }
        out.push_back(nodes[i]);
        for (const auto j : next[i])
            if (pending[j] > 0 && --pending[j] == 0) {
                waiting.erase(key(j));
                ready.insert(key(j));
            }
    }
    return out;
}

Json FieldMerge::top(const Json* base, const Json& ours, const Json& theirs,
                     const std::set<std::string>& skip) {
    return object("", "", "", base, ours, theirs, skip);
}

std::optional<Json> FieldMerge::value(const std::string& schema_path, const std::string& field,
                                      const std::string& top_field, const Json* base,
                                      const Json* ours, const Json* theirs) {
    if (same(ours, theirs))
        return ours ? std::optional<Json>(either(*ours, *theirs)) : std::nullopt;
    if (same(base, ours)) return theirs ? std::optional<Json>(*theirs) : std::nullopt;
    if (same(base, theirs)) return ours ? std::optional<Json>(*ours) : std::nullopt;
    // Both sides changed it, differently.
    if (ours && theirs) {
        if (ours->is_object() && theirs->is_object() && (!base || base->is_object())) {
            const auto rec = policy_.records.find(schema_path);
            if (rec == policy_.records.end() || agree_on(*ours, *theirs, rec->second))
                return object(schema_path, field, top_field, base, *ours, *theirs, {});
        }
        if (ours->is_array() && theirs->is_array() && (!base || base->is_array())) {
            if (const auto rule = policy_.lists.find(schema_path); rule != policy_.lists.end())
                return list(rule->second, schema_path, field, top_field, base, *ours, *theirs);
        }
        if (policy_.earliest.contains(schema_path) && ours->is_string() && theirs->is_string()) {
            const auto a = util::parse_rfc3339(ours->get_ref<const std::string&>());
            const auto b = util::parse_rfc3339(theirs->get_ref<const std::string&>());
            if (a && b && *a != *b) return *a < *b ? *ours : *theirs;
        }
    }
    return pick(field, top_field, ours, theirs);
}

Json FieldMerge::object(const std::string& schema_path, const std::string& field,
                        const std::string& top_field, const Json* base, const Json& ours,
                        const Json& theirs, const std::set<std::string>& skip) {
    Json out = Json::object();
    for (const auto& k : keys_of(base, ours, theirs)) {
        if (skip.contains(k)) continue;
        auto v = value(join(schema_path, k), join(field, k), top_field.empty() ? k : top_field,
                       member(base, k), member(&ours, k), member(&theirs, k));
        if (v) out[k] = std::move(*v);
    }
    return out;
}

Json FieldMerge::list(const ListRule& rule, const std::string& schema_path,
                      const std::string& field, const std::string& top_field, const Json* base,
                      const Json& ours, const Json& theirs) {
    const auto base_items = base ? items_of(*base, rule) : std::vector<Item>{};
    const auto nodes =
        union_sequence(base ? &base_items : nullptr, items_of(ours, rule), items_of(theirs, rule));
    Json out = Json::array();
    for (const auto& n : nodes) {
        auto v = value(schema_path + "[]", field + "[" + std::to_string(out.size()) + "]",
                       top_field, n.base, n.ours, n.theirs);
        if (v) out.push_back(std::move(*v));
    }
    if (rule.numbered)
        for (std::size_t i = 0; i < out.size(); ++i) {
            auto& item = out[i];
            const Json n = static_cast<std::int64_t>(i + 1);
            if (!item.is_object() || (item.contains("n") && item["n"] == n)) continue;
            conflicts_.push_back({field + "[" + std::to_string(i) + "].n", n,
                                  item.contains("n") ? item["n"] : Json(nullptr)});
            item["n"] = n;
        }
    return out;
}

std::optional<Json> FieldMerge::pick(const std::string& field, const std::string& top_field,
                                     const Json* ours, const Json* theirs) {
    const auto a = touched(ours_, top_field);
    const auto b = touched(theirs_, top_field);
    const std::string ta = ours ? key_text(*ours) : std::string();
    const std::string tb = theirs ? key_text(*theirs) : std::string();
    const bool ours_kept = a != b ? a > b : ta > tb;
    const Json* kept = ours_kept ? ours : theirs;
    const Json* other = ours_kept ? theirs : ours;
    conflicts_.push_back({field, kept ? *kept : Json(nullptr), other ? *other : Json(nullptr)});
    return kept ? std::optional<Json>(*kept) : std::nullopt;
}

bool FieldMerge::touches(const Json& event, const std::string& top_field) const {
    const std::string action = event.value("action", "");
    if (action == "new") return true;
    bool known = false;
    if (action == "edit" || action == conflict_action) { // they name what they changed
        known = true;
        const auto named = [&](const Json& f) {
            if (!f.is_string()) return false;
            const auto& s = f.get_ref<const std::string&>();
            return s == top_field || s.starts_with(top_field + ".") ||
                   s.starts_with(top_field + "[");
        };
        const auto fields = event.find("fields");
        const auto one = event.find("field");
        if (fields == event.end() && one == event.end()) return true;
        if (fields != event.end() && fields->is_array() &&
            std::any_of(fields->begin(), fields->end(), named))
            return true;
        if (one != event.end() && named(*one)) return true;
    }
    auto it = policy_.touches.find(action);
    if (it == policy_.touches.end())
        for (auto p = policy_.touches.begin(); p != policy_.touches.end(); ++p)
            if (p->first.ends_with('-') && action.starts_with(p->first)) {
                it = p;
                break;
            }
    if (it == policy_.touches.end()) return !known; // an action this sop does not know: any
    for (const auto& f : it->second)
        if (f == top_field ||
            (f.starts_with('?') && f.substr(1) == top_field && event.contains(top_field)))
            return true;
    return false;
}

std::int64_t FieldMerge::touched(const Side& side, const std::string& top_field) const {
    std::int64_t latest = no_time;
    for (const Json* e : side.own_events)
        if (touches(*e, top_field)) latest = std::max(latest, instant(*e, "at"));
    if (latest != no_time) return latest;
    for (const Json* e : side.own_events)
        latest = std::max(latest, instant(*e, "at"));
    return latest != no_time ? latest : side.last;
}

} // namespace sop::merge::detail
