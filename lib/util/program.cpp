#include "util/program.hpp"

#include <cstdlib>
#include <sstream>
#include <system_error>
#include <unistd.h>

namespace sop::util {

namespace fs = std::filesystem;

std::optional<fs::path> on_path(const std::string& name) {
    const char* path = std::getenv("PATH");
    if (!path) return std::nullopt;
    std::istringstream dirs(path);
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        const fs::path candidate = fs::path(dir.empty() ? "." : dir) / name;
        std::error_code ec;
        if (fs::is_regular_file(candidate, ec) && ::access(candidate.c_str(), X_OK) == 0)
            return candidate;
    }
    return std::nullopt;
}

std::string shell_quoted(std::string_view s) {
    if (!s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                          "0123456789/._-+") == std::string_view::npos)
        return std::string(s);
    std::string out = "'";
    for (const char c : s)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::string self_command(const std::string& name) {
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (ec || self.filename() != name) return name;
    if (const auto found = on_path(name); found && fs::equivalent(*found, self, ec)) return name;
    return shell_quoted(self.string());
}

} // namespace sop::util
