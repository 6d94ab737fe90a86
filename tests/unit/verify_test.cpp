// sop verify (lib/verify): the rules tables, the tree comparison, and runs over histories made
// with the library's verbs, with commits forged on top the way a person with the git CLI could
// make them (blobs, a tree, a commit with any message and author).
#include "config/config.hpp"
#include "fixture.hpp"
#include "kb/authoring.hpp"
#include "kb/lifecycle.hpp"
#include "kb/lookup.hpp"
#include "ticket/archive.hpp"
#include "ticket/id.hpp"
#include "ticket/intake.hpp"
#include "util/error.hpp"
#include "validate/transitions.hpp"
#include "verify/rules.hpp"
#include "verify/tree_diff.hpp"
#include "verify/verify.hpp"
#include "workflow/verbs.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace sop;
using Json = yaml::Json;

namespace {

const git::Identity ann{"Ann Lee", "ann@example.com"}; // the fixture's actor
const git::Identity bo{"Bo Chen", "bo@example.com"};
const git::Identity cy{"Cy Zhou", "cy@example.com"};
const git::Identity dan{"Dan Wu", "dan@example.com"};

constexpr const char* team_config = R"(version: 1
timezone: UTC
teams:
  - name: support
people:
  - {name: Ann Lee, email: ann@example.com, roles: [engineer]}
  - {name: Bo Chen, email: bo@example.com, roles: [engineer, kb-reviewer]}
  - {name: Cy Zhou, email: cy@example.com, roles: [engineer, senior]}
  - {name: Dan Wu, email: dan@example.com, roles: [engineer]}
)";

using Files = std::vector<std::pair<std::string, std::optional<std::string>>>;

// A commit of `files` (nullopt removes one) on HEAD's branch, made without sop.
std::string forge(const git::Repo& repo, const Files& files, const std::string& message,
                  const git::Identity& author, const char* when = "2026-11-25T12:00:00+08:00") {
    const git::Snapshot head = repo.head();
    std::vector<git_tree_update> updates;
    std::vector<std::string> paths;
    paths.reserve(files.size());
    for (const auto& [path, bytes] : files) {
        git_tree_update u{};
        paths.push_back(path);
        u.path = paths.back().c_str();
        if (bytes) {
            u.action = GIT_TREE_UPDATE_UPSERT;
            u.filemode = GIT_FILEMODE_BLOB;
            git::check(git_blob_create_from_buffer(&u.id, repo.raw(), bytes->data(), bytes->size()),
                       "blob");
        } else {
            u.action = GIT_TREE_UPDATE_REMOVE;
        }
        updates.push_back(u);
    }
    git_oid tree_id;
    git::check(
        git_tree_create_updated(&tree_id, repo.raw(), head.tree(), updates.size(), updates.data()),
        "tree");
    git_tree* tree = nullptr;
    git::check(git_tree_lookup(&tree, repo.raw(), &tree_id), "tree");
    const git::TreePtr tree_ptr(tree);
    git_commit* parent = nullptr;
    git::check(git_commit_lookup(&parent, repo.raw(), &*head.commit()), "parent");
    const git::CommitPtr parent_ptr(parent);
    const auto t = test::at(when);
    git_signature* sig = nullptr;
    git::check(git_signature_new(&sig, author.name.c_str(), author.email.c_str(), t.seconds,
                                 t.offset_minutes),
               "signature");
    const git::SignaturePtr sig_ptr(sig);
    const git_commit* parents[] = {parent};
    git_oid id;
    git::check(git_commit_create(&id, repo.raw(), "HEAD", sig, sig, nullptr, message.c_str(), tree,
                                 1, parents),
               "commit");
    return git::oid_str(id);
}

std::string trailers(const std::string& id, const std::string& action, const std::string& from,
                     const std::string& to) {
    return "Sop-Ticket: " + id + "\nSop-Action: " + action + "\nSop-From: " + from +
           "\nSop-To: " + to + "\n";
}

Json event(const git::Identity& by, const char* action) {
    return Json{{"at", "2026-11-25T12:00:00+08:00"}, {"by", by.str()}, {"action", action}};
}

struct Desk : test::TempRepo {
    std::optional<config::Config> cfg;

