// The major-incident review report, rendered from hand-built ticket documents.
#include "workflow/notify.hpp"
#include "workflow/postmortem.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

using sop::ticket::Json;
using sop::workflow::postmortem;

namespace {

Json event(const char* at, const char* action, Json extra = Json::object()) {
    Json e{{"at", at}, {"by", "Ann Lee <ann@example.com>"}, {"action", action}};
    for (auto& [k, v] : extra.items())
        e[k] = v;
    return e;
}

Json incident_ticket() {
    Json doc{{"id", "T-4K7QX2M9ABCD"},
             {"title", "Orders *down* in <every> store"},
             {"state", "resolved"},
             {"type", "fault"},
             {"level", 4},
             {"category", "software"},
             {"channel", "phone"},
             {"team", "ops"},
             {"requester", {{"name", "Wang Fang"}, {"contact", "w@example.com"}}},
             {"problem", {{"symptom", "# 503 at checkout"}}},
             {"received_at", "2026-11-27T08:50:00+08:00"}};
    doc["incident"] = {{"declared_at", "2026-11-27T09:00:00+08:00"},
                       {"declared_by", "Ann Lee <ann@example.com>"},
                       {"lead", "Bo Chen <bo@example.com>"},
                       {"roles", {{"diagnosis", "Olga Petrova <olga@example.com>"}}},
                       {"impact",
                        {{"start", "2026-11-27T08:40:00+08:00"},
                         {"end", "2026-11-28T10:55:00+08:00"},
                         {"scope", "all stores"}}},
                       {"notified", {"Li Wei <li@example.com>", "Mia Wong <mia@example.com>"}},
                       {"mitigations",
                        {{{"at", "2026-11-27T10:00:00+08:00"},
                          {"by", "Ann Lee <ann@example.com>"},
                          {"note", "failed over"},
                          {"backup", "snapshot"}}}},
                       {"resolved_at", "2026-11-28T10:55:00+08:00"},
                       {"resolved_by", "Ann Lee <ann@example.com>"},
                       {"verified", "test orders"},
                       {"actions",
                        {{{"n", 1},
                          {"text", "alert | page"},
                          {"owner", "Bo Chen <bo@example.com>"},
                          {"due", "2026-12-11"},
                          {"state", "open"}}}}};
    doc["events"] = {
        event("2026-11-27T08:50:00+08:00", "new", {{"to", "new"}}),
        event("2026-11-27T09:00:00+08:00", "incident-declare",
              {{"level", 4}, {"lead", "Bo Chen <bo@example.com>"}, {"previous", 3}}),
        event("2026-11-27T09:00:00+08:00", "notify",
              {{"people", {"Li Wei <li@example.com>", "Mia Wong <mia@example.com>"}},
               {"reason", "major incident declared (SOP 4.5)"}}),
        event("2026-11-27T09:20:00+08:00", "incident-update",
              {{"note", "we are on it\nmore soon"}, {"next", "30min"}}),
        event("2026-11-27T10:00:00+08:00", "incident-mitigate",
              {{"note", "failed over"}, {"backup", "snapshot"}}),
        event("2026-11-27T03:30:00Z", "respond", {{"via", "email"}, {"note", "update_2 sent"}}),
        event("2026-11-28T10:55:00+08:00", "incident-resolve",
              {{"from", "triaged"}, {"to", "resolved"}, {"note", "test orders"}}),
        event("2026-11-28T11:00:00+08:00", "some-future-action", {{"note", "kept"}}),
    };
    return doc;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

bool has(const std::string& text, const std::string& what) {
    return text.find(what) != std::string::npos;
}

} // namespace

TEST_CASE("the report's path") {
    CHECK(sop::workflow::postmortem_path("T-4K7QX2M9ABCD") == "postmortems/T-4K7QX2M9ABCD.md");
}

TEST_CASE("the report: title, summary, impact, task force") {
    const std::string md = postmortem(incident_ticket());
    CHECK(
        md.starts_with("# Major incident T-4K7QX2M9ABCD: Orders \\*down\\* in \\<every> store\n"));
    CHECK(has(md, "Times are UTC+08:00."));
    CHECK(has(md, "\\# 503 at checkout\n")); // not a heading
    CHECK(has(md, "- **Ticket:** T-4K7QX2M9ABCD (fault, software, level 4, team ops), resolved\n"));
    CHECK(has(md, "- **Incident lead:** Bo Chen <bo@example.com>\n"));
    CHECK(has(md, "- **Service restored:** 2026-11-28 10:55 by Ann Lee\n"));
    CHECK(has(md, "- **Approval:** awaiting management approval"));
    CHECK(has(md, "- **Duration:** 1 d 2 h\n")); // minutes are left out past a day
    CHECK(has(md, "- **Estimated loss:** not estimated\n"));
    CHECK(has(md, "- **Diagnosis:** Olga Petrova <olga@example.com>\n"));
    CHECK(has(md, "Li Wei <li@example.com>, Mia Wong <mia@example.com>\n"));
}

TEST_CASE("the report: every event in the timeline, in words, grouped by day") {
    const Json doc = incident_ticket();
    const std::string md = postmortem(doc);
    const auto start = md.find("## Timeline");
    const auto end = md.find("\n## ", start + 1);
    REQUIRE(start != std::string::npos);
    const std::string timeline = md.substr(start, end - start);
    CHECK(count(timeline, "\n- **") == doc["events"].size());
    CHECK(has(timeline, "### Friday 2026-11-27\n"));
    CHECK(has(timeline, "### Saturday 2026-11-28\n"));
    CHECK(has(timeline,
              "- **09:00** Ann Lee: major incident declared: level 4 (was 3), lead Bo Chen\n"));
    CHECK(has(timeline, "- **09:20** Ann Lee: customer update: we are on it\n  more soon (next "
                        "update promised within 30min)\n"));
    CHECK(has(timeline, "- **10:00** Ann Lee: mitigation: failed over (backup: snapshot)\n"));
    // A time written in another offset keeps it; an underscore inside a word stays as it is.
    CHECK(has(timeline, "- **03:30 (UTC+00:00)** Ann Lee: response to the user by email: "
                        "update_2 sent\n"));
    CHECK(has(timeline, "core business verified: test orders (triaged → resolved)\n"));
    CHECK(has(timeline, "- **11:00** Ann Lee: some-future-action: kept\n"));
}

TEST_CASE("the report: actions, communications, what is missing") {
    const std::string md = postmortem(incident_ticket());
    CHECK(has(md, "| 1 | alert \\| page | Bo Chen | 2026-12-11 | open |\n"));
    CHECK(has(md, "## Review meeting\n\nNot held yet"));
    CHECK(!has(md, "## Root cause")); // with the review, not before it
    CHECK(!has(md, "## Collaboration requests"));
    // From the last update (03:30Z, 11:30 at +08:00) to the end the next day.
    CHECK(has(md, "The longest time without an update while the incident ran: 23 h 25 min, from "
                  "2026-11-27 03:30 (UTC+00:00) to 2026-11-28 10:55.\n"));
    CHECK(has(md, "- **2026-11-27 09:20** Ann Lee, customer update: we are on it"));
    CHECK(has(md, "- **2026-11-27 03:30 (UTC+00:00)** Ann Lee, by email: update_2 sent"));
}

TEST_CASE("the report: the review and the approval when there are") {
    Json doc = incident_ticket();
    doc["incident"]["review"] = {{"held_at", "2026-12-01T14:00:00+08:00"},
                                 {"attendees", {"Ann Lee <ann@example.com>"}},
                                 {"root_cause", "disk full\n\n- export doubled"},
                                 {"recorded_by", "Ann Lee <ann@example.com>"}};
    doc["incident"]["approval"] = {{"at", "2026-12-02T09:00:00+08:00"},
                                   {"by", "Mia Wong <mia@example.com>"}};
    const std::string md = postmortem(doc);
    CHECK(has(md, "## Root cause\n\ndisk full\n\n- export doubled\n")); // Markdown as written
    CHECK(has(md, "## What went well\n\nNothing recorded.\n"));
    CHECK(has(md, "- **Approval:** approved by Mia Wong <mia@example.com> on 2026-12-02 09:00\n"));
}

TEST_CASE("the report is deterministic and tolerates a bare ticket") {
    CHECK(postmortem(incident_ticket()) == postmortem(incident_ticket()));
    const Json bare{
        {"id", "T-4K7QX2M9ABCD"}, {"title", "t"}, {"state", "new"}, {"events", Json::array()}};
    const std::string md = postmortem(bare);
    CHECK(has(md, "- **Service restored:** not yet\n"));
    CHECK(has(md, "## Improvement actions\n\nNone recorded.\n"));
    CHECK(has(md, "## Customer communications\n\nNone recorded.\n"));
}

TEST_CASE("the notify payload carries the last notify event and the incident") {
    const Json doc = incident_ticket();
    const Json p = sop::workflow::notify_payload(doc);
    CHECK(p["schema"] == "sop/v1");
    CHECK(p["ticket"] == "T-4K7QX2M9ABCD");
    CHECK(p["event"]["action"] == "notify");
    CHECK(p["event"]["people"].size() == 2);
    CHECK(p["incident"]["lead"] == "Bo Chen <bo@example.com>");
    CHECK(p.dump().find('\n') == std::string::npos);
    CHECK(sop::workflow::notify_payload(Json{{"id", "T-1"}})["event"].is_null());
}
