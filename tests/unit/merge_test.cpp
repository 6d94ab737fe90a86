// The semantic three-way merge of tickets and articles (merge/merge.hpp).
#include "fixture.hpp"
#include "git/handles.hpp"
#include "kb/article.hpp"
#include "merge/merge.hpp"
#include "ticket/id.hpp"
#include "ticket/ticket.hpp"
#include "util/error.hpp"

#include <doctest/doctest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

using namespace sop;
using merge::Json;

namespace {

constexpr const char* tid = "T-4K7QX2M9ABCD";
constexpr const char* kid = "KB-4K7QX2M9ABCD";
const std::string ann = "Ann Lee <ann@example.com>";
const std::string bo = "Bo Chen <bo@example.com>";
const std::string cy = "Cy Wu <cy@example.com>";

std::string tpath() {
    return ticket::path_of(tid);
}

// "2026-11-24T<hh:mm>:00+08:00"
std::string at(const std::string& hhmm) {
    return "2026-11-24T" + hhmm + ":00+08:00";
}

Json base_ticket() {
    Json doc = Json::object();
    doc["id"] = tid;
    doc["title"] = "Printer cannot connect";
    doc["state"] = "new";
    doc["channel"] = "email";
    doc["requester"] = Json{{"name", "Wang Fang"}, {"contact", "wang@example.com"}};
    doc["problem"] = Json{{"symptom", "Printing fails with 0x1F"}};
    doc["received_at"] = at("09:00");
    doc["events"] =
        Json::array({Json{{"at", at("09:00")}, {"by", ann}, {"action", "new"}, {"to", "new"}}});
    return doc;
}

// Appends an event, moving the state when `to` is given.
void event(Json& doc, const std::string& hhmm, const std::string& by, const std::string& action,
           Json extra = Json::object(), const std::string& to = {}) {
    Json e{{"at", at(hhmm)}, {"by", by}, {"action", action}};
    if (!to.empty()) {
        e["from"] = doc["state"];
        e["to"] = to;
        doc["state"] = to;
    }
    for (auto& [k, v] : extra.items())
        e[k] = v;
    doc["events"].push_back(e);
}

void note(Json& doc, const std::string& hhmm, const std::string& by, const std::string& text) {
    event(doc, hhmm, by, "note", Json{{"note", text}});
}

void assign(Json& doc, const std::string& hhmm, const std::string& who) {
    doc["assignee"] = who;
    event(doc, hhmm, ann, "assign", Json{{"assignee", who}});
}

std::string yaml_of(const Json& doc) {
    return doc.contains("status") ? kb::to_yaml(doc) : ticket::to_yaml(doc);
}

merge::Result merged(const std::string& path, const Json* base, const Json& ours,
                     const Json& theirs) {
    const std::string b = base ? yaml_of(*base) : std::string();
    return merge::merge_file(path, base ? std::optional<std::string_view>(b) : std::nullopt,
                             yaml_of(ours), yaml_of(theirs));
}

// Merges both ways round, checks they agree byte for byte and that the result is valid.
Json merge_both(const Json& base, const Json& a, const Json& b, const std::string& path = tpath(),
                std::vector<merge::Conflict>* conflicts = nullptr) {
    const auto ab = merged(path, &base, a, b);
    const auto ba = merged(path, &base, b, a);
    REQUIRE_MESSAGE(ab.merged, ab.why);
    REQUIRE_MESSAGE(ba.merged, ba.why);
    CHECK(ab.text == ba.text);
    if (conflicts) *conflicts = ab.conflicts;
    Json doc = yaml::parse(ab.text, "merged");
    if (path == tpath())
        CHECK_NOTHROW(ticket::check(doc, path, path));
    else
        CHECK_NOTHROW(kb::check(doc, path, path));
    return doc;
}

std::vector<std::string> actions(const Json& doc) {
    std::vector<std::string> out;
    for (const auto& e : doc["events"])
        out.push_back(e["action"].get<std::string>());
    return out;
}

std::vector<Json> of_action(const Json& doc, const std::string& action) {
    std::vector<Json> out;
    for (const auto& e : doc["events"])
        if (e["action"] == action) out.push_back(e);
    return out;
}

} // namespace

