#pragma once
// The POSIX TZ string at the end of a TZif file ("CET-1CEST,M3.5.0,M10.5.0/3"): the rule that
// the zone keeps to after its last listed transition, repeated every year.
#include <cstdint>
#include <optional>
#include <string_view>

namespace sop::calendar::detail {

struct PosixRule {
    // A day of the year the clocks change on, and the local time of the change.
    struct Change {
        char kind = 'M'; // 'J': Julian day 1..365 (Feb 29 never counted), 'n': 0..365,
                         // 'M': the w-th (5: last) weekday d (0 Sunday) of month m
        int month = 0, week = 0, day = 0;
        std::int64_t time = 7200; // seconds after local midnight, -167 h .. 167 h
    };
    int std_offset = 0; // seconds east of UTC
    bool has_dst = false;
    int dst_offset = 0;
    Change start, end; // summer time starts (in standard time) and ends (in summer time)

    // nullopt when `text` is not a POSIX TZ string.
    static std::optional<PosixRule> parse(std::string_view text);
    // The offset in force at the instant `utc`.
    int offset_at(std::int64_t utc) const;
};

} // namespace sop::calendar::detail
