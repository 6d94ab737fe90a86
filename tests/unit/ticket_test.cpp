#include "fixture.hpp"
#include "schema/schema.hpp"
#include "ticket/id.hpp"
#include "ticket/intake.hpp"
#include "ticket/ticket.hpp"
#include "util/error.hpp"

#include <doctest/doctest.h>

using namespace sop;
using sop::ticket::Json;

namespace {
Json sample() {
    const auto intake =
        ticket::intake_from_pairs({{"title", "VPN drops every hour"},
                                   {"channel", "phone"},
                                   {"requester.name", "Wang Fang"},
                                   {"requester.contact", "+86 138 0000 0000"},
                                   {"requester.kind", "customer"},
                                   {"problem.symptom", "The tunnel drops.\nThen reconnects."},
                                   {"problem.environment.network", "4G"},
                                   {"problem.started_at", "2026-11-20"}});
    return ticket::new_ticket(intake, "T-4K7QX2M9ABCD", {"Ann Lee", "ann@example.com"},
                              test::at("2026-11-24T09:30:00+08:00"));
}
} // namespace

TEST_CASE("a new ticket is canonical, valid and byte-stable") {
    const Json doc = sample();
    CHECK(schema::problems("ticket", doc).empty());
    const std::string text = ticket::to_yaml(doc);
    CHECK(text.starts_with(
        "id: T-4K7QX2M9ABCD\ntitle: VPN drops every hour\nstate: new\nchannel: phone\n"));
    CHECK(text.find("  contact: \"+86 138 0000 0000\"\n") != std::string::npos);
    CHECK(text.find("  symptom: |-\n    The tunnel drops.\n    Then reconnects.\n") !=
          std::string::npos);
    CHECK(text.find("  started_at: \"2026-11-20\"\n") != std::string::npos);
    const Json back = ticket::parse(text, "t", ticket::path_of("T-4K7QX2M9ABCD"));
    CHECK(back == doc);
    CHECK(ticket::to_yaml(back) == text);
}

TEST_CASE("canonical order puts known fields first and keeps unknown ones before events") {
    Json doc = sample();
    Json shuffled = Json::object();
    shuffled["x_from_the_future"] = Json{{"b", 1}, {"a", 2}};
    for (auto it = doc.rbegin(); it != doc.rend(); ++it)
        shuffled[it.key()] = it.value();
    shuffled["another_new_field"] = "kept";
    const std::string text = ticket::to_yaml(shuffled);
    CHECK(text == ticket::to_yaml(ticket::parse(text, "t")));
    const auto pos = [&](const char* k) { return text.find(std::string("\n") + k + ":"); };
    CHECK(text.starts_with("id: "));
    CHECK(pos("title") < pos("state"));
    CHECK(pos("received_at") < pos("x_from_the_future"));
    CHECK(pos("x_from_the_future") < pos("another_new_field"));
    CHECK(pos("another_new_field") < pos("events"));
    CHECK(text.find("x_from_the_future:\n  b: 1\n  a: 2\n") != std::string::npos);
}

TEST_CASE("schema and invariants name the field that is wrong") {
    const auto problem = [](Json doc) {
        try {
            ticket::check(doc, "t.yaml", ticket::path_of("T-4K7QX2M9ABCD"));
        } catch (const Error& e) {
            CHECK(e.code() == Exit::invalid);
            return std::string(e.what());
        }
        return std::string();
    };
    Json ok = sample();
    CHECK(problem(ok).empty());
    Json d = ok;
    d["channel"] = "fax";
    CHECK(problem(d).find("channel") != std::string::npos);
    d = ok;
    d["requester"].erase("contact");
    CHECK(problem(d).find("requester") != std::string::npos);
    d = ok;
    d["level"] = 7;
    CHECK(problem(d).find("level") != std::string::npos);
    d = ok;
    d["requester"] = "Wang";
    CHECK(problem(d).find("requester") != std::string::npos);
    d = ok;
    d["id"] = "T-ZZZZZZZZZZZZ";
    CHECK(problem(d).find("does not match the file's path") != std::string::npos);
    d = ok;
    d["received_at"] = "2026-02-30T00:00:00+00:00";
    CHECK(!problem(d).empty());
    d = ok;
    d["events"].push_back(
        Json{{"at", "2026-11-24T08:00:00+08:00"}, {"by", "A <a@x>"}, {"action", "note"}});
    CHECK(problem(d).find("out of time order") != std::string::npos);
    d = ok;
    d["events"] = Json::array();
    CHECK(!problem(d).empty());
    d = ok;
    d["title"] = "red \x1b[31m alert";
    CHECK(problem(d).find("title") != std::string::npos);
    d = ok;
    d["problem"]["symptom"] = "tabs\tand\nlines are fine";
    CHECK(problem(d).empty());
}