    Desk() {
        forge(r(), {{std::string(config::path), std::string(team_config)}}, "team setup\n", ann,
              "2026-11-24T09:00:00+08:00");
        cfg = config::load(r().head());
    }
    workflow::Context as(const git::Identity& who, const char* when) {
        cfg = config::load(r().head());
        return workflow::Context{r(), {who, test::at(when)}, *cfg};
    }
    Json ticket(const std::string& id) { return ticket::load(r().head(), id); }
    // A level-1 ticket answered directly: resolved, no survey yet.
    std::string resolved_ticket() {
        const std::string id = create();
        auto ctx = as(ann, "2026-11-24T10:00:00+08:00");
        workflow::triage(ctx, id, {"consultation", "software", "", "", "", 1});
        workflow::resolve(ctx, id, "see the manual");
        return id;
    }
    verify::Report check(std::vector<std::string> revisions = {"HEAD^..HEAD"}) {
        return verify::run(r().raw(), {std::move(revisions)});
    }
};

bool has(const verify::Report& r, const std::string& path, const std::string& field,
         const std::string& text) {
    return std::any_of(r.problems.begin(), r.problems.end(), [&](const verify::Problem& p) {
        return p.path == path && p.field == field && p.message.find(text) != std::string::npos;
    });
}

std::string dump(const verify::Report& r) {
    std::string s;
    for (const auto& p : r.problems)
        s += p.abbrev + ": " + p.path + ": " + p.field + ": " + p.message + "\n";
    return s;
}

} // namespace

TEST_CASE("the rules: what each action may change") {
    using namespace verify::rules;
    for (const auto& t : validate::transitions())
        CHECK_MESSAGE(is_ticket_action(t.action), t.action);
    for (const char* a : {"note", "edit", "assign", "link", "incident-approve", "collab-done"})
        CHECK_MESSAGE(is_ticket_action(a), a);
    CHECK_FALSE(is_ticket_action("archive"));
    CHECK_FALSE(is_ticket_action("kb-approve"));

    CHECK(may_change_ticket_field("close", "summary"));
    CHECK_FALSE(may_change_ticket_field("close", "survey")); // a survey is recorded by `survey`
    CHECK(may_change_ticket_field("reopen", "survey"));      // ... and erased by a reopen
    CHECK_FALSE(may_change_ticket_field("note", "level"));
    CHECK(may_change_ticket_field("edit", "title"));
    for (const char* fixed : {"id", "state", "events"})
        CHECK_FALSE(may_change_ticket_field("edit", fixed));
    CHECK(records_also("verify", "escalate"));
    CHECK(records_also("incident-declare", "notify"));
    CHECK_FALSE(records_also("note", "escalate"));

    CHECK(is_article_verb("approve"));
    CHECK_FALSE(is_article_verb("link")); // a ticket verb's part in an article, not a kb verb
    CHECK(may_change_article_field("approve", "reviewers"));
    CHECK_FALSE(may_change_article_field("submit", "title"));
    CHECK(may_change_article_field("edit", "version"));
    CHECK(article_move_allowed("new", "", "draft"));
    CHECK(article_move_allowed("approve", "in_review", "published"));
    CHECK(article_move_allowed("retire", "published", "retired"));
    CHECK_FALSE(article_move_allowed("approve", "draft", "published"));
    CHECK_FALSE(article_move_allowed("flag", "draft", "flagged"));
}

TEST_CASE("the tree comparison: sop's files only, added, changed and removed") {
    Desk d;
    const std::string a = d.create("first"), b = d.create("second");
    const git::Snapshot before = d.r().head();
    forge(d.r(),
          {{ticket::path_of(a), "changed\n"},
           {ticket::path_of(b), std::nullopt},
           {"kb/KB-4K7QX2M9ABCD.yaml", "new\n"},
           {"kb/sub/KB-4K7QX2M9ABCD.yaml", "not an article\n"},
           {"postmortems/x.md", "not sop's\n"},
           {std::string(config::path), std::string(team_config) + "# more\n"}},
          "hand edits\n", ann);
    const git::Snapshot after = d.r().head();
    const auto changes = verify::sop_files_changed(d.r().raw(), before.tree(), after.tree());
    std::vector<std::string> seen;
    for (const auto& c : changes)
        seen.push_back(c.path + (c.before ? " before" : "") + (c.after ? " after" : ""));
    std::vector<std::string> want = {
        std::string(config::path) + " before after", "kb/KB-4K7QX2M9ABCD.yaml after",
        ticket::path_of(a) + " before after", ticket::path_of(b) + " before"};
    std::sort(want.begin(), want.end());
    CHECK(seen == want);
    CHECK(verify::sop_files_changed(d.r().raw(), after.tree(), after.tree()).empty());
    // From the empty tree: everything is added.
    const auto all = verify::sop_files_changed(d.r().raw(), nullptr, after.tree());
    CHECK(std::all_of(all.begin(), all.end(), [](const auto& c) { return !c.before && c.after; }));
}

