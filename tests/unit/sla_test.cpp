// SLA clocks (sla/clocks.hpp) with expectations computed by hand: the arithmetic is in the
// comments. Tickets are built as documents and go through the cache's marks, as in `sop sla`.
#include "sla/clocks.hpp"
#include "sla/view.hpp"
#include "ticket/summary.hpp"
#include "util/error.hpp"
#include "util/time.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace sop;
using sop::yaml::Json;

namespace {

std::int64_t t(const char* rfc3339) {
    return util::parse_rfc3339(rfc3339)->seconds;
}

constexpr std::int64_t H = 3600, M = 60;

// Asia/Shanghai, Monday to Friday 09:00-12:00 and 13:00-18:00 (8 working hours a day), New
// Year's Eve and Day off, and Saturday 2027-02-20 a make-up workday.
Json shanghai() {
    return Json::parse(R"({
      "version": 1, "timezone": "Asia/Shanghai",
      "calendar": {
        "hours": {"mon": ["09:00-12:00", "13:00-18:00"], "tue": ["09:00-12:00", "13:00-18:00"],
                  "wed": ["09:00-12:00", "13:00-18:00"], "thu": ["09:00-12:00", "13:00-18:00"],
                  "fri": ["09:00-12:00", "13:00-18:00"]},
        "holidays": [{"from": "2026-12-31", "to": "2027-01-01", "name": "New Year"}],
        "workdays": ["2027-02-20"]
      }
    })");
}

// Europe/Berlin, Monday to Friday 09:00-17:00.
Json berlin() {
    return Json::parse(R"({
      "version": 1, "timezone": "Europe/Berlin",
      "calendar": {"hours": {"mon": ["09:00-17:00"], "tue": ["09:00-17:00"],
                             "wed": ["09:00-17:00"], "thu": ["09:00-17:00"],
                             "fri": ["09:00-17:00"]}}
    })");
}

struct Ticket {
    Json doc;
    Ticket(const char* received, const char* channel, int level = 0) {
        doc = {{"id", "T-AAAAAAAAAAAA"},  {"title", "t"},
               {"state", "new"},          {"channel", channel},
               {"received_at", received}, {"events", Json::array()}};
        if (level) doc["level"] = level;
        event(received, "new", "", "new");
    }
    Ticket& event(const char* at, const char* action, const char* from = "", const char* to = "",
                  Json extra = Json::object()) {
        Json e = {{"at", at}, {"by", "Ann Lee <ann@example.com>"}, {"action", action}};
        if (*from) e["from"] = from;
        if (*to) {
            e["to"] = to;
            doc["state"] = to;
        }
        for (auto& [k, v] : extra.items())
            e[k] = v;
        if (e.contains("level")) doc["level"] = e["level"];
        doc["events"].push_back(e);
        return *this;
    }
    std::vector<sla::Clock> clocks(const Json& cfg, const char* at) const {
        return sla::clocks(sla::from_summary(ticket::summarize(doc)), sla::Settings(cfg), t(at));
    }
};

const sla::Clock& find(const std::vector<sla::Clock>& cs, const std::string& name) {
    for (const auto& c : cs)
        if (c.name == name) return c;
    FAIL("no clock " << name);
    return cs.front();
}

} // namespace

TEST_CASE("marks keep the instants, states and kept keys of the events") {
    Ticket k("2026-11-30T09:00:00+08:00", "email");
    k.event("2026-11-30T09:30:00+08:00", "wait", "new", "pending",
            {{"on", "customer"}, {"note", "a, b; c=d"}});
    const auto r = sla::from_summary(ticket::summarize(k.doc));
    REQUIRE(r.events.size() == 2);
    CHECK(r.events[1].at == t("2026-11-30T01:30:00Z"));
    CHECK(r.events[1].offset_minutes == 480);
    CHECK(r.events[1].action == "wait");
    CHECK(r.events[1].from == "new");
    CHECK(r.events[1].to == "pending");
    CHECK(r.events[1].get("on") == "customer");
    CHECK(r.events[1].get("note").empty()); // texts are not kept
}

