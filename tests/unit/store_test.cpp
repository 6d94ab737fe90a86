#include "config/config.hpp"
#include "fixture.hpp"
#include "git/store.hpp"
#include "ticket/cache.hpp"
#include "ticket/id.hpp"
#include "ticket/lookup.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/text.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <map>

using namespace sop;

namespace {
std::string head_hex(const git::Repo& r) {
    return git::oid_str(*r.head().commit());
}
void write(const std::filesystem::path& p, const std::string& text) {
    util::write_file_atomic(p, text);
}
} // namespace

TEST_CASE("a change is one commit; working tree and index match HEAD afterwards") {
    test::TempRepo t;
    const std::string before = head_hex(t.r());
    const std::string id = t.create();
    const auto head = t.r().head();
    CHECK(head_hex(t.r()) != before);
    CHECK(t.shell("git rev-list --count HEAD") == "2\n");
    CHECK(t.status().empty());
    const auto on_disk = util::read_file(t.work() / ticket::path_of(id));
    REQUIRE(on_disk);
    CHECK(*on_disk == *head.read(ticket::path_of(id)));
    CHECK(t.shell("git fsck --no-dangling && echo ok").ends_with("ok\n"));
    CHECK(t.shell("git log -1 --format=%an%n%ae%n%aI%n%cn") ==
          "Ann Lee\nann@example.com\n2026-11-24T09:30:00+08:00\nAnn Lee\n");
}

TEST_CASE("a ticket with hand edits, staged edits or a deleted file is refused") {
    test::TempRepo t;
    const std::string id = t.create();
    const auto path = t.work() / ticket::path_of(id);
    const std::string original = *util::read_file(path);
    const ticket::Actor actor{t.ann, t.t0};
    const std::string tip = head_hex(t.r());

    write(path, original + "# hand edit\n");
    CHECK_THROWS_AS(ticket::add_note(t.r(), id, "x", actor), ConflictError);
    CHECK(head_hex(t.r()) == tip);
    CHECK(*util::read_file(path) == original + "# hand edit\n"); // nothing lost

    t.shell("git add -A");
    write(path, original);
    CHECK_THROWS_AS(ticket::add_note(t.r(), id, "x", actor), ConflictError);
    t.shell("git reset -q");

    std::filesystem::remove(path);
    CHECK_THROWS_AS(ticket::add_note(t.r(), id, "x", actor), ConflictError);
    t.shell("git checkout -q HEAD -- .");
    CHECK_NOTHROW(ticket::add_note(t.r(), id, "x", actor));
    CHECK(t.status().empty());
}

TEST_CASE("when the branch moves under a writer, the change is planned again on the new tip") {
    test::TempRepo t;
    const std::string id = t.create();
    int plans = 0;
    const auto path = ticket::path_of(id);
    const auto done = git::commit(
        t.r(),
        [&](const git::Snapshot& head) {
            if (++plans == 1) // another writer moves the branch first (without the index)
                t.shell("git update-ref HEAD $(git commit-tree -p HEAD -m 'someone else' "
                        "'HEAD^{tree}')");
            auto doc = ticket::load(head, id);
            ticket::append_event(doc, t.t0, t.ann, "note", ticket::Json{{"note", "mine"}});
            git::Change c;
            c.files.push_back({path, ticket::to_yaml(doc)});
            c.message = "test\n";
            return c;
        },
        t.ann, t.t0);
    REQUIRE(done);
    CHECK(plans == 2);
    CHECK(t.shell("git log --format=%s -2") == "test\nsomeone else\n");
    CHECK(t.status().empty());
}

TEST_CASE("a writer that keeps losing the race gives up with a conflict") {
    test::TempRepo t;
    int plans = 0;
    CHECK_THROWS_AS(
        git::commit(
            t.r(),
            [&](const git::Snapshot&) {
                ++plans;
                t.shell("git update-ref HEAD $(git commit-tree -p HEAD -m race 'HEAD^{tree}')");
                return git::Change{{{"a.txt", std::string("a\n")}}, "a\n", {}};
            },
            t.ann, t.t0, git::StoreOptions{3, 1000}),
        ConflictError);
    CHECK(plans == 3);
    CHECK_FALSE(std::filesystem::exists(t.work() / "a.txt"));
}