TEST_CASE("which files the merge takes") {
    CHECK(merge::kind_of(tpath()) == merge::Kind::ticket);
    CHECK(merge::kind_of("tickets/4/K/T-4K7QX2M9ABCD.yaml") == merge::Kind::ticket);
    CHECK(merge::kind_of("kb/KB-4K7QX2M9ABCD.yaml") == merge::Kind::article);
    CHECK_FALSE(merge::kind_of("README.md"));
    CHECK_FALSE(merge::kind_of(".sop/config.yaml"));
    CHECK_FALSE(merge::kind_of("tickets/4/K/notes.yaml"));
    CHECK_FALSE(merge::kind_of("kb/sub/KB-4K7QX2M9ABCD.yaml"));
    CHECK_FALSE(merge::kind_of("postmortems/T-4K7QX2M9ABCD.md"));
}

TEST_CASE("changes to different fields merge cleanly") {
    const Json base = base_ticket();
    Json a = base, b = base;
    assign(a, "10:00", bo);
    b["team"] = "ops";
    event(b, "10:05", ann, "route", Json{{"team", "ops"}});
    b["problem"]["environment"] = Json{{"system", "Windows 11"}};
    event(b, "10:06", ann, "edit", Json{{"fields", {"problem"}}});
    a["problem"]["frequency"] = "every print job";
    event(a, "10:07", ann, "edit", Json{{"fields", {"problem"}}});

    std::vector<merge::Conflict> conflicts;
    const Json m = merge_both(base, a, b, tpath(), &conflicts);
    CHECK(conflicts.empty());
    CHECK(m["assignee"] == bo);
    CHECK(m["team"] == "ops");
    CHECK(m["problem"]["environment"]["system"] == "Windows 11");
    CHECK(m["problem"]["frequency"] == "every print job");
    CHECK(m["problem"]["symptom"] == "Printing fails with 0x1F");
    CHECK(actions(m) == std::vector<std::string>{"new", "assign", "route", "edit", "edit"});
}

TEST_CASE("notes from both sides: the union of the events, in time order") {
    const Json base = base_ticket();
    Json a = base, b = base;
    note(a, "10:00", ann, "a1");
    note(a, "10:30", ann, "a2");
    note(b, "09:45", bo, "b1");
    note(b, "10:30", bo, "b2"); // the same instant as a2, a different event
    const Json m = merge_both(base, a, b);
    std::vector<std::string> notes;
    for (const auto& e : of_action(m, "note"))
        notes.push_back(e["note"].get<std::string>());
    CHECK(notes == std::vector<std::string>{"b1", "a1", "a2", "b2"});
    CHECK(of_action(m, std::string(merge::conflict_action)).empty());
}

TEST_CASE("an event on both sides counts once; twice on one side counts twice") {
    const Json base = base_ticket();
    Json a = base, b = base;
    note(a, "10:00", ann, "same");
    note(b, "10:00", ann, "same");
    note(b, "10:00", ann, "same"); // the same note recorded twice in one second, on one side
    note(a, "10:10", ann, "only a");
    Json m = merge_both(base, a, b);
    CHECK(of_action(m, "note").size() == 3);

    // Equal as JSON: the key order of an event does not matter.
    Json c = base;
    c["events"].push_back(
        Json{{"by", ann}, {"note", "only a"}, {"action", "note"}, {"at", at("10:10")}});
    m = merge_both(base, a, c);
    CHECK(of_action(m, "note").size() == 2);
}

TEST_CASE("the same field changed differently: the later change is kept, both in the log") {
    const Json base = base_ticket();
    Json a = base, b = base;
    assign(a, "10:00", bo);
    note(a, "11:00", ann, "a note after the assignment");
    assign(b, "10:30", cy);

    std::vector<merge::Conflict> conflicts;
    const Json m = merge_both(base, a, b, tpath(), &conflicts);
    CHECK(m["assignee"] == cy); // b's assignment is the later one, though a has a later event
    REQUIRE(conflicts.size() == 1);
    CHECK(conflicts[0].field == "assignee");
    const auto recorded = of_action(m, std::string(merge::conflict_action));
    REQUIRE(recorded.size() == 1);
    const Json& e = recorded[0];
    CHECK(e["field"] == "assignee");
    CHECK(e["kept"] == cy);
    CHECK(e["other"] == bo);
    CHECK(e["by"] == std::string(merge::merge_actor));
    CHECK(e["at"] == at("11:00")); // the later of the two sides' last events
    CHECK(m["events"].back() == e);

    // A tie in time goes by the values' text, the same whichever side is ours.
    Json c = base, d = base;
    assign(c, "10:00", bo);
    assign(d, "10:00", cy);
    const Json t = merge_both(base, c, d);
    CHECK(t["assignee"] == cy);
}