TEST_CASE("an e-mail answered across a weekend") {
    // Received Friday 2026-11-27 16:00; 1bd = 8 working hours: Friday 16:00-18:00 is 2 h,
    // Monday 09:00-12:00 3 h (5 h), 13:00-16:00 3 h (8 h): due Monday 2026-11-30 16:00.
    Ticket k("2026-11-27T16:00:00+08:00", "email");
    auto running = find(k.clocks(shanghai(), "2026-11-30T10:00:00+08:00"), "response");
    CHECK(running.running());
    CHECK(running.target_length == 8 * H);
    CHECK(running.elapsed == 3 * H); // Friday 2 h + Monday 09:00-10:00
    CHECK(*running.due == t("2026-11-30T16:00:00+08:00"));
    CHECK(running.status == sla::Status::ok);

    // At Monday 17:00 without a response: 2 + 3 + 4 = 9 h used, one hour over.
    auto late = find(k.clocks(shanghai(), "2026-11-30T17:00:00+08:00"), "response");
    CHECK(late.status == sla::Status::breached);
    CHECK(late.remaining() == -1 * H);
    CHECK(*late.due == t("2026-11-30T16:00:00+08:00"));

    // A response at Monday 15:00 used 2 + 3 + 2 = 7 h: met.
    k.event("2026-11-30T15:00:00+08:00", "respond", "", "", {{"first", true}});
    auto met = find(k.clocks(shanghai(), "2026-12-01T12:00:00+08:00"), "response");
    CHECK_FALSE(met.running());
    CHECK(met.elapsed == 7 * H);
    CHECK(met.status == sla::Status::ok);
    CHECK_FALSE(sla::listed(met, sla::Settings(shanghai()), t("2026-12-01T12:00:00+08:00")));
}

TEST_CASE("a resolution clock across a holiday") {
    // Level 2 = 3bd = 24 h. Received Wednesday 2026-12-30 17:00: 1 h that day; Thursday 31 and
    // Friday 1 are the New Year holiday, then the weekend; Monday 4: 8 h (9), Tuesday 5: 8 h (17);
    // Wednesday 6: 09:00-12:00 3 h (20), 13:00-17:00 4 h (24): due 2027-01-06 17:00.
    Ticket k("2026-12-30T17:00:00+08:00", "email");
    k.event("2026-12-30T17:05:00+08:00", "triage", "new", "triaged",
            {{"level", 2}, {"team", "ops"}});
    const auto c = find(k.clocks(shanghai(), "2027-01-04T12:00:00+08:00"), "resolution");
    CHECK(c.detail == "level 2");
    CHECK(c.elapsed == 4 * H); // 1 h on the 30th, 3 h on Monday morning
    CHECK(*c.due == t("2027-01-06T17:00:00+08:00"));
}

TEST_CASE("a clock over a make-up workday") {
    // Received Friday 2027-02-19 17:00; 1bd = 8 h: Friday 1 h; Saturday 20 is a workday with
    // Monday's hours: 09:00-12:00 (4 h), 13:00-17:00 (8 h): due Saturday 17:00, not Monday.
    Ticket k("2027-02-19T17:00:00+08:00", "email");
    const auto c = find(k.clocks(shanghai(), "2027-02-19T17:30:00+08:00"), "response");
    CHECK(*c.due == t("2027-02-20T17:00:00+08:00"));
    // At Monday 09:00 it has used 1 + 8 = 9 h: breached by an hour.
    const auto late = find(k.clocks(shanghai(), "2027-02-22T09:00:00+08:00"), "response");
    CHECK(late.elapsed == 9 * H);
    CHECK(late.status == sla::Status::breached);
}