TEST_CASE("an interrupted commit is finished by the next command") {
    test::TempRepo t;
    const std::string id = t.create();
    const auto rel = ticket::path_of(id);
    const std::string old_text = *util::read_file(t.work() / rel);
    ticket::add_note(t.r(), id, "after the crash", {t.ann, t.t0});
    const std::string new_text = *util::read_file(t.work() / rel);
    // Put the working tree and index back as they were before the commit, and leave the
    // journal the store writes before it publishes: the state a kill -9 right after the
    // compare-and-swap leaves behind.
    const std::string old_blob = t.shell("git rev-parse HEAD~1:" + rel);
    const std::string new_blob = t.shell("git rev-parse HEAD:" + rel);
    write(t.work() / rel, old_text);
    t.shell("git update-index --cacheinfo 100644," + old_blob.substr(0, 40) + "," + rel);
    CHECK_FALSE(t.status().empty());
    write(t.r().sop_dir() / "journal", "commit " + head_hex(t.r()) + "\nfile " +
                                           old_blob.substr(0, 40) + " " + new_blob.substr(0, 40) +
                                           " " + old_blob.substr(0, 40) + " " + rel + "\n");
    const auto report = git::recover(t.r());
    REQUIRE(report.size() == 1);
    CHECK(report[0].find("brought '" + rel + "' up to date") == 0);
    CHECK(*util::read_file(t.work() / rel) == new_text);
    CHECK(t.status().empty());
    CHECK_FALSE(std::filesystem::exists(t.r().sop_dir() / "journal"));
    CHECK(git::recover(t.r()).empty());
}

TEST_CASE("a journal for a commit that was never published is discarded") {
    test::TempRepo t;
    const std::string id = t.create();
    const std::string tip = head_hex(t.r());
    write(t.r().sop_dir() / "journal", "commit 1111111111111111111111111111111111111111\nfile - "
                                       "2222222222222222222222222222222222222222 - x.yaml\n");
    CHECK(git::recover(t.r()).empty());
    CHECK(head_hex(t.r()) == tip);
    CHECK_FALSE(std::filesystem::exists(t.r().sop_dir() / "journal"));
    CHECK(t.status().empty());
}

TEST_CASE("a damaged journal is reported and removed, not a dead end") {
    test::TempRepo t;
    write(t.r().sop_dir() / "journal", "this is not a journal\n");
    const auto report = git::recover(t.r());
    REQUIRE(report.size() == 1);
    CHECK(report[0].find("removed a damaged journal") == 0);
    CHECK(git::recover(t.r()).empty());
}

TEST_CASE("git's index lock: a git process holding it is waited for, a crashed sop's is removed") {
    test::TempRepo t;
    const std::string id = t.create();
    const auto lock = t.work() / ".git" / "index.lock";
    write(lock, "");
    const auto fails = [&] {
        return git::commit(
            t.r(),
            [&](const git::Snapshot&) {
                return git::Change{{{"a.txt", std::string("a\n")}}, "a\n", {}};
            },
            t.ann, t.t0, git::StoreOptions{8, 1000, 50});
    };
    CHECK_THROWS_AS(fails(), ConflictError);
    CHECK(std::filesystem::exists(lock)); // git's lock is not ours to remove
    CHECK_FALSE(std::filesystem::exists(t.work() / "a.txt"));
    write(lock, "sop transaction\n");
    const auto report = git::recover(t.r());
    REQUIRE(report.size() == 1);
    CHECK(report[0].find("left by an interrupted sop command") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(lock));
    CHECK(fails());
    CHECK(t.status().empty());
}

TEST_CASE("a git add made before sop writes is kept in the index") {
    test::TempRepo t;
    const std::string id = t.create();
    write(t.work() / "unrelated.txt", "1\n");
    t.shell("git add unrelated.txt");
    ticket::add_note(t.r(), id, "x", {t.ann, t.t0});
    CHECK(t.status() == "A  unrelated.txt\n");
}

TEST_CASE("prefix lookup: unique, ambiguous, unknown") {
    test::TempRepo t;
    std::vector<std::string> ids;
    for (int i = 0; i < 40; ++i)
        ids.push_back(t.create("ticket " + std::to_string(i)));
    const auto head = t.r().head();
    CHECK(ticket::resolve(head, ids[0]) == ids[0]);
    CHECK(ticket::resolve(head, util::to_lower(ids[0].substr(2, 8))) == ids[0]);
    // 40 random IDs over 32 first characters: some first character repeats.
    std::map<char, int> first;
    for (const auto& id : ids)
        ++first[id[2]];
    const auto shared =
        std::find_if(first.begin(), first.end(), [](auto& kv) { return kv.second > 1; });
    REQUIRE(shared != first.end());
    try {
        ticket::resolve(head, std::string(1, shared->first));
        FAIL("expected ambiguity");
    } catch (const NotFoundError& e) {
        CHECK(std::string(e.what()).find("is ambiguous") != std::string::npos);
        CHECK(e.hint().find("candidates:") == 0);
    }
    CHECK_THROWS_AS(ticket::resolve(head, "T-ZZZZZZZZZZZZ"), NotFoundError);
    CHECK_THROWS_AS(ticket::resolve(head, "../../etc/passwd"), UsageError);
}

