// Business calendars. Every expectation is worked out by hand in the comment beside it; times
// are written in the calendar's own zone so the arithmetic can be followed on a wall clock.
#include "calendar/calendar.hpp"
#include "fixture.hpp"
#include "util/error.hpp"
#include "yaml/yaml.hpp"

#include <doctest/doctest.h>

using sop::calendar::Calendar;
using sop::calendar::Calendars;
using sop::calendar::parse_duration;

namespace {

constexpr std::int64_t h = 3600, m = 60;

std::int64_t t(const char* rfc3339) {
    return sop::test::at(rfc3339).seconds;
}

sop::yaml::Json config(const char* text) {
    return sop::yaml::parse(text, "config.yaml");
}

Calendar calendar_of(const char* text, std::string_view name = {}) {
    return Calendar::from_config(config(text), name);
}

// The message of the InvalidError that building calendar `name` of `text` throws.
std::string error_of(const char* text, std::string_view name = {}, std::int64_t check = 0) {
    try {
        Calendar::from_config(config(text), name, check);
    } catch (const sop::InvalidError& e) {
        return e.what();
    }
    return "(no error)";
}

const char* const shanghai = "timezone: Asia/Shanghai\n";

const char* const lunch_break = R"(
timezone: Asia/Shanghai
calendar:
  hours:
    mon: ["09:00-12:00", "13:00-18:00"]
    tue: ["09:00-12:00", "13:00-18:00"]
    wed: ["09:00-12:00", "13:00-18:00"]
    thu: ["09:00-12:00", "13:00-18:00"]
    fri: ["09:00-12:00", "13:00-18:00"]
  holidays:
    - {from: 2026-10-01, to: 2026-10-07, name: National Day}
    - 2026-12-25
  workdays:
    - {date: 2026-10-10, name: make-up for National Day}
calendars:
  ops-24x7:
    hours: {mon: ["00:00-24:00"], tue: ["00:00-24:00"], wed: ["00:00-24:00"],
            thu: ["00:00-24:00"], fri: ["00:00-24:00"], sat: ["00:00-24:00"],
            sun: ["00:00-24:00"]}
teams:
  - name: support
  - name: ops
    calendar: ops-24x7
)";

const char* const berlin = R"(
timezone: Europe/Berlin
calendar:
  hours: {mon: ["09:00-18:00"], tue: ["09:00-18:00"], wed: ["09:00-18:00"],
          thu: ["09:00-18:00"], fri: ["09:00-18:00"], sat: ["09:00-18:00"],
          sun: ["09:00-18:00"]}
calendars:
  round-the-clock:
    hours: {mon: ["00:00-24:00"], tue: ["00:00-24:00"], wed: ["00:00-24:00"],
            thu: ["00:00-24:00"], fri: ["00:00-24:00"], sat: ["00:00-24:00"],
            sun: ["00:00-24:00"]}
)";

} // namespace

TEST_CASE("durations: real and business terms") {
    CHECK(parse_duration("30s").seconds == 30);
    CHECK(!parse_duration("30s").business);
    CHECK(parse_duration("2min").seconds == 2 * m);
    CHECK(parse_duration("1h30min").seconds == 90 * m);
    CHECK(parse_duration("1d").seconds == 24 * h); // a real day is 24 hours
    CHECK(parse_duration("1d2h3min4s").seconds == 26 * h + 3 * m + 4);
    CHECK(parse_duration("0s").seconds == 0); // allowed: a target met at once
    const auto bd = parse_duration("1bd");
    CHECK(bd.business);
    CHECK(bd.business_days == 1);
    CHECK(bd.seconds == 0);
    CHECK(bd.text == "1bd");
    const auto bh = parse_duration("4bh");
    CHECK(bh.business);
    CHECK(bh.seconds == 4 * h);
    const auto mixed = parse_duration("1bd4bh30bmin");
    CHECK(mixed.business_days == 1);
    CHECK(mixed.seconds == 4 * h + 30 * m);
}

