#pragma once
// The clocks as `sop sla` shows them: a board of every listed clock (table, JSON, TSV) and one
// ticket's clocks explained segment by segment, in words.
#include "output/table.hpp"
#include "sla/clocks.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sop::sla {

// "2d 3h", "3h 20m", "45m", "30s", "0s". Business time is never counted in days (a business
// day's length is the calendar's): "12h 30m".
std::string human(std::int64_t seconds, bool business);

// An instant as "2026-11-24 09:30" in the zone of the calendar `zone` (with the offset when
// `offset` is set: "2026-11-24 09:30 +08:00"), and as RFC 3339.
std::string local_time(std::int64_t t, const calendar::Zone& zone, bool offset = false);
std::string rfc3339(std::int64_t t, const calendar::Zone& zone);

// Breached first, then warn, then ok; within each the earliest due first; paused clocks last.
void sort_board(std::vector<Clock>& board);

std::string board_table(const std::vector<Clock>& board, const calendar::Zone& zone,
                        const output::Style& style);
std::string board_tsv(const std::vector<Clock>& board, const calendar::Zone& zone);
yaml::Json clock_json(const Clock& c, const calendar::Zone& zone, bool segments);
yaml::Json board_json(const std::vector<Clock>& board, const calendar::Zone& zone, std::int64_t at);

// `sop sla --explain`: each clock of the ticket, its target, its segments and its outcome.
std::string explain_text(const Record& r, const std::vector<Clock>& clocks,
                         const Settings& settings, const calendar::Zone& zone, std::int64_t at);

} // namespace sop::sla
