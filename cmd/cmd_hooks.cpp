// sop hooks: install, uninstall and show the git hooks that run `sop validate --staged` before a
// commit and `sop verify` before a push (lib/hooks; sop-hooks(1)).
#include "app.hpp"
#include "git/repo.hpp"
#include "hooks/hooks.hpp"
#include "output/ticket_text.hpp"
#include "util/program.hpp"

#include <iostream>

namespace sop::cmd {
namespace {

namespace fs = std::filesystem;
using Chosen = std::shared_ptr<Action>;

constexpr const char* install_usage = "sop hooks install [--force]";
constexpr const char* uninstall_usage = "sop hooks uninstall";
constexpr const char* status_usage = "sop hooks status [--format text|json]";

CLI::App* add_form(CLI::App& parent, const char* name, const char* summary, const char* usage) {
    CLI::App* app = parent.add_subcommand(name, summary);
    app->formatter(std::make_shared<FormUsage>(usage));
    return app;
}

// A path as people read it: from the top of the working tree when it is inside, else absolute.
std::string shown(const fs::path& p, const fs::path& top) {
    const fs::path rel = p.lexically_relative(top);
    if (!rel.empty() && *rel.begin() != "..") return rel.string();
    return p.string();
}

std::string what_it_does(const std::string& hook) {
    if (hook == "pre-commit") return "sop validate --staged before a commit";
    if (hook == "pre-push") return "sop verify before a push";
    return "sop verify of what a push brings";
}

int run_install(Session& s, bool force) {
    const auto repo = git::discover_repository(s.dir());
    const std::string command = util::self_command("sop");
    const auto place = hooks::place_of(repo.get());
    const auto changes = hooks::install(repo.get(), command, force);
    using W = hooks::Change::What;
    for (const auto& c : changes) {
        const std::string path = shown(c.path, place.top);
        switch (c.what) {
        case W::unchanged:
            std::cout << "up to date: " << path << "\n";
            break;
        case W::replaced:
            std::cout << "installed " << path << ": " << what_it_does(c.name)
                      << "; the hook that was there is now " << shown(*c.backup, place.top) << "\n";
            break;
        case W::updated:
            std::cout << "updated " << path << ": " << what_it_does(c.name) << "\n";
            break;
        default:
            std::cout << "installed " << path << ": " << what_it_does(c.name) << "\n";
            break;
        }
    }
    if (command != "sop")
        std::cerr << "sop: note: the hooks run " << command
                  << ": the 'sop' on PATH is another program, or there is none\n";
    return 0;
}

int run_uninstall(Session& s) {
    const auto repo = git::discover_repository(s.dir());
    const auto place = hooks::place_of(repo.get());
    const auto changes = hooks::uninstall(repo.get());
    using W = hooks::Change::What;
    bool any = false;
    for (const auto& c : changes) {
        const std::string path = shown(c.path, place.top);
        if (c.what == W::removed) {
            std::cout << "removed " << path << "\n";
        } else if (c.what == W::restored) {
            std::cout << "removed sop's " << path << " and put back the hook kept in "
                      << shown(*c.backup, place.top) << "\n";
        } else if (c.what == W::kept) {
            std::cout << "left " << path << ": not sop's\n";
            continue;
        } else {
            continue;
        }
        any = true;
    }
    if (!any) std::cout << "no hooks of sop in " << shown(place.dir, place.top) << "\n";
    return 0;
}

std::string state_text(const hooks::Hook& h) {
    switch (h.state) {
    case hooks::State::absent:
        return "not installed";
    case hooks::State::installed:
        return "installed";
    case hooks::State::outdated:
        return "outdated (not what this sop writes: run 'sop hooks install')";
    case hooks::State::foreign:
        return "not sop's";
    }
    return "";
}

int run_status(Session& s, const std::string& format) {
    const auto repo = git::discover_repository(s.dir());
    const auto st = hooks::status(repo.get(), util::self_command("sop"));
    if (format == "json") {
        auto doc = output::envelope();
        doc["directory"] = st.place.dir.string();
        doc["core_hooks_path"] = st.place.configured;
        doc["bare"] = st.place.bare;
        doc["hooks"] = yaml::Json::array();
        for (const auto& h : st.hooks)
            doc["hooks"].push_back(
                {{"name", h.name},
                 {"path", h.path.string()},
                 {"state", std::string(hooks::state_name(h.state))},
                 {"executable", h.executable},
                 {"backup", h.backup ? yaml::Json(h.backup->string()) : yaml::Json(nullptr)}});
        print_json(doc);
        return 0;
    }
    std::cout << "hooks directory: " << shown(st.place.dir, st.place.top)
              << (st.place.configured ? " (core.hooksPath)" : "") << "\n";
    for (const auto& h : st.hooks) {
        std::string line =
            h.name + std::string(h.name.size() < 12 ? 12 - h.name.size() : 1, ' ') + state_text(h);
        if (h.state != hooks::State::absent && !h.executable)
            line += "; not executable, so git does not run it";
        if (h.state == hooks::State::installed) line += " (" + what_it_does(h.name) + ")";
        if (h.backup) line += "; kept beside it: " + shown(*h.backup, st.place.top);
        std::cout << line << "\n";
    }
    return 0;
}

} // namespace

Action define_hooks(CLI::App& sub) {
    sub.require_subcommand(1);
    auto chosen = std::make_shared<Action>();

    auto* install = add_form(sub, "install", "write sop's hooks into the hooks directory git uses",
                             install_usage);
    auto force = std::make_shared<bool>(false);
    install->add_flag("--force", *force,
                      "replace a hook that is not sop's, keeping it as <hook>.sop-backup");
    install->callback(
        [chosen, force] { *chosen = [force](Session& s) { return run_install(s, *force); }; });

    auto* uninstall = add_form(
        sub, "uninstall", "remove sop's hooks, putting back what --force kept", uninstall_usage);
    uninstall->callback([chosen] { *chosen = [](Session& s) { return run_uninstall(s); }; });

    auto* status = add_form(sub, "status", "show which hooks are sop's, where", status_usage);
    auto format = std::make_shared<std::string>();
    add_format(*status, *format, {"text", "json"});
    status->callback(
        [chosen, format] { *chosen = [format](Session& s) { return run_status(s, *format); }; });

    return [chosen](Session& s) { return (*chosen)(s); };
}

} // namespace sop::cmd