TEST_CASE("durations: malformed ones are refused, naming where they are") {
    for (const char* bad :
         {"", "5x", "1bd2h", "2h1bd", "h", "10", "1.5h", "1 h", "-1h", "1H", "99999999999h"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(parse_duration(bad), sop::InvalidError);
    }
    CHECK_THROWS_WITH(parse_duration("1bd2h", ".sop/config.yaml: sla.recent"),
                      ".sop/config.yaml: sla.recent: '1bd2h' is not a duration: real and "
                      "business terms do not mix");
    CHECK_THROWS_WITH(parse_duration("5x"), "'5x' is not a duration: unknown unit 'x'");
}

TEST_CASE("without a calendar key: Monday to Friday 09:00-18:00 in the config's time zone") {
    const auto cal = calendar_of(shanghai);
    CHECK(cal.name() == "default");
    CHECK(cal.zone().name() == "Asia/Shanghai");
    CHECK(cal.business_day() == 9 * h);
    // Tue 2026-11-24 09:00-18:00 is 9 h.
    CHECK(cal.working_seconds(t("2026-11-24T00:00:00+08:00"), t("2026-11-25T00:00:00+08:00")) ==
          9 * h);
    CHECK(Calendar::from_config(config("{}")).zone().name() == "UTC");
    CHECK(Calendar().business_day() == 9 * h); // default-constructed: Mon-Fri 09-18 UTC
}

TEST_CASE("a clock across a weekend") {
    const auto cal = calendar_of(shanghai);
    // Fri 2026-11-27 16:00 -> Mon 11-30 11:00: Fri 16-18 (2 h) + Mon 09-11 (2 h) = 4 h.
    const auto fri = t("2026-11-27T16:00:00+08:00");
    CHECK(cal.working_seconds(fri, t("2026-11-30T11:00:00+08:00")) == 4 * h);
    CHECK(cal.add_working(fri, 4 * h) == t("2026-11-30T11:00:00+08:00"));
    // 2 h from Fri 16:00 ends exactly at Fri 18:00, the end of the window, not Mon 09:00.
    CHECK(cal.add_working(fri, 2 * h) == t("2026-11-27T18:00:00+08:00"));
    // One second more is the first second of Monday: 09:00:01.
    CHECK(cal.add_working(fri, 2 * h + 1) == t("2026-11-30T09:00:01+08:00"));
    // The weekend itself counts nothing.
    CHECK(cal.working_seconds(t("2026-11-28T00:00:00+08:00"), t("2026-11-30T00:00:00+08:00")) == 0);
    CHECK(cal.working_seconds(fri, fri) == 0);
    CHECK(cal.working_seconds(fri + h, fri) == 0);
    CHECK(cal.add_working(fri, 0) == fri);
}

TEST_CASE("add_working from outside the working hours") {
    const auto cal = calendar_of(shanghai);
    // Tue 07:00 + 1 h: the day starts at 09:00, so 10:00.
    CHECK(cal.add_working(t("2026-11-24T07:00:00+08:00"), h) == t("2026-11-24T10:00:00+08:00"));
    // Tue 20:00 + 1 h: Wed 09:00 + 1 h = 10:00.
    CHECK(cal.add_working(t("2026-11-24T20:00:00+08:00"), h) == t("2026-11-25T10:00:00+08:00"));
    // Sat 10:00 + 30 min: Mon 09:30.
    CHECK(cal.add_working(t("2026-11-28T10:00:00+08:00"), 30 * m) ==
          t("2026-11-30T09:30:00+08:00"));
    // 0 seconds from outside the hours is the start itself, not the next window.
    CHECK(cal.add_working(t("2026-11-28T10:00:00+08:00"), 0) == t("2026-11-28T10:00:00+08:00"));
}

TEST_CASE("windows with a lunch break") {
    const auto cal = calendar_of(lunch_break);
    CHECK(cal.business_day() == 8 * h); // 3 h + 5 h
    // Tue 10:00 -> 14:00: 10-12 (2 h) + 13-14 (1 h) = 3 h; the lunch hour does not count.
    CHECK(cal.working_seconds(t("2026-11-24T10:00:00+08:00"), t("2026-11-24T14:00:00+08:00")) ==
          3 * h);
    // Inside the break both ends count the same.
    CHECK(cal.working_seconds(t("2026-11-24T12:10:00+08:00"), t("2026-11-24T12:50:00+08:00")) == 0);
    // Tue 11:00 + 1 h lands on the morning's end, 12:00 (the earliest instant), not 13:00.
    CHECK(cal.add_working(t("2026-11-24T11:00:00+08:00"), h) == t("2026-11-24T12:00:00+08:00"));
    CHECK(cal.add_working(t("2026-11-24T11:00:00+08:00"), h + 1) == t("2026-11-24T13:00:01+08:00"));
    // From inside the break: 12:30 + 30 min = 13:30.
    CHECK(cal.add_working(t("2026-11-24T12:30:00+08:00"), 30 * m) ==
          t("2026-11-24T13:30:00+08:00"));
}

TEST_CASE("a clock across a holiday range and a make-up Saturday") {
    const auto cal = calendar_of(lunch_break);
    // Wed 09-30 17:00 + 2 h: 17-18 (1 h); Oct 1-7 are holidays; Thu 10-08 09:00 + 1 h = 10:00.
    const auto before = t("2026-09-30T17:00:00+08:00");
    CHECK(cal.add_working(before, 2 * h) == t("2026-10-08T10:00:00+08:00"));
    CHECK(cal.working_seconds(before, t("2026-10-08T10:00:00+08:00")) == 2 * h);
    // The whole holiday week, Thu 10-01 00:00 to Thu 10-08 00:00, counts nothing.
    CHECK(cal.working_seconds(t("2026-10-01T00:00:00+08:00"), t("2026-10-08T00:00:00+08:00")) == 0);
    // Fri 10-09 17:00 -> Mon 10-12 10:00: Fri 1 h + Sat 10-10 (a make-up workday with
    // Monday's hours, 8 h) + Mon 1 h = 10 h.
    CHECK(cal.working_seconds(t("2026-10-09T17:00:00+08:00"), t("2026-10-12T10:00:00+08:00")) ==
          10 * h);
    // Fri 17:00 + 1 bd (8 h): Fri 17-18 (1 h), Sat 09-12 (3 h), 13-17 (4 h) = Sat 17:00.
    CHECK(cal.after(t("2026-10-09T17:00:00+08:00"), parse_duration("1bd")) ==
          t("2026-10-10T17:00:00+08:00"));
    // A single-day holiday: Fri 2026-12-25 counts nothing; Thu 17:00 + 2 h = Mon 12-28 10:00.
    CHECK(cal.add_working(t("2026-12-24T17:00:00+08:00"), 2 * h) == t("2026-12-28T10:00:00+08:00"));
}

TEST_CASE("length, after and elapsed follow the duration's kind") {
    const auto cal = calendar_of(lunch_break);
    const auto fri = t("2026-11-27T16:00:00+08:00");
    CHECK(cal.length(parse_duration("1bd")) == 8 * h);
    CHECK(cal.length(parse_duration("1bd4bh")) == 12 * h);
    CHECK(cal.length(parse_duration("2h")) == 2 * h);
    // 4 bh from Fri 16:00: Fri 16-18 (2 h) + Mon 09-11 (2 h) = Mon 11:00.
    CHECK(cal.after(fri, parse_duration("4bh")) == t("2026-11-30T11:00:00+08:00"));
    // 4 h of real time is 20:00 the same Friday.
    CHECK(cal.after(fri, parse_duration("4h")) == t("2026-11-27T20:00:00+08:00"));
    // Fri 16:00 -> Mon 11:00 is 67 h of real time, 4 h of working time.
    const auto mon = t("2026-11-30T11:00:00+08:00");
    CHECK(cal.elapsed(fri, mon, parse_duration("1h")) == 67 * h);
    CHECK(cal.elapsed(fri, mon, parse_duration("1bh")) == 4 * h);
    CHECK(cal.elapsed(mon, fri, parse_duration("1h")) == 0);
}

TEST_CASE("Berlin's change to summer time: 09:00-18:00 stays 9 h, 00:00-24:00 is 23 h") {
    const auto office = calendar_of(berlin);
    // Sun 2026-03-29 09:00 CEST (07:00Z) to 18:00 CEST (16:00Z): 9 h.
    CHECK(office.working_seconds(t("2026-03-29T00:00:00+01:00"), t("2026-03-30T00:00:00+02:00")) ==
          9 * h);
    // Sat 17:00 CET + 2 h: Sat 17-18 (1 h), Sun 09:00 CEST + 1 h = 10:00 CEST (08:00Z).
    CHECK(office.add_working(t("2026-03-28T17:00:00+01:00"), 2 * h) ==
          t("2026-03-29T10:00:00+02:00"));
    const auto clock = calendar_of(berlin, "round-the-clock");
    // 03-29 00:00 CET (03-28 23:00Z) to 03-30 00:00 CEST (03-29 22:00Z): 23 h.
    CHECK(clock.working_seconds(t("2026-03-29T00:00:00+01:00"), t("2026-03-30T00:00:00+02:00")) ==
          23 * h);
    // Round the clock, working time is real time, across the change too: 48 h.
    CHECK(clock.working_seconds(t("2026-03-28T12:00:00Z"), t("2026-03-30T12:00:00Z")) == 48 * h);
    CHECK(clock.add_working(t("2026-03-28T12:00:00Z"), 100 * h) == t("2026-04-01T16:00:00Z"));
    CHECK(clock.business_day() == 24 * h);
}

TEST_CASE("Berlin's change back to winter time: 09:00-18:00 stays 9 h, 00:00-24:00 is 25 h") {
    const auto office = calendar_of(berlin);
    // Sun 2026-10-25 09:00 CET (08:00Z) to 18:00 CET (17:00Z): 9 h.
    CHECK(office.working_seconds(t("2026-10-25T00:00:00+02:00"), t("2026-10-26T00:00:00+01:00")) ==
          9 * h);
    // Sat 10-24 17:00 CEST (15:00Z) + 2 h: 1 h Saturday, then Sun 09:00 CET + 1 h = 09:00Z.
    CHECK(office.add_working(t("2026-10-24T17:00:00+02:00"), 2 * h) ==
          t("2026-10-25T10:00:00+01:00"));
    const auto clock = calendar_of(berlin, "round-the-clock");
    // 10-25 00:00 CEST (10-24 22:00Z) to 10-26 00:00 CET (10-25 23:00Z): 25 h.
    CHECK(clock.working_seconds(t("2026-10-25T00:00:00+02:00"), t("2026-10-26T00:00:00+01:00")) ==
          25 * h);
    const auto days = clock.days("2026-10-24", "2026-10-26");
    REQUIRE(days.size() == 3);
    CHECK(days[0].working == 24 * h);
    CHECK(days[1].working == 25 * h);
    CHECK(days[2].working == 24 * h);
    REQUIRE(days[1].windows.size() == 1);
    CHECK(days[1].windows[0].from == t("2026-10-24T22:00:00Z"));
    CHECK(days[1].windows[0].to == t("2026-10-25T23:00:00Z"));
}

TEST_CASE("a window that starts in the skipped hour starts when the clocks say so") {
    const auto cal = calendar_of(R"(
timezone: Europe/Berlin
calendar:
  hours: {sun: ["00:00-02:30", "02:30-03:00", "03:00-05:00"]}
)");
    // 2026-03-29: 00:00 CET (03-28 23:00Z) to 02:30, read at +01:00, is 01:30Z (03:30 CEST);
    // 02:30-03:00 is 01:30Z-01:00Z: nothing; 03:00-05:00 CEST is 01:00Z-03:00Z, clipped to
    // 01:30Z-03:00Z. In all 23:00Z to 03:00Z: 4 h, the wall clock's 00:00 to 05:00 less the
    // skipped hour.
    const auto days = cal.days("2026-03-29", "2026-03-29");
    REQUIRE(days.size() == 1);
    CHECK(days[0].working == 4 * h);
    REQUIRE(days[0].windows.size() == 2);
    CHECK(days[0].windows[0].to == days[0].windows[1].from);
}

TEST_CASE("a zone with no summer time: Asia/Shanghai in March and October is the same") {
    const auto cal = calendar_of(shanghai);
    // Mon 2026-03-30 09:00+08:00 is 01:00Z, 18:00 is 10:00Z, as on any other Monday.
    const auto days = cal.days("2026-03-30", "2026-03-30");
    REQUIRE(days[0].windows.size() == 1);
    CHECK(days[0].windows[0].from == t("2026-03-30T01:00:00Z"));
    CHECK(days[0].windows[0].to == t("2026-03-30T10:00:00Z"));
}

TEST_CASE("days(): a week with a holiday range and a make-up workday") {
    const auto cal = calendar_of(lunch_break);
    const auto days = cal.days("2026-10-05", "2026-10-11");
    REQUIRE(days.size() == 7);
    const char* dates[] = {"2026-10-05", "2026-10-06", "2026-10-07", "2026-10-08",
                           "2026-10-09", "2026-10-10", "2026-10-11"};
    const char* why[] = {"holiday: National Day",
                         "holiday: National Day",
                         "holiday: National Day",
                         "",
                         "",
                         "workday: make-up for National Day",
                         "weekend"};
    const std::int64_t working[] = {0, 0, 0, 8 * h, 8 * h, 8 * h, 0};
    for (std::size_t i = 0; i < 7; ++i) {
        CAPTURE(i);
        CHECK(days[i].date == dates[i]);
        CHECK(days[i].weekday == static_cast<int>(i)); // Monday first
        CHECK(days[i].why == why[i]);
        CHECK(days[i].working == working[i]);
        CHECK(days[i].windows.size() == (working[i] ? 2u : 0u));
    }
    // Sat 10-10 09:00-12:00 +08:00 is 01:00Z-04:00Z.
    CHECK(days[5].windows[0].from == t("2026-10-10T01:00:00Z"));
    CHECK(days[5].windows[0].to == t("2026-10-10T04:00:00Z"));
    CHECK(cal.days("2026-12-25", "2026-12-25")[0].why == "holiday");
    CHECK(cal.days("2026-10-11", "2026-10-05").empty());
}

TEST_CASE("named calendars take what they leave out from `calendar`; teams pick them") {
    const Calendars all(config(lunch_break));
    CHECK(all.get("").name() == "default");
    CHECK(all.get("default").name() == "default");
    const auto& ops = all.of_team("ops");
    CHECK(ops.name() == "ops-24x7");
    CHECK(&ops == &all.get("ops-24x7")); // built once
    CHECK(all.of_team("support").name() == "default");
    CHECK(all.of_team("nobody").name() == "default");
    CHECK(ops.zone().name() == "Asia/Shanghai"); // the top-level timezone
    // The holidays are the default calendar's: Oct 1 is off even round the clock.
    CHECK(ops.days("2026-10-01", "2026-10-01")[0].working == 0);
    // Sat 2026-11-28: 24 h.
    CHECK(ops.days("2026-11-28", "2026-11-28")[0].working == 24 * h);
    CHECK_THROWS_AS(all.get("nights"), sop::InvalidError);
}

TEST_CASE("an extra working day without hours borrows the first weekday's that has some") {
    const auto cal = calendar_of(R"(
calendar:
  hours: {wed: ["10:00-11:00"], thu: ["09:00-18:00"]}
  workdays: ["2026-11-28"]
)");
    // Wednesday comes first: Sat 2026-11-28 10:00-11:00 UTC, 1 h.
    const auto days = cal.days("2026-11-28", "2026-11-28");
    CHECK(days[0].working == h);
    CHECK(days[0].why == "workday");
    CHECK(cal.business_day() == 9 * h); // the longest weekday, Thursday
}

TEST_CASE("the table grows both ways and agrees with the days it is made of") {
    const auto cal = calendar_of(lunch_break);
    // Warm it in 2026, then ask about 2020 and 2031: the same answers as a fresh calendar.
    CHECK(cal.working_seconds(t("2026-11-24T10:00:00+08:00"), t("2026-11-24T11:00:00+08:00")) == h);
    const auto a = t("2020-01-06T00:00:00+08:00"), b = t("2031-01-06T00:00:00+08:00");
    const auto fresh = calendar_of(lunch_break);
    CHECK(cal.working_seconds(a, b) == fresh.working_seconds(a, b));
    // The week of Mon 2020-01-06: 5 days x 8 h = 40 h.
    CHECK(cal.working_seconds(a, a + 7 * 24 * h) == 40 * h);
    std::int64_t total = 0;
    for (const auto& d : cal.days("2025-01-01", "2025-12-31"))
        total += d.working;
    // 2025 starts on a Wednesday: 52 weeks and one Wednesday, 52 x 5 + 1 = 261 weekdays, and
    // no holidays (the list's are in 2026): 261 x 8 h.
    CHECK(total == 261 * 8 * h);
    CHECK(cal.working_seconds(t("2025-01-01T00:00:00+08:00"), t("2026-01-01T00:00:00+08:00")) ==
          total);
    // Pseudo-random starts and amounts: add_working and working_seconds undo each other.
    std::uint64_t x = 12345;
    for (int i = 0; i < 200; ++i) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        const auto from = a + static_cast<std::int64_t>(x >> 35) % (b - a);
        const auto s = static_cast<std::int64_t>(x >> 20) % (400 * h);
        const auto end = cal.add_working(from, s);
        CHECK(cal.working_seconds(from, end) == s);
        if (s > 0) CHECK(cal.working_seconds(from, end - 1) == s - 1); // the earliest instant
    }
}

