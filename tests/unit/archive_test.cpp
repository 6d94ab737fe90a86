// sop archive: two branches published in one step by the store, crash repair of that step, and
// the readers that still see archived tickets.
#include "fixture.hpp"
#include "git/store.hpp"
#include "ticket/archive.hpp"
#include "ticket/cache.hpp"
#include "ticket/history.hpp"
#include "ticket/id.hpp"
#include "ticket/lookup.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

using namespace sop;

namespace {

const std::string archive_ref(ticket::archive_branch);

std::string rev(const test::TempRepo& t, const std::string& what) {
    const std::string out = t.shell("git rev-parse --verify -q '" + what + "'");
    return out.size() >= 40 ? out.substr(0, 40) : std::string();
}

// Cancels ticket `id` the way the lifecycle verb will: state and a matching event, one commit.
void cancel(test::TempRepo& t, const std::string& id, const char* when) {
    const auto at = test::at(when);
    git::commit(
        t.r(),
        [&](const git::Snapshot& head) {
            auto doc = ticket::read_for_change(head, id);
            ticket::append_event(doc, at, t.ann, "cancel",
                                 ticket::Json{{"from", "new"}, {"to", "cancelled"}});
            doc["state"] = "cancelled";
            git::Change c;
            c.files.push_back({ticket::path_of(id), ticket::to_yaml(doc)});
            c.message = ticket::commit_message(id, "cancelled", {}, "cancel", "new", "cancelled");
            return c;
        },
        t.ann, at);
}

// A change that removes `paths` from HEAD and adds them to the archive branch.
git::PairPlanner moving(const std::vector<std::string>& paths,
                        const std::function<void()>& before = {}) {
    return [=](const git::Snapshot& head, const git::Snapshot&) {
        if (before) before();
        git::Change c;
        git::SideChange side;
        for (const auto& p : paths) {
            c.files.push_back({p, std::nullopt});
            side.files.push_back({p, *head.read(p)});
        }
        c.message = side.message = "archive: test\n\nSop-Action: archive\n";
        c.side = side;
        return c;
    };
}

// Runs `body` in a child process, which SOP_TEST_CRASH=`point` ends with exit 137.
int crashed_child(const char* point, const std::function<void()>& body) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::setenv("SOP_TEST_CRASH", point, 1);
        try {
            body();
        } catch (...) {
            std::_Exit(1);
        }
        std::_Exit(0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool present(const std::filesystem::path& p) {
    return std::filesystem::exists(p);
}

} // namespace

TEST_CASE("one call moves HEAD's branch and the archive branch together") {
    test::TempRepo t;
    const std::string a = t.create("first"), b = t.create("second"), c = t.create("third");
    const std::string tip = rev(t, "HEAD");
    const auto done = git::commit(t.r(), archive_ref, moving({ticket::path_of(a)}), t.ann, t.t0);
    REQUIRE(done);
    REQUIRE(done->side_commit);
    CHECK(rev(t, "HEAD~1") == tip);
    CHECK(rev(t, archive_ref) == git::oid_str(*done->side_commit));
    CHECK(rev(t, archive_ref + "~1").empty()); // a root commit: the branch is new
    CHECK_FALSE(present(t.work() / ticket::path_of(a)));
    CHECK(t.shell("git ls-files " + ticket::path_of(a)).empty());
    CHECK(t.shell("git show " + archive_ref + ":" + ticket::path_of(a)) ==
          t.shell("git show " + tip + ":" + ticket::path_of(a)));
    CHECK(t.status().empty());
    CHECK(t.shell("git fsck --no-dangling && echo ok").ends_with("ok\n"));
    CHECK(t.shell("git log -1 --format=%an " + archive_ref) == "Ann Lee\n");

    // The second archive commit continues the branch; several files at once.
    const std::string side_tip = rev(t, archive_ref);
    REQUIRE(git::commit(t.r(), archive_ref, moving({ticket::path_of(b), ticket::path_of(c)}), t.ann,
                        t.t0));
    CHECK(rev(t, archive_ref + "~1") == side_tip);
    CHECK(t.shell("git ls-tree -r --name-only " + archive_ref + " tickets | wc -l") == "3\n");
    CHECK(t.shell("git ls-tree -r --name-only HEAD tickets | wc -l") == "0\n");
    CHECK(t.status().empty());
    CHECK_FALSE(present(t.r().sop_dir() / "journal"));
}

TEST_CASE("removing files works through libgit2's index too (index version 4)") {
    test::TempRepo t;
    const std::string a = t.create("first"), b = t.create("second");
    t.shell("git update-index --index-version 4");
    REQUIRE(git::commit(t.r(), archive_ref, moving({ticket::path_of(a)}), t.ann, t.t0));
    CHECK(t.status().empty());
    CHECK(t.shell("git ls-files tickets") == ticket::path_of(b) + "\n");
    CHECK_FALSE(present(t.work() / ticket::path_of(a)));
}

TEST_CASE("a moved archive branch is planned again; one that keeps moving is a conflict") {
    test::TempRepo t;
    const std::string a = t.create("first");
    int plans = 0;
    const auto race = [&] {
        t.shell("git update-ref " + archive_ref + " $(git commit-tree -m other 'HEAD^{tree}')");
    };
    const auto done = git::commit(t.r(), archive_ref,
                                  moving({ticket::path_of(a)},
                                         [&] {
                                             if (++plans == 1) race();
                                         }),
                                  t.ann, t.t0);
    REQUIRE(done);
    CHECK(plans == 2);
    CHECK(t.shell("git log --format=%s -2 " + archive_ref) == "archive: test\nother\n");
    CHECK(t.status().empty());

    test::TempRepo u;
    const std::string x = u.create("first");
    const std::string u_tip = rev(u, "HEAD");
    plans = 0;
    CHECK_THROWS_AS(git::commit(u.r(), archive_ref,
                                moving({ticket::path_of(x)},
                                       [&] {
                                           ++plans;
                                           u.shell("git update-ref " + archive_ref +
                                                   " $(git commit-tree -m other" +
                                                   std::to_string(plans) + " 'HEAD^{tree}')");
                                       }),
                                u.ann, u.t0, git::StoreOptions{3, 1000}),
                    ConflictError);
    CHECK(plans == 3);
    CHECK(rev(u, "HEAD") == u_tip); // neither moved: HEAD is where it was
    CHECK(u.shell("git log --format=%s " + archive_ref) == "other3\n");
    CHECK(present(u.work() / ticket::path_of(x)));
    CHECK(u.status().empty());
    CHECK_FALSE(present(u.r().sop_dir() / "journal"));
    CHECK_FALSE(present(u.work() / ".git" / "refs" / "heads" / "sop-archive.lock"));
}

TEST_CASE("a branch locked by git is waited for, then the change goes through") {
    test::TempRepo t;
    const std::string a = t.create("first");
    const auto lock = t.work() / ".git" / "refs" / "heads" / "sop-archive.lock";
    util::write_file_atomic(lock, "");
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::usleep(100000);
        ::unlink(lock.c_str());
        std::_Exit(0);
    }
    const auto done = git::commit(t.r(), archive_ref, moving({ticket::path_of(a)}), t.ann, t.t0);
    ::waitpid(pid, nullptr, 0);
    CHECK(done);
    CHECK(t.status().empty());
}

