#include "ticket/lookup.hpp"

#include "ticket/id.hpp"
#include "util/error.hpp"

#include <algorithm>

namespace sop::ticket {

std::vector<std::string> ids_with_prefix(const git::Snapshot& head, std::string_view digits) {
    std::vector<std::string> out;
    const std::string dir(tickets_dir);
    std::vector<std::string> shards; // "4/K"
    const std::string first(digits.substr(0, 1));
    if (digits.size() >= 2) {
        shards.push_back(first + "/" + std::string(digits.substr(1, 1)));
    } else {
        for (const auto& second : head.list(dir + "/" + first))
            shards.push_back(first + "/" + second);
    }
    const std::string want = std::string(id_prefix) + std::string(digits);
    for (const auto& shard : shards) {
        for (const auto& name : head.list(dir + "/" + shard)) {
            if (!name.ends_with(".yaml")) continue;
            std::string id = name.substr(0, name.size() - 5);
            if (is_full_id(id) && id.starts_with(want)) out.push_back(std::move(id));
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string resolve(const git::Snapshot& head, std::string_view input) {
    const std::string digits = normalize_prefix(input);
    auto ids = ids_with_prefix(head, digits);
    if (ids.size() == 1) return ids.front();
    const std::string shown = std::string(id_prefix) + digits;
    if (ids.empty()) throw NotFoundError("no ticket '" + shown + "'", "see 'sop list'");
    std::string candidates;
    const std::size_t show = std::min<std::size_t>(ids.size(), 10);
    for (std::size_t i = 0; i < show; ++i)
        candidates += "\n  " + ids[i];
    if (ids.size() > show)
        candidates += "\n  ... and " + std::to_string(ids.size() - show) + " more";
    throw NotFoundError("'" + shown + "' is ambiguous: " + std::to_string(ids.size()) +
                            " tickets match",
                        "candidates:" + candidates);
}

} // namespace sop::ticket