TEST_CASE("a calendar without working time is refused") {
    const char* idle = "calendar:\n  hours: {}\n";
    // Built unchecked it counts nothing, and a search for working time gives up.
    const auto cal = calendar_of(idle);
    CHECK(cal.working_seconds(t("2026-01-01T00:00:00Z"), t("2027-01-01T00:00:00Z")) == 0);
    CHECK_THROWS_AS(cal.add_working(t("2026-01-01T00:00:00Z"), h), sop::InvalidError);
    CHECK(error_of(idle, {}, t("2026-11-24T09:30:00Z")) ==
          ".sop/config.yaml: calendar: no working time in the year from 2026-11-24");
    // A year of holidays (two ranges) leaves nothing either.
    CHECK(error_of("calendar:\n  holidays: [2026-11-01..2027-06-30, 2027-07-01..2027-12-31]\n", {},
                   t("2026-11-24T09:30:00Z"))
              .find("no working time") != std::string::npos);
}

TEST_CASE("config errors name the key") {
    CHECK(error_of("calendar:\n  holidays: [2026-10-01]\n  workdays: [2026-10-01]\n") ==
          ".sop/config.yaml: calendar.workdays[0]: 2026-10-01 is also a holiday "
          "(calendar.holidays[0])");
    CHECK(error_of("calendar:\n  hours: {mon: [\"09:00-12:00\", \"11:00-13:00\"]}\n") ==
          ".sop/config.yaml: calendar.hours.mon[1]: '11:00-13:00' starts before the window "
          "before it ends");
    CHECK(error_of("calendar:\n  hours: {mon: [\"13:00-18:00\", \"09:00-12:00\"]}\n")
              .find("calendar.hours.mon[1]") != std::string::npos);
    CHECK(error_of("calendar:\n  hours: {mon: [\"9:00-12:00\"]}\n") ==
          ".sop/config.yaml: calendar.hours.mon[0]: '9:00-12:00' is not a window");
    CHECK(error_of("calendar:\n  hours: {mon: [\"12:00-09:00\"]}\n") ==
          ".sop/config.yaml: calendar.hours.mon[0]: '12:00-09:00' ends before it starts");
    CHECK(error_of("calendar:\n  hours: {mon: [\"24:00-24:00\"]}\n").find("is not a window") !=
          std::string::npos);
    CHECK(error_of("calendar:\n  hours: {monday: []}\n") ==
          ".sop/config.yaml: calendar.hours.monday: is not a weekday");
    CHECK(error_of("calendar:\n  holidays: [a, 2026-02-30]\n") ==
          ".sop/config.yaml: calendar.holidays[0]: 'a' is not a date");
    CHECK(error_of("calendar:\n  holidays: [2026-10-07..2026-10-01]\n") ==
          ".sop/config.yaml: calendar.holidays[0]: 2026-10-01 comes before 2026-10-07");
    CHECK(error_of("calendar:\n  holidays: [{from: 2026-10-01, to: 2026-13-01}]\n") ==
          ".sop/config.yaml: calendar.holidays[0].to: '2026-13-01' is not a date");
    CHECK(error_of("timezone: Mars/Olympus\n") ==
          ".sop/config.yaml: timezone: unknown time zone 'Mars/Olympus'");
    CHECK(error_of("calendar: {timezone: ../../etc/passwd}\n") ==
          ".sop/config.yaml: calendar.timezone: unknown time zone '../../etc/passwd'");
    CHECK(error_of("calendars: {ops: {hours: {sun: [x]}}}\n", "ops") ==
          ".sop/config.yaml: calendars.ops.hours.sun[0]: 'x' is not a window");
    CHECK(error_of("calendars: {ops: {}}\n", "nights") == ".sop/config.yaml: no calendar 'nights'");
    CHECK(error_of("calendar:\n  hours: {}\n  workdays: [2026-11-28]\n") ==
          ".sop/config.yaml: calendar.workdays[0]: has no hours, and no weekday has hours to "
          "lend it");
    CHECK(error_of("calendar:\n  workdays: [2026-11-28]\ncalendars: {idle: {hours: {}}}\n",
                   "idle") == ".sop/config.yaml: calendar.workdays[0]: has no hours, and no "
                              "weekday of calendars.idle (which takes the day from "
                              "calendar.workdays) has hours to lend it");
}

TEST_CASE("check_config: every calendar has working time, every team's calendar exists") {
    const auto now = t("2026-11-24T09:30:00+08:00");
    CHECK_NOTHROW(sop::calendar::check_config(config(lunch_break), now));
    CHECK_NOTHROW(sop::calendar::check_config(config("version: 1\n"), now));
    const auto message = [&](const char* text) {
        try {
            sop::calendar::check_config(config(text), now);
        } catch (const sop::InvalidError& e) {
            return std::string(e.what()) + " | " + e.hint();
        }
        return std::string("(no error)");
    };
    CHECK(message("calendars: {ops: {}}\nteams: [{name: a}, {name: b, calendar: nights}]\n") ==
          ".sop/config.yaml: teams[1].calendar: no calendar 'nights' | define calendars.nights, "
          "or use one of: default, ops");
    CHECK(message("calendars: {idle: {hours: {}}}\n") ==
          ".sop/config.yaml: calendars.idle: no working time in the year from 2026-11-24 | give "
          "it working hours (calendars.idle.hours or calendars.idle.workdays), or fewer holidays");
    CHECK(message("calendars: {default: {}}\n").find("calendars.default") != std::string::npos);
    CHECK(message("teams: [{name: a, calendar: default}]\n") == "(no error)");
}