TEST_CASE("removed on one side, changed on the other: a conflict too") {
    Json base = base_ticket();
    base["problem"]["error"] = "0x1F";
    Json a = base, b = base;
    a["problem"].erase("error");
    event(a, "10:00", ann, "edit", Json{{"fields", {"problem"}}});
    b["problem"]["error"] = "0x2A";
    event(b, "10:10", ann, "edit", Json{{"fields", {"problem"}}});
    std::vector<merge::Conflict> conflicts;
    const Json m = merge_both(base, a, b, tpath(), &conflicts);
    CHECK(m["problem"]["error"] == "0x2A");
    REQUIRE(conflicts.size() == 1);
    CHECK(conflicts[0].field == "problem.error");
    CHECK(conflicts[0].other.is_null());
}

TEST_CASE("the state follows the merged event log") {
    Json base = base_ticket();
    event(base, "09:10", ann, "triage", Json{{"type", "fault"}, {"level", 1}}, "triaged");
    base["type"] = "fault";
    base["level"] = 1;
    event(base, "09:20", ann, "diagnose", Json::object(), "diagnosing");

    SUBCASE("resolved on one side, a later note on the other") {
        Json a = base, b = base;
        a["answer"] = "Reinstall the driver.";
        event(a, "11:00", ann, "resolve", Json{{"note", "Reinstall the driver."}}, "resolved");
        note(b, "12:00", bo, "the customer called again");
        const Json m = merge_both(base, a, b);
        CHECK(m["state"] == "resolved");
        CHECK(m["answer"] == "Reinstall the driver.");
        CHECK(of_action(m, "note").size() == 1);
        CHECK(of_action(m, std::string(merge::conflict_action)).empty());
    }
    SUBCASE("both sides moved it: the last move wins") {
        Json a = base, b = base;
        event(a, "10:00", ann, "wait", Json{{"on", "customer"}}, "pending");
        Json p = Json{{"revision", 1},
                      {"at", at("10:30")},
                      {"by", bo},
                      {"steps", {"reinstall"}},
                      {"risks", Json::array({Json{{"risk", "none"}, {"mitigation", "none"}}})}};
        b["plan"] = p;
        event(b, "10:30", bo, "plan", Json{{"revision", 1}}, "planned");
        Json m = merge_both(base, a, b);
        CHECK(m["state"] == "planned");
        CHECK(m["plan"] == p);
        event(a, "11:00", ann, "resume", Json::object(), "diagnosing");
        m = merge_both(base, a, b);
        CHECK(m["state"] == "diagnosing");
    }
}

TEST_CASE("lists of records merge item by item") {
    Json base = base_ticket();
    base["diagnosis"] = Json::array({Json{{"at", at("09:30")}, {"by", ann}, {"note", "ping"}}});
    base["links"] = Json{{"related", {"T-0000000000AA", "T-0000000000BB"}}};
    base["remote_sessions"] = Json::array({Json{{"started_at", at("09:40")},
                                                {"by", ann},
                                                {"consent", "verbal"},
                                                {"granted_by", "Wang Fang"},
                                                {"purpose", "look"},
                                                {"scope", "printer"},
                                                {"tool", "rustdesk"}}});
    Json a = base, b = base;
    a["diagnosis"].push_back(Json{{"at", at("10:20")}, {"by", ann}, {"note", "driver 3.2"}});
    event(a, "10:20", ann, "diagnose", Json{{"note", "driver 3.2"}});
    b["diagnosis"].push_back(Json{{"at", at("10:10")}, {"by", bo}, {"note", "spooler ok"}});
    event(b, "10:10", bo, "diagnose", Json{{"note", "spooler ok"}});
    a["links"]["related"].push_back("T-0000000000CC");
    event(a, "10:21", ann, "link", Json{{"related", "T-0000000000CC"}});
    b["links"]["related"].erase(0); // removed on one side
    b["links"]["related"].push_back("T-0000000000DD");
    event(b, "10:11", ann, "edit", Json{{"fields", {"links"}}});
    a["remote_sessions"][0]["ended_at"] = at("10:22");
    a["remote_sessions"][0]["note"] = "reinstalled";
    event(a, "10:22", ann, "remote-end", Json{{"note", "reinstalled"}});
    b["remote_sessions"][0]["safeguards"] = "screen shared";
    event(b, "10:12", bo, "edit", Json{{"fields", {"remote_sessions"}}});

    std::vector<merge::Conflict> conflicts;
    const Json m = merge_both(base, a, b, tpath(), &conflicts);
    CHECK(conflicts.empty());
    REQUIRE(m["diagnosis"].size() == 3);
    CHECK(m["diagnosis"][1]["note"] == "spooler ok");
    CHECK(m["diagnosis"][2]["note"] == "driver 3.2");
    CHECK(m["links"]["related"] ==
          Json::array({"T-0000000000BB", "T-0000000000CC", "T-0000000000DD"}));
    REQUIRE(m["remote_sessions"].size() == 1);
    CHECK(m["remote_sessions"][0]["note"] == "reinstalled");
    CHECK(m["remote_sessions"][0]["safeguards"] == "screen shared");
}

