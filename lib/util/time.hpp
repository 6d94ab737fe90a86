#pragma once
// Instants as sop writes them: RFC 3339 with a numeric offset, to the second.
// SOP_NOW (RFC 3339) replaces the clock, for tests and for recording past events.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sop::util {

struct Timestamp {
    std::int64_t seconds = 0; // since the Unix epoch, UTC
    int offset_minutes = 0;   // the local offset the instant is written with

    // "2026-11-24T09:30:00+08:00"
    std::string str() const;
    // "2026-11-24", the local date
    std::string date() const;
    // Timestamps compare as instants: 09:30+08:00 equals 01:30Z.
    bool operator==(const Timestamp& o) const { return seconds == o.seconds; }
    auto operator<=>(const Timestamp& o) const { return seconds <=> o.seconds; }
};

// Parses RFC 3339 date-time ("Z" or ±hh:mm, optional fraction that is dropped).
std::optional<Timestamp> parse_rfc3339(std::string_view s);
// Parses a full date ("2026-11-24"); the instant is its midnight at `offset_minutes`.
std::optional<Timestamp> parse_date(std::string_view s, int offset_minutes = 0);
// Either of the two.
std::optional<Timestamp> parse_date_or_time(std::string_view s);

// The current instant: SOP_NOW if set (an InvalidError if it does not parse), else the system
// clock in the local time zone (TZ).
Timestamp now();

// Days since 1970-01-01 of a proleptic Gregorian date, and back.
std::int64_t days_from_civil(int y, unsigned m, unsigned d);
void civil_from_days(std::int64_t z, int& y, unsigned& m, unsigned& d);

} // namespace sop::util
