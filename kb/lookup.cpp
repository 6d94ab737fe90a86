#include "kb/lookup.hpp"

#include "util/error.hpp"

#include <algorithm>

namespace sop::kb {

std::vector<std::string> ids_with_prefix(const git::Snapshot& snap, std::string_view digits) {
    std::vector<std::string> out;
    const std::string want = std::string(id_prefix) + std::string(digits);
    for (const auto& name : snap.list(std::string(kb_dir))) {
        if (!name.ends_with(".yaml")) continue;
        std::string id = name.substr(0, name.size() - 5);
        if (is_full_id(id) && id.starts_with(want)) out.push_back(std::move(id));
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string resolve(const git::Snapshot& snap, std::string_view input) {
    const std::string digits = normalize_prefix(input);
    const auto ids = ids_with_prefix(snap, digits);
    if (ids.size() == 1) return ids.front();
    const std::string shown = std::string(id_prefix) + digits;
    if (ids.empty()) throw NotFoundError("no article '" + shown + "'", "see 'sop kb list'");
    std::string candidates;
    for (std::size_t i = 0; i < ids.size() && i < 10; ++i)
        candidates += "\n  " + ids[i];
    if (ids.size() > 10) candidates += "\n  ... and " + std::to_string(ids.size() - 10) + " more";
    throw NotFoundError("'" + shown + "' is ambiguous: " + std::to_string(ids.size()) +
                            " articles match",
                        "candidates:" + candidates);
}

Json load(const git::Snapshot& snap, const std::string& id) {
    const std::string path = path_of(id);
    const auto text = snap.read(path);
    if (!text) throw NotFoundError("no article '" + id + "'", "see 'sop kb list'");
    return parse(*text, path, path);
}
} // namespace sop::kb