TEST_CASE("a history made with the verbs verifies clean") {
    Desk d;
    const std::string a = d.resolved_ticket();
    auto ctx = d.as(ann, "2026-11-24T10:10:00+08:00");
    workflow::survey(ctx, a, {4, 5, 5, "fine", "phone", ""});
    workflow::close(ctx, a, {"p", "d", "s", "o", "f", "a", "", "", ""});
    const std::string b = d.create("related");
    workflow::link(ctx, b, {a, ""}); // changes both tickets; the trailers name b
    ticket::edit(d.r(), b,
                 [](const std::string& text) { // the edit lists what it changed
                     std::string t = text;
                     t.replace(t.find("title: related"), 14, "title: edited");
                     return t;
                 },
                 {ann, test::at("2026-11-24T10:20:00+08:00")});
    const auto k = kb::create(d.as(ann, "2026-11-24T10:30:00+08:00"),
                              Json{{"title", "Map a drive"},
                                   {"category", "software"},
                                   {"problem", "How?"},
                                   {"diagnosis_steps", {"ask"}},
                                   {"solution", "Explorer"},
                                   {"scenarios", {"Windows"}}},
                              a);
    kb::submit(d.as(ann, "2026-11-24T10:40:00+08:00"), k.id, "");
    kb::approve(d.as(bo, "2026-11-24T10:50:00+08:00"), k.id, "");
    ticket::archive(d.r(), {{a}, std::nullopt, false},
                    {ann, test::at("2026-11-24T11:00:00+08:00")});

    const auto report = d.check({});
    CHECK_MESSAGE(report.ok(), dump(report));
    CHECK(report.range == "main");
    CHECK(report.commits == std::stoul(d.shell("git rev-list --count HEAD")));
    const auto archive = d.check({std::string(ticket::archive_branch)});
    CHECK_MESSAGE(archive.ok(), dump(archive));
    CHECK(archive.commits == 1);
}

TEST_CASE("a hand edit is named with its commit and file") {
    Desk d;
    const std::string a = d.create();
    std::string text = *d.r().head().read(ticket::path_of(a));
    text.replace(text.find("title: "), 7, "title: (hand) ");
    const std::string commit = forge(d.r(), {{ticket::path_of(a), text}}, "fix\n", dan);
    const auto r = d.check();
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].commit == commit);
    CHECK(commit.starts_with(r.problems[0].abbrev));
    CHECK(r.problems[0].path == ticket::path_of(a));
    CHECK(r.problems[0].field.empty());
    CHECK(r.problems[0].message == "changed outside sop (no Sop-Action trailer)");
}

