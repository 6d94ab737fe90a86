#include "fixture.hpp"
#include "git/index_file.hpp"
#include "util/fs.hpp"

#include <doctest/doctest.h>

using namespace sop;

namespace {

git_oid blob(test::TempRepo& t, const std::string& content) {
    git_oid id;
    git_blob_create_from_buffer(&id, t.r().raw(), content.data(), content.size());
    return id;
}

struct stat stat_of(const std::filesystem::path& p) {
    struct stat st {};
    ::lstat(p.c_str(), &st);
    return st;
}

// Edits the index with IndexFile and with the git CLI in a copy, and compares what git sees.
void same_as_git(test::TempRepo& t, const std::string& path, const std::string& content,
                 bool remove, const std::string& status) {
    const auto index = t.work() / ".git" / "index";
    auto f = git::IndexFile::load(index);
    REQUIRE(f);
    if (remove) {
        CHECK(f->remove(path));
        std::filesystem::remove(t.work() / path);
    } else {
        util::write_file_atomic(t.work() / path, content);
        CHECK(f->set(path, blob(t, content), stat_of(t.work() / path)));
    }
    util::write_file_atomic(index, f->bytes());
    const std::string ours_tree = t.shell("git write-tree");
    const std::string ours_files = t.shell("git ls-files -s");
    CHECK(t.shell("git status --porcelain") == status + "  " + path + "\n"); // staged, nothing else
    // The same edit by git, from the original index with a complete cache-tree.
    t.shell("git read-tree HEAD && git add -A -- " + path + " >/dev/null");
    CHECK(t.shell("git write-tree") == ours_tree);
    CHECK(t.shell("git ls-files -s") == ours_files);
    CHECK(t.shell("git fsck --no-dangling >/dev/null && echo ok") == "ok\n");
}

void seed(test::TempRepo& t) {
    t.shell("mkdir -p a/b c && echo 1 > a/b/x && echo 2 > a/y && echo 3 > c/z && echo 4 > top && "
            "git add -A && git commit -qm seed && git read-tree HEAD");
    REQUIRE(t.shell("git status --porcelain").empty());
}

} // namespace

TEST_CASE("IndexFile edits an entry, inserts one, removes one: git sees what it would have made") {
    test::TempRepo t;
    seed(t);
    SUBCASE("modify in a nested directory") {
        same_as_git(t, "a/b/x", "changed\n", false, "M");
    }
    SUBCASE("insert before everything") {
        same_as_git(t, "0first", "new\n", false, "A");
    }
    SUBCASE("insert in a new directory") {
        same_as_git(t, "a/new/deep/file", "new\n", false, "A");
    }
    SUBCASE("insert at the end") {
        same_as_git(t, "zz", "new\n", false, "A");
    }
    SUBCASE("remove") {
        same_as_git(t, "c/z", "", true, "D");
    }
}

TEST_CASE("IndexFile declines what it does not handle exactly") {
    test::TempRepo t;
    seed(t);
    const auto index = t.work() / ".git" / "index";
    t.shell("git update-index --index-version 4");
    CHECK_FALSE(git::IndexFile::load(index));
    t.shell("git update-index --index-version 2 && git update-index --skip-worktree top");
    CHECK_FALSE(git::IndexFile::load(index));
    t.shell("git update-index --no-skip-worktree top && git update-index --index-version 3");
    auto f = git::IndexFile::load(index);
    REQUIRE(f);
    CHECK_FALSE(f->set("a", blob(t, "x"), stat_of(index)));         // "a" is a directory
    CHECK_FALSE(f->set("top/inner", blob(t, "x"), stat_of(index))); // "top" is a file
    util::write_file_atomic(index, "DIRC garbage");
    CHECK_FALSE(git::IndexFile::load(index));
}

TEST_CASE("a sop write through the raw index keeps git's cache-tree honest") {
    test::TempRepo t;
    const std::string id = t.create();
    t.shell("git read-tree HEAD"); // a complete cache-tree
    ticket::add_note(t.r(), id, "x", {t.ann, t.t0});
    CHECK(t.status().empty());
    CHECK(t.shell("git write-tree") == t.shell("git rev-parse 'HEAD^{tree}'"));
    t.create("second");
    CHECK(t.shell("git write-tree") == t.shell("git rev-parse 'HEAD^{tree}'"));
    t.shell("git update-index --index-version 4"); // the libgit2 path
    ticket::add_note(t.r(), id, "y", {t.ann, t.t0});
    CHECK(t.status().empty());
    CHECK(t.shell("git write-tree") == t.shell("git rev-parse 'HEAD^{tree}'"));
}
