// sop report (report/*.hpp): periods in a configured zone, the nearest-rank percentile, every
// figure of a month of hand-built tickets against numbers worked out by hand in the comments,
// and the four output formats.
#include "report/figures.hpp"
#include "report/period.hpp"
#include "report/render.hpp"
#include "report/sections.hpp"
#include "report/stats.hpp"
#include "sla/clocks.hpp"
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

const calendar::Zone& zone(const char* name) {
    static std::map<std::string, std::shared_ptr<const calendar::Zone>> zones;
    auto& z = zones[name];
    if (!z) z = calendar::Zone::load(name);
    return *z;
}

constexpr std::int64_t H = 3600;

// Asia/Shanghai, Monday to Friday 09:00-18:00: 9 working hours a day, 1bd = 9h.
Json shanghai() {
    return Json::parse(R"({
      "version": 1, "timezone": "Asia/Shanghai",
      "calendar": {"hours": {"mon": ["09:00-18:00"], "tue": ["09:00-18:00"],
                             "wed": ["09:00-18:00"], "thu": ["09:00-18:00"],
                             "fri": ["09:00-18:00"]}}
    })");
}

// A ticket document built event by event, read back the way `sop report` reads it: through
// the cache's summary and marks.
struct Ticket {
    Json doc;
    Ticket(const char* id, const char* received, const char* channel) {
        doc = {{"id", id},
               {"title", "t"},
               {"state", "new"},
               {"channel", channel},
               {"received_at", received},
               {"events", Json::array()}};
        event(received, "new", "", "new");
    }
    Ticket& set(const char* key, Json v) {
        doc[key] = std::move(v);
        return *this;
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
        if (e.contains("team") && (e["action"] == "triage" || e["action"] == "route"))
            doc["team"] = e["team"];
        doc["events"].push_back(e);
        return *this;
    }
    Ticket& triage(const char* at, const char* type, int level, const char* team = "") {
        Json extra = {{"type", type}, {"level", level}, {"category", "software"}};
        if (*team) extra["team"] = team;
        doc["type"] = type;
        doc["category"] = "software";
        return event(at, "triage", "new", "triaged", extra);
    }
    sla::Record record() const { return sla::from_summary(ticket::summarize(doc)); }
};

