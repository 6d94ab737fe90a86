#include "ticket/lookup.hpp"

#include "ticket/archive.hpp"
#include "ticket/id.hpp"
#include "util/error.hpp"

#include <algorithm>

namespace sop::ticket {
namespace {

[[noreturn]] void not_one(const std::string& digits, const std::vector<std::string>& ids,
                          const std::vector<std::string>& archived) {
    const std::string shown = std::string(id_prefix) + digits;
    const std::size_t total = ids.size() + archived.size();
    if (total == 0) throw NotFoundError("no ticket '" + shown + "'", "see 'sop list'");
    std::string candidates;
    std::size_t shown_count = 0;
    for (const auto* list : {&ids, &archived})
        for (const auto& id : *list)
            if (shown_count++ < 10)
                candidates += "\n  " + id + (list == &archived ? " (archived)" : "");
    if (total > 10) candidates += "\n  ... and " + std::to_string(total - 10) + " more";
    throw NotFoundError("'" + shown + "' is ambiguous: " + std::to_string(total) + " tickets match",
                        "candidates:" + candidates);
}

} // namespace

std::vector<std::string> ids_with_prefix(const git::Snapshot& branch, std::string_view digits) {
    std::vector<std::string> out;
    const std::string dir(tickets_dir);
    std::vector<std::string> shards; // "4/K"
    const std::string first(digits.substr(0, 1));
    if (digits.size() >= 2) {
        shards.push_back(first + "/" + std::string(digits.substr(1, 1)));
    } else {
        for (const auto& second : branch.list(dir + "/" + first))
            shards.push_back(first + "/" + second);
    }
    const std::string want = std::string(id_prefix) + std::string(digits);
    for (const auto& shard : shards) {
        for (const auto& name : branch.list(dir + "/" + shard)) {
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
    if (ids.empty()) {
        const auto archived = ids_with_prefix(archive_of(head.repo()), digits);
        if (archived.size() == 1)
            throw RefusedError("ticket '" + archived.front() + "' is archived",
                               "archived tickets are read-only; 'sop show " + archived.front() +
                                   "' and 'sop log " + archived.front() + "' still read it");
    }
    not_one(digits, ids, {});
}

Resolved resolve_any(const git::Snapshot& head, const git::Snapshot* archive,
                     std::string_view input) {
    const std::string digits = normalize_prefix(input);
    const auto ids = ids_with_prefix(head, digits);
    std::vector<std::string> archived;
    if (archive)
        for (auto& id : ids_with_prefix(*archive, digits))
            if (!std::binary_search(ids.begin(), ids.end(), id)) archived.push_back(std::move(id));
    if (ids.size() + archived.size() == 1)
        return ids.empty() ? Resolved{archived.front(), true} : Resolved{ids.front(), false};
    not_one(digits, ids, archived);
}

} // namespace sop::ticket
