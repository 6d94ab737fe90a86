#include "hooks/hooks.hpp"

#include "util/embedded.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>
#include <unistd.h>

namespace sop::hooks {
namespace {

namespace fs = std::filesystem;

// The line of each script that names the sop to run; install writes the command in its place.
constexpr std::string_view command_line = "\nsop=sop\n";

// How many lines from the top may hold the marker.
constexpr int marker_lines = 5;

std::optional<std::string> config_string(git_repository* repo, const char* key) {
    git_config* raw = nullptr;
    git::check(git_repository_config_snapshot(&raw, repo), "cannot read the git config");
    git::ConfigPtr cfg(raw);
    const char* value = nullptr;
    if (git_config_get_string(&value, cfg.get(), key) != 0 || !value || !*value)
        return std::nullopt;
    return std::string(value);
}

bool executable(const fs::path& p) {
    return ::access(p.c_str(), X_OK) == 0;
}

fs::path with_suffix(const fs::path& p, std::string_view suffix) {
    return p.parent_path() / (p.filename().string() + std::string(suffix));
}

// A hook's text; nullopt when there is none. A directory or an unreadable file in a hook's
// place is an error: nothing sop may overwrite or remove.
std::optional<std::string> read_hook(const fs::path& p) {
    std::error_code ec;
    const auto st = fs::symlink_status(p, ec);
    if (ec || st.type() == fs::file_type::not_found) return std::nullopt;
    if (fs::is_directory(p, ec))
        throw ConflictError("'" + p.string() + "' is a directory, not a hook",
                            "move it away, then run the command again");
    if (!fs::exists(p, ec)) return std::string(); // a dangling symbolic link: not sop's
    return util::read_file(p).value_or(std::string());
}

State state_of(const std::optional<std::string>& text, const std::string& wanted) {
    if (!text) return State::absent;
    if (!is_sops(*text)) return State::foreign;
    return *text == wanted ? State::installed : State::outdated;
}

void rename_or_throw(const fs::path& from, const fs::path& to) {
    if (::rename(from.c_str(), to.c_str()) != 0)
        throw Error("cannot rename '" + from.string() + "' to '" + to.string() +
                    "': " + std::strerror(errno));
}

void remove_or_throw(const fs::path& p) {
    if (::unlink(p.c_str()) != 0 && errno != ENOENT)
        throw Error("cannot remove '" + p.string() + "': " + std::strerror(errno));
}

} // namespace

std::vector<std::string> hook_names(bool bare) {
    if (bare) return {"pre-receive"};
    return {"pre-commit", "pre-push"};
}

fs::path hooks_dir(const std::optional<std::string>& hooks_path, const fs::path& run_dir,
                   const fs::path& common_dir, const fs::path& home) {
    if (!hooks_path || hooks_path->empty()) return (common_dir / "hooks").lexically_normal();
    fs::path configured = *hooks_path;
    if (*hooks_path == "~")
        configured = home;
    else if (hooks_path->starts_with("~/"))
        configured = home / hooks_path->substr(2);
    if (configured.is_relative()) configured = run_dir / configured;
    return configured.lexically_normal();
}

bool is_sops(std::string_view text) {
    int line = 0;
    std::size_t at = 0;
    while (at < text.size() && line < marker_lines) {
        if (text.compare(at, marker.size(), marker) == 0) return true;
        const auto nl = text.find('\n', at);
        if (nl == std::string_view::npos) break;
        at = nl + 1;
        ++line;
    }
    return false;
}

std::string script(std::string_view hook, std::string_view sop_command) {
    const auto text = hook.starts_with("pre-") ? util::embedded(hook) : std::nullopt;
    if (!text) throw Error("sop has no '" + std::string(hook) + "' hook");
    std::string out(*text);
    const auto at = out.find(command_line);
    if (at == std::string::npos)
        throw Error("the '" + std::string(hook) + "' hook of sop names no sop command");
    out.replace(at, command_line.size(), "\nsop=" + std::string(sop_command) + "\n");
    return out;
}

Place place_of(git_repository* repo) {
    Place p;
    p.bare = git_repository_is_bare(repo) != 0;
    const fs::path git_dir = fs::path(git_repository_path(repo)).lexically_normal();
    const char* workdir = git_repository_workdir(repo);
    p.top = p.bare || !workdir ? git_dir : fs::path(workdir).lexically_normal();
    const auto configured = config_string(repo, "core.hooksPath");
    p.configured = configured.has_value();
    const char* home = std::getenv("HOME");
    p.dir = hooks_dir(configured, p.top, git_repository_commondir(repo), home ? home : "");
    p.names = hook_names(p.bare);
    return p;
}

std::string_view state_name(State s) {
    switch (s) {
    case State::absent:
        return "absent";
    case State::installed:
        return "installed";
    case State::outdated:
        return "outdated";
    case State::foreign:
        return "foreign";
    }
    return "";
}

Status status(git_repository* repo, std::string_view sop_command) {
    Status s{place_of(repo), {}};
    for (const auto& name : s.place.names) {
        Hook h{name, s.place.dir / name, State::absent, false, std::nullopt};
        h.state = state_of(read_hook(h.path), script(name, sop_command));
        h.executable = h.state != State::absent && executable(h.path);
        const fs::path backup = with_suffix(h.path, backup_suffix);
        std::error_code ec;
        if (fs::exists(fs::symlink_status(backup, ec))) h.backup = backup;
        s.hooks.push_back(std::move(h));
    }
    return s;
}

std::vector<Change> install(git_repository* repo, std::string_view sop_command, bool force) {
    const Place place = place_of(repo);
    struct Plan {
        std::string name;
        fs::path path;
        std::string text;
        State state;
        bool executable;
    };
    std::vector<Plan> plans;
    std::vector<std::string> foreign;
    for (const auto& name : place.names) {
        Plan p{name, place.dir / name, script(name, sop_command), State::absent, false};
        p.state = state_of(read_hook(p.path), p.text);
        p.executable = p.state != State::absent && executable(p.path);
        if (p.state == State::foreign) foreign.push_back(p.path.string());
        plans.push_back(std::move(p));
    }
    // Refuse before anything is written: all of sop's hooks or none.
    if (!foreign.empty() && !force) {
        std::string list;
        for (const auto& f : foreign)
            list += (list.empty() ? "'" : ", '") + f + "'";
        throw ConflictError(
            std::string(foreign.size() == 1 ? "a hook that is not sop's is in the way: "
                                            : "hooks that are not sop's are in the way: ") +
                list,
            "move it away, or run 'sop hooks install --force', which keeps it as <hook>" +
                std::string(backup_suffix) + " ('sop hooks uninstall' puts it back)");
    }
    for (const auto& p : plans) {
        std::error_code ec;
        const fs::path backup = with_suffix(p.path, backup_suffix);
        if (p.state == State::foreign && fs::exists(fs::symlink_status(backup, ec)))
            throw ConflictError("cannot keep '" + p.path.string() + "': '" + backup.string() +
                                    "' exists already",
                                "move one of them away, then run the command again");
    }

    std::vector<Change> changes;
    for (const auto& p : plans) {
        Change c{p.name, p.path, Change::What::written, std::nullopt};
        if (p.state == State::installed && p.executable) {
            c.what = Change::What::unchanged;
        } else {
            if (p.state == State::foreign) {
                c.backup = with_suffix(p.path, backup_suffix);
                rename_or_throw(p.path, *c.backup);
                c.what = Change::What::replaced;
            } else if (p.state != State::absent) {
                c.what = Change::What::updated;
            }
            util::write_file_atomic(p.path, p.text, 0755);
        }
        changes.push_back(std::move(c));
    }
    return changes;
}

std::vector<Change> uninstall(git_repository* repo) {
    const Place place = place_of(repo);
    std::vector<Change> changes;
    for (const auto& name : place.names) {
        Change c{name, place.dir / name, Change::What::none, std::nullopt};
        const auto text = read_hook(c.path);
        const fs::path backup = with_suffix(c.path, backup_suffix);
        std::error_code ec;
        const bool has_backup = fs::exists(fs::symlink_status(backup, ec));
        if (text && !is_sops(*text)) {
            c.what = Change::What::kept;
        } else {
            if (text) {
                remove_or_throw(c.path);
                c.what = Change::What::removed;
            }
            if (has_backup) {
                rename_or_throw(backup, c.path);
                c.backup = backup;
                c.what = Change::What::restored;
            }
        }
        changes.push_back(std::move(c));
    }
    return changes;
}

} // namespace sop::hooks