TEST_CASE("killed between the two branches: the next command moves the second one too") {
    test::TempRepo t;
    const std::string a = t.create("first");
    const std::string path = ticket::path_of(a);
    const std::string tip = rev(t, "HEAD");
    const auto root = t.work();
    CHECK(crashed_child("between-refs", [&] {
              const auto repo = git::Repo::discover(root);
              git::commit(repo, archive_ref, moving({path}), t.ann, t.t0);
          }) == 137);
    // The archive branch moved, HEAD's did not; its lock and the journal are left behind.
    CHECK_FALSE(rev(t, archive_ref).empty());
    CHECK(rev(t, "HEAD") == tip);
    CHECK(present(root / ".git" / "refs" / "heads" / "main.lock"));
    CHECK(present(t.r().sop_dir() / "journal"));
    CHECK(t.shell("git fsck --no-dangling && echo ok").ends_with("ok\n"));

    const auto report = git::recover(t.r());
    std::string all;
    for (const auto& line : report)
        all += line + "\n";
    CHECK(all.find("main.lock") != std::string::npos);
    CHECK(all.find("moved 'main'") != std::string::npos);
    CHECK(all.find("brought '" + path + "' up to date") != std::string::npos);
    CHECK(rev(t, "HEAD~1") == tip);
    CHECK(t.shell("git log -1 --format=%s") == "archive: test\n");
    CHECK_FALSE(present(root / path));
    CHECK_FALSE(present(root / ".git" / "refs" / "heads" / "main.lock"));
    CHECK_FALSE(present(t.r().sop_dir() / "journal"));
    CHECK(t.status().empty());
    CHECK(git::recover(t.r()).empty());
}

