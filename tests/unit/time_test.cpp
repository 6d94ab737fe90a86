#include "util/error.hpp"
#include "util/time.hpp"

#include <doctest/doctest.h>

#include <cstdlib>

using sop::util::parse_date;
using sop::util::parse_date_or_time;
using sop::util::parse_rfc3339;

TEST_CASE("RFC 3339 parses to an instant and writes back with its offset") {
    const auto t = parse_rfc3339("2026-11-24T09:30:00+08:00");
    REQUIRE(t);
    CHECK(t->seconds == 1795483800);
    CHECK(t->offset_minutes == 480);
    CHECK(t->str() == "2026-11-24T09:30:00+08:00");
    CHECK(t->date() == "2026-11-24");
    CHECK(parse_rfc3339("2026-11-24T01:30:00Z")->str() == "2026-11-24T01:30:00+00:00");
    CHECK(parse_rfc3339("2026-11-24t01:30:00.123z")->seconds == t->seconds);
    CHECK(parse_rfc3339("2026-11-23T20:00:00-05:30")->str() == "2026-11-23T20:00:00-05:30");
    CHECK(*parse_rfc3339("2026-11-24T01:30:00Z") == *parse_rfc3339("2026-11-24T09:30:00+08:00"));
}

TEST_CASE("dates cross months, years and leap days") {
    CHECK(parse_rfc3339("2024-02-29T23:59:59+00:00")->str() == "2024-02-29T23:59:59+00:00");
    CHECK(parse_rfc3339("2026-12-31T23:30:00-01:00")->date() == "2026-12-31");
    CHECK(sop::util::Timestamp{parse_rfc3339("2026-12-31T23:30:00-01:00")->seconds, 0}.date() ==
          "2027-01-01");
    CHECK(parse_rfc3339("1970-01-01T00:00:00Z")->seconds == 0);
    CHECK(parse_rfc3339("1969-12-31T23:59:59Z")->seconds == -1);
    CHECK(parse_date("2026-03-01", 60)->str() == "2026-03-01T00:00:00+01:00");
}

TEST_CASE("malformed times are refused") {
    for (const char* bad :
         {"", "2026-11-24", "2026-11-24T09:30:00", "2026-11-24 09:30:00Z", "2026-13-01T00:00:00Z",
          "2026-02-29T00:00:00Z", "2026-11-31T00:00:00Z", "2026-11-24T24:00:00Z",
          "2026-11-24T09:60:00Z", "2026-11-24T09:30:00+8:00", "2026-11-24T09:30:00+08:00x",
          "2026-11-24T09:30:00.Z", "yesterday"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_rfc3339(bad));
    }
    CHECK(parse_date_or_time("2026-11-24"));
    CHECK_FALSE(parse_date_or_time("2026-11-2"));
}

TEST_CASE("SOP_NOW replaces the clock, and a bad value is invalid data") {
    ::setenv("SOP_NOW", "2026-11-24T09:30:00+08:00", 1);
    CHECK(sop::util::now().str() == "2026-11-24T09:30:00+08:00");
    ::setenv("SOP_NOW", "tomorrow", 1);
    CHECK_THROWS_AS(sop::util::now(), sop::InvalidError);
    ::unsetenv("SOP_NOW");
    CHECK(sop::util::now().seconds > 1700000000);
}