TEST_CASE("numbered requests added on both sides are renumbered, and the log says so") {
    const Json base = base_ticket();
    Json a = base, b = base;
    const auto request = [](const std::string& team, const std::string& hhmm) {
        return Json{{"n", 1},
                    {"team", team},
                    {"need", "logs"},
                    {"deliverable", "the logs"},
                    {"due", at("18:00")},
                    {"requested_at", at(hhmm)},
                    {"requested_by", ann},
                    {"state", "requested"}};
    };
    a["collaboration"] = Json::array({request("rnd", "10:00")});
    event(a, "10:00", ann, "collab-request", Json{{"n", 1}, {"team", "rnd"}});
    b["collaboration"] = Json::array({request("net", "10:30")});
    event(b, "10:30", ann, "collab-request", Json{{"n", 1}, {"team", "net"}});
    std::vector<merge::Conflict> conflicts;
    const Json m = merge_both(base, a, b, tpath(), &conflicts);
    REQUIRE(m["collaboration"].size() == 2);
    CHECK(m["collaboration"][0]["team"] == "rnd");
    CHECK(m["collaboration"][0]["n"] == 1);
    CHECK(m["collaboration"][1]["team"] == "net");
    CHECK(m["collaboration"][1]["n"] == 2);
    REQUIRE(conflicts.size() == 1);
    CHECK(conflicts[0].field == "collaboration[1].n");
    CHECK(conflicts[0].kept == 2);
    CHECK(conflicts[0].other == 1);
}

TEST_CASE("a plan made on both sides is one value, not a mix") {
    const Json base = base_ticket();
    Json a = base, b = base;
    const auto plan = [](const std::string& by, const std::string& hhmm, const std::string& step) {
        return Json{{"revision", 1},
                    {"at", at(hhmm)},
                    {"by", by},
                    {"steps", {step}},
                    {"risks", Json::array({Json{{"risk", "r"}, {"mitigation", "m"}}})}};
    };
    a["plan"] = plan(ann, "10:00", "reinstall");
    event(a, "10:00", ann, "plan", Json{{"revision", 1}});
    b["plan"] = plan(bo, "10:30", "replace");
    event(b, "10:30", bo, "plan", Json{{"revision", 1}});
    std::vector<merge::Conflict> conflicts;
    const Json m = merge_both(base, a, b, tpath(), &conflicts);
    CHECK(m["plan"] == b["plan"]);
    REQUIRE(conflicts.size() == 1);
    CHECK(conflicts[0].field == "plan");
    CHECK(conflicts[0].other == a["plan"]);
}

TEST_CASE("the first response is the earlier one") {
    const Json base = base_ticket();
    Json a = base, b = base;
    a["responded_at"] = at("10:00");
    event(a, "10:00", ann, "respond", Json{{"via", "email"}, {"first", true}});
    b["responded_at"] = at("09:50");
    event(b, "09:50", bo, "respond", Json{{"via", "phone"}, {"first", true}});
    std::vector<merge::Conflict> conflicts;
    const Json m = merge_both(base, a, b, tpath(), &conflicts);
    CHECK(m["responded_at"] == at("09:50"));
    CHECK(conflicts.empty());
}

