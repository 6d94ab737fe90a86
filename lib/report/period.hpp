#pragma once
// The span of time a report covers (SOP §4.6: monthly and quarterly reviews): whole local days
// of the business calendar's time zone, from the first day's midnight to the midnight after the
// last day. sop-report(1) PERIOD documents the rules.
#include "calendar/zone.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace sop::report {

struct Period {
    std::string kind;        // "month", "quarter" or "range"
    std::string name;        // "2026-11", "2026Q4", "2026-11-03..2026-11-16"
    std::string first, last; // local dates, both included: "2026-11-01", "2026-11-30"
    std::int64_t from = 0;   // the first day's local midnight (UTC seconds), included
    std::int64_t to = 0;     // the local midnight after the last day, excluded

    bool contains(std::int64_t t) const { return from <= t && t < to; }
};

// What the command line asked for; at most one of month, quarter, or from and to together.
struct PeriodRequest {
    std::optional<std::string> month;    // "2026-11"
    std::optional<std::string> quarter;  // "2026Q4" (or "2026q4")
    std::optional<std::string> from, to; // "2026-11-03", both included
};

Period month(std::string_view text, const calendar::Zone& zone);
Period quarter(std::string_view text, const calendar::Zone& zone);
Period range(std::string_view first, std::string_view last, const calendar::Zone& zone);
// The last complete month before `now`: the month before the one `now` falls in, locally.
Period last_month(std::int64_t now, const calendar::Zone& zone);

// The period of a request; UsageError (exit 2) when it is malformed, reversed, or mixes forms.
Period period_of(const PeriodRequest& request, std::int64_t now, const calendar::Zone& zone);

// `t` written in RFC 3339 with the offset `zone` has at that instant.
std::string local_time(std::int64_t t, const calendar::Zone& zone);

} // namespace sop::report
