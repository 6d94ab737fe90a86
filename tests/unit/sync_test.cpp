// lib/sync's join of two lines of work, and the store's joining commits (fast-forward, merge)
// that sop sync publishes them with. The whole round trip through a remote is t2500-sync.
#include "fixture.hpp"
#include "git/store.hpp"
#include "sync/join.hpp"
#include "ticket/id.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

#include <doctest/doctest.h>

using namespace sop;

namespace {

// A second clone of a TempRepo's repository, whose commits the first one fetches.
struct Clone {
    std::filesystem::path dir;
    std::optional<git::Repo> repo;
    Clone(const test::TempRepo& t) : dir(t.dir.path / "clone") {
        t.shell("git clone -q '" + t.work().string() + "' '" + dir.string() + "'");
        repo.emplace(git::Repo::discover(dir));
    }
    const git::Repo& r() const { return *repo; }
};

git_oid head_of(const git::Repo& r) {
    return *r.head().commit();
}

// Fetches the clone's branch into `t` and returns its tip.
git_oid fetch(const test::TempRepo& t, const Clone& c) {
    t.shell("git fetch -q '" + c.dir.string() + "' HEAD:refs/remotes/clone/main");
    git_oid id;
    REQUIRE(git_reference_name_to_id(&id, t.r().raw(), "refs/remotes/clone/main") == 0);
    return id;
}

git_oid tree_of(const git::Repo& r, const git_oid& commit) {
    git_commit* raw = nullptr;
    REQUIRE(git_commit_lookup(&raw, r.raw(), &commit) == 0);
    const git::CommitPtr c(raw);
    return *git_commit_tree_id(c.get());
}

// The Change that publishes `join` on top of HEAD, as sync.cpp builds it.
git::Change joining_change(const git::Repo& r, const git::Snapshot& head, const sync::Join& join) {
    git::Change change;
    const git_oid from = tree_of(r, *head.commit());
    for (auto& c : sync::tree_changes(r.raw(), &from, &*join.tree))
        change.files.push_back({c.path, c.bytes});
    if (join.kind == sync::Join::Kind::fast_forward)
        change.fast_forward = join.theirs;
    else
        change.merge_parent = join.theirs;
    change.message = "sync: test\n";
    return change;
}

} // namespace

TEST_CASE("joining: up to date, ahead, fast-forward") {
    test::TempRepo t;
    const std::string id = t.create();
    const git_oid base = head_of(t.r());
    ticket::add_note(t.r(), id, "checked the spooler", {t.ann, t.t0});
    const git_oid ahead = head_of(t.r());

    CHECK(sync::plan_join(t.r().raw(), "main", ahead, ahead).kind == sync::Join::Kind::up_to_date);
    CHECK(sync::plan_join(t.r().raw(), "main", std::nullopt, std::nullopt).kind ==
          sync::Join::Kind::up_to_date);
    CHECK(sync::plan_join(t.r().raw(), "main", ahead, base).kind == sync::Join::Kind::ahead);
    CHECK(sync::plan_join(t.r().raw(), "main", ahead, std::nullopt).kind ==
          sync::Join::Kind::ahead);
    const sync::Join ff = sync::plan_join(t.r().raw(), "main", base, ahead);
    CHECK(ff.kind == sync::Join::Kind::fast_forward);
    REQUIRE(ff.tree);
    const git_oid want = tree_of(t.r(), ahead);
    CHECK(git_oid_equal(&*ff.tree, &want));
    const sync::Join fresh = sync::plan_join(t.r().raw(), "main", std::nullopt, ahead);
    CHECK(fresh.kind == sync::Join::Kind::fast_forward);
}

