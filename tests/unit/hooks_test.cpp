// sop hooks: where git looks for hooks, which hooks are sop's, the scripts, and install /
// uninstall / status on a repository (foreign hooks refused, kept with --force, put back).
#include "fixture.hpp"
#include "hooks/hooks.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/program.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

using namespace sop;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& p, const std::string& text, unsigned mode = 0755) {
    fs::create_directories(p.parent_path());
    util::write_file_atomic(p, text, mode);
}

std::string read(const fs::path& p) {
    return util::read_file(p).value_or("<none>");
}

bool executable(const fs::path& p) {
    return ::access(p.c_str(), X_OK) == 0;
}

} // namespace

TEST_CASE("hooks_dir: core.hooksPath relative to where hooks run, else the common directory") {
    const fs::path top = "/srv/desk", common = "/srv/desk/.git", home = "/home/ann";
    CHECK(hooks::hooks_dir(std::nullopt, top, common, home) == "/srv/desk/.git/hooks");
    CHECK(hooks::hooks_dir(std::string(), top, common, home) == "/srv/desk/.git/hooks");
    CHECK(hooks::hooks_dir(std::string(".githooks"), top, common, home) == "/srv/desk/.githooks");
    CHECK(hooks::hooks_dir(std::string("tools/../hooks/"), top, common, home) ==
          "/srv/desk/hooks/");
    CHECK(hooks::hooks_dir(std::string("/etc/git/hooks"), top, common, home) == "/etc/git/hooks");
    CHECK(hooks::hooks_dir(std::string("~/.config/git/hooks"), top, common, home) ==
          "/home/ann/.config/git/hooks");
    CHECK(hooks::hooks_dir(std::string("~"), top, common, home) == "/home/ann");
    // A linked worktree: its own top, the main repository's hooks.
    CHECK(hooks::hooks_dir(std::nullopt, "/srv/wt", "/srv/desk/.git/", home) ==
          "/srv/desk/.git/hooks");
    // A bare repository runs hooks in its git directory.
    CHECK(hooks::hooks_dir(std::string("custom"), "/srv/desk.git", "/srv/desk.git", home) ==
          "/srv/desk.git/custom");
}

TEST_CASE("is_sops: the marker line near the top, and nothing else") {
    CHECK(hooks::is_sops("#!/bin/sh\n# sop-hooks: the pre-commit hook of sop\n"));
    CHECK(hooks::is_sops("# sop-hooks: x"));
    CHECK_FALSE(hooks::is_sops(""));
    CHECK_FALSE(hooks::is_sops("#!/bin/sh\nexec lint-staged\n"));
    CHECK_FALSE(hooks::is_sops("#!/bin/sh\n  # sop-hooks: indented\n"));
    CHECK_FALSE(hooks::is_sops("#!/bin/sh\necho '# sop-hooks: in a string'\n"));
    // Beyond the first lines a mention is not a marker: someone's hook that calls ours.
    CHECK_FALSE(hooks::is_sops("#!/bin/sh\n\n\n\n\n\n# sop-hooks: late\n"));
    for (const char* name : {"pre-commit", "pre-push", "pre-receive"})
        CHECK(hooks::is_sops(hooks::script(name, "sop")));
}

TEST_CASE("script: the built-in scripts, with the sop command in its one place") {
    const std::string plain = hooks::script("pre-commit", "sop");
    CHECK(plain.starts_with("#!/bin/sh\n"));
    CHECK(plain.find("\nsop=sop\n") != std::string::npos);
    CHECK(plain.find("validate --staged") != std::string::npos);
    const std::string by_path = hooks::script("pre-push", util::shell_quoted("/opt/my sop/sop"));
    CHECK(by_path.find("\nsop='/opt/my sop/sop'\n") != std::string::npos);
    CHECK(by_path.find("\nsop=sop\n") == std::string::npos);
    CHECK(by_path.find("\"$sop\" verify") != std::string::npos);
    CHECK(hooks::script("pre-receive", "sop").find("\"$sop\" verify") != std::string::npos);
    CHECK_THROWS_AS(hooks::script("post-checkout", "sop"), Error);
    CHECK_THROWS_AS(hooks::script("ticket.json", "sop"), Error);
    CHECK(hooks::hook_names(false) == std::vector<std::string>{"pre-commit", "pre-push"});
    CHECK(hooks::hook_names(true) == std::vector<std::string>{"pre-receive"});
}

TEST_CASE("shell_quoted: one word for /bin/sh") {
    CHECK(util::shell_quoted("/usr/bin/sop") == "/usr/bin/sop");
    CHECK(util::shell_quoted("/opt/a b/sop") == "'/opt/a b/sop'");
    CHECK(util::shell_quoted("/opt/it's/sop") == "'/opt/it'\\''s/sop'");
    CHECK(util::shell_quoted("$HOME/sop") == "'$HOME/sop'");
    CHECK(util::shell_quoted("") == "''");
    // Not called sop: a test binary names plain sop, as sop init's merge driver does.
    CHECK(util::self_command("sop") == "sop");
}

