#include "calendar/posix_rule.hpp"
#include "calendar/zone.hpp"
#include "fixture.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

#include <doctest/doctest.h>

#include <cstdlib>

using sop::calendar::Zone;
using sop::calendar::detail::PosixRule;
using sop::test::at;

namespace {

std::int64_t utc(const char* rfc3339) {
    return at(rfc3339).seconds;
}
// Seconds since 1970-01-01T00:00 local, from "YYYY-MM-DDTHH:MM:SS" read as if it were UTC.
std::int64_t wall(const std::string& local) {
    return at((local + "Z").c_str()).seconds;
}

// Points TZDIR somewhere for the life of the object.
struct ZoneDir {
    std::string saved;
    bool had = false;
    explicit ZoneDir(const std::filesystem::path& dir) {
        if (const char* d = std::getenv("TZDIR")) saved = d, had = true;
        ::setenv("TZDIR", dir.c_str(), 1);
    }
    ~ZoneDir() {
        if (had)
            ::setenv("TZDIR", saved.c_str(), 1);
        else
            ::unsetenv("TZDIR");
    }
    ZoneDir(const ZoneDir&) = delete;
    ZoneDir& operator=(const ZoneDir&) = delete;
};

void put32(std::string& out, std::int64_t v) {
    for (int shift = 24; shift >= 0; shift -= 8)
        out += static_cast<char>((static_cast<std::uint32_t>(v) >> shift) & 0xff);
}

// A version-1 TZif file: "OLD" +01:00 until `change`, then "NEW" +03:00.
std::string v1_file(std::int64_t change) {
    std::string f = "TZif";
    f += std::string(16, '\0');                         // version 0 and 15 reserved bytes
    for (const std::int64_t count : {0, 0, 0, 1, 2, 8}) // isut, isstd, leap, time, type, char
        put32(f, count);
    put32(f, change);
    f += '\1';
    put32(f, 3600), f += '\0', f += '\0';
    put32(f, 10800), f += '\0', f += '\4';
    f += std::string("OLD\0NEW\0", 8);
    return f;
}

} // namespace

TEST_CASE("UTC needs no zone file") {
    sop::test::TempDir empty;
    const ZoneDir dir(empty.path);
    const auto zone = Zone::load("UTC");
    CHECK(zone->name() == "UTC");
    CHECK(zone->offset_at(utc("2026-07-01T12:00:00Z")) == 0);
    CHECK(zone->to_utc(wall("2026-07-01T12:00:00")) == utc("2026-07-01T12:00:00Z"));
    CHECK_THROWS_AS(Zone::load("Europe/Berlin"), sop::InvalidError); // not in this TZDIR
}

TEST_CASE("zones are loaded once and shared") {
    CHECK(Zone::load("Asia/Shanghai") == Zone::load("Asia/Shanghai"));
}

TEST_CASE("Asia/Shanghai is +08:00 all year") {
    const auto z = Zone::load("Asia/Shanghai");
    CHECK(z->offset_at(utc("2026-01-15T00:00:00Z")) == 8 * 3600);
    CHECK(z->offset_at(utc("2026-07-15T00:00:00Z")) == 8 * 3600);
    CHECK(z->offset_at(utc("2045-07-15T00:00:00Z")) == 8 * 3600); // the footer "CST-8"
    // 09:00 local is 01:00Z
    CHECK(z->to_utc(wall("2026-11-24T09:00:00")) == utc("2026-11-24T01:00:00Z"));
}

TEST_CASE("Europe/Berlin changes at 01:00Z on the last Sundays of March and October") {
    const auto z = Zone::load("Europe/Berlin");
    // 2026-03-29 01:00Z: 02:00 CET becomes 03:00 CEST
    CHECK(z->offset_at(utc("2026-03-29T00:59:59Z")) == 3600);
    CHECK(z->offset_at(utc("2026-03-29T01:00:00Z")) == 7200);
    // 2026-10-25 01:00Z: 03:00 CEST becomes 02:00 CET
    CHECK(z->offset_at(utc("2026-10-25T00:59:59Z")) == 7200);
    CHECK(z->offset_at(utc("2026-10-25T01:00:00Z")) == 3600);
    CHECK(z->offset_at(utc("1970-01-01T00:00:00Z")) == 3600);
}

TEST_CASE("after the file's transitions the footer rule decides (Berlin in 2040)") {
    const auto z = Zone::load("Europe/Berlin");
    // 2040: the last Sunday of March is the 25th, of October the 28th.
    CHECK(z->offset_at(utc("2040-07-01T12:00:00Z")) == 7200);
    CHECK(z->offset_at(utc("2040-12-01T12:00:00Z")) == 3600);
    CHECK(z->offset_at(utc("2040-03-25T00:59:59Z")) == 3600);
    CHECK(z->offset_at(utc("2040-03-25T01:00:00Z")) == 7200);
    CHECK(z->offset_at(utc("2040-10-28T00:59:59Z")) == 7200);
    CHECK(z->offset_at(utc("2040-10-28T01:00:00Z")) == 3600);
    // 12:00 local in July 2040 is 10:00Z
    CHECK(z->to_utc(wall("2040-07-01T12:00:00")) == utc("2040-07-01T10:00:00Z"));
}