TEST_CASE("clocks across the change to summer time in Berlin") {
    // Business: received Friday 2026-03-27 16:00 CET (15:00Z); 1bd = 8 h: Friday 1 h, Monday
    // 30th 09:00-16:00 CEST (07:00Z-14:00Z) 7 h: due Monday 16:00 CEST = 14:00Z. That is 71
    // real hours after the start, not 72: the night of the 29th lost an hour.
    Ticket mail("2026-03-27T16:00:00+01:00", "email");
    const auto c = find(mail.clocks(berlin(), "2026-03-30T10:00:00+02:00"), "response");
    CHECK(*c.due == t("2026-03-30T14:00:00Z"));
    CHECK(*c.due - c.start == 71 * H);
    CHECK(c.elapsed == 2 * H); // Friday 16:00-17:00, Monday 09:00-10:00
    CHECK(sla::rfc3339(*c.due, sla::Settings(berlin()).calendars.get("").zone()) ==
          "2026-03-30T16:00:00+02:00");

    // Real time: a major incident at Saturday 23:00 CET (22:00Z) has 4 h: due 02:00Z, which is
    // 04:00 CEST on the wall clock (02:00-03:00 does not exist that night).
    Ticket major("2026-03-28T23:00:00+01:00", "phone");
    major.event("2026-03-28T23:00:10+01:00", "triage", "new", "triaged",
                {{"level", 4}, {"team", "ops"}});
    const auto r = find(major.clocks(berlin(), "2026-03-29T01:00:00+01:00"), "resolution");
    CHECK(*r.due == t("2026-03-29T02:00:00Z"));
    CHECK(sla::local_time(*r.due, sla::Settings(berlin()).calendars.get("").zone()) ==
          "2026-03-29 04:00");
    CHECK(r.elapsed == 2 * H);
}

TEST_CASE("the resolution clock pauses while pending on the customer, not on a team") {
    // Level 2 = 24 h from Monday 2026-11-30 09:00. Running 09:00-12:00 (3 h); pending on the
    // customer from Monday 12:00 to Wednesday 10:00 (paused); running Wednesday 10:00-12:00 and
    // 13:00-18:00 (7 h, 10 h); pending on a team Wednesday 15:00 to Thursday 09:00 does not
    // pause; Thursday 8 h (18 h); Friday 09:00-12:00 (21 h) at Friday 12:00. Due: 3 h more,
    // Friday 13:00-16:00.
    Ticket k("2026-11-30T09:00:00+08:00", "chat");
    k.event("2026-11-30T09:01:00+08:00", "triage", "new", "triaged", {{"level", 2}});
    k.event("2026-11-30T09:02:00+08:00", "diagnose", "triaged", "diagnosing");
    k.event("2026-11-30T12:00:00+08:00", "wait", "diagnosing", "pending", {{"on", "customer"}});
    k.event("2026-12-02T10:00:00+08:00", "resume", "pending", "diagnosing");
    k.event("2026-12-02T15:00:00+08:00", "wait", "diagnosing", "pending", {{"on", "team"}});
    k.event("2026-12-03T09:00:00+08:00", "resume", "pending", "diagnosing");
    const auto c = find(k.clocks(shanghai(), "2026-12-04T12:00:00+08:00"), "resolution");
    CHECK(c.elapsed == 21 * H);
    CHECK(*c.due == t("2026-12-04T16:00:00+08:00"));
    REQUIRE(c.segments.size() == 3);
    CHECK(c.segments[0].running);
    CHECK_FALSE(c.segments[1].running);
    CHECK(c.segments[1].why == "pending on the customer");
    CHECK(c.segments[1].from == t("2026-11-30T12:00:00+08:00"));
    CHECK(c.segments[1].to == t("2026-12-02T10:00:00+08:00"));
    CHECK(c.segments[2].running);

    // While paused the clock has no due time and does not move.
    const auto paused = find(k.clocks(shanghai(), "2026-12-01T15:00:00+08:00"), "resolution");
    CHECK(paused.paused);
    CHECK_FALSE(paused.due.has_value());
    CHECK(paused.elapsed == 3 * H);
}

TEST_CASE("a reopen starts a new resolution cycle and keeps the old one") {
    // Level 1 = 1bd = 8 h. Cycle 1: Monday 2026-11-30 09:00 to the answer at 11:00: 2 h, met.
    // Cycle 2 from the reopen Tuesday 09:00: at Wednesday 12:00 it has used Tuesday's 8 h and
    // Wednesday's 3 h = 11 h: breached since Tuesday 18:00.
    Ticket k("2026-11-30T09:00:00+08:00", "email");
    k.event("2026-11-30T09:10:00+08:00", "triage", "new", "triaged", {{"level", 1}});
    k.event("2026-11-30T11:00:00+08:00", "resolve", "triaged", "resolved");
    k.event("2026-12-01T09:00:00+08:00", "reopen", "resolved", "diagnosing");
    const auto cs = k.clocks(shanghai(), "2026-12-02T12:00:00+08:00");
    const auto& one = find(cs, "resolution");
    CHECK_FALSE(one.running());
    CHECK(one.stopped_by == "resolve");
    CHECK(one.elapsed == 2 * H);
    CHECK(one.status == sla::Status::ok);
    const auto& two = find(cs, "resolution#2");
    CHECK(two.cycle == 2);
    CHECK(two.start == t("2026-12-01T09:00:00+08:00"));
    CHECK(two.elapsed == 11 * H);
    CHECK(two.status == sla::Status::breached);
    CHECK(*two.due == t("2026-12-01T18:00:00+08:00"));
    // The direct answer was also the first response: 2 h of the 8 allowed.
    CHECK(find(cs, "response").elapsed == 2 * H);
}