TEST_CASE("unknown fields merge like known ones and keep a stable order") {
    const Json base = base_ticket();
    Json a = base, b = base;
    a["zeta"] = "from a";
    a["alpha"] = Json{{"x", 1}};
    note(a, "10:00", ann, "a");
    b["beta"] = "from b";
    note(b, "10:00", bo, "b");
    const Json m = merge_both(base, a, b);
    CHECK(m["zeta"] == "from a");
    CHECK(m["beta"] == "from b");
}

TEST_CASE("both sides added the file") {
    Json a = base_ticket(), b = base_ticket();
    note(a, "10:00", ann, "a");
    assign(a, "10:05", bo);
    note(b, "10:01", bo, "b");
    const auto ab = merged(tpath(), nullptr, a, b);
    const auto ba = merged(tpath(), nullptr, b, a);
    REQUIRE_MESSAGE(ab.merged, ab.why);
    CHECK(ab.text == ba.text);
    const Json m = yaml::parse(ab.text, "merged");
    CHECK(m["assignee"] == bo);
    CHECK(of_action(m, "note").size() == 2);
    CHECK(ab.conflicts.empty());
    // An empty base (git's %O for an add/add) is no base.
    const auto empty = merge::merge_file(tpath(), std::string_view(), yaml_of(a), yaml_of(b));
    CHECK(empty.text == ab.text);
}

TEST_CASE("what cannot be merged is left to git") {
    const Json base = base_ticket();
    Json a = base;
    note(a, "10:00", ann, "a");
    const std::string good = yaml_of(a), b = yaml_of(base);
    const auto refused = [&](const std::string& path, std::string_view base_text,
                             std::string_view ours, std::string_view theirs) {
        const auto r = merge::merge_file(path, base_text, ours, theirs);
        CHECK_FALSE(r.merged);
        CHECK(r.text.empty());
        CHECK_FALSE(r.why.empty());
        return r.why;
    };
    CHECK(refused("README.md", b, good, good).find("README.md") != std::string::npos);
    CHECK(refused(tpath(), b, good, "title: [unclosed\n").find("(theirs)") != std::string::npos);
    CHECK(
        refused(tpath(), b, "<<<<<<< ours\n" + good + "=======\n" + good + ">>>>>>> theirs\n", good)
            .find("(ours)") != std::string::npos);
    CHECK(refused(tpath(), "- a list\n", good, good).find("(base)") != std::string::npos);
    Json other = a;
    other["id"] = "T-0000000000ZZ";
    refused(tpath(), b, good, yaml_of(other));
    Json no_events = a;
    no_events.erase("events");
    refused(tpath(), b, good, ticket::to_yaml(no_events));
    // A result that would not be valid: an event out of time order on one side.
    Json bad = a;
    bad["events"].push_back(Json{{"at", at("08:00")}, {"by", ann}, {"action", "note"}});
    refused(tpath(), b, yaml_of(bad), good);
    Json worse = base;
    worse["events"].push_back(Json{{"at", at("07:00")}, {"by", ann}, {"action", "note"}});
    worse["events"].push_back(Json{{"at", at("06:00")}, {"by", ann}, {"action", "note"}});
    refused(tpath(), b, yaml_of(worse), good);
}

TEST_CASE("the text merge marks what it cannot merge") {
    bool clean = true;
    const std::string t = merge::text_merge("a\nb\nc\n", "a\nB\nc\n", "a\nβ\nc\n", clean);
    CHECK_FALSE(clean);
    CHECK(t.find("<<<<<<< ours") != std::string::npos);
    CHECK(t.find(">>>>>>> theirs") != std::string::npos);
    const std::string u = merge::text_merge("a\nb\nc\n", "A\nb\nc\n", "a\nb\nC\n", clean);
    CHECK(clean);
    CHECK(u == "A\nb\nC\n");
}

// ---- articles ----------------------------------------------------------------------------

