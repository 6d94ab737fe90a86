#pragma once
// What clocks and reports read of a ticket: its classifying fields and its event log reduced
// to instants, actions, states and a few scalar keys. Stored in the listing cache as one
// compact string ("marks", ticket/summary.hpp), so `sop sla` and `sop report` parse no ticket
// when the cache is warm.
#include "ticket/summary.hpp"
#include "yaml/yaml.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sop::sla {

// The scalar event keys that marks keep (the rest, notes and texts, is left out).
const std::vector<std::string>& kept_keys();

struct Event {
    std::int64_t at = 0;    // Unix seconds
    int offset_minutes = 0; // the offset the instant was written with
    std::string action, from, to;
    std::vector<std::pair<std::string, std::string>> keys; // kept_keys() present, in event order
    // The value of `key`, or "" (booleans are "true"/"false", numbers their decimal text).
    std::string_view get(std::string_view key) const;
};

struct Record {
    std::string id, title, state, type, category, channel, team, assignee;
    int level = 0; // 0: not triaged
    bool archived = false;
    std::int64_t received_at = 0;
    int offset_minutes = 0;    // of received_at
    std::vector<Event> events; // in log order
};

// The marks of an event log (a ticket's `events` array).
std::string encode_marks(const yaml::Json& events);
// The record of a summary, its events decoded from the marks. InvalidError naming the ticket
// when the marks are damaged (a stale or hand-edited cache; the caller may rebuild).
Record from_summary(const ticket::Summary& s);

} // namespace sop::sla
