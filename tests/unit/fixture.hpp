#pragma once
// A throw-away support repository for unit tests. The directory is removed afterwards unless
// the test failed, in which case its path is printed for a post-mortem.
#include "config/init.hpp"
#include "git/repo.hpp"
#include "ticket/actions.hpp"
#include "ticket/intake.hpp"
#include "util/time.hpp"

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

namespace sop::test {

extern bool current_test_failed;

inline util::Timestamp at(const char* rfc3339) {
    return *util::parse_rfc3339(rfc3339);
}

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "sop-unit-XXXXXX").string();
        path = ::mkdtemp(tmpl.data());
    }
    ~TempDir() {
        if (current_test_failed)
            std::cerr << "kept " << path << "\n";
        else
            std::filesystem::remove_all(path);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

struct TempRepo {
    TempDir dir;
    git::Identity ann{"Ann Lee", "ann@example.com"};
    util::Timestamp t0 = at("2026-11-24T09:30:00+08:00");
    std::optional<git::Repo> repo;

    TempRepo() {
        // Never read the user's git configuration.
        ::setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
        ::setenv("HOME", dir.path.c_str(), 1);
        for (const char* v : {"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"})
            ::setenv(v, "Git User", 1);
        for (const char* v : {"GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"})
            ::setenv(v, "git@example.com", 1);
        ::unsetenv("SOP_ACTOR");
        ::unsetenv("SOP_NOW");
        git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, dir.path.c_str());
        git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, dir.path.c_str());
        git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, dir.path.c_str());
        config::init(dir.path / "repo", ann, t0);
        repo.emplace(git::Repo::discover(dir.path / "repo"));
    }
    const git::Repo& r() const { return *repo; }
    std::filesystem::path work() const { return dir.path / "repo"; }

    ticket::Json intake(const std::string& title = "Printer cannot connect") const {
        return ticket::intake_from_pairs({{"title", title},
                                          {"channel", "email"},
                                          {"requester.name", "Wang Fang"},
                                          {"requester.contact", "wang@example.com"},
                                          {"problem.symptom", "Printing fails with 0x1F"}});
    }
    std::string create(const std::string& title = "Printer cannot connect") {
        return ticket::create(r(), intake(title), {ann, t0}).id;
    }
    // `git status --porcelain` of the repository, through the git CLI.
    std::string status() const { return shell("git status --porcelain"); }
    std::string shell(const std::string& cmd) const {
        const std::string full = "cd '" + work().string() + "' && " + cmd + " 2>&1";
        std::string out;
        if (FILE* p = ::popen(full.c_str(), "r")) {
            char buf[4096];
            while (std::size_t n = std::fread(buf, 1, sizeof buf, p))
                out.append(buf, n);
            ::pclose(p);
        }
        return out;
    }
};

} // namespace sop::test