namespace {

std::string kpath() {
    return kb::path_of(kid);
}

Json base_article() {
    Json doc = Json::object();
    doc["id"] = kid;
    doc["title"] = "Printer error 0x1F";
    doc["status"] = "draft";
    doc["category"] = "hardware";
    doc["keywords"] = {"printer"};
    doc["version"] = 1;
    doc["author"] = ann;
    doc["problem"] = "Printing fails with 0x1F.";
    doc["diagnosis_steps"] = {"check the driver"};
    doc["solution"] = "Reinstall the driver.";
    doc["scenarios"] = {"office printers"};
    doc["events"] =
        Json::array({Json{{"at", at("09:00")}, {"by", ann}, {"action", "new"}, {"to", "draft"}}});
    return doc;
}

void kb_event(Json& doc, const std::string& hhmm, const std::string& by, const std::string& action,
              Json extra = Json::object(), const std::string& to = {}) {
    Json e{{"at", at(hhmm)}, {"by", by}, {"action", action}};
    if (!to.empty()) {
        e["from"] = doc["status"];
        e["to"] = to;
        doc["status"] = to;
    }
    for (auto& [k, v] : extra.items())
        e[k] = v;
    doc["events"].push_back(e);
}

} // namespace

TEST_CASE("articles: edits, links and keywords from both sides") {
    const Json base = base_article();
    Json a = base, b = base;
    a["solution"] = "Reinstall driver 3.1.";
    kb_event(a, "10:00", ann, "edit", Json{{"version", 1}, {"fields", {"solution"}}});
    a["keywords"].push_back("0x1F");
    kb_event(a, "10:05", ann, "edit", Json{{"version", 1}, {"fields", {"keywords"}}});
    b["links"] = Json{{"tickets", {tid}}};
    kb_event(b, "10:02", bo, "link", Json{{"ticket", tid}});
    b["keywords"].push_back("driver");
    kb_event(b, "10:03", bo, "edit", Json{{"version", 1}, {"fields", {"keywords"}}});
    kb_event(b, "10:04", bo, "submit", Json{{"version", 1}}, "in_review");

    std::vector<merge::Conflict> conflicts;
    const Json m = merge_both(base, a, b, kpath(), &conflicts);
    CHECK(conflicts.empty());
    CHECK(m["solution"] == "Reinstall driver 3.1.");
    CHECK(m["links"]["tickets"] == Json::array({tid}));
    CHECK(m["keywords"] == Json::array({"printer", "0x1F", "driver"}));
    CHECK(m["status"] == "in_review");
}

TEST_CASE("articles: a title changed on both sides keeps the later one and logs both") {
    const Json base = base_article();
    Json a = base, b = base;
    a["title"] = "Printer error 0x1F after a driver update";
    kb_event(a, "10:00", ann, "edit", Json{{"version", 1}, {"fields", {"title"}}});
    b["title"] = "Network printer fails with 0x1F";
    kb_event(b, "09:30", bo, "edit", Json{{"version", 1}, {"fields", {"title"}}});
    std::vector<merge::Conflict> conflicts;
    const Json m = merge_both(base, a, b, kpath(), &conflicts);
    CHECK(m["title"] == a["title"]);
    const auto recorded = of_action(m, std::string(merge::conflict_action));
    REQUIRE(recorded.size() == 1);
    CHECK(recorded[0]["field"] == "title");
    CHECK(recorded[0]["kept"] == a["title"]);
    CHECK(recorded[0]["other"] == b["title"]);
}

TEST_CASE("articles: reviews from both sides, the status from the last verdict") {
    Json base = base_article();
    kb_event(base, "09:10", ann, "submit", Json{{"version", 1}}, "in_review");
    Json a = base, b = base;
    a["reviewers"] = Json::array({Json{{"at", at("10:00")},
                                       {"by", bo},
                                       {"verdict", "rejected"},
                                       {"version", 1},
                                       {"reason", "too short"}}});
    kb_event(a, "10:00", bo, "reject", Json{{"version", 1}, {"note", "too short"}}, "draft");
    b["reviewers"] = Json::array(
        {Json{{"at", at("10:10")}, {"by", cy}, {"verdict", "approved"}, {"version", 1}}});
    kb_event(b, "10:10", cy, "approve", Json{{"version", 1}}, "published");
    const Json m = merge_both(base, a, b, kpath());
    CHECK(m["status"] == "published");
    CHECK(m["reviewers"].size() == 2);
}

// ---- symmetry over generated histories ---------------------------------------------------