TEST_CASE("a forged close: the guards and the role from the parent's config") {
    Desk d;
    const std::string a = d.resolved_ticket();
    const auto close = [&](const std::function<void(Json&)>& change, const std::string& extra,
                           const git::Identity& who) {
        Json t = d.ticket(a);
        t["state"] = "closed";
        t["summary"] = Json{{"problem", "p"}, {"diagnosis", "d"}, {"solution", "s"},
                            {"outcome", "o"}, {"feedback", "f"},  {"advice", "a"}};
        Json e = event(who, "close");
        e["from"] = "resolved";
        e["to"] = "closed";
        t["events"].push_back(e);
        change(t);
        forge(d.r(), {{ticket::path_of(a), ticket::to_yaml(t)}},
              a + ": closed\n\n" + trailers(a, "close", "resolved", "closed") + extra, who);
        return d.check();
    };
    const std::string path = ticket::path_of(a);
    SUBCASE("no survey") {
        const auto r = close([](Json&) {}, "", ann);
        CHECK(has(r, path, "survey", "closed without a satisfaction survey"));
        CHECK_MESSAGE(r.problems.size() == 1, dump(r));
    }
    SUBCASE("a survey added by the close itself") {
        const auto r = close(
            [&](Json& t) {
                t["survey"] =
                    Json{{"at", "2026-11-25T12:00:00+08:00"}, {"by", ann.str()}, {"none", "x"}};
            },
            "", ann);
        CHECK(has(r, path, "survey", "changed by 'close', which does not set it"));
    }
    SUBCASE("an incomplete summary and an unhappy user") {
        workflow::survey(d.as(ann, "2026-11-24T11:00:00+08:00"), a, {2, 3, 3, "", "", ""});
        const auto r = close([](Json& t) { t["summary"].erase("advice"); }, "", ann);
        CHECK(has(r, path, "summary", "lacks advice"));
        CHECK(has(r, path, "summary.follow_up", "[guard: unhappy-user]"));
    }
    SUBCASE("level 3: a senior engineer other than the closer") {
        workflow::survey(d.as(ann, "2026-11-24T11:00:00+08:00"), a, {4, 4, 4, "", "", ""});
        Json t = d.ticket(a);
        t["level"] = 3; // made level 3 by a hand edit; reported at its own commit
        forge(d.r(), {{path, ticket::to_yaml(t)}}, "level\n", ann);
        const auto self = close(
            [&](Json& doc) {
                doc["summary"]["reviewed_by"] = cy.str();
                doc["events"].back()["reviewed_by"] = cy.str();
            },
            "Reviewed-by: " + cy.str() + "\n", cy);
        CHECK(has(self, path, "summary.reviewed_by", "is the one who closes"));
        forge(d.r(), {{path, ticket::to_yaml(t)}}, "undo\n", ann); // back to resolved
        const auto by_dan =
            close([&](Json& doc) { doc["events"].back()["reviewed_by"] = dan.str(); },
                  "Reviewed-by: " + dan.str() + "\n", ann);
        CHECK(has(by_dan, path, "summary.reviewed_by", "is not a senior engineer"));
        forge(d.r(), {{path, ticket::to_yaml(t)}}, "undo\n", ann);
        const auto mismatch =
            close([&](Json& doc) { doc["events"].back()["reviewed_by"] = dan.str(); },
                  "Reviewed-by: " + cy.str() + "\n", ann);
        CHECK_FALSE(has(mismatch, path, "summary.reviewed_by", ""));
        CHECK(has(mismatch, path,
                  "events[" + std::to_string(d.ticket(a)["events"].size() - 1) + "].reviewed_by",
                  "but the Reviewed-by trailer names"));
    }
}

TEST_CASE("an approval by someone without the role, even one the same commit grants") {
    Desk d;
    auto ctx = d.as(ann, "2026-11-24T10:00:00+08:00");
    const auto k = kb::create(ctx,
                              Json{{"title", "VPN"},
                                   {"category", "network"},
                                   {"problem", "expired"},
                                   {"diagnosis_steps", {"check"}},
                                   {"solution", "renew"},
                                   {"scenarios", {"laptops"}}},
                              "");
    kb::submit(ctx, k.id, "");
    Json article = kb::load(d.r().head(), k.id);
    article["status"] = "published";
    article["reviewers"] = Json::array({{{"at", "2026-11-25T12:00:00+08:00"},
                                         {"by", dan.str()},
                                         {"verdict", "approved"},
                                         {"version", 1}}});
    Json e = event(dan, "approve");
    e["from"] = "in_review";
    e["to"] = "published";
    article["events"].push_back(e);
    std::string config = team_config;
    const std::string engineer = "dan@example.com, roles: [engineer]";
    config.replace(config.find(engineer), engineer.size(),
                   "dan@example.com, roles: [engineer, kb-reviewer]");
    forge(d.r(),
          {{kb::path_of(k.id), kb::to_yaml(kb::canonical(article))},
           {std::string(config::path), config}},
          k.id + ": approved\n\nSop-Article: " + k.id +
              "\nSop-Action: kb-approve\nSop-From: in_review\nSop-To: published\nApproved-by: " +
              dan.str() + "\n",
          dan);
    const auto r = d.check();
    CHECK_MESSAGE(r.problems.size() == 1, dump(r));
    CHECK(has(r, kb::path_of(k.id), "reviewers",
              "Dan Wu <dan@example.com> is not a kb-reviewer in .sop/config.yaml of the parent "
              "commit"));
}

