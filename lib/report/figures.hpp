#pragma once
// The figures of a monthly or quarterly review (SOP §4.6), computed from ticket records and the
// SLA clocks (sla/clocks.hpp) as of one instant. Every figure's definition is in sop-report(1)
// DEFINITIONS; the comments here only say which set of tickets or events each one counts.
#include "report/period.hpp"
#include "sla/clocks.hpp"
#include "sla/record.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sop::report {

struct Scope {
    Period period;
    std::int64_t now = 0; // the report instant: events after it are ignored
    std::string team;     // only this team's tickets (and collaboration requests to it); "": all
};

using Counts = std::map<std::string, std::int64_t>; // "-" for an empty field

// Tickets received in the period, by their current fields.
struct Volume {
    std::int64_t total = 0;
    Counts type, category, level, channel, team;
};

// Outcomes of the tickets received in the period, as of the report instant.
struct Outcomes {
    std::int64_t received = 0, cancelled = 0;
    std::int64_t resolved = 0;      // of those not cancelled: resolved at least once
    std::int64_t first_contact = 0; // of those resolved: by a direct answer, nothing in between
};

// The response clocks of the tickets received in the period, by channel; a ticket cancelled
// before an answer has no outcome.
struct Response {
    std::int64_t met = 0, breached = 0, pending = 0;
    std::vector<std::int64_t> times; // elapsed of the stopped clocks, in their target's units
};

// Resolution cycles that ended (the ticket became resolved) in the period, by the level then.
struct Resolution {
    std::vector<std::int64_t> times; // business seconds
    std::int64_t reopened = 0;       // of those cycles: a reopen followed by the report instant
};

// Survey events in the period.
struct Satisfaction {
    std::int64_t surveys = 0, answered = 0;
    std::int64_t speed = 0, quality = 0, attitude = 0; // sums over the answered ones
};

// Collaboration requests made in the period, by the requested team. A request whose ticket was
// cancelled before the answer is among the requests only.
struct Collaboration {
    std::int64_t requests = 0, on_time = 0, late = 0, pending = 0;
    std::vector<std::int64_t> times; // acknowledgement times, business seconds of the team
};

// Major incidents declared in the period.
struct Incident {
    std::string ticket;
    std::int64_t declared = 0;
    std::optional<std::int64_t> to_mitigate, to_resolve; // real seconds from the declaration
    std::string review; // the review meeting: "on time", "late", "pending"; "" before the end
};

// Open tickets at the end of the period (or the report instant, if earlier), by age.
inline constexpr std::array<const char*, 5> backlog_buckets = {"0-1d", "1-3d", "3-7d", "7-30d",
                                                               "30d+"};
struct Backlog {
    std::int64_t end = 0;
    std::array<std::int64_t, 5> by_age{};
    std::int64_t total() const;
};

// Links to knowledge-base articles made in the period.
struct KbReuse {
    std::int64_t links = 0;
    std::set<std::string> articles, tickets;
};

struct Report {
    Scope scope;
    Volume volume;
    Outcomes outcomes;
    std::map<std::string, Response> response;     // by channel
    std::map<std::string, Resolution> resolution; // by level "1".."4" ("-": untriaged)
    Satisfaction satisfaction;
    std::map<std::string, Collaboration> collaboration; // by requested team
    std::vector<Incident> incidents;                    // by declaration, then ticket
    Backlog backlog;
    KbReuse kb;
};

Report compute(const std::vector<sla::Record>& records, const sla::Settings& settings,
               const Scope& scope);

// Whether a ticket can count anywhere in a report of `period`, judged from its summary alone
// (received before the end, and open, or changed since the start): the others are never decoded.
bool may_count(std::int64_t received_at, std::int64_t updated_at, bool finished,
               const Period& period);

} // namespace sop::report
