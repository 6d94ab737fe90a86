// sop validate: the transition table, the event-log checks, conflict markers, and a run over a
// repository (IDs across the archive branch, references, parallel order).
#include "fixture.hpp"
#include "ticket/archive.hpp"
#include "ticket/id.hpp"
#include "util/fs.hpp"
#include "validate/checks.hpp"
#include "validate/transitions.hpp"
#include "validate/validate.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace sop;
using validate::Json;
using validate::Problem;

namespace {

Json event(const char* at, const char* action, const char* from = nullptr,
           const char* to = nullptr) {
    Json e{{"at", at}, {"by", "Ann Lee <ann@example.com>"}, {"action", action}};
    if (from) e["from"] = from;
    if (to) e["to"] = to;
    return e;
}

// A ticket whose log is `events` and whose state is the last `to` (or `state`).
Json ticket_with(std::vector<Json> events, const char* state = nullptr) {
    Json doc{{"id", "T-4K7QX2M9ABCD"}, {"state", "new"}, {"events", Json::array()}};
    for (auto& e : events) {
        if (e.contains("to")) doc["state"] = e["to"];
        doc["events"].push_back(std::move(e));
    }
    if (state) doc["state"] = state;
    return doc;
}

std::vector<Problem> events_of(const Json& doc) {
    std::vector<Problem> out;
    validate::check_events(doc, "t.yaml", out);
    validate::check_merge_conflicts(doc, "t.yaml", "sop edit T-4K7QX2M9ABCD", out);
    return out;
}

bool has(const std::vector<Problem>& ps, const std::string& field, const std::string& text) {
    return std::any_of(ps.begin(), ps.end(), [&](const Problem& p) {
        return p.field == field && p.message.find(text) != std::string::npos;
    });
}

std::string dump(const std::vector<Problem>& ps) {
    std::string s;
    for (const auto& p : ps)
        s += p.path + ": " + p.field + ": " + p.message + "\n";
    return s;
}

} // namespace

TEST_CASE("the transition table is the workflow's") {
    using validate::allowed;
    // The main path.
    CHECK(allowed("new", "", "new"));
    CHECK(allowed("triage", "new", "triaged"));
    CHECK(allowed("diagnose", "triaged", "diagnosing"));
    CHECK(allowed("plan", "diagnosing", "planned"));
    CHECK(allowed("plan", "triaged", "planned"));
    CHECK(allowed("implement", "planned", "implementing"));
    CHECK(allowed("verify", "implementing", "resolved"));
    CHECK(allowed("verify", "implementing", "diagnosing"));
    CHECK(allowed("rollback", "implementing", "diagnosing"));
    CHECK(allowed("close", "resolved", "closed"));
    // Level 1, reopen, pending, cancel, incidents.
    CHECK(allowed("resolve", "triaged", "resolved"));
    CHECK(allowed("resolve", "diagnosing", "resolved"));
    CHECK(allowed("reopen", "closed", "diagnosing"));
    CHECK(allowed("reopen", "resolved", "diagnosing"));
    CHECK(allowed("wait", "resolved", "pending"));
    CHECK(allowed("resume", "pending", "planned"));
    CHECK(allowed("cancel", "pending", "cancelled"));
    CHECK(allowed("incident-resolve", "new", "resolved"));
    // What no verb does.
    CHECK_FALSE(allowed("close", "diagnosing", "closed"));
    CHECK_FALSE(allowed("triage", "triaged", "triaged"));
    CHECK_FALSE(allowed("resolve", "planned", "resolved"));
    CHECK_FALSE(allowed("implement", "diagnosing", "implementing"));
    CHECK_FALSE(allowed("cancel", "closed", "cancelled"));
    CHECK_FALSE(allowed("cancel", "cancelled", "cancelled"));
    CHECK_FALSE(allowed("wait", "pending", "pending"));
    CHECK_FALSE(allowed("reopen", "cancelled", "diagnosing"));
    CHECK_FALSE(allowed("incident-resolve", "pending", "resolved"));
    CHECK_FALSE(allowed("new", "triaged", "new"));
    // Actions that never move the ticket.
    for (const char* a : {"note", "assign", "route", "respond", "escalate", "link", "edit",
                          "survey", "confirm", "remote", "merge-conflict", "incident-declare"})
        CHECK_FALSE(validate::changes_state(a));
    // Every row names real states, and there are 38 of them (a new verb changes this test).
    for (const auto& t : validate::transitions()) {
        CHECK((t.from.empty() || validate::is_state(t.from)));
        CHECK(validate::is_state(t.to));
        CHECK(t.from != t.to);
    }
    CHECK(validate::transitions().size() == 38);
}