TEST_CASE("the trailers and the diff: another ticket, an action sop does not have, Sop-From") {
    Desk d;
    const std::string a = d.create("a"), b = d.create("b");
    Json t = d.ticket(b);
    Json e = event(ann, "note");
    e["note"] = "x";
    t["events"].push_back(e);
    SUBCASE("Sop-Ticket names another ticket") {
        forge(d.r(), {{ticket::path_of(b), ticket::to_yaml(t)}},
              a + ": note\n\n" + trailers(a, "note", "new", "new"), ann);
        const auto r = d.check();
        CHECK(has(r, ticket::path_of(b), "", "no Sop-Ticket trailer names " + b));
        CHECK(has(r, ticket::path_of(a), "",
                  "named by Sop-Ticket, but the commit does not change it"));
    }
    SUBCASE("an unknown action") {
        forge(d.r(), {{ticket::path_of(b), ticket::to_yaml(t)}},
              b + ": x\n\n" + trailers(b, "frobnicate", "new", "new"), ann);
        CHECK(has(d.check(), ticket::path_of(b), "", "'frobnicate' is not an action of sop"));
    }
    SUBCASE("Sop-From and Sop-To") {
        forge(d.r(), {{ticket::path_of(b), ticket::to_yaml(t)}},
              b + ": note\n\n" + trailers(b, "note", "triaged", "closed"), ann);
        const auto r = d.check();
        CHECK(has(r, ticket::path_of(b), "state",
                  "Sop-From says 'triaged', but the state is new in the parent commit"));
        CHECK(has(r, ticket::path_of(b), "state",
                  "Sop-To says 'closed', but the state is new after the commit"));
    }
    SUBCASE("a field the action does not set") {
        t["level"] = 2;
        forge(d.r(), {{ticket::path_of(b), ticket::to_yaml(t)}},
              b + ": note\n\n" + trailers(b, "note", "new", "new"), ann);
        CHECK(has(d.check(), ticket::path_of(b), "level",
                  "changed by 'note', which does not set it"));
    }
    SUBCASE("an event removed, none appended") {
        t = d.ticket(b);
        t["title"] = "b2";
        Json edit = event(ann, "edit");
        edit["fields"] = Json::array({"title", "channel"});
        t["events"] = Json::array({edit});
        forge(d.r(), {{ticket::path_of(b), ticket::to_yaml(t)}},
              b + ": edited\n\n" + trailers(b, "edit", "new", "new"), ann);
        CHECK(has(d.check(), ticket::path_of(b), "events[0]",
                  "rewritten: the event log is append-only"));
    }
    SUBCASE("an edit lists what it changed") {
        t = d.ticket(b);
        t["title"] = "b2";
        Json edit = event(ann, "edit");
        edit["fields"] = Json::array({"channel"});
        t["events"].push_back(edit);
        forge(d.r(), {{ticket::path_of(b), ticket::to_yaml(t)}},
              b + ": edited\n\n" + trailers(b, "edit", "new", "new"), ann);
        const auto r = d.check();
        CHECK(has(r, ticket::path_of(b), "title", "the edit event does not list it"));
        CHECK(has(r, ticket::path_of(b), "events[1].fields", "lists 'channel'"));
    }
}

TEST_CASE("archive and init: only what they do") {
    Desk d;
    const std::string open = d.create();
    forge(d.r(), {{ticket::path_of(open), std::nullopt}},
          open + ": archived\n\nSop-Ticket: " + open + "\nSop-Action: archive\n", ann);
    CHECK(has(d.check(), ticket::path_of(open), "state",
              "'new': 'sop archive' moves only closed or cancelled tickets"));
    const std::string other = d.create("other");
    std::string text = *d.r().head().read(ticket::path_of(other));
    forge(d.r(), {{ticket::path_of(other), text + "# more\n"}}, "sop: init\n\nSop-Action: init\n",
          ann);
    CHECK(has(d.check(), ticket::path_of(other), "", "changed by 'init', which changes no ticket"));
}

