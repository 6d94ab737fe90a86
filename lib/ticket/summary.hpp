#pragma once
// The fields of a ticket that listing and queries need, small enough to cache for every ticket.
#include "ticket/ticket.hpp"

#include <string>
#include <vector>

namespace sop::ticket {

struct Summary {
    std::string id, state, type, level, category, channel, team, assignee, title, requester, org,
        kind, impact, received_at, updated_at, symptom, contact, error;

    // Field names and values in one fixed order (the cache's columns, `--format tsv`).
    static const std::vector<std::string>& columns();
    std::vector<std::string> values() const;
    static Summary from_values(const std::vector<std::string>& v);
    Json to_json() const;
};

Summary summarize(const Json& doc);

} // namespace sop::ticket