TEST_CASE("killed before either branch moved: the next command drops the change") {
    test::TempRepo t;
    const std::string a = t.create("first");
    const std::string tip = rev(t, "HEAD");
    const auto root = t.work();
    CHECK(crashed_child("before-publish", [&] {
              const auto repo = git::Repo::discover(root);
              git::commit(repo, archive_ref, moving({ticket::path_of(a)}), t.ann, t.t0);
          }) == 137);
    CHECK(present(root / ".git" / "refs" / "heads" / "main.lock"));
    CHECK(present(root / ".git" / "refs" / "heads" / "sop-archive.lock"));
    const auto report = git::recover(t.r());
    REQUIRE(report.size() == 3); // git's index lock and the two branch locks
    CHECK(report[0].find("index.lock") != std::string::npos);
    CHECK(report[1].find("sop-archive.lock") != std::string::npos);
    CHECK(report[2].find("main.lock") != std::string::npos);
    CHECK(rev(t, "HEAD") == tip);
    CHECK(rev(t, archive_ref).empty());
    CHECK_FALSE(present(root / ".git" / "refs" / "heads" / "main.lock"));
    CHECK_FALSE(present(root / ".git" / "refs" / "heads" / "sop-archive.lock"));
    CHECK(present(root / ticket::path_of(a)));
    CHECK(t.status().empty());
    // And the change can be made again.
    CHECK(git::commit(t.r(), archive_ref, moving({ticket::path_of(a)}), t.ann, t.t0));
    CHECK(t.status().empty());
}

TEST_CASE("killed between the branches, then HEAD's branch moved by hand: the archive goes back") {
    test::TempRepo t;
    const std::string a = t.create("first");
    const auto root = t.work();
    CHECK(crashed_child("between-refs", [&] {
              const auto repo = git::Repo::discover(root);
              git::commit(repo, archive_ref, moving({ticket::path_of(a)}), t.ann, t.t0);
          }) == 137);
    // Someone removes git's lock by hand and commits.
    std::filesystem::remove(root / ".git" / "refs" / "heads" / "main.lock");
    std::filesystem::remove(root / ".git" / "index.lock");
    t.shell("git commit -q --allow-empty -m 'by hand'");
    const auto report = git::recover(t.r());
    std::string all;
    for (const auto& line : report)
        all += line + "\n";
    CHECK(all.find("put 'sop-archive' back") != std::string::npos);
    CHECK(rev(t, archive_ref).empty()); // it did not exist before
    CHECK(present(root / ticket::path_of(a)));
    CHECK(t.status().empty());
}

