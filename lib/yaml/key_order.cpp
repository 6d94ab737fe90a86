#include "yaml/key_order.hpp"

#include <algorithm>

namespace sop::yaml {

Json reorder(const Json& v, const KeyOrders& orders, const std::string& path) {
    if (v.is_array()) {
        Json out = Json::array();
        for (const auto& item : v)
            out.push_back(reorder(item, orders, path + "[]"));
        return out;
    }
    if (!v.is_object()) return v;
    Json out = Json::object();
    const auto child = [&](const std::string& key) {
        return path.empty() ? key : path + "." + key;
    };
    const auto it = orders.find(path);
    if (it == orders.end()) {
        for (const auto& [k, val] : v.items())
            out[k] = reorder(val, orders, child(k));
        return out;
    }
    const auto& order = it->second;
    // Known keys in order; unknown keys keep their relative order, before a trailing `events`.
    const bool events_last = path.empty();
    for (const auto& k : order) {
        if (events_last && k == "events") break;
        if (v.contains(k)) out[k] = reorder(v[k], orders, child(k));
    }
    for (const auto& [k, val] : v.items())
        if (std::find(order.begin(), order.end(), k) == order.end())
            out[k] = reorder(val, orders, child(k));
    if (events_last && v.contains("events")) out["events"] = reorder(v["events"], orders, "events");
    return out;
}

} // namespace sop::yaml