// The month of tickets of the figures below (November 2026; 11-02 is a Monday).
std::vector<sla::Record> november() {
    std::vector<Ticket> ts;
    // A: phone, answered in 20 s, resolved directly at 10:30 (30 min of working time), surveyed
    // 5/4/5, closed: first-contact resolution.
    ts.emplace_back("T-AAAAAAAAAAAA", "2026-11-02T10:00:00+08:00", "phone");
    ts.back()
        .triage("2026-11-02T10:00:10+08:00", "consultation", 1, "support")
        .event("2026-11-02T10:00:20+08:00", "respond", "", "", {{"first", true}, {"via", "phone"}})
        .event("2026-11-02T10:30:00+08:00", "resolve", "triaged", "resolved")
        .event("2026-11-02T10:40:00+08:00", "survey", "", "",
               {{"speed", 5}, {"quality", 4}, {"attitude", 5}})
        .event("2026-11-02T11:00:00+08:00", "close", "resolved", "closed");
    // B: chat, answered after 5 min (target 2 min: breached), pending on the customer from Tue
    // 10:00 to Wed 10:00, resolved Wed 15:00: 1h + 5h = 6h of working time. Reopened Tue 11-10
    // 09:00, resolved again 13:00: 4h. A survey without scores.
    ts.emplace_back("T-BBBBBBBBBBBB", "2026-11-03T09:00:00+08:00", "chat");
    ts.back()
        .triage("2026-11-03T09:01:00+08:00", "fault", 2, "ops")
        .event("2026-11-03T09:05:00+08:00", "respond", "", "", {{"first", true}})
        .event("2026-11-03T09:10:00+08:00", "diagnose", "triaged", "diagnosing")
        .event("2026-11-03T10:00:00+08:00", "wait", "diagnosing", "pending", {{"on", "customer"}})
        .event("2026-11-04T10:00:00+08:00", "resume", "pending", "diagnosing")
        .event("2026-11-04T11:00:00+08:00", "plan", "diagnosing", "planned")
        .event("2026-11-04T12:00:00+08:00", "implement", "planned", "implementing")
        .event("2026-11-04T15:00:00+08:00", "verify", "implementing", "resolved",
               {{"result", "pass"}})
        .event("2026-11-04T16:00:00+08:00", "survey", "", "", {{"none", "unreachable"}})
        .event("2026-11-10T09:00:00+08:00", "reopen", "resolved", "diagnosing")
        .event("2026-11-10T10:00:00+08:00", "plan", "diagnosing", "planned")
        .event("2026-11-10T11:00:00+08:00", "implement", "planned", "implementing")
        .event("2026-11-10T13:00:00+08:00", "verify", "implementing", "resolved",
               {{"result", "pass"}})
        .event("2026-11-10T14:00:00+08:00", "link", "", "", {{"kb", "KB-0001"}});
    // C: email received Fri 17:00, answered Mon 10:00 (1h + 1h = 2h of 9h: met), resolved Thu
    // 11-12 12:00: Fri 1h + Mon, Tue, Wed 9h each + Thu 3h = 31h. Two collaboration requests:
    // to ops (acknowledged after 4 working hours: on time), to hardware (never: late).
    ts.emplace_back("T-CCCCCCCCCCCC", "2026-11-06T17:00:00+08:00", "email");
    ts.back()
        .triage("2026-11-06T17:30:00+08:00", "fault", 3, "rnd")
        .event("2026-11-09T10:00:00+08:00", "respond", "", "", {{"first", true}})
        .event("2026-11-09T10:30:00+08:00", "diagnose", "triaged", "diagnosing")
        .event("2026-11-09T11:00:00+08:00", "collab-request", "", "", {{"n", 1}, {"team", "ops"}})
        .event("2026-11-09T15:00:00+08:00", "collab-ack", "", "", {{"n", 1}})
        .event("2026-11-10T09:00:00+08:00", "collab-request", "", "",
               {{"n", 2}, {"team", "hardware"}})
        .event("2026-11-11T09:00:00+08:00", "plan", "diagnosing", "planned")
        .event("2026-11-11T10:00:00+08:00", "implement", "planned", "implementing")
        .event("2026-11-12T12:00:00+08:00", "verify", "implementing", "resolved",
               {{"result", "pass"}})
        .event("2026-11-12T13:00:00+08:00", "link", "", "", {{"kb", "KB-0002"}});
    // D: email, cancelled two hours in without an answer: no response outcome.
    ts.emplace_back("T-DDDDDDDDDDDD", "2026-11-20T09:00:00+08:00", "email");
    ts.back()
        .triage("2026-11-20T09:30:00+08:00", "requirement", 2, "ops")
        .event("2026-11-20T11:00:00+08:00", "cancel", "triaged", "cancelled");
    // E: chat received Mon 11-30 23:00, untriaged, unanswered at the report instant: breached.
    ts.emplace_back("T-EEEEEEEEEEEE", "2026-11-30T23:00:00+08:00", "chat");
    // I: a major incident: phone at 08:00, answered in 10 s, declared by its level-4 triage at
    // 08:05, mitigated at 09:05 (1h), incident resolved 11:05 (3h), ticket resolved 11:30
    // (working time 09:00-11:30 = 2.5h), reviewed the next day (within 3bd). Surveyed 3/3/4.
    ts.emplace_back("T-IIIIIIIIIIII", "2026-11-16T08:00:00+08:00", "phone");
    ts.back()
        .event("2026-11-16T08:00:10+08:00", "respond", "", "", {{"first", true}})
        .triage("2026-11-16T08:05:00+08:00", "fault", 4, "ops")
        .event("2026-11-16T08:10:00+08:00", "diagnose", "triaged", "diagnosing")
        .event("2026-11-16T09:05:00+08:00", "incident-mitigate")
        .event("2026-11-16T11:05:00+08:00", "incident-resolve")
        .event("2026-11-16T11:10:00+08:00", "plan", "diagnosing", "planned")
        .event("2026-11-16T11:20:00+08:00", "implement", "planned", "implementing")
        .event("2026-11-16T11:30:00+08:00", "verify", "implementing", "resolved",
               {{"result", "pass"}})
        .event("2026-11-16T12:00:00+08:00", "link", "", "", {{"kb", "KB-0001"}})
        .event("2026-11-16T12:30:00+08:00", "survey", "", "",
               {{"speed", 3}, {"quality", 3}, {"attitude", 4}})
        .event("2026-11-17T10:00:00+08:00", "incident-review");
    // F: received in October, still open: only in the backlog (47 days old).
    ts.emplace_back("T-FFFFFFFFFFFF", "2026-10-15T09:00:00+08:00", "email");
    ts.back()
        .triage("2026-10-15T09:30:00+08:00", "fault", 2, "ops")
        .event("2026-10-15T10:00:00+08:00", "diagnose", "triaged", "diagnosing");
    // G: October, closed in October: nowhere.
    ts.emplace_back("T-GGGGGGGGGGGG", "2026-10-20T09:00:00+08:00", "phone");
    ts.back()
        .triage("2026-10-20T09:00:10+08:00", "consultation", 1)
        .event("2026-10-20T09:00:20+08:00", "respond")
        .event("2026-10-20T09:10:00+08:00", "resolve", "triaged", "resolved")
        .event("2026-10-20T09:20:00+08:00", "survey", "", "",
               {{"speed", 1}, {"quality", 1}, {"attitude", 1}})
        .event("2026-10-25T09:00:00+08:00", "close", "resolved", "closed");
    // H: received in December: nowhere.
    ts.emplace_back("T-HHHHHHHHHHHH", "2026-12-02T09:00:00+08:00", "phone");
    std::vector<sla::Record> out;
    for (const auto& x : ts)
        out.push_back(x.record());
    return out;
}