TEST_CASE("ticket::archive: only closed or cancelled tickets; readers still find them") {
    test::TempRepo t;
    const std::string open = t.create("still open");
    const std::string done = t.create("withdrawn");
    cancel(t, done, "2026-11-25T10:00:00+08:00");
    const ticket::Actor actor{t.ann, test::at("2026-11-26T09:00:00+08:00")};
    const std::string tip = rev(t, "HEAD");

    try {
        ticket::archive(t.r(), {{open, done}, std::nullopt, false}, actor);
        FAIL("expected a refusal");
    } catch (const RefusedError& e) {
        CHECK(std::string(e.what()).find("cannot archive '" + open + "': it is new") == 0);
        CHECK(e.hint().find("closed-or-cancelled") != std::string::npos);
    }
    CHECK(rev(t, "HEAD") == tip);
    CHECK(rev(t, archive_ref).empty());
    CHECK_THROWS_AS(ticket::archive(t.r(), {{}, std::nullopt, false}, actor), UsageError);
    CHECK_THROWS_AS(ticket::archive(t.r(), {{}, std::string("soon"), false}, actor), UsageError);

    const auto dry = ticket::archive(t.r(), {{}, std::string("2026-11-26"), true}, actor);
    REQUIRE(dry.tickets.size() == 1);
    CHECK(dry.tickets[0].id == done);
    CHECK(dry.commit.empty());
    CHECK(rev(t, archive_ref).empty());
    CHECK(ticket::archive(t.r(), {{}, std::string("2026-11-25"), false}, actor).tickets.empty());
    CHECK(ticket::archive(t.r(), {{}, std::string("2026-11-25T02:00:00Z"), false}, actor)
              .tickets.empty());

    const auto out = ticket::archive(t.r(), {{done.substr(0, 8)}, std::nullopt, false}, actor);
    REQUIRE(out.tickets.size() == 1);
    CHECK(out.tickets[0].state == "cancelled");
    CHECK(out.tickets[0].closed_at == "2026-11-25T10:00:00+08:00");
    CHECK(out.commit == rev(t, "HEAD"));
    CHECK(out.archive_commit == rev(t, archive_ref));
    CHECK(t.shell("git log -1 --format=%s") == done + ": archived\n");
    CHECK(t.status().empty());

    CHECK(ticket::is_archived(t.r(), done));
    CHECK_FALSE(ticket::is_archived(t.r(), open));
    CHECK(ticket::find_archived(t.r(), done));
    CHECK_FALSE(ticket::find_archived(t.r(), "../../etc/passwd"));
    CHECK_THROWS_AS(ticket::resolve(t.r().head(), done), RefusedError);
    CHECK_THROWS_AS(ticket::add_note(t.r(), done, "x", actor), RefusedError);
    CHECK_THROWS_AS(ticket::archive(t.r(), {{done}, std::nullopt, false}, actor), RefusedError);
    const auto archive = ticket::archive_of(t.r());
    const auto found = ticket::resolve_any(t.r().head(), &archive, done.substr(0, 7));
    CHECK(found.id == done);
    CHECK(found.archived);
    CHECK_THROWS_AS(ticket::resolve_any(t.r().head(), nullptr, done), NotFoundError);
    CHECK_FALSE(ticket::resolve_any(t.r().head(), &archive, open).archived);

    const auto log = ticket::history(t.r(), t.r().head(), done, ticket::path_of(done), &archive);
    std::string actions;
    for (const auto& e : log)
        actions += e.action + " ";
    CHECK(actions == "new cancel archive ");
}

TEST_CASE("the archive branch's listing is cached like HEAD's") {
    test::TempRepo t;
    std::vector<std::string> ids;
    for (int i = 0; i < 12; ++i) {
        ids.push_back(t.create("ticket " + std::to_string(i)));
        cancel(t, ids.back(), "2026-11-25T10:00:00+08:00");
    }
    const ticket::Actor actor{t.ann, test::at("2026-11-26T09:00:00+08:00")};
    ticket::archive(t.r(), {{ids.begin(), ids.begin() + 8}, std::nullopt, false}, actor);
    ticket::CacheStats cold, warm, after;
    const auto a = ticket::archived_summaries(t.r(), ticket::archive_of(t.r()), &cold);
    CHECK(a.size() == 8);
    CHECK(cold.parsed == 8);
    for (const auto& s : a)
        CHECK(s.archived);
    CHECK(a[0].to_json()["archived"] == true);
    const auto b = ticket::archived_summaries(t.r(), ticket::archive_of(t.r()), &warm);
    CHECK(warm.tree_hit);
    CHECK(warm.parsed == 0);
    CHECK(b.size() == 8);
    CHECK(ticket::summaries(t.r(), t.r().head()).size() == 4);
    ticket::archive(t.r(), {{ids[8]}, std::nullopt, false}, actor);
    const auto c = ticket::archived_summaries(t.r(), ticket::archive_of(t.r()), &after);
    CHECK(c.size() == 9);
    CHECK_FALSE(after.tree_hit);
    CHECK(after.parsed == 1); // only the newly archived ticket
    CHECK(after.reused == 8);
}
