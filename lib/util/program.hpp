#pragma once
// How a shell finds this program again: for the commands that git runs on sop's behalf (the
// merge driver in .git/config, the hooks that `sop hooks install` writes).
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace sop::util {

// The executable regular file found as `name` on PATH, as a shell's lookup finds it, if any.
std::optional<std::filesystem::path> on_path(const std::string& name);

// `s` as one word for /bin/sh: unchanged when it holds only characters no shell treats
// specially, else in single quotes.
std::string shell_quoted(std::string_view s);

// The command that runs this program: plain `name` when the `name` found on PATH is this
// program (or this program is not called `name`, such as a test binary), so that an upgrade in
// place keeps working; else this program's absolute path, shell-quoted, so that a program run
// by its path (from a build directory, in CI) still runs itself.
std::string self_command(const std::string& name);

} // namespace sop::util