report::Report november_report(const std::string& team = "") {
    const auto& z = zone("Asia/Shanghai");
    const sla::Settings settings(shanghai());
    return report::compute(november(), settings,
                           {report::month("2026-11", z), t("2026-12-05T12:00:00+08:00"), team});
}

} // namespace

TEST_CASE("report: a month is the local days of the configured zone") {
    const auto p = report::month("2026-11", zone("Asia/Shanghai"));
    CHECK(p.kind == "month");
    CHECK(p.name == "2026-11");
    CHECK(p.first == "2026-11-01");
    CHECK(p.last == "2026-11-30");
    CHECK(p.from == t("2026-11-01T00:00:00+08:00"));
    CHECK(p.to == t("2026-12-01T00:00:00+08:00"));
    CHECK(p.contains(t("2026-11-30T23:59:59+08:00")));
    CHECK_FALSE(p.contains(t("2026-12-01T00:00:00+08:00")));
    CHECK_FALSE(p.contains(t("2026-10-31T23:59:59+08:00")));
    CHECK(report::local_time(p.from, zone("Asia/Shanghai")) == "2026-11-01T00:00:00+08:00");
    // February of a leap year; December ends at the next year's first midnight.
    CHECK(report::month("2028-02", zone("UTC")).last == "2028-02-29");
    CHECK(report::month("2026-12", zone("UTC")).to == t("2027-01-01T00:00:00Z"));
    // A month that changes to summer time is 23 hours short of 31 days... by one hour.
    const auto march = report::month("2026-03", zone("Europe/Berlin"));
    CHECK(march.from == t("2026-03-01T00:00:00+01:00"));
    CHECK(march.to == t("2026-04-01T00:00:00+02:00"));
    CHECK(march.to - march.from == 31 * 24 * H - H);
}

TEST_CASE("report: quarters and ranges include their last day") {
    const auto& z = zone("Asia/Shanghai");
    const auto q = report::quarter("2026Q4", z);
    CHECK(q.kind == "quarter");
    CHECK(q.name == "2026Q4");
    CHECK(q.first == "2026-10-01");
    CHECK(q.last == "2026-12-31");
    CHECK(q.to == t("2027-01-01T00:00:00+08:00"));
    CHECK(report::quarter("2027q1", z).last == "2027-03-31");
    CHECK(report::quarter("2026Q2", z).first == "2026-04-01");
    const auto r = report::range("2026-11-03", "2026-11-16", z);
    CHECK(r.kind == "range");
    CHECK(r.name == "2026-11-03..2026-11-16");
    CHECK(r.from == t("2026-11-03T00:00:00+08:00"));
    CHECK(r.to == t("2026-11-17T00:00:00+08:00"));
    const auto day = report::range("2026-11-03", "2026-11-03", z);
    CHECK(day.to - day.from == 24 * H);
}

