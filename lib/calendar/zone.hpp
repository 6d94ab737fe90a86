#pragma once
// IANA time zones read from the system's TZif files (/usr/share/zoneinfo, or $TZDIR), without
// touching the process's TZ: several calendars in several zones can be used side by side.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sop::calendar {

class Zone {
  public:
    // The zone named `name` ("UTC", "Asia/Shanghai", "Europe/Berlin"). Loaded once per process
    // and shared. InvalidError when there is no such zone or its file is malformed.
    static std::shared_ptr<const Zone> load(std::string_view name);

    const std::string& name() const { return name_; }
    // The offset from UTC, in seconds, in force at the instant `utc` (Unix seconds).
    int offset_at(std::int64_t utc) const;
    // The instant of a local wall-clock time (seconds since 1970-01-01T00:00 local). A time
    // that does not exist (skipped by a change to summer time) is read with the offset before
    // the change, so 02:30 on the day Berlin skips 02:00-03:00 is 03:30 CEST; a time that
    // exists twice is the earlier one.
    std::int64_t to_utc(std::int64_t local) const;

    struct Transition {
        std::int64_t at; // UTC
        int offset;      // seconds east of UTC from `at` on
    };

  private:
    std::string name_;
    std::vector<Transition> transitions_; // sorted
    int initial_offset_ = 0;              // before the first transition
    // The POSIX TZ rule of the file's footer, for instants after the last transition.
    struct Rule;
    std::shared_ptr<const Rule> rule_;
    friend struct ZoneReader;
};

} // namespace sop::calendar
