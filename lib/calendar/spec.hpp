#pragma once
// Inside the calendar: what the config says (Spec) and the lazily built table of working
// windows that makes working_seconds and add_working O(log n) (DayTable).
#include "calendar/calendar.hpp"

#include <array>
#include <deque>

namespace sop::calendar::detail {

inline constexpr std::int64_t day_seconds = 86400;

struct Window {
    int from = 0, to = 0; // minutes after local midnight; to <= 1440 (24:00)
};
using Windows = std::vector<Window>;

struct ExtraDay {
    std::string name;
    Windows hours;
};

struct Spec {
    std::string name; // "default" or the key under `calendars`
    std::string key;  // where it is in the config: "calendar", "calendars.ops"
    std::shared_ptr<const Zone> zone;
    std::array<Windows, 7> week;                  // Monday first
    std::map<std::int64_t, std::string> holidays; // local day (since 1970-01-01) -> name
    std::map<std::int64_t, ExtraDay> workdays;

    // The windows of local day `day`, and in `why` what makes it so (Day::why).
    const Windows& hours_of(std::int64_t day, std::string& why) const;
    // The instant local day `day` starts.
    std::int64_t day_start(std::int64_t day) const { return zone->to_utc(day * day_seconds); }
    // The windows of local day `day` as instants, in order, none empty, all inside the day:
    // wall-clock times a change of offset skips are read as Zone::to_utc says, then clipped so
    // that no window starts before the one before it ends.
    std::vector<Interval> windows_of(std::int64_t day) const;
};

// The calendar `name` ("" or "default": the default one) of config document `cfg`.
// InvalidError naming the config key when a value is wrong.
Spec read_spec(const yaml::Json& cfg, std::string_view name);

int weekday_of(std::int64_t day);      // 0 Monday .. 6 Sunday
std::string date_of(std::int64_t day); // "2026-10-01"

// Working windows as instants, for the local days [first_day_, end_day_), with the working
// seconds before each window counted from an arbitrary origin. Grows on demand both ways.
class DayTable {
  public:
    explicit DayTable(const Spec& spec) : spec_(spec) {}
    std::int64_t working_seconds(std::int64_t a, std::int64_t b);
    std::int64_t add_working(std::int64_t a, std::int64_t s);

  private:
    const Spec& spec_;
    bool started_ = false;
    std::int64_t first_day_ = 0, end_day_ = 0;
    std::int64_t cover_from_ = 0, cover_to_ = 0; // the instants the days span
    std::deque<Interval> windows_;
    std::deque<std::int64_t> before_{0}; // before_[i]: counted before windows_[i]; one extra
                                         // entry at the end: the count at cover_to_

    void cover(std::int64_t t); // grows until cover_from_ <= t <= cover_to_
    void grow_forward(std::int64_t days);
    void grow_backward(std::int64_t days);
    std::int64_t counted_until(std::int64_t t) const;
};

} // namespace sop::calendar::detail