TEST_CASE("report: the default period is the last complete month, in the configured zone") {
    const auto& z = zone("Asia/Shanghai");
    // 2026-12-01T00:30 in Shanghai is still November in UTC: December has begun locally.
    CHECK(report::last_month(t("2026-12-01T00:30:00+08:00"), z).name == "2026-11");
    CHECK(report::last_month(t("2026-11-30T23:30:00+08:00"), z).name == "2026-10");
    CHECK(report::last_month(t("2027-01-15T12:00:00+08:00"), z).name == "2026-12");
    CHECK(report::period_of({}, t("2027-01-15T12:00:00+08:00"), z).name == "2026-12");
}

TEST_CASE("report: malformed, reversed and mixed periods are usage errors") {
    const auto& z = zone("UTC");
    const std::int64_t now = t("2026-12-05T00:00:00Z");
    using R = report::PeriodRequest;
    for (const char* bad : {"2026-13", "2026-00", "2026-1", "26-11", "2026/11", "2026-11-01", ""})
        CHECK_THROWS_AS(report::period_of(R{bad, {}, {}, {}}, now, z), UsageError);
    for (const char* bad : {"2026Q5", "2026Q0", "2026-Q4", "Q4 2026", "2026Q", "2026Q44"})
        CHECK_THROWS_AS(report::period_of(R{{}, bad, {}, {}}, now, z), UsageError);
    CHECK_THROWS_AS(report::period_of(R{{}, {}, "2026-11-16", "2026-11-03"}, now, z), UsageError);
    CHECK_THROWS_AS(report::period_of(R{{}, {}, "2026-11-31", "2026-12-03"}, now, z), UsageError);
    CHECK_THROWS_AS(report::period_of(R{{}, {}, "2026-11-01", {}}, now, z), UsageError);
    CHECK_THROWS_AS(report::period_of(R{{}, {}, {}, "2026-11-01"}, now, z), UsageError);
    CHECK_THROWS_AS(report::period_of(R{"2026-11", "2026Q4", {}, {}}, now, z), UsageError);
    CHECK_THROWS_AS(report::period_of(R{"2026-11", {}, "2026-11-01", "2026-11-02"}, now, z),
                    UsageError);
    CHECK(report::period_of(R{{}, {}, "2026-11-01", "2026-11-01"}, now, z).last == "2026-11-01");
}