TEST_CASE("the guards of resolve, implement and collab escalate") {
    Desk d;
    const std::string id = d.create();
    const std::string path = ticket::path_of(id);
    auto ctx = d.as(ann, "2026-11-24T10:00:00+08:00");
    workflow::triage(ctx, id, {"fault", "software", "support", "", "", 2});
    // The ticket changed by hand as `action` would: `fields` set, its event (with `extra`)
    // appended, the state moved from `from` to `to`; committed with sop's trailers.
    const auto step = [&](const char* action, const std::string& from, const std::string& to,
                          const Json& fields, const Json& extra) {
        Json t = d.ticket(id);
        Json e = event(ann, action);
        if (from != to) {
            e["from"] = from;
            e["to"] = to;
            t["state"] = to;
        }
        e.update(extra);
        t.update(fields, true);
        t["events"].push_back(e);
        forge(d.r(), {{path, ticket::to_yaml(t)}},
              id + ": " + action + "\n\n" + trailers(id, action, from, to), ann);
        return d.check();
    };
    SUBCASE("a direct answer to a level-2 ticket") {
        const auto r =
            step("resolve", "triaged", "resolved", {{"answer", "try again"}}, Json::object());
        CHECK(has(r, path, "level", "[guard: verified-solution]"));
    }
    SUBCASE("a plan that touches data, implemented without confirmation or backup") {
        workflow::plan(ctx, id,
                       {{"restore"},
                        {"data loss"},
                        {"backup"},
                        {"data"},
                        "restore the old data",
                        "",
                        "2026-11-24T10:00:00+08:00/2026-11-24T18:00:00+08:00",
                        ""});
        const Json done{{"at", "2026-11-25T12:00:00+08:00"}, {"by", ann.str()}};
        const auto r = step("implement", "planned", "implementing",
                            {{"plan", {{"implementation", done}}}}, Json::object());
        CHECK(has(r, path, "plan.confirmation", "[guard: customer-confirmation]"));
        CHECK(has(r, path, "plan.implementation.backup", "[guard: backup]"));
    }
    SUBCASE("a disagreement escalated to someone who decides nothing") {
        workflow::collab_request(ctx, id,
                                 {"support", "logs", "the logs", "2026-11-26T18:00:00+08:00", ""});
        Json requests = d.ticket(id)["collaboration"];
        requests[0]["state"] = "escalated";
        const auto r = step("collab-escalate", "triaged", "triaged", {{"collaboration", requests}},
                            {{"n", 1}, {"escalated_to", dan.str()}, {"note", "slow"}});
        CHECK(has(r, path, "collaboration", "who is neither a lead nor a manager"));
    }
}

TEST_CASE("creation: only what 'new' and 'kb new' write") {
    Desk d;
    // A ticket taken in with a survey already recorded: a later close would pass its guard.
    const std::string id = "T-4K7QX2M9ABCD";
    Json t = ticket::new_ticket(d.intake(), id, ann, d.t0);
    t["survey"] = Json{{"at", d.t0.str()}, {"by", ann.str()}, {"none", "forged"}};
    forge(d.r(), {{ticket::path_of(id), ticket::to_yaml(t)}},
          id + ": new ticket\n\nSop-Ticket: " + id + "\nSop-Action: new\nSop-To: new\n", ann);
    CHECK(has(d.check(), ticket::path_of(id), "survey",
              "set by 'new', which takes in the intake's fields only"));
    // An article created published, with an approval.
    const std::string kid = "KB-4K7QX2M9ABCD";
    Json a = kb::new_article(Json{{"title", "VPN"},
                                  {"category", "network"},
                                  {"problem", "expired"},
                                  {"diagnosis_steps", {"check"}},
                                  {"solution", "renew"},
                                  {"scenarios", {"laptops"}}},
                             kid, ann, d.t0);
    a["status"] = "published";
    a["reviewers"] = Json::array(
        {{{"at", d.t0.str()}, {"by", bo.str()}, {"verdict", "approved"}, {"version", 1}}});
    forge(d.r(), {{kb::path_of(kid), kb::to_yaml(kb::canonical(a))}},
          kid + ": new article\n\nSop-Article: " + kid +
              "\nSop-Action: kb-new\nSop-To: published\n",
          ann);
    const auto r = d.check();
    CHECK_MESSAGE(has(r, kb::path_of(kid), "status", "'published': 'sop kb new' makes a draft"),
                  dump(r));
    CHECK(has(r, kb::path_of(kid), "reviewers", "set by 'kb-new'"));
}

TEST_CASE("the config: checked when it changes, and its roles count from the next commit") {
    Desk d;
    forge(d.r(), {{std::string(config::path), "version: [\n"}}, "break it\n", ann);
    const auto r = d.check();
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].path == config::path);
    CHECK(r.problems[0].message.starts_with("line "));
}

TEST_CASE("ranges") {
    Desk d;
    d.create("a");
    d.create("b");
    CHECK(d.check({}).commits == 4); // init, team setup, two tickets
    CHECK(d.check({"HEAD~2..HEAD"}).commits == 2);
    CHECK(d.check({"HEAD~1"}).commits == 3);
    CHECK(d.check({"HEAD", "^HEAD~1"}).commits == 1);
    CHECK_THROWS_AS(d.check({"nosuch"}), NotFoundError);
    CHECK_THROWS_AS(d.check({"HEAD..nosuch"}), NotFoundError);
    const std::string blob = d.shell("git rev-parse HEAD:.sop/config.yaml");
    CHECK_THROWS_WITH_AS(d.check({blob.substr(0, 40)}), doctest::Contains("not a commit"),
                         NotFoundError);
}