TEST_CASE("the listing cache is reused, updated incrementally and survives damage") {
    test::TempRepo t;
    for (int i = 0; i < 30; ++i)
        t.create("ticket " + std::to_string(i));
    ticket::CacheStats cold, warm, after, damaged;
    const auto a = ticket::summaries(t.r(), t.r().head(), &cold);
    CHECK(a.size() == 30);
    CHECK(cold.parsed == 30);
    const auto b = ticket::summaries(t.r(), t.r().head(), &warm);
    CHECK(warm.tree_hit);
    CHECK(warm.parsed == 0);
    CHECK(b.size() == 30);
    ticket::add_note(t.r(), a[0].id, "changed", {t.ann, t.t0});
    const auto c = ticket::summaries(t.r(), t.r().head(), &after);
    CHECK_FALSE(after.tree_hit);
    CHECK(after.parsed == 1);
    CHECK(after.reused == 29);
    const auto cache = t.r().sop_dir() / "cache" / "tickets";
    const std::string text = *util::read_file(cache);
    write(cache, text.substr(0, text.size() / 2));
    const auto d = ticket::summaries(t.r(), t.r().head(), &damaged);
    CHECK(d.size() == 30);
    CHECK(damaged.parsed == 30);
    write(cache, "garbage\n\t\\\n");
    CHECK(ticket::summaries(t.r(), t.r().head()).size() == 30);
}

TEST_CASE("the validated configuration is cached by blob id, and a damaged cache is ignored") {
    test::TempRepo t;
    const auto cache = t.r().sop_dir() / "cache" / "config.json";
    const auto first = config::load(t.r().head(), cache);
    CHECK(first.timezone() == "UTC");
    REQUIRE(std::filesystem::exists(cache));
    write(cache, "{\"blob\": \"" + util::read_file(cache)->substr(9, 40) +
                     "\", \"config\": {\"version\": 1, \"timezone\": \"Asia/Tokyo\"}}");
    CHECK(config::load(t.r().head(), cache).timezone() == "Asia/Tokyo"); // served from the cache
    write(cache, "not json");
    CHECK(config::load(t.r().head(), cache).timezone() == "UTC");
    // A changed configuration has a new blob id: the cache no longer applies.
    t.shell("sed -i 's/^timezone: UTC/timezone: Europe\\/Berlin/' .sop/config.yaml && git commit "
            "-qam tz");
    CHECK(config::load(t.r().head(), cache).timezone() == "Europe/Berlin");
    t.shell("sed -i 's/^version: 1/version: 2/' .sop/config.yaml && git commit -qam bad");
    CHECK_THROWS_AS(config::load(t.r().head(), cache), InvalidError);
}

TEST_CASE("sop edit refuses what it must and commits what it may") {
    test::TempRepo t;
    const std::string id = t.create();
    const ticket::Actor actor{t.ann, test::at("2026-11-24T10:00:00+08:00")};
    const auto replace = [](std::string text, const std::string& from, const std::string& to) {
        const auto pos = text.find(from);
        REQUIRE(pos != std::string::npos);
        return text.replace(pos, from.size(), to);
    };
    const auto tip = head_hex(t.r());
    const auto code = [&](const ticket::Editor& editor) {
        try {
            ticket::edit(t.r(), id, editor, actor);
        } catch (const Error& e) {
            CHECK(e.hint().find("your text is saved in") != std::string::npos);
            return e.code();
        }
        return Exit::ok;
    };
    CHECK(code([&](const std::string& s) { return replace(s, "state: new", "state: closed"); }) ==
          Exit::refused);
    CHECK(std::filesystem::exists(t.r().sop_dir() / "edit" / (id + ".yaml")));
    CHECK(code([&](const std::string& s) { return replace(s, "title:", "titel:"); }) ==
          Exit::invalid);
    CHECK(code([&](const std::string& s) { return s + "bad: [\n"; }) == Exit::invalid);
    CHECK(code([&](const std::string& s) { return s + "colour: red\n"; }) == Exit::invalid);
    CHECK(head_hex(t.r()) == tip);
    CHECK(ticket::edit(
              t.r(), id, [](const std::string& s) { return s; }, actor)
              .commit.empty());
    const auto out = ticket::edit(
        t.r(), id,
        [&](const std::string& s) {
            return replace(s, "Printer cannot connect", "Printer offline");
        },
        actor);
    CHECK_FALSE(out.commit.empty());
    CHECK(out.ticket["title"] == "Printer offline");
    CHECK(out.ticket["events"].back()["action"] == "edit");
    CHECK(out.ticket["events"].back()["fields"] == ticket::Json::array({"title"}));
    CHECK(t.status().empty());
    CHECK_FALSE(std::filesystem::exists(t.r().sop_dir() / "edit" / (id + ".yaml")));
}
