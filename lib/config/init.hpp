#pragma once
// `sop init`: turns a directory (new, empty, or an existing git repository) into a support
// repository with one commit holding .sop/config.yaml and .gitattributes, and registers the
// sop merge driver (sop-merge-driver(1)) in the repository's own git config. Run again on a
// support repository (such as a fresh clone, whose .git/config git does not copy), it only
// registers the driver: the config always, and the .gitattributes lines with one commit when
// a repository made by an earlier sop lacks them.
#include "git/repo.hpp"
#include "util/time.hpp"

#include <filesystem>
#include <string>

namespace sop::config {

struct InitOutcome {
    std::filesystem::path workdir;
    std::string commit; // empty when the repository was already initialised
    // The commit that added the merge driver's lines to the .gitattributes of a repository
    // that was already initialised; empty when they were there.
    std::string attributes_commit;
};

InitOutcome init(const std::filesystem::path& dir, const std::optional<git::Identity>& actor,
                 const util::Timestamp& now);

// The .gitattributes lines that give ticket and article files to the driver.
inline constexpr std::string_view merge_attributes = "tickets/**/*.yaml merge=sop\n"
                                                     "kb/*.yaml merge=sop\n";

// The command git runs, "sop merge-driver %O %A %B %P": plain `sop` when the sop on PATH is
// the running program (or the program is not sop itself), so that an upgrade in place keeps
// working; else the running program's absolute path, so that a sop run by path (from a build
// directory, in CI) still merges.
std::string merge_driver_command();

// Sets merge.sop.name and merge.sop.driver in the repository's local config (.git/config), where
// only this clone reads them (a value set by hand is replaced; nothing is written when they are
// already so).
void register_merge_driver(const git::Repo& repo);

} // namespace sop::config
