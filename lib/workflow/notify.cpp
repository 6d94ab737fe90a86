#include "workflow/notify.hpp"

#include "util/error.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <ostream>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace sop::workflow {
namespace {

using Clock = std::chrono::steady_clock;

// A file descriptor closed by its destructor.
class Fd {
  public:
    explicit Fd(int fd = -1) : fd_(fd) {}
    ~Fd() { reset(); }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }
    void reset() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

  private:
    int fd_;
};

// SIGPIPE ignored while it lives: a hook that does not read its input must not kill sop.
class IgnoreSigpipe {
  public:
    IgnoreSigpipe() {
        struct sigaction ignore {};
        ignore.sa_handler = SIG_IGN;
        ::sigaction(SIGPIPE, &ignore, &saved_);
    }
    ~IgnoreSigpipe() { ::sigaction(SIGPIPE, &saved_, nullptr); }
    IgnoreSigpipe(const IgnoreSigpipe&) = delete;
    IgnoreSigpipe& operator=(const IgnoreSigpipe&) = delete;

  private:
    struct sigaction saved_ {};
};

std::string errno_text(const char* what) {
    return std::string(what) + ": " + std::strerror(errno);
}

int timeout_of(const git::Repo& repo) {
    git_config* raw = nullptr;
    if (git_repository_config_snapshot(&raw, repo.raw()) < 0) return notify_timeout_seconds;
    const git::ConfigPtr cfg(raw);
    std::int32_t seconds = 0;
    if (git_config_get_int32(&seconds, cfg.get(), "sop.notifyTimeout") < 0 || seconds < 1)
        return notify_timeout_seconds;
    return seconds;
}

// Starts /bin/sh -c `command` in `dir` reading `input_fd`, in a process group of its own (so that
// a timeout kills whatever it started), with SIGPIPE back to its default.
pid_t spawn_shell(const std::string& command, const std::string& dir, int input_fd,
                  const std::string& ticket) {
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_adddup2(&files, input_fd, STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&files, STDERR_FILENO, STDOUT_FILENO);
    posix_spawn_file_actions_addchdir_np(&files, dir.c_str());
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t defaults, none;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF |
                                        POSIX_SPAWN_SETSIGMASK);

    std::vector<std::string> env_text;
    for (char** e = environ; e && *e; ++e)
        if (std::strncmp(*e, "SOP_TICKET=", 11) != 0) env_text.emplace_back(*e);
    env_text.push_back("SOP_TICKET=" + ticket);
    std::vector<char*> env;
    for (auto& e : env_text)
        env.push_back(e.data());
    env.push_back(nullptr);
    std::string sh = "sh", dash_c = "-c", cmd = command;
    char* argv[] = {sh.data(), dash_c.data(), cmd.data(), nullptr};

    pid_t pid = -1;
    const int rc = ::posix_spawn(&pid, "/bin/sh", &files, &attr, argv, env.data());
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&files);
    if (rc != 0) throw Error(std::string("cannot run /bin/sh: ") + std::strerror(rc));
    return pid;
}

// Writes `bytes` to the non-blocking `fd` until done, the reader goes away, or `deadline`.
void feed(int fd, const std::string& bytes, Clock::time_point deadline) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) return;
        pollfd p{fd, POLLOUT, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) < 0 && errno != EINTR) return;
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n > 0)
            done += static_cast<std::size_t>(n);
        else if (n < 0 && errno != EAGAIN && errno != EINTR)
            return; // EPIPE: it stopped reading
    }
}

// Waits for `pid` until `deadline`; kills its process group then. "" when it exited with 0.
std::string wait_for(pid_t pid, Clock::time_point deadline, int timeout) {
    auto pause = std::chrono::milliseconds(1);
    for (;;) {
        int status = 0;
        const pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r < 0 && errno != EINTR) return errno_text("waitpid");
        if (r == pid) {
            if (WIFEXITED(status))
                return WEXITSTATUS(status) == 0
                           ? std::string()
                           : "exit status " + std::to_string(WEXITSTATUS(status));
            if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
            return "stopped";
        }
        if (Clock::now() >= deadline) {
            ::kill(-pid, SIGKILL);
            while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
            return "timed out after " + std::to_string(timeout) + "s (sop.notifyTimeout)";
        }
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::milliseconds(50));
    }
}

// Runs the hook; "" on success, else why it failed.
std::string run(const git::Repo& repo, const std::string& command, const Json& payload) {
    const int timeout = timeout_of(repo);
    const auto deadline = Clock::now() + std::chrono::seconds(timeout);
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return errno_text("pipe");
    Fd read_end(fds[0]), write_end(fds[1]);
    const pid_t pid =
        spawn_shell(command, repo.workdir().string(), read_end.get(), payload.value("ticket", ""));
    read_end.reset();
    {
        const IgnoreSigpipe guard;
        ::fcntl(write_end.get(), F_SETFL, ::fcntl(write_end.get(), F_GETFL) | O_NONBLOCK);
        feed(write_end.get(), payload.dump() + "\n", deadline);
        write_end.reset();
    }
    return wait_for(pid, deadline, timeout);
}

} // namespace

std::optional<std::string> notify_command(const git::Repo& repo) {
    git_config* raw = nullptr;
    git::check(git_repository_config_snapshot(&raw, repo.raw()), "cannot read git config");
    const git::ConfigPtr cfg(raw);
    const char* value = nullptr;
    if (git_config_get_string(&value, cfg.get(), "sop.notify") < 0 || !value || !*value)
        return std::nullopt;
    return std::string(value);
}

Json notify_payload(const Json& ticket) {
    Json event = nullptr;
    const auto& events = ticket.value("events", Json::array());
    for (auto it = events.rbegin(); it != events.rend(); ++it)
        if (it->value("action", "") == "notify") {
            event = *it;
            break;
        }
    return Json{{"schema", "sop/v1"},
                {"ticket", ticket.value("id", "")},
                {"title", ticket.value("title", "")},
                {"event", event},
                {"incident", ticket.value("incident", Json::object())}};
}

void run_notify_hook(const git::Repo& repo, const Json& payload, std::ostream& warnings) {
    std::string why;
    try {
        const auto command = notify_command(repo);
        if (!command) return;
        why = run(repo, *command, payload);
    } catch (const std::exception& e) {
        why = e.what();
    }
    if (!why.empty()) warnings << "sop: warning: notify command failed: " << why << "\n";
}

} // namespace sop::workflow