namespace {

// A random history of sop-like actions on one side, after `base`, starting at minute `from`.
Json evolve(const Json& base, std::mt19937& rng, int from) {
    Json doc = base;
    int minute = from;
    const auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    const auto hhmm = [&] {
        minute += pick(3); // equal instants on purpose
        const auto two = [](int v) { return (v < 10 ? "0" : "") + std::to_string(v); };
        return two(10 + minute / 60) + ":" + two(minute % 60);
    };
    const std::vector<std::string> people = {ann, bo, cy};
    const int steps = 1 + pick(6);
    for (int i = 0; i < steps; ++i) {
        const std::string t = hhmm();
        switch (pick(8)) {
        case 0:
            note(doc, t, people[pick(3)], "note " + std::to_string(pick(4)));
            break;
        case 1:
            assign(doc, t, people[pick(3)]);
            break;
        case 2: {
            doc["team"] = pick(2) ? "ops" : "net";
            event(doc, t, ann, "route", Json{{"team", doc["team"]}});
            break;
        }
        case 3: {
            doc["problem"]["environment"]["system"] = "Windows " + std::to_string(10 + pick(2));
            event(doc, t, ann, "edit", Json{{"fields", {"problem"}}});
            break;
        }
        case 4: {
            if (!doc.contains("diagnosis")) doc["diagnosis"] = Json::array();
            const std::string n = "finding " + std::to_string(pick(3));
            doc["diagnosis"].push_back(Json{{"at", at(t)}, {"by", ann}, {"note", n}});
            event(doc, t, ann, "diagnose", Json{{"note", n}});
            break;
        }
        case 5: {
            auto& rel = doc["links"]["related"];
            if (!rel.is_array()) rel = Json::array();
            const std::string id = "T-00000000000" + std::string(1, "ABC"[pick(3)]);
            if (std::find(rel.begin(), rel.end(), Json(id)) == rel.end())
                rel.push_back(id);
            else
                rel.erase(std::find(rel.begin(), rel.end(), Json(id)));
            if (rel.empty()) doc.erase("links");
            event(doc, t, ann, "edit", Json{{"fields", {"links"}}});
            break;
        }
        case 6: {
            const std::string s = doc["state"].get<std::string>();
            if (s == "pending")
                event(doc, t, ann, "resume", Json::object(), "new");
            else
                event(doc, t, ann, "wait", Json{{"on", "customer"}}, "pending");
            break;
        }
        default: {
            if (pick(2))
                doc["problem"]["steps"] = "step " + std::to_string(pick(3));
            else
                doc["problem"].erase("steps");
            event(doc, t, ann, "edit", Json{{"fields", {"problem"}}});
        }
        }
    }
    return doc;
}

} // namespace

TEST_CASE("symmetric and complete over generated histories") {
    std::mt19937 rng(20261124);
    std::size_t decided = 0, moved_both = 0;
    for (int round = 0; round < 200; ++round) {
        CAPTURE(round);
        const Json root = base_ticket();
        const Json base = evolve(root, rng, 0);
        const Json a = evolve(base, rng, 60);
        const Json b = evolve(base, rng, 60);
        std::vector<merge::Conflict> conflicts;
        const Json m = merge_both(base, a, b, tpath(), &conflicts);
        // Every event of both sides is there, as often as on the side that has it most.
        std::multiset<std::string> all;
        for (const auto& e : m["events"])
            all.insert(nlohmann::json(e).dump());
        for (const Json* side : {&a, &b}) {
            std::multiset<std::string> mine;
            for (const auto& e : (*side)["events"])
                mine.insert(nlohmann::json(e).dump());
            for (const auto& e : mine)
                CHECK(all.count(e) >= mine.count(e));
        }
        CHECK(of_action(m, std::string(merge::conflict_action)).size() == conflicts.size());
        decided += conflicts.size();
        if (a["state"] != base["state"] && b["state"] != base["state"]) ++moved_both;
        // The state is the last move's.
        std::string state;
        for (const auto& e : m["events"])
            if (e.contains("from") || e["action"] == "new") state = e["to"];
        CHECK(m["state"] == state);
        // Merging the result with either side again changes nothing but what that side lacks.
        const auto again = merged(tpath(), &base, m, m);
        CHECK(again.text == yaml_of(m));
    }
    CHECK(decided > 20); // the generator does make conflicts
    CHECK(moved_both > 10);
}

// ---- libgit2 ------------------------------------------------------------------------------

