#pragma once
// Business calendars (DESIGN §4, SOP §4.1/4.5/4.7): a time zone, working windows per weekday,
// holidays, and extra working days (make-up workdays on weekends). Read from .sop/config.yaml:
// `calendar` is the default one; `calendars.<name>` are named ones whose missing keys are the
// default's; a team may name its calendar (`teams[].calendar`).
//
// All instants are Unix seconds (UTC). Working time is counted to the second.
#include "calendar/zone.hpp"
#include "yaml/yaml.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sop::calendar {

// A span of time, real or business: "30s", "2min", "4h", "1d" (real: a day is 24 hours) or
// "4bmin", "4bh", "1bd" (business: working time of the calendar). Terms add up: "1h30min",
// "1bd4bh"; real and business terms do not mix.
struct Duration {
    std::int64_t seconds = 0;       // real seconds, or business seconds for bmin/bh
    std::int64_t business_days = 0; // bd terms (their length is the calendar's)
    bool business = false;
    std::string text; // as written in the config, for messages
};
// InvalidError naming `where` when `text` is not a duration; `where` starts the message, so
// give the file and key (".sop/config.yaml: sla.recent"). "0s" is a duration (of nothing).
Duration parse_duration(std::string_view text, std::string_view where = {});

struct Interval {
    std::int64_t from = 0, to = 0; // [from, to), UTC
};

// One local day as the calendar sees it (for `sop calendar`).
struct Day {
    std::string date;              // "2026-10-01", local
    int weekday = 0;               // 0 Monday .. 6 Sunday
    std::vector<Interval> windows; // working windows that day, UTC instants
    std::int64_t working = 0;      // seconds of working time that day
    std::string why;               // "", "weekend", "holiday", "holiday: National Day",
                                   // "workday" (an extra working day), "workday: <name>"
};

// A default-constructed Calendar is Monday to Friday 09:00-18:00 UTC, without holidays.
class Calendar {
  public:
    // The calendar `name` of the config document `cfg` (empty: the default calendar). With no
    // `calendar` key: Monday to Friday 09:00-18:00 in the config's `timezone`, no holidays.
    // InvalidError naming the config key when a value is wrong, when `name` is not defined,
    // or when the calendar has no working time in the year after `check_from` (the check is
    // skipped when check_from is 0).
    static Calendar from_config(const yaml::Json& cfg, std::string_view name = {},
                                std::int64_t check_from = 0);

    const std::string& name() const; // "default" or the calendar's name
    const Zone& zone() const;

    // Seconds of working time in [a, b); 0 when b <= a.
    std::int64_t working_seconds(std::int64_t a, std::int64_t b) const;
    // The earliest instant t >= a with working_seconds(a, t) == s (s >= 0). For s == 0: a.
    std::int64_t add_working(std::int64_t a, std::int64_t s) const;
    // The length of one business day ("bd"): the working time of the longest weekday in the
    // weekly hours (9 hours for 09:00-18:00).
    std::int64_t business_day() const;
    // A duration's length in this calendar's business seconds (business durations) or real
    // seconds (real durations).
    std::int64_t length(const Duration& d) const;
    // The instant `d` after `a`: a + seconds for real durations, add_working for business ones.
    std::int64_t after(std::int64_t a, const Duration& d) const;
    // The time between a and b as `d` counts it: real seconds, or working seconds.
    std::int64_t elapsed(std::int64_t a, std::int64_t b, const Duration& d) const;

    // The local days from `from` to `to` (dates "YYYY-MM-DD", both included).
    std::vector<Day> days(std::string_view from, std::string_view to) const;

    struct Impl;

  private:
    std::shared_ptr<Impl> impl_; // shared: copies are cheap; the day table fills lazily
    Impl& impl() const;          // impl_, or the shared Monday-to-Friday one
};

// The calendars of a config, by name, and which one each team uses. Built once per command.
class Calendars {
  public:
    explicit Calendars(const yaml::Json& cfg);
    const Calendar& of_team(std::string_view team) const; // the default one for "" or unknown
    const Calendar& get(std::string_view name) const;     // "" or "default": the default
  private:
    yaml::Json cfg_;
    mutable std::map<std::string, Calendar, std::less<>> by_name_;
    std::map<std::string, std::string, std::less<>> team_calendar_;
};

// What the config loader checks beyond the schema: the default and every named calendar can be
// built and has working time in the year after `now`, and every `teams[].calendar` names a
// calendar ("default" or a key of `calendars`). InvalidError naming the config key otherwise.
void check_config(const yaml::Json& cfg, std::int64_t now);

} // namespace sop::calendar