TEST_CASE("the event log agrees with the state") {
    const auto intake = event("2026-11-24T09:30:00+08:00", "new", nullptr, "new");
    const auto triage = event("2026-11-24T10:00:00+08:00", "triage", "new", "triaged");
    const auto diagnose = event("2026-11-24T10:10:00+08:00", "diagnose", "triaged", "diagnosing");

    SUBCASE("a log sop writes is clean") {
        auto doc =
            ticket_with({intake, triage, diagnose, event("2026-11-24T10:20:00+08:00", "note"),
                         event("2026-11-24T10:30:00+08:00", "wait", "diagnosing", "pending"),
                         event("2026-11-24T11:00:00+08:00", "resume", "pending", "diagnosing"),
                         event("2026-11-24T11:10:00+08:00", "resolve", "diagnosing", "resolved"),
                         event("2026-11-24T11:20:00+08:00", "close", "resolved", "closed"),
                         event("2026-11-24T11:30:00+08:00", "reopen", "closed", "diagnosing")});
        const auto ps = events_of(doc);
        CHECK_MESSAGE(ps.empty(), dump(ps));
    }
    SUBCASE("a state that is not the last event's") {
        const auto ps = events_of(ticket_with({intake, triage, diagnose}, "closed"));
        REQUIRE(ps.size() == 1);
        CHECK(ps[0].field == "state");
        CHECK(ps[0].message == "'closed' contradicts the event log, which ends in diagnosing "
                               "(events[2], diagnose)");
    }
    SUBCASE("a transition no verb makes") {
        const auto ps = events_of(ticket_with(
            {intake, triage, event("2026-11-24T10:10:00+08:00", "close", "triaged", "closed")}));
        CHECK_MESSAGE(has(ps, "events[2]", "'close' from triaged to closed is not a transition"),
                      dump(ps));
        CHECK(has(ps, "events[2]", "resolved → closed"));
    }
    SUBCASE("an action that never moves the ticket") {
        const auto ps = events_of(ticket_with(
            {intake, triage, event("2026-11-24T10:10:00+08:00", "note", "triaged", "closed")}));
        CHECK_MESSAGE(has(ps, "events[2]", "'note' never changes the state"), dump(ps));
    }
    SUBCASE("from a state the log never reached") {
        const auto ps = events_of(ticket_with(
            {intake, triage,
             event("2026-11-24T10:10:00+08:00", "implement", "planned", "implementing")}));
        REQUIRE(ps.size() == 1);
        CHECK(ps[0].field == "events[2].from");
        CHECK(ps[0].message.find("never reached") != std::string::npos);
    }
    SUBCASE("a merged log interleaves two lines of work") {
        // Both clones started from triaged: one diagnosed, the other waited on the customer.
        const auto ps = events_of(
            ticket_with({intake, triage, diagnose,
                         event("2026-11-24T10:15:00+08:00", "wait", "triaged", "pending")}));
        CHECK_MESSAGE(ps.empty(), dump(ps));
    }
    SUBCASE("resume goes back where the ticket waited") {
        const auto ps = events_of(ticket_with(
            {intake, triage, event("2026-11-24T10:30:00+08:00", "wait", "triaged", "pending"),
             event("2026-11-24T11:00:00+08:00", "resume", "pending", "implementing")}));
        CHECK_MESSAGE(has(ps, "events[3].to", "resume goes back to triaged"), dump(ps));
    }
    SUBCASE("the first event is the intake, and only the first") {
        auto ps = events_of(ticket_with({triage}));
        CHECK_MESSAGE(has(ps, "events[0].action", "not the intake"), dump(ps));
        ps = events_of(ticket_with({intake, triage, intake}));
        CHECK_MESSAGE(has(ps, "events[2]", "a second intake"), dump(ps));
    }
    SUBCASE("half a transition, or a state that does not exist") {
        auto half = event("2026-11-24T10:10:00+08:00", "diagnose", "triaged");
        auto ps = events_of(ticket_with({intake, triage, half}, "triaged"));
        CHECK_MESSAGE(has(ps, "events[2].to", "not the state it reached"), dump(ps));
        ps = events_of(
            ticket_with({intake, event("2026-11-24T10:10:00+08:00", "triage", "new", "sorted")}));
        CHECK(has(ps, "events[1].to", "'sorted' is not a state"));
    }
}

