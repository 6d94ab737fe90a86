#include "report/replay.hpp"

#include <charconv>

namespace sop::report {

std::string_view state_before(const sla::Record& r, std::int64_t t) {
    std::string_view state = "new";
    for (const auto& e : r.events) {
        if (e.at >= t) continue; // sop validate keeps the log in time order; hand edits may not
        if (!e.to.empty()) state = e.to;
    }
    return state;
}

int level_at(const sla::Record& r, std::int64_t t) {
    int level = 0;
    bool seen = false;
    for (const auto& e : r.events) {
        if (e.at > t) continue;
        const std::string_view v = e.get("level");
        int n = 0;
        if (v.empty() || std::from_chars(v.data(), v.data() + v.size(), n).ec != std::errc())
            continue;
        level = n;
        seen = true;
    }
    return seen ? level : r.level;
}

const sla::Event* first_event(const sla::Record& r, std::string_view action, std::int64_t t,
                              std::string_view to) {
    for (const auto& e : r.events)
        if (e.at >= t && e.action == action && (to.empty() || e.to == to)) return &e;
    return nullptr;
}

const sla::Event* first_to(const sla::Record& r, std::string_view to, std::int64_t t) {
    for (const auto& e : r.events)
        if (e.at >= t && e.to == to) return &e;
    return nullptr;
}

} // namespace sop::report