TEST_CASE("report: percentiles are by nearest rank; ratios and means are rounded") {
    using report::percentile;
    CHECK_FALSE(percentile({}, 50));
    CHECK(*percentile({7}, 50) == 7);
    CHECK(*percentile({7}, 90) == 7);
    // 1..10: the median is rank ceil(5) = 5, p90 rank ceil(9) = 9.
    CHECK(*percentile({10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 50) == 5);
    CHECK(*percentile({10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 90) == 9);
    // An even count takes the lower middle value: no value is invented.
    CHECK(*percentile({4, 1, 3, 2}, 50) == 2);
    // 5 values: p90 is rank ceil(4.5) = 5, the largest.
    CHECK(*percentile({1, 2, 3, 4, 100}, 90) == 100);
    CHECK(*percentile({1, 2, 3, 4, 100}, 50) == 3);
    CHECK_FALSE(report::ratio(1, 0));
    CHECK(*report::ratio(2, 3) == doctest::Approx(0.6667));
    CHECK(*report::ratio(1, 8) == doctest::Approx(0.125));
    CHECK(*report::mean(7, 2) == doctest::Approx(3.5));
    CHECK(*report::mean(13, 3) == doctest::Approx(4.33));
    CHECK_FALSE(report::mean(0, 0));
}

TEST_CASE("report: volume and outcomes count the tickets received in the period") {
    const auto r = november_report();
    // Received in November: A, B, C, D, E, I (F and G in October, H in December).
    CHECK(r.volume.total == 6);
    CHECK(r.volume.type ==
          report::Counts{{"-", 1}, {"consultation", 1}, {"fault", 3}, {"requirement", 1}});
    CHECK(r.volume.level == report::Counts{{"-", 1}, {"1", 1}, {"2", 2}, {"3", 1}, {"4", 1}});
    CHECK(r.volume.channel == report::Counts{{"chat", 2}, {"email", 2}, {"phone", 2}});
    CHECK(r.volume.team == report::Counts{{"-", 1}, {"ops", 3}, {"rnd", 1}, {"support", 1}});
    CHECK(r.volume.category == report::Counts{{"-", 1}, {"software", 5}});
    // D cancelled; of the other five, A, B, C and I resolved (E not): 4 / 5.
    CHECK(r.outcomes.received == 6);
    CHECK(r.outcomes.cancelled == 1);
    CHECK(r.outcomes.resolved == 4);
    // Only A was answered directly and never routed, paused, escalated or reopened.
    CHECK(r.outcomes.first_contact == 1);
}

TEST_CASE("report: first response compliance by channel") {
    const auto r = november_report();
    // phone: A 20 s and I 10 s, both within 30 s; the median of {10, 20} by nearest rank is 10.
    const auto& phone = r.response.at("phone");
    CHECK(phone.met == 2);
    CHECK(phone.breached == 0);
    CHECK(*report::percentile(phone.times, 50) == 10);
    // chat: B answered after 300 s (> 120 s); E never answered, past its 2 minutes.
    const auto& chat = r.response.at("chat");
    CHECK(chat.met == 0);
    CHECK(chat.breached == 2);
    CHECK(chat.times == std::vector<std::int64_t>{300});
    // email: C answered after 2 working hours (of 9); D cancelled unanswered: no outcome.
    const auto& email = r.response.at("email");
    CHECK(email.met == 1);
    CHECK(email.breached == 0);
    CHECK(email.pending == 0);
    CHECK(email.times == std::vector<std::int64_t>{2 * H});
}

TEST_CASE("report: resolution times are business time by level, with reopens") {
    const auto r = november_report();
    CHECK(r.resolution.size() == 4);
    CHECK(r.resolution.at("1").times == std::vector<std::int64_t>{H / 2});
    // B: 6h, then 4h after the reopen; the first cycle was reopened.
    CHECK(r.resolution.at("2").times == std::vector<std::int64_t>{6 * H, 4 * H});
    CHECK(r.resolution.at("2").reopened == 1);
    CHECK(r.resolution.at("3").times == std::vector<std::int64_t>{31 * H});
    CHECK(r.resolution.at("4").times == std::vector<std::int64_t>{5 * H / 2});
    CHECK(r.resolution.at("4").reopened == 0);

    const auto sections = report::sections(r, zone("Asia/Shanghai"));
    const auto& res = *std::find_if(sections.begin(), sections.end(),
                                    [](const auto& s) { return s.id == "resolution"; });
    // all: {0.5h, 2.5h, 4h, 6h, 31h}: median rank 3 = 4h, p90 rank ceil(4.5) = 5 = 31h;
    // 1 reopened of 5.
    const auto& all = res.rows.back();
    CHECK(all.key == "all");
    CHECK(all.values == std::vector<Json>{5, 4 * H, 31 * H, 1, 0.2});
    // level 2: {4h, 6h}: median rank 1 = 4h, p90 rank 2 = 6h; 1 of 2 reopened.
    CHECK(res.rows[1].values == std::vector<Json>{2, 4 * H, 6 * H, 1, 0.5});
}

TEST_CASE("report: satisfaction, knowledge reuse, collaboration, incidents, backlog") {
    const auto r = november_report();
    // Surveys in November: A (5/4/5), B (none), I (3/3/4); G's was in October.
    CHECK(r.satisfaction.surveys == 3);
    CHECK(r.satisfaction.answered == 2);
    CHECK(r.satisfaction.speed == 8);
    CHECK(r.satisfaction.quality == 7);
    CHECK(r.satisfaction.attitude == 9);
    // Links: B and I to KB-0001, C to KB-0002.
    CHECK(r.kb.links == 3);
    CHECK(r.kb.articles.size() == 2);
    CHECK(r.kb.tickets.size() == 3);
    // C's requests: ops acknowledged after 4 working hours (of 9), hardware never.
    CHECK(r.collaboration.size() == 2);
    CHECK(r.collaboration.at("ops").on_time == 1);
    CHECK(r.collaboration.at("ops").times == std::vector<std::int64_t>{4 * H});
    CHECK(r.collaboration.at("hardware").late == 1);
    CHECK(r.collaboration.at("hardware").on_time == 0);
    // I: declared 08:05, mitigated 09:05, incident resolved 11:05, reviewed the next day.
    REQUIRE(r.incidents.size() == 1);
    CHECK(r.incidents[0].ticket == "T-IIIIIIIIIIII");
    CHECK(r.incidents[0].declared == t("2026-11-16T08:05:00+08:00"));
    CHECK(*r.incidents[0].to_mitigate == H);
    CHECK(*r.incidents[0].to_resolve == 3 * H);
    CHECK(r.incidents[0].review == "on time");
    // Open at 12-01 00:00: E (1 hour old), B, C and I (resolved, not closed: 27, 24 and 14
    // days), F (47 days). A and G closed, D cancelled, H not yet received.
    CHECK(r.backlog.end == t("2026-12-01T00:00:00+08:00"));
    CHECK(r.backlog.by_age == std::array<std::int64_t, 5>{1, 0, 0, 3, 1});
}

TEST_CASE("report: a team's report counts its tickets and the requests made to it") {
    const auto r = november_report("ops");
    // B, D and I are ops tickets received in November (F in October).
    CHECK(r.volume.total == 3);
    CHECK(r.outcomes.cancelled == 1);
    CHECK(r.outcomes.resolved == 2);
    CHECK(r.outcomes.first_contact == 0);
    // The request to ops comes from C, an rnd ticket; the one to hardware is not ops'.
    CHECK(r.collaboration.size() == 1);
    CHECK(r.collaboration.at("ops").requests == 1);
    CHECK(r.backlog.total() == 3); // B, I, F
    CHECK(r.kb.links == 2);        // B and I
}

TEST_CASE("report: the report instant hides what came later") {
    // As of 11-10 10:00, B's reopen (09:00) has happened but not its second resolution (13:00),
    // and C is not resolved yet.
    const auto& z = zone("Asia/Shanghai");
    const auto r =
        report::compute(november(), sla::Settings(shanghai()),
                        {report::month("2026-11", z), t("2026-11-10T10:00:00+08:00"), ""});
    CHECK(r.volume.total == 3); // A, B, C (I comes on 11-16)
    CHECK(r.resolution.at("2").times == std::vector<std::int64_t>{6 * H});
    CHECK(r.resolution.at("2").reopened == 1);
    CHECK(r.resolution.count("3") == 0);
    CHECK(r.backlog.end == t("2026-11-10T10:00:00+08:00"));
}

TEST_CASE("report: may_count skips what cannot count before it is decoded") {
    const auto p = report::month("2026-11", zone("UTC"));
    const std::int64_t oct = t("2026-10-10T00:00:00Z"), nov = t("2026-11-10T00:00:00Z"),
                       dec = t("2026-12-10T00:00:00Z");
    CHECK(report::may_count(oct, oct, false, p));       // open: in the backlog
    CHECK_FALSE(report::may_count(oct, oct, true, p));  // finished before the period
    CHECK(report::may_count(oct, nov, true, p));        // finished in it
    CHECK_FALSE(report::may_count(dec, dec, false, p)); // received after it
}

TEST_CASE("report: formats: the same figures as table, JSON, CSV and Markdown") {
    const auto& z = zone("Asia/Shanghai");
    const auto r = november_report();
    const auto h = report::header(r, z, "");
    const auto s = report::sections(r, z);

    const Json doc = report::to_json(h, s);
    CHECK(doc["schema"] == "sop/v1");
    CHECK(doc["period"]["from"] == "2026-11-01T00:00:00+08:00");
    CHECK(doc["period"]["to"] == "2026-12-01T00:00:00+08:00");
    CHECK(doc["period"]["timezone"] == "Asia/Shanghai");
    CHECK(doc["as_of"] == "2026-12-05T12:00:00+08:00");
    CHECK(doc["team"].is_null());
    CHECK(doc["commit"].is_null());
    CHECK(doc["volume"]["type"]["fault"]["tickets"] == 3);
    CHECK(doc["volume"]["type"]["fault"]["share"] == 0.5);
    CHECK(doc["tickets"]["resolution_rate"] == 0.8);
    CHECK(doc["tickets"]["first_contact_rate"] == 0.25);
    CHECK(doc["first_response"]["all"]["rate"] == 0.6); // 3 met of 5 with an outcome
    CHECK(doc["first_response"]["all"]["median_seconds"].is_null());
    CHECK(doc["satisfaction"]["response_rate"] == 0.6667);
    CHECK(doc["satisfaction"]["speed"] == 4.0);
    CHECK(doc["satisfaction"]["quality"] == 3.5);
    CHECK(doc["satisfaction"]["attitude"] == 4.5);
    CHECK(doc["collaboration"]["hardware"]["on_time_rate"] == 0.0);
    CHECK(doc["major_incidents"]["T-IIIIIIIIIIII"]["resolve_seconds"] == 3 * H);
    CHECK(doc["backlog"]["7-30d"]["tickets"] == 3);
    CHECK(doc["kb"]["articles"] == 2);

    const std::string csv = report::render(h, s, "csv", {});
    CHECK(csv.starts_with("section,metric,key,value\r\n"));
    CHECK(csv.find("\r\ntickets,resolution_rate,,0.8\r\n") != std::string::npos);
    CHECK(csv.find("\r\nresolution,p90_seconds,all,111600\r\n") != std::string::npos);
    CHECK(csv.find("\r\nfirst_response,median_seconds,all,\r\n") != std::string::npos);
    CHECK(csv.find("\r\nperiod,from,,2026-11-01T00:00:00+08:00\r\n") != std::string::npos);

    const std::string table = report::render(h, s, "table", {});
    CHECK(table.starts_with("Report 2026-11: 2026-11-01 to 2026-11-30 (Asia/Shanghai)\n"
                            "as of 2026-12-05T12:00:00+08:00, all teams\n"));
    CHECK(table.find("resolution rate            80.0%\n") != std::string::npos);
    CHECK(table.find("all    5         4h00m   31h00m  1         20.0%\n") != std::string::npos);

    const std::string md = report::render(h, s, "md", {});
    CHECK(md.starts_with("# Report 2026-11: 2026-11-01 to 2026-11-30 (Asia/Shanghai)\n"));
    CHECK(md.find("| all | 5 | 4h00m | 31h00m | 1 | 20.0% |\n") != std::string::npos);
    CHECK_THROWS_AS(report::render(h, s, "xml", {}), UsageError);
}

TEST_CASE("report: empty sections say none; CSV quotes what needs quoting") {
    const auto& z = zone("UTC");
    const auto r = report::compute({}, sla::Settings(Json::object()),
                                   {report::month("2026-11", z), t("2026-12-05T00:00:00Z"), "a,b"});
    const auto h = report::header(r, z, "0123456789abcdef0123456789abcdef01234567");
    const auto s = report::sections(r, z);
    const std::string table = report::render(h, s, "table", {});
    CHECK(table.find("Volume by type\nnone\n") != std::string::npos);
    CHECK(table.find("(commit 0123456789abcdef0123456789abcdef01234567), team a,b\n") !=
          std::string::npos);
    CHECK(report::render(h, s, "md", {})
              .find("## Major incidents declared in the period\n\nnone\n") != std::string::npos);
    const std::string csv = report::render(h, s, "csv", {});
    CHECK(csv.find("\r\nreport,team,,\"a,b\"\r\n") != std::string::npos);
    // Figures without a denominator are null, not zero.
    const Json doc = report::to_json(h, s);
    CHECK(doc["tickets"]["resolution_rate"].is_null());
    CHECK(doc["satisfaction"]["speed"].is_null());
    CHECK(doc["volume"]["type"] == Json::object());
}

TEST_CASE("report: durations read as hours and minutes") {
    CHECK(report::duration_text(0) == "0s");
    CHECK(report::duration_text(59) == "59s");
    CHECK(report::duration_text(125) == "2m05s");
    CHECK(report::duration_text(3 * H + 7 * 60 + 30) == "3h07m");
    CHECK(report::duration_text(52 * H) == "52h00m");
    CHECK(report::cell_text(Json(0.8571), report::Unit::ratio) == "85.7%");
    CHECK(report::cell_text(Json(nullptr), report::Unit::seconds) == "-");
    CHECK(report::cell_text(Json(4.5), report::Unit::score) == "4.50");
}
