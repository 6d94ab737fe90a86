#pragma once
// The fields of a ticket that listing and queries need, small enough to cache for every ticket.
#include "ticket/ticket.hpp"

#include <string>
#include <vector>

namespace sop::ticket {

struct Summary {
    std::string id, state, type, level, category, channel, team, assignee, title, requester, org,
        kind, impact, received_at, updated_at, symptom, contact, error;
    // The event log reduced to what clocks and reports read (sla/record.hpp): cached with the
    // summary but not one of the listing columns.
    std::string marks;
    // A major incident's stage: "open", "resolved" (service restored), "approved" (its review
    // report approved); "" for any other ticket. Cached like marks; the query key `incident`.
    std::string incident;
    // In the archive branch, not HEAD (not one of the columns: the cache of each branch knows).
    bool archived = false;

    // Field names and values in one fixed order (the cache's columns, `--format tsv`).
    static const std::vector<std::string>& columns();
    std::vector<std::string> values() const;
    static Summary from_values(const std::vector<std::string>& v);
    // values() followed by marks and incident: a row of the cache (columns().size() + 2 fields).
    std::vector<std::string> stored_values() const;
    // The same in place, reusing this summary's strings (no allocation for a warm listing).
    // `first` skips leading values (the cache's blob id).
    // A row of stored_values() sets marks too.
    void set_values(const std::vector<std::string>& v, std::size_t first = 0);
    Json to_json() const;
};

Summary summarize(const Json& doc);

} // namespace sop::ticket