TEST_CASE("to_utc: a skipped time takes the offset before the change, a doubled one the earlier") {
    const auto z = Zone::load("Europe/Berlin");
    // 02:30 on 2026-03-29 does not exist: read at +01:00 it is 01:30Z, which is 03:30 CEST.
    CHECK(z->to_utc(wall("2026-03-29T02:30:00")) == utc("2026-03-29T01:30:00Z"));
    CHECK(z->to_utc(wall("2026-03-29T02:00:00")) == utc("2026-03-29T01:00:00Z"));
    CHECK(z->to_utc(wall("2026-03-29T03:00:00")) == utc("2026-03-29T01:00:00Z"));
    CHECK(z->to_utc(wall("2026-03-29T01:59:00")) == utc("2026-03-29T00:59:00Z"));
    // 02:30 on 2026-10-25 happens twice, at +02:00 (00:30Z) and at +01:00 (01:30Z).
    CHECK(z->to_utc(wall("2026-10-25T02:30:00")) == utc("2026-10-25T00:30:00Z"));
    CHECK(z->to_utc(wall("2026-10-25T03:00:00")) == utc("2026-10-25T02:00:00Z"));
    CHECK(z->to_utc(wall("2026-10-25T01:59:59")) == utc("2026-10-24T23:59:59Z"));
    // The same in 2040, from the footer rule: 02:30 on 2040-03-25 is 01:30Z.
    CHECK(z->to_utc(wall("2040-03-25T02:30:00")) == utc("2040-03-25T01:30:00Z"));
    CHECK(z->to_utc(wall("2040-10-28T02:30:00")) == utc("2040-10-28T00:30:00Z"));
}

TEST_CASE("zone names that could leave the zone directory, or name nothing, are refused") {
    for (const char* bad :
         {"", "../etc/passwd", "/etc/localtime", "Europe/../../etc/passwd", "Europe//Berlin",
          "Europe/", "Nowhere/City", "Europe", "Asia/Shang hai"}) {
        CAPTURE(bad);
        try {
            Zone::load(bad);
            FAIL("accepted");
        } catch (const sop::InvalidError& e) {
            CHECK(std::string(e.what()).find("unknown time zone") != std::string::npos);
            CHECK(!e.hint().empty());
        }
    }
}

TEST_CASE("a version-1 file is read from its 32-bit block; a cut file is refused") {
    sop::test::TempDir tz;
    const std::int64_t change = utc("2000-01-01T00:00:00Z");
    sop::util::write_file_atomic(tz.path / "Old", v1_file(change));
    sop::util::write_file_atomic(tz.path / "Cut", v1_file(change).substr(0, 50));
    const ZoneDir dir(tz.path);
    const auto z = Zone::load("Old");
    CHECK(z->offset_at(change - 1) == 3600);
    CHECK(z->offset_at(change) == 10800);
    CHECK(z->offset_at(utc("2040-01-01T00:00:00Z")) == 10800); // no footer: the last offset
    CHECK_THROWS_WITH_AS(Zone::load("Cut"), doctest::Contains("malformed"), sop::InvalidError);
}

TEST_CASE("POSIX TZ strings: M, J and n dates, quoted names, the southern hemisphere") {
    const auto berlin = PosixRule::parse("CET-1CEST,M3.5.0,M10.5.0/3");
    REQUIRE(berlin);
    CHECK(berlin->std_offset == 3600);
    CHECK(berlin->dst_offset == 7200);
    CHECK(berlin->start.time == 7200);
    CHECK(berlin->end.time == 3 * 3600);

    const auto plus8 = PosixRule::parse("<+08>-8");
    REQUIRE(plus8);
    CHECK(!plus8->has_dst);
    CHECK(plus8->offset_at(utc("2030-06-01T00:00:00Z")) == 8 * 3600);
    CHECK(PosixRule::parse("<-03>3")->offset_at(0) == -3 * 3600);

    // Sydney: summer (+11) from the first Sunday of October to the first Sunday of April.
    const auto sydney = PosixRule::parse("AEST-10AEDT,M10.1.0,M4.1.0/3");
    REQUIRE(sydney);
    CHECK(sydney->offset_at(utc("2030-01-15T00:00:00Z")) == 11 * 3600);
    CHECK(sydney->offset_at(utc("2030-07-15T00:00:00Z")) == 10 * 3600);
    CHECK(sydney->offset_at(utc("2030-12-31T20:00:00Z")) == 11 * 3600);

    // J60 is March 1 even in a leap year (Feb 29 is never counted): 2024-03-01 02:00 local
    // (+00:00) is when summer time starts.
    const auto julian = PosixRule::parse("AAA0BBB,J60,J300");
    REQUIRE(julian);
    CHECK(julian->offset_at(utc("2024-03-01T01:59:59Z")) == 0);
    CHECK(julian->offset_at(utc("2024-03-01T02:00:00Z")) == 3600);
    // Zero-based day 59 counts Feb 29 in 2024 (Jan 31 days + 28 = Feb 29).
    const auto zero_based = PosixRule::parse("AAA0BBB,59,300");
    REQUIRE(zero_based);
    CHECK(zero_based->offset_at(utc("2024-02-29T02:00:00Z")) == 3600);
    CHECK(zero_based->offset_at(utc("2023-03-01T01:59:59Z")) == 0); // 2023: day 59 is Mar 1

    // A negative change time (-1: 23:00 the day before) and an explicit summer offset.
    const auto odd = PosixRule::parse("AAA3BBB2,M3.2.0/-1,M11.1.0/26");
    REQUIRE(odd);
    CHECK(odd->dst_offset == -2 * 3600);
    CHECK(odd->start.time == -3600);
    CHECK(odd->end.time == 26 * 3600);

    for (const char* bad : {"", "CET", "CET-1CEST,M13.5.0,M10.5.0", "<+08", "CET-1CEST,M3.5.0",
                            "CET-1CEST,M3.5.0,M10.5.0/3x", "CET-1CEST,M3.0.0,M10.5.0"}) {
        CAPTURE(bad);
        CHECK(!PosixRule::parse(bad));
    }
}