TEST_CASE("notes on one ticket in two clones: a merge commit holds both, made by the driver") {
    test::TempRepo t;
    const std::string id = t.create();
    Clone c(t);
    ticket::add_note(t.r(), id, "checked the spooler (here)", {t.ann, t.t0});
    ticket::add_note(c.r(), id, "power-cycled the printer (there)",
                     {t.ann, test::at("2026-11-24T09:40:00+08:00")});
    const git_oid theirs = fetch(t, c);
    const git_oid ours = head_of(t.r());

    const sync::Join join = sync::plan_join(t.r().raw(), "main", ours, theirs);
    REQUIRE(join.kind == sync::Join::Kind::merged);
    CHECK(join.merged_files == std::vector<std::string>{ticket::path_of(id)});
    CHECK(join.kept.empty());
    REQUIRE(join.base);

    const auto done = git::commit(
        t.r(), [&](const git::Snapshot& head) { return joining_change(t.r(), head, join); }, t.ann,
        t.t0);
    REQUIRE(done);
    CHECK(t.shell("git rev-list --parents -n 1 HEAD | wc -w") == "3\n"); // a commit, 2 parents
    CHECK(t.status().empty());
    const auto text = util::read_file(t.work() / ticket::path_of(id));
    REQUIRE(text);
    CHECK(text->find("(here)") != std::string::npos);
    CHECK(text->find("(there)") != std::string::npos);
    CHECK(t.shell("git fsck --no-dangling && echo ok").ends_with("ok\n"));
}

TEST_CASE("a fast-forward moves the branch to the other commit, no new commit, files updated") {
    test::TempRepo t;
    const std::string id = t.create();
    Clone c(t);
    ticket::add_note(t.r(), id, "checked the spooler", {t.ann, t.t0});
    const git_oid target = head_of(t.r());
    std::string fetch_cmd = "cd '" + c.dir.string() + "' && git fetch -q origin";
    REQUIRE(std::system(fetch_cmd.c_str()) == 0);

    const sync::Join join = sync::plan_join(c.r().raw(), "main", head_of(c.r()), target);
    REQUIRE(join.kind == sync::Join::Kind::fast_forward);
    const auto done = git::commit(
        c.r(), [&](const git::Snapshot& head) { return joining_change(c.r(), head, join); }, t.ann,
        t.t0);
    REQUIRE(done);
    CHECK(git_oid_equal(&done->commit, &target));
    const git_oid now = head_of(c.r());
    CHECK(git_oid_equal(&now, &target));
    const auto text = util::read_file(c.dir / ticket::path_of(id));
    REQUIRE(text);
    CHECK(text->find("checked the spooler") != std::string::npos);

    SUBCASE("a fast-forward whose files do not give the target's tree is refused") {
        git::Change bad = joining_change(c.r(), c.r().head(), join);
        bad.fast_forward = target;
        bad.files.push_back({"stray.txt", std::string("x")});
        CHECK_THROWS_AS(git::commit(
                            c.r(), [&](const git::Snapshot&) { return bad; }, t.ann, t.t0),
                        Error);
    }
}

TEST_CASE("deleted on one side, changed on the other: the changed ticket is kept") {
    test::TempRepo t;
    const std::string id = t.create();
    Clone c(t);
    git::commit(
        t.r(),
        [&](const git::Snapshot&) {
            git::Change change;
            change.files.push_back({ticket::path_of(id), std::nullopt});
            change.message = "removed\n";
            return change;
        },
        t.ann, t.t0);
    ticket::add_note(c.r(), id, "the requester called again", {t.ann, t.t0});
    const git_oid theirs = fetch(t, c);

    const sync::Join join = sync::plan_join(t.r().raw(), "main", head_of(t.r()), theirs);
    REQUIRE(join.kind == sync::Join::Kind::merged);
    CHECK(join.kept == std::vector<std::string>{ticket::path_of(id)});
    const git_oid clone_tree = tree_of(t.r(), theirs);
    CHECK(git_oid_equal(&*join.tree, &clone_tree)); // the clone's version, note and all
}

TEST_CASE("the config changed differently on both sides: a conflict, nothing changed") {
    test::TempRepo t;
    Clone c(t);
    const auto edit_config = [](const std::filesystem::path& dir, const std::string& line) {
        const std::string cmd = "cd '" + dir.string() + "' && printf '%s\\n' '" + line +
                                "' >> .sop/config.yaml && git commit -qam config";
        REQUIRE(std::system(cmd.c_str()) == 0);
    };
    edit_config(t.work(), "# here");
    edit_config(c.dir, "# there");
    const git_oid theirs = fetch(t, c);
    const git_oid before = head_of(t.r());
    try {
        sync::plan_join(t.r().raw(), "main", before, theirs);
        FAIL("no conflict");
    } catch (const ConflictError& e) {
        CHECK(std::string(e.what()).find(".sop/config.yaml") != std::string::npos);
    }
    const git_oid after = head_of(t.r());
    CHECK(git_oid_equal(&before, &after));
    CHECK(t.status().empty());
}
