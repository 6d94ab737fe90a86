#pragma once
// `sop hooks` (DESIGN §6, sop-hooks(1)): git hooks that run `sop validate --staged` before a
// commit and `sop verify` before a push (a clone), or `sop verify` on what a push brings (a bare
// repository: pre-receive). The scripts are share/hooks/*, built into the program.
//
// Installing is an explicit local act: sop never runs hooks it finds in a repository, and writes
// hooks only when asked to. Each script it writes carries a marker line, so that install,
// uninstall and status touch sop's own hooks only; a hook that is not sop's is refused unless
// --force, which keeps it beside as <hook>.sop-backup (and uninstall puts it back).
#include "git/handles.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sop::hooks {

// The first line of a script that marks it as sop's ("# sop-hooks: ...").
inline constexpr std::string_view marker = "# sop-hooks:";
inline constexpr std::string_view backup_suffix = ".sop-backup";

// The hooks sop writes: pre-commit and pre-push in a clone, pre-receive in a bare repository.
std::vector<std::string> hook_names(bool bare);

// Where git looks for hooks: core.hooksPath (`hooks_path`, "~/" expanded from `home`) when
// set, relative to `run_dir`, where git runs hooks (the top of the working tree; the git
// directory of a bare repository); else the common directory's hooks/ (the same for every
// worktree).
std::filesystem::path hooks_dir(const std::optional<std::string>& hooks_path,
                                const std::filesystem::path& run_dir,
                                const std::filesystem::path& common_dir,
                                const std::filesystem::path& home);

// Whether a hook's text is one sop wrote: a marker line among its first lines.
bool is_sops(std::string_view text);

// The script of `hook` (pre-commit, pre-push, pre-receive) that runs sop as `sop_command`, a
// word for /bin/sh (util::self_command). Error for another hook.
std::string script(std::string_view hook, std::string_view sop_command);

// A repository's hooks directory and the hooks sop manages there.
struct Place {
    std::filesystem::path dir;
    std::filesystem::path top; // where paths are shown from: the working tree (or git dir)
    bool bare = false;
    bool configured = false; // the directory is core.hooksPath
    std::vector<std::string> names;
};
Place place_of(git_repository* repo);

enum class State {
    absent,    // no such hook
    installed, // sop's, as `sop hooks install` would write it now
    outdated,  // sop's, written by another sop or for another sop command
    foreign,   // a hook that is not sop's
};
std::string_view state_name(State s);

struct Hook {
    std::string name;
    std::filesystem::path path;
    State state = State::absent;
    bool executable = false;                     // git runs only executable hooks
    std::optional<std::filesystem::path> backup; // <hook>.sop-backup, when there is one
};

struct Status {
    Place place;
    std::vector<Hook> hooks;
};
Status status(git_repository* repo, std::string_view sop_command);

// What install or uninstall did to one hook.
struct Change {
    std::string name;
    std::filesystem::path path;
    enum class What {
        written,   // there was none: sop's written
        updated,   // sop's rewritten (another sop, another command, not executable)
        unchanged, // sop's, as it would be written
        replaced,  // --force: a foreign hook moved to the backup, sop's written
        removed,   // uninstall: sop's removed
        restored,  // uninstall: sop's removed, the backup put back in its place
        kept,      // uninstall: not sop's, left as it is
        none,      // uninstall: no hook
    } what = What::none;
    std::optional<std::filesystem::path> backup;
};

// Writes sop's hooks (executable, replaced atomically). A hook that is not sop's is refused
// before anything is written (ConflictError naming it, with --force as the hint) unless
// `force`: then it is renamed to <hook>.sop-backup, or refused when that exists already.
std::vector<Change> install(git_repository* repo, std::string_view sop_command, bool force);

// Removes sop's hooks and puts back the hooks --force kept; leaves every other hook alone.
std::vector<Change> uninstall(git_repository* repo);

} // namespace sop::hooks