TEST_CASE("warning threshold and the phone's real-time target") {
    // Phone: 30 s of real time; warn at 80 % = 24 s.
    Ticket k("2026-11-28T03:00:00+08:00", "phone"); // a Saturday night: real time still counts
    CHECK(find(k.clocks(shanghai(), "2026-11-28T03:00:20+08:00"), "response").status ==
          sla::Status::ok);
    CHECK(find(k.clocks(shanghai(), "2026-11-28T03:00:24+08:00"), "response").status ==
          sla::Status::warn);
    CHECK(find(k.clocks(shanghai(), "2026-11-28T03:00:30+08:00"), "response").status ==
          sla::Status::warn); // exactly on target is still in time
    CHECK(find(k.clocks(shanghai(), "2026-11-28T03:00:31+08:00"), "response").status ==
          sla::Status::breached);
}

TEST_CASE("major-incident updates every 30 to 60 minutes") {
    // Declared at 10:00; updates at 10:40 (40 min: in time) and 12:00 (80 min: breached); at
    // 12:20 the running gap has used 20 min (ok), at 12:35 35 min (over 30: warn).
    Ticket k("2026-11-30T09:55:00+08:00", "phone");
    k.event("2026-11-30T10:00:00+08:00", "triage", "new", "triaged", {{"level", 4}});
    k.event("2026-11-30T10:40:00+08:00", "respond");
    k.event("2026-11-30T12:00:00+08:00", "respond");
    const auto cs = k.clocks(shanghai(), "2026-11-30T12:20:00+08:00");
    CHECK(find(cs, "update#1").status == sla::Status::ok);
    CHECK(find(cs, "update#1").elapsed == 40 * M);
    CHECK(find(cs, "update#2").status == sla::Status::breached);
    CHECK(find(cs, "update#3").running());
    CHECK(find(cs, "update#3").elapsed == 20 * M);
    CHECK(*find(cs, "update#3").due == t("2026-11-30T13:00:00+08:00"));
    CHECK(find(cs, "update#3").status == sla::Status::ok);
    CHECK(find(k.clocks(shanghai(), "2026-11-30T12:35:00+08:00"), "update#3").status ==
          sla::Status::warn);
    const sla::Settings s(shanghai());
    CHECK(sla::listed(find(cs, "update#2"), s, t("2026-11-30T12:20:00+08:00")));
    CHECK_FALSE(sla::listed(find(cs, "update#1"), s, t("2026-11-30T12:20:00+08:00")));
    CHECK(sla::worst(sla::from_summary(ticket::summarize(k.doc)), s,
                     t("2026-11-30T12:20:00+08:00")) == sla::Status::breached);
}

TEST_CASE("targets come from the config, and bad ones are refused") {
    Json cfg = shanghai();
    cfg["sla"] = {
        {"first_response", {{"email", "4bh"}}}, {"resolution", {{"2", "2d"}}}, {"warn_at", 50}};
    const sla::Settings s(cfg);
    CHECK(s.first_response.at("email").seconds == 4 * H);
    CHECK(s.first_response.at("phone").seconds == 30); // default kept
    CHECK_FALSE(s.resolution.at(2).business);
    CHECK(s.warn_at == 50);
    cfg["sla"] = {{"recent", "2bd"}};
    CHECK_THROWS_AS(sla::Settings{cfg}, InvalidError);
}

TEST_CASE("human durations") {
    CHECK(sla::human(0, false) == "0s");
    CHECK(sla::human(45, false) == "45s");
    CHECK(sla::human(2 * H + 10 * M, false) == "2h 10m");
    CHECK(sla::human(26 * H, false) == "1d 2h");
    CHECK(sla::human(26 * H, true) == "26h");
    CHECK(sla::human(-90 * M, true) == "1h 30m");
}