TEST_CASE("events in time order and timestamps that parse") {
    Json doc{
        {"received_at", "2026-02-30T09:00:00+08:00"},
        {"problem", {{"started_at", "2026-11-20"}}},
        {"events",
         {event("2026-11-24T10:00:00+08:00", "new", nullptr, "new"),
          event("2026-11-24T09:00:00+08:00", "note"), event("2026-11-24T11:00:00+08:00", "note")}}};
    std::vector<Problem> out;
    validate::check_times(doc, "t.yaml", out);
    REQUIRE_MESSAGE(out.size() == 2, dump(out));
    CHECK(out[0].field == "received_at");
    CHECK(out[1].field == "events[1].at");
    CHECK(out[1].message.find("out of time order") != std::string::npos);
}

TEST_CASE("merge conflicts stay problems until an edit sets the field") {
    const auto intake = event("2026-11-24T09:30:00+08:00", "new", nullptr, "new");
    auto conflict = event("2026-11-24T10:00:00+08:00", "merge-conflict");
    conflict["field"] = "problem.symptom";
    conflict["values"] = Json::array({"prints blank pages", "does not print"});
    auto merged = event("2026-11-24T10:00:00+08:00", "merge-conflict");
    merged["field"] = "assignee";
    merged["kept"] = "Bo Chen <bo@example.com>";
    merged["other"] = nullptr;

    auto ps = events_of(ticket_with({intake, conflict, merged}));
    REQUIRE_MESSAGE(ps.size() == 2, dump(ps));
    CHECK(ps[0].field == "problem.symptom");
    CHECK(ps[0].message.find("'prints blank pages' and 'does not print'") != std::string::npos);
    CHECK(ps[0].message.find("sop edit T-4K7QX2M9ABCD") != std::string::npos);
    CHECK(ps[1].field == "assignee");
    CHECK(ps[1].message.find("the merge kept 'Bo Chen <bo@example.com>', the other side set "
                             "(absent)") != std::string::npos);

    // An edit of "problem" covers "problem.symptom"; one of "title" does not.
    auto edit = event("2026-11-24T11:00:00+08:00", "edit");
    edit["fields"] = Json::array({"title", "problem"});
    ps = events_of(ticket_with({intake, conflict, merged, edit}));
    REQUIRE_MESSAGE(ps.size() == 1, dump(ps));
    CHECK(ps[0].field == "assignee");
    // An edit before the conflict does not count.
    ps = events_of(ticket_with({intake, edit, conflict}));
    CHECK(ps.size() == 1);
}

TEST_CASE("conflict markers") {
    CHECK(validate::conflict_marker_lines("id: x\n").empty());
    const std::string text = "id: T-1\n<<<<<<< HEAD\ntitle: a\n||||||| base\ntitle: o\n=======\n"
                             "title: b\n>>>>>>> theirs\nstate: new\n";
    CHECK(validate::conflict_marker_lines(text) == std::vector<std::size_t>{2, 4, 6, 8});
    // CRLF, the last line without a newline, and text that only looks alike.
    CHECK(validate::conflict_marker_lines("a: 1\r\n=======\r\nb: 2\n>>>>>>> x") ==
          std::vector<std::size_t>{2, 4});
    CHECK(validate::conflict_marker_lines("note: |\n  =======\n  <<<<<<< quoted\n=========\n")
              .empty());
    const auto ps = validate::conflict_markers("tickets/4/K/T-4K7QX2M9ABCD.yaml", text);
    REQUIRE(ps.size() == 1);
    CHECK(ps[0].field == "(file)");
    CHECK(ps[0].message.starts_with("git conflict markers at lines 2, 4, 6, 8"));
}

TEST_CASE("messages split into field and why") {
    CHECK(validate::split("kb/KB-1.yaml", "links.tickets[0]: no ticket T-1") ==
          Problem{"kb/KB-1.yaml", "links.tickets[0]", "no ticket T-1"});
    CHECK(validate::split("t.yaml", "t.yaml:3:7: mapping values are not allowed") ==
          Problem{"t.yaml", "(file)", "line 3, column 7: mapping values are not allowed"});
    CHECK(validate::split("t.yaml", "t.yaml: too large (2000000 bytes)") ==
          Problem{"t.yaml", "(file)", "too large (2000000 bytes)"});
    CHECK(validate::split("t.yaml", "(top level): missing required field 'id'") ==
          Problem{"t.yaml", "(top level)", "missing required field 'id'"});
    CHECK(validate::split("t.yaml", "id 'T-1' does not match the file's path").field == "(file)");
}

