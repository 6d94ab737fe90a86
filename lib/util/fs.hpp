#pragma once
// File-system helpers: whole-file reads, atomic replacement, an advisory lock.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sop::util {

// The file's bytes, or nullopt when it does not exist. Other failures throw Error.
std::optional<std::string> read_file(const std::filesystem::path& path);
// Reads a file or standard input ("-"), refusing more than `limit` bytes.
std::string read_input(const std::string& path_or_dash, std::size_t limit);

// Writes `bytes` to a temporary file beside `path`, then renames it over `path`: a reader
// (or a crash) sees the old file or the new one, never a mix.
// `mode`: the new file's permissions, less the umask (0755 for a script).
void write_file_atomic(const std::filesystem::path& path, std::string_view bytes,
                       unsigned mode = 0644);
// The same, for a file made of several pieces written one after the other.
void write_file_atomic(const std::filesystem::path& path,
                       const std::vector<std::string_view>& pieces, unsigned mode = 0644);

// An exclusive advisory lock (flock) on a file, released by the destructor. Waits up to
// `timeout_ms`, then throws ConflictError naming `what`.
class FileLock {
  public:
    FileLock(const std::filesystem::path& path, int timeout_ms, const std::string& what);
    ~FileLock();
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

  private:
    int fd_ = -1;
};

bool stdin_is_terminal();
bool stdout_is_terminal();

} // namespace sop::util