TEST_CASE("install, status, uninstall: sop's hooks only") {
    test::TempRepo t;
    git_repository* repo = t.r().raw();
    const fs::path dir = t.work() / ".git" / "hooks";

    auto st = hooks::status(repo, "sop");
    CHECK(st.place.dir == dir);
    CHECK_FALSE(st.place.configured);
    CHECK_FALSE(st.place.bare);
    REQUIRE(st.hooks.size() == 2);
    CHECK(st.hooks[0].state == hooks::State::absent);

    auto changes = hooks::install(repo, "sop", false);
    REQUIRE(changes.size() == 2);
    CHECK(changes[0].what == hooks::Change::What::written);
    CHECK(read(dir / "pre-commit") == hooks::script("pre-commit", "sop"));
    CHECK(executable(dir / "pre-commit"));
    CHECK(executable(dir / "pre-push"));
    st = hooks::status(repo, "sop");
    CHECK(st.hooks[0].state == hooks::State::installed);
    CHECK(st.hooks[1].state == hooks::State::installed);
    CHECK(st.hooks[0].executable);

    SUBCASE("again: unchanged; for another command: outdated, then updated") {
        CHECK(hooks::install(repo, "sop", false)[0].what == hooks::Change::What::unchanged);
        CHECK(hooks::status(repo, "/opt/sop").hooks[0].state == hooks::State::outdated);
        CHECK(hooks::install(repo, "/opt/sop", false)[1].what == hooks::Change::What::updated);
        CHECK(read(dir / "pre-push").find("\nsop=/opt/sop\n") != std::string::npos);
    }
    SUBCASE("a hook made not executable is rewritten") {
        ::chmod((dir / "pre-commit").c_str(), 0644);
        CHECK_FALSE(hooks::status(repo, "sop").hooks[0].executable);
        CHECK(hooks::install(repo, "sop", false)[0].what == hooks::Change::What::updated);
        CHECK(executable(dir / "pre-commit"));
    }
    SUBCASE("uninstall removes them") {
        changes = hooks::uninstall(repo);
        CHECK(changes[0].what == hooks::Change::What::removed);
        CHECK(changes[1].what == hooks::Change::What::removed);
        CHECK_FALSE(fs::exists(dir / "pre-commit"));
        CHECK_FALSE(fs::exists(dir / "pre-push"));
        CHECK(hooks::uninstall(repo)[0].what == hooks::Change::What::none);
    }
}

TEST_CASE("install: a hook that is not sop's is refused, or kept with --force and put back") {
    test::TempRepo t;
    git_repository* repo = t.r().raw();
    const fs::path dir = t.work() / ".git" / "hooks";
    const std::string theirs = "#!/bin/sh\nexec lint-staged\n";
    write(dir / "pre-push", theirs);

    // Refused, and nothing written: not even the pre-commit hook that had no rival.
    try {
        hooks::install(repo, "sop", false);
        FAIL("expected a refusal");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::conflict);
        CHECK(std::string(e.what()).find((dir / "pre-push").string()) != std::string::npos);
        CHECK(e.hint().find("--force") != std::string::npos);
    }
    CHECK_FALSE(fs::exists(dir / "pre-commit"));
    CHECK(read(dir / "pre-push") == theirs);
    CHECK(hooks::status(repo, "sop").hooks[1].state == hooks::State::foreign);

    // --force: kept as pre-push.sop-backup.
    auto changes = hooks::install(repo, "sop", true);
    CHECK(changes[0].what == hooks::Change::What::written);
    CHECK(changes[1].what == hooks::Change::What::replaced);
    CHECK(read(dir / "pre-push.sop-backup") == theirs);
    CHECK(executable(dir / "pre-push.sop-backup"));
    CHECK(hooks::is_sops(read(dir / "pre-push")));
    REQUIRE(hooks::status(repo, "sop").hooks[1].backup);

    SUBCASE("uninstall puts it back") {
        changes = hooks::uninstall(repo);
        CHECK(changes[1].what == hooks::Change::What::restored);
        CHECK(read(dir / "pre-push") == theirs);
        CHECK_FALSE(fs::exists(dir / "pre-push.sop-backup"));
        CHECK_FALSE(fs::exists(dir / "pre-commit"));
    }
    SUBCASE("a second foreign hook cannot take the backup's place") {
        write(dir / "pre-push", "#!/bin/sh\necho another\n");
        try {
            hooks::install(repo, "sop", true);
            FAIL("expected a refusal");
        } catch (const Error& e) {
            CHECK(e.code() == Exit::conflict);
            CHECK(std::string(e.what()).find("exists already") != std::string::npos);
        }
        CHECK(read(dir / "pre-push.sop-backup") == theirs);
        // uninstall leaves a hook that is not sop's, backup and all.
        CHECK(hooks::uninstall(repo)[1].what == hooks::Change::What::kept);
        CHECK(read(dir / "pre-push") == "#!/bin/sh\necho another\n");
        CHECK(read(dir / "pre-push.sop-backup") == theirs);
    }
}

TEST_CASE("install: core.hooksPath, relative to the top of the working tree") {
    test::TempRepo t;
    t.shell("git config core.hooksPath .githooks");
    const auto repo = git::discover_repository(t.work() / ".sop");
    const auto st = hooks::status(repo.get(), "sop");
    CHECK(st.place.configured);
    CHECK(st.place.dir == t.work() / ".githooks");
    hooks::install(repo.get(), "sop", false);
    CHECK(hooks::is_sops(read(t.work() / ".githooks" / "pre-commit")));
    CHECK_FALSE(fs::exists(t.work() / ".git" / "hooks" / "pre-commit"));
    CHECK(t.shell("git rev-parse --git-path hooks") == ".githooks\n");
}

TEST_CASE("install: a bare repository gets the pre-receive hook") {
    test::TempDir d;
    const fs::path bare = d.path / "desk.git";
    git_repository* raw = nullptr;
    REQUIRE(git_repository_init(&raw, bare.c_str(), 1) == 0);
    git::RepositoryPtr repo(raw);
    const auto changes = hooks::install(repo.get(), "sop", false);
    REQUIRE(changes.size() == 1);
    CHECK(changes[0].name == "pre-receive");
    CHECK(changes[0].path == bare / "hooks" / "pre-receive");
    CHECK(executable(bare / "hooks" / "pre-receive"));
    CHECK(hooks::status(repo.get(), "sop").hooks[0].state == hooks::State::installed);
}