TEST_CASE("a repository: IDs across the archive branch, references, order") {
    test::TempRepo t;
    std::vector<std::string> ids;
    for (int i = 0; i < 40; ++i)
        ids.push_back(t.create("Ticket " + std::to_string(i)));
    validate::Options opts;
    opts.jobs = 3;

    SUBCASE("clean") {
        const auto r = validate::run(t.r(), opts);
        CHECK_MESSAGE(r.ok(), dump(r.problems));
        CHECK(r.tickets == 40);
        CHECK(r.config_checked);
        CHECK(r.config_ok);
    }
    SUBCASE("problems come sorted by path, whatever the threads did") {
        for (const auto& id : ids) {
            const auto p = t.work() / ticket::path_of(id);
            auto text = *util::read_file(p);
            text.replace(text.find("state: new"), 10, "state: closed");
            util::write_file_atomic(p, text);
        }
        const auto r = validate::run(t.r(), opts);
        REQUIRE(r.problems.size() == 40);
        CHECK(std::is_sorted(r.problems.begin(), r.problems.end(),
                             [](const Problem& a, const Problem& b) { return a.path < b.path; }));
        CHECK(r.problems[0].field == "state");
    }
    SUBCASE("an ID live and archived") {
        // The archive branch holds ids[0]'s file as it is (an interrupted archive) and a
        // different file for ids[1]; made with git's plumbing.
        const std::string p0 = ticket::path_of(ids[0]), p1 = ticket::path_of(ids[1]);
        const std::string out = t.shell(
            "export GIT_INDEX_FILE=.git/validate-test-index && "
            "b0=$(git rev-parse HEAD:" +
            p0 +
            ") && "
            "b1=$(git cat-file -p HEAD:" +
            p1 +
            " | sed 's/^title: Ticket 1$/title: Ticket X/' | git hash-object -w --stdin) && "
            "git update-index --add --cacheinfo 100644,$b0," +
            p0 + " --cacheinfo 100644,$b1," + p1 +
            " && "
            "c=$(git commit-tree $(git write-tree) -m archived) && "
            "git update-ref refs/heads/sop-archive $c && rm -f .git/validate-test-index && "
            "echo done");
        REQUIRE_MESSAGE(out.find("done") != std::string::npos, out);
        const auto r = validate::run(t.r(), opts);
        REQUIRE_MESSAGE(r.problems.size() == 1, dump(r.problems));
        CHECK(r.problems[0].path == ticket::path_of(ids[1]));
        CHECK(r.problems[0].field == "id");
        CHECK(r.problems[0].message.find("also in the archive branch") != std::string::npos);
        REQUIRE(r.notes.size() == 1);
        CHECK(r.notes[0].find("interrupted 'sop archive'") != std::string::npos);

        opts.all = true;
        const auto all = validate::run(t.r(), opts);
        CHECK(all.tickets == 42);
        CHECK(all.archived == 2);
        // Archived tickets are closed or cancelled: these two are new.
        CHECK(std::count_if(all.problems.begin(), all.problems.end(), [](const Problem& p) {
                  return p.path.starts_with("sop-archive:") && p.field == "state";
              }) == 2);
    }
    SUBCASE("dangling references") {
        const auto p = t.work() / ticket::path_of(ids[2]);
        auto text = *util::read_file(p);
        text.replace(text.find("received_at:"), 0,
                     "links:\n  kb:\n    - KB-0000000000AA\n  related:\n    - " + ids[3] +
                         "\n    - T-0000000000ZZ\n");
        util::write_file_atomic(p, text);
        const auto r = validate::run(t.r(), opts);
        REQUIRE_MESSAGE(r.problems.size() == 2, dump(r.problems));
        CHECK(r.problems[0].field == "links.related[1]");
        CHECK(r.problems[0].message == "no ticket T-0000000000ZZ, live or archived");
        CHECK(r.problems[1].field == "links.kb[0]");
    }
    SUBCASE("given paths, directories, and what is not a sop file") {
        opts.base = t.work();
        opts.paths = {ticket::path_of(ids[0]), "tickets/" + ids[1].substr(2, 1), "README.md",
                      "tickets/9/9/T-9999999999XX.yaml"};
        const auto r = validate::run(t.r(), opts);
        CHECK(r.tickets >= 3);
        CHECK_FALSE(r.config_checked);
        REQUIRE_MESSAGE(r.problems.size() == 2, dump(r.problems));
        CHECK(r.problems[0].path == "README.md");
        CHECK(r.problems[1].message == "no such file");
    }
}