namespace {

git_oid blob_of(git_repository* repo, const std::string& text) {
    git_oid id;
    git::check(git_blob_create_from_buffer(&id, repo, text.data(), text.size()), "blob");
    return id;
}

git::TreePtr tree_with(git_repository* repo, git_tree* from, const std::string& path,
                       const std::string& text) {
    git_tree_update u{};
    u.action = GIT_TREE_UPDATE_UPSERT;
    u.id = blob_of(repo, text);
    u.filemode = GIT_FILEMODE_BLOB;
    u.path = path.c_str();
    git_oid id;
    git::check(git_tree_create_updated(&id, repo, from, 1, &u), "tree");
    git_tree* t = nullptr;
    git::check(git_tree_lookup(&t, repo, &id), "tree");
    return git::TreePtr(t);
}

} // namespace

TEST_CASE("libgit2 merges with the same driver as the git CLI") {
    test::TempRepo repo;
    merge::register_libgit2_driver();
    merge::register_libgit2_driver(); // twice is fine
    git_repository* raw = repo.r().raw();
    const Json base = base_ticket();
    Json a = base, b = base;
    assign(a, "10:00", bo);
    assign(b, "10:30", cy);
    note(b, "10:40", cy, "b");
    const auto head = repo.r().head();
    const auto t0 = tree_with(raw, head.tree(), tpath(), yaml_of(base));
    const auto ta = tree_with(raw, t0.get(), tpath(), yaml_of(a));
    const auto tb = tree_with(raw, t0.get(), tpath(), yaml_of(b));
    git_merge_options opts = GIT_MERGE_OPTIONS_INIT;
    git_index* idx = nullptr;
    git::check(git_merge_trees(&idx, raw, t0.get(), ta.get(), tb.get(), &opts), "merge");
    git::IndexPtr index(idx);
    CHECK_FALSE(git_index_has_conflicts(index.get()));
    const git_index_entry* entry = git_index_get_bypath(index.get(), tpath().c_str(), 0);
    REQUIRE(entry);
    git_blob* blob = nullptr;
    git::check(git_blob_lookup(&blob, raw, &entry->id), "blob");
    git::BlobPtr owned(blob);
    const std::string text(static_cast<const char*>(git_blob_rawcontent(blob)),
                           static_cast<std::size_t>(git_blob_rawsize(blob)));
    const auto expected = merged(tpath(), &base, a, b);
    CHECK(text == expected.text);

    // A side that does not parse stays conflicted.
    const auto bad = tree_with(raw, t0.get(), tpath(), "title: [unclosed\n");
    git::check(git_merge_trees(&idx, raw, t0.get(), ta.get(), bad.get(), &opts), "merge");
    git::IndexPtr conflicted(idx);
    CHECK(git_index_has_conflicts(conflicted.get()));
}

TEST_CASE("sop init registers the driver, once") {
    test::TempRepo repo;
    const auto attrs = repo.r().head().read(".gitattributes");
    REQUIRE(attrs);
    CHECK(attrs->find("tickets/**/*.yaml merge=sop\n") != std::string::npos);
    CHECK(attrs->find("kb/*.yaml merge=sop\n") != std::string::npos);
    CHECK(repo.shell("git config --local merge.sop.driver") ==
          "sop merge-driver %O %A %B %P\n"); // the test program is not sop: plain `sop`
    CHECK_FALSE(repo.shell("git config --local merge.sop.name").empty());

    // A clone's config lacks it; init again writes it and commits nothing.
    repo.shell("git config --local --unset merge.sop.driver");
    const auto again = config::init(repo.work(), repo.ann, repo.t0);
    CHECK(again.commit.empty());
    CHECK(again.attributes_commit.empty());
    CHECK(repo.shell("git config --local merge.sop.driver") == "sop merge-driver %O %A %B %P\n");

    // A repository from before the driver: its .gitattributes gains the lines, in one commit.
    repo.shell("printf '# mine\\n*.md text\\n' > .gitattributes && git add .gitattributes && "
               "git -c user.name=x -c user.email=x@x commit -qm old");
    const auto upgraded = config::init(repo.work(), repo.ann, repo.t0);
    CHECK(upgraded.commit.empty());
    CHECK_FALSE(upgraded.attributes_commit.empty());
    const auto now = repo.r().head().read(".gitattributes");
    REQUIRE(now);
    CHECK(now->starts_with("# mine\n*.md text\n"));
    CHECK(now->ends_with("tickets/**/*.yaml merge=sop\nkb/*.yaml merge=sop\n"));
    CHECK(repo.status().empty());
    CHECK(config::init(repo.work(), repo.ann, repo.t0).attributes_commit.empty());
}