TEST_CASE("intake files take intake fields only") {
    CHECK_NOTHROW(ticket::intake_from_yaml("title: x\nproblem:\n  symptom: y\n", "f"));
    CHECK_THROWS_AS(ticket::intake_from_yaml("titel: x\n", "f"), InvalidError);
    CHECK_THROWS_AS(ticket::intake_from_yaml("state: closed\n", "f"), InvalidError);
    CHECK_THROWS_AS(ticket::intake_from_yaml("problem: text\n", "f"), InvalidError);
    CHECK_THROWS_AS(ticket::intake_from_yaml("problem:\n  colour: red\n", "f"), InvalidError);
    const auto missing = ticket::missing_required(ticket::intake_from_yaml("title: x\n", "f"));
    CHECK(missing.size() == 4);
    CHECK(missing[0] == "channel (--channel)");
}

TEST_CASE("intake values are checked and normalised") {
    auto make = [](std::vector<std::pair<std::string, std::string>> extra) {
        std::vector<std::pair<std::string, std::string>> base = {{"title", "t"},
                                                                 {"channel", "email"},
                                                                 {"requester.name", "n"},
                                                                 {"requester.contact", "c"},
                                                                 {"problem.symptom", "s"}};
        base.insert(base.end(), extra.begin(), extra.end());
        return ticket::new_ticket(ticket::intake_from_pairs(base), "T-4K7QX2M9ABCD",
                                  {"Ann Lee", "ann@example.com"},
                                  test::at("2026-11-24T09:30:00+08:00"));
    };
    CHECK(make({{"received_at", "2026-11-24T01:00:00Z"}})["received_at"] ==
          "2026-11-24T01:00:00+00:00");
    CHECK(make({})["received_at"] == "2026-11-24T09:30:00+08:00");
    CHECK_THROWS_AS(make({{"received_at", "yesterday"}}), InvalidError);
    CHECK_THROWS_AS(make({{"title", "two\nlines"}}), InvalidError);
    CHECK_THROWS_AS(make({{"title", "   "}}), InvalidError);
    CHECK_THROWS_AS(ticket::intake_from_pairs({{"title", "bad \xff"}}), InvalidError);
}

TEST_CASE("events are appended in time order") {
    Json doc = sample();
    const git::Identity bo{"Bo", "bo@example.com"};
    ticket::append_event(doc, test::at("2026-11-24T10:00:00+08:00"), bo, "note",
                         Json{{"note", "x"}});
    CHECK(doc["events"].size() == 2);
    CHECK(doc["events"][1]["by"] == "Bo <bo@example.com>");
    CHECK_THROWS_AS(ticket::append_event(doc, test::at("2026-11-24T09:00:00+08:00"), bo, "note"),
                    InvalidError);
}

TEST_CASE("commit messages follow the contract") {
    CHECK(ticket::commit_message("T-1", "note: checked logs", "checked logs\n", "note", "new",
                                 "new") ==
          "T-1: note: checked logs\n\nchecked logs\n\nSop-Ticket: T-1\nSop-Action: note\n"
          "Sop-From: new\nSop-To: new\n");
    CHECK(ticket::commit_message("T-1", "new ticket: x", "", "new", "", "new") ==
          "T-1: new ticket: x\n\nSop-Ticket: T-1\nSop-Action: new\nSop-To: new\n");
}

TEST_CASE("the embedded schemas are there and are JSON Schema 2020-12") {
    const auto names = schema::names();
    CHECK(std::find(names.begin(), names.end(), "ticket") != names.end());
    CHECK(std::find(names.begin(), names.end(), "config") != names.end());
    CHECK(schema::text("ticket").find("draft/2020-12") != std::string_view::npos);
    CHECK_THROWS_AS(schema::text("nope"), NotFoundError);
}
