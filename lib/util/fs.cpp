#include "util/fs.hpp"

#include "util/error.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <sys/file.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace sop::util {

namespace fs = std::filesystem;

std::optional<std::string> read_file(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
        throw Error("cannot read '" + path.string() + "': " + std::strerror(errno));
    }
    // Read straight into a buffer of the file's size (the index is 1 MB at 10k tickets);
    // grow it only if the file grows meanwhile.
    struct stat st {};
    std::string out(
        ::fstat(fd, &st) == 0 && st.st_size > 0 ? static_cast<std::size_t>(st.st_size) : 0, '\0');
    std::size_t have = 0;
    for (;;) {
        char probe[4096]; // a full buffer reads into this first, so that EOF costs no growth
        const bool full = have == out.size();
        const ssize_t n = full ? ::read(fd, probe, sizeof probe)
                               : ::read(fd, out.data() + have, out.size() - have);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int err = errno;
            ::close(fd);
            throw Error("cannot read '" + path.string() + "': " + std::strerror(err));
        }
        if (n == 0) break;
        if (full) {
            out.resize(std::max<std::size_t>(out.size() * 2, 65536));
            std::memcpy(out.data() + have, probe, static_cast<std::size_t>(n));
        }
        have += static_cast<std::size_t>(n);
    }
    ::close(fd);
    out.resize(have);
    return out;
}

std::string read_input(const std::string& path_or_dash, std::size_t limit) {
    std::string out;
    if (path_or_dash == "-") {
        out.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
        auto text = read_file(path_or_dash);
        if (!text) throw NotFoundError("cannot read '" + path_or_dash + "': no such file");
        out = std::move(*text);
    }
    if (out.size() > limit)
        throw InvalidError(
            (path_or_dash == "-" ? std::string("standard input") : "'" + path_or_dash + "'") +
            " is too large: " + std::to_string(out.size()) + " bytes, the limit is " +
            std::to_string(limit));
    return out;
}

void write_file_atomic(const fs::path& path, std::string_view bytes, unsigned mode) {
    write_file_atomic(path, std::vector<std::string_view>{bytes}, mode);
}

void write_file_atomic(const fs::path& path, const std::vector<std::string_view>& pieces,
                       unsigned mode) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) throw Error("cannot create '" + path.parent_path().string() + "': " + ec.message());
    const fs::path tmp = path.parent_path() / ("." + path.filename().string() + "." +
                                               std::to_string(::getpid()) + ".sop-tmp");
    const int fd =
        ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, static_cast<mode_t>(mode));
    if (fd < 0) throw Error("cannot write '" + tmp.string() + "': " + std::strerror(errno));
    for (const std::string_view bytes : pieces) {
        std::size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
            if (n < 0) {
                if (errno == EINTR) continue;
                const int err = errno;
                ::close(fd);
                ::unlink(tmp.c_str());
                throw Error("cannot write '" + tmp.string() + "': " + std::strerror(err));
            }
            done += static_cast<std::size_t>(n);
        }
    }
    if (::close(fd) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        throw Error("cannot write '" + path.string() + "': " + std::strerror(err));
    }
}

FileLock::FileLock(const fs::path& path, int timeout_ms, const std::string& what) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw Error("cannot open lock '" + path.string() + "': " + std::strerror(errno));
    // Back off with jitter so that many waiting writers do not wake in lock-step.
    std::minstd_rand jitter(static_cast<unsigned>(::getpid()));
    int waited = 0;
    while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) {
            const int err = errno;
            ::close(fd_);
            throw Error("cannot lock '" + path.string() + "': " + std::strerror(err));
        }
        if (waited >= timeout_ms) {
            ::close(fd_);
            throw ConflictError(what + ": another sop process holds '" + path.string() + "'",
                                "wait for it to finish, then try again");
        }
        const int step = 1 + static_cast<int>(jitter() % 4);
        std::this_thread::sleep_for(std::chrono::milliseconds(step));
        waited += step;
    }
}

FileLock::~FileLock() {
    if (fd_ >= 0) ::close(fd_); // closing releases the flock
}

bool stdin_is_terminal() {
    return ::isatty(STDIN_FILENO) == 1;
}
bool stdout_is_terminal() {
    return ::isatty(STDOUT_FILENO) == 1;
}

} // namespace sop::util
