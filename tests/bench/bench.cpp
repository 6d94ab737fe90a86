// sop-bench: whole-command timings of sop against the git CLI on a generated support
// repository, checked against the performance budget of DESIGN §7. See tests/bench/README.md.
//
//   sop-bench [--sop PATH] [--tickets N] [--articles N] [--runs R] [--cold-runs K] [--dir DIR]
//             [--keep] [--json FILE]
//
// Every figure is the wall-clock time of a spawned process (posix_spawn → wait4, measured
// with steady_clock), so start-up, libgit2 initialisation and output are all included, as a
// user or a script would see them. Exit status: 0 when every command succeeded and the bench
// repository is intact afterwards (a missed target is printed, not an error), 1 otherwise,
// 2 for bad options.
#include "git/handles.hpp"
#include "git/repo.hpp"
#include "kb/article.hpp"
#include "ticket/id.hpp"
#include "ticket/intake.hpp"
#include "ticket/ticket.hpp"
#include "util/time.hpp"
#include "yaml/yaml.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <random>
#include <set>
#include <spawn.h>
#include <sstream>
#include <stdexcept>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using Json = sop::ticket::Json;
using sop::util::Timestamp;

// ---------------------------------------------------------------------------------------------
// Options

struct Options {
    fs::path sop;
    std::size_t tickets = 10000;
    std::size_t articles = 5000; // knowledge-base articles (phase j); 0 leaves it out
    int runs = 21;
    int cold_runs = -1; // -1: same as runs
    fs::path dir;       // parent of the throw-away repository; default $TMPDIR or /tmp
    bool keep = false;
    std::string json;
};

const char* const usage_text =
    "usage: sop-bench [--sop PATH] [--tickets N] [--articles N] [--runs R] [--cold-runs K]\n"
    "                 [--dir DIR] [--keep] [--json FILE]\n"
    "  --sop PATH      the sop binary (default: 'sop' next to sop-bench)\n"
    "  --tickets N     tickets in the generated repository (default 10000)\n"
    "  --articles N    knowledge-base articles for the kb search phase (default 5000; 0: none)\n"
    "  --runs R        timed runs of each command (default 21); medians and p90 are printed\n"
    "  --cold-runs K   runs of the cache rebuild (cold list); default R\n"
    "  --dir DIR       where to create the throw-away repository (default $TMPDIR or /tmp)\n"
    "  --keep          keep the repository and print its path\n"
    "  --json FILE     also write the figures as JSON\n";

[[noreturn]] void usage_error(const std::string& what) {
    std::cerr << "sop-bench: error: " << what << "\n" << usage_text;
    std::exit(2);
}

long parse_count(const std::string& opt, const std::string& v, long min) {
    char* end = nullptr;
    errno = 0;
    const long n = std::strtol(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0' || errno != 0 || n < min)
        usage_error(opt + ": expected a whole number >= " + std::to_string(min) + ", got '" + v +
                    "'");
    return n;
}

Options parse_options(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        std::optional<std::string> inline_value;
        if (arg.starts_with("--") && arg.find('=') != std::string::npos) {
            inline_value = arg.substr(arg.find('=') + 1);
            arg = arg.substr(0, arg.find('='));
        }
        auto value = [&]() -> std::string {
            if (inline_value) return *inline_value;
            if (i + 1 >= argc) usage_error(arg + " needs a value");
            return argv[++i];
        };
        if (arg == "--help" || arg == "-h") {
            std::cout << usage_text;
            std::exit(0);
        } else if (arg == "--sop") {
            o.sop = value();
        } else if (arg == "--tickets") {
            o.tickets = static_cast<std::size_t>(parse_count(arg, value(), 10));
        } else if (arg == "--articles") {
            o.articles = static_cast<std::size_t>(parse_count(arg, value(), 0));
        } else if (arg == "--runs") {
            o.runs = static_cast<int>(parse_count(arg, value(), 1));
        } else if (arg == "--cold-runs") {
            o.cold_runs = static_cast<int>(parse_count(arg, value(), 1));
        } else if (arg == "--dir") {
            o.dir = value();
        } else if (arg == "--keep") {
            o.keep = true;
        } else if (arg == "--json") {
            o.json = value();
        } else {
            usage_error("unknown option '" + arg + "'");
        }
    }
    if (o.cold_runs < 0) o.cold_runs = o.runs;
    if (o.sop.empty()) o.sop = fs::read_symlink("/proc/self/exe").parent_path() / "sop";
    o.sop = fs::absolute(o.sop);
    if (::access(o.sop.c_str(), X_OK) != 0)
        usage_error("no sop binary at '" + o.sop.string() + "' (build it, or pass --sop PATH)");
    if (o.dir.empty()) {
        const char* tmp = std::getenv("TMPDIR");
        o.dir = tmp && *tmp ? tmp : "/tmp";
    }
    return o;
}

// ---------------------------------------------------------------------------------------------
// Spawning and timing one command

struct Proc {
    int status = 0;
    double ms = 0;      // wall clock, spawn to reaped
    double cpu_ms = 0;  // user + system time of the child
    long maxrss_kb = 0; // ru_maxrss of the child
    std::string out, err;
    bool ok() const { return WIFEXITED(status) && WEXITSTATUS(status) == 0; }
    std::string how() const {
        if (WIFEXITED(status)) return "exit " + std::to_string(WEXITSTATUS(status));
        if (WIFSIGNALED(status))
            return std::string("killed by signal ") + strsignal(WTERMSIG(status));
        return "status " + std::to_string(status);
    }
};

std::string read_all(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string join(const std::vector<std::string>& argv) {
    std::string out;
    for (const auto& a : argv) {
        if (!out.empty()) out += ' ';
        const bool quote = a.empty() || a.find_first_of(" \t'\"<>|&;$") != std::string::npos;
        out += quote ? "'" + a + "'" : a;
    }
    return out;
}

// Spawns and reaps the commands, in a process forked at the very start of main().
//
// Why: ru_maxrss of a child also counts the process image that its exec replaced, and
// posix_spawn (like fork) starts the child from the parent's image. Spawned straight from
// the bench, whose own peak grows while it generates tickets, every command would report at
// least the bench's peak. Spawned from this small process, the floor is a few MB and is
// measured (/bin/true). The spawner also does the timing, so the pipe round trip is not in
// the figures.
class Spawner {
  public:
    struct Request {
        std::string cwd, out, err;
        std::vector<std::string> env, argv;
    };
    struct Reply {
        int status = 0;
        int error = 0; // errno of posix_spawn
        double ms = 0, cpu_ms = 0;
        long maxrss_kb = 0;
    };

    // Must be called before the process does anything big.
    static Spawner& start() {
        static Spawner s;
        return s;
    }

    Reply run(const Request& r) {
        std::vector<std::string> fields = {r.cwd, r.out, r.err, std::to_string(r.env.size())};
        fields.insert(fields.end(), r.env.begin(), r.env.end());
        fields.insert(fields.end(), r.argv.begin(), r.argv.end());
        send(to_, fields);
        Reply reply;
        if (!read_exact(from_, &reply, sizeof reply))
            throw std::runtime_error("the spawner process died");
        return reply;
    }

  private:
    int to_ = -1, from_ = -1;

    Spawner() {
        int req[2], rep[2];
        if (::pipe2(req, O_CLOEXEC) != 0 || ::pipe2(rep, O_CLOEXEC) != 0)
            throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
        const pid_t pid = ::fork();
        if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
        if (pid == 0) {
            ::close(req[1]);
            ::close(rep[0]);
            serve(req[0], rep[1]);
            ::_exit(0);
        }
        ::close(req[0]);
        ::close(rep[1]);
        to_ = req[1];
        from_ = rep[0];
    }

    static bool read_exact(int fd, void* buf, std::size_t n) {
        auto* p = static_cast<char*>(buf);
        while (n > 0) {
            const ssize_t got = ::read(fd, p, n);
            if (got < 0 && errno == EINTR) continue;
            if (got <= 0) return false;
            p += got;
            n -= static_cast<std::size_t>(got);
        }
        return true;
    }
    static void write_exact(int fd, const void* buf, std::size_t n) {
        const auto* p = static_cast<const char*>(buf);
        while (n > 0) {
            const ssize_t put = ::write(fd, p, n);
            if (put < 0 && errno == EINTR) continue;
            if (put <= 0) throw std::runtime_error("cannot talk to the spawner process");
            p += put;
            n -= static_cast<std::size_t>(put);
        }
    }
    static void send(int fd, const std::vector<std::string>& fields) {
        std::string msg;
        auto put32 = [&](std::uint32_t v) {
            msg.append(reinterpret_cast<const char*>(&v), sizeof v);
        };
        put32(static_cast<std::uint32_t>(fields.size()));
        for (const auto& f : fields) {
            put32(static_cast<std::uint32_t>(f.size()));
            msg += f;
        }
        write_exact(fd, msg.data(), msg.size());
    }
    static bool receive(int fd, std::vector<std::string>& fields) {
        std::uint32_t n = 0;
        if (!read_exact(fd, &n, sizeof n)) return false;
        fields.assign(n, {});
        for (auto& f : fields) {
            std::uint32_t len = 0;
            if (!read_exact(fd, &len, sizeof len)) return false;
            f.resize(len);
            if (len && !read_exact(fd, f.data(), len)) return false;
        }
        return true;
    }

    [[noreturn]] static void serve(int in, int out) {
        std::vector<std::string> f;
        while (receive(in, f)) {
            Reply reply;
            const std::size_t nenv = std::stoul(f.at(3));
            std::vector<char*> envp, argv;
            for (std::size_t i = 4; i < 4 + nenv; ++i)
                envp.push_back(f[i].data());
            envp.push_back(nullptr);
            for (std::size_t i = 4 + nenv; i < f.size(); ++i)
                argv.push_back(f[i].data());
            argv.push_back(nullptr);

            posix_spawn_file_actions_t fa;
            posix_spawn_file_actions_init(&fa);
            posix_spawn_file_actions_addchdir_np(&fa, f[0].c_str());
            posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
            posix_spawn_file_actions_addopen(&fa, 1, f[1].c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                             0644);
            posix_spawn_file_actions_addopen(&fa, 2, f[2].c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                             0644);
            pid_t pid = 0;
            const auto t0 = Clock::now();
            reply.error = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), envp.data());
            posix_spawn_file_actions_destroy(&fa);
            if (reply.error == 0) {
                struct rusage ru {};
                while (::wait4(pid, &reply.status, 0, &ru) < 0 && errno == EINTR) {
                }
                reply.ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
                auto tv_ms = [](const timeval& tv) {
                    return static_cast<double>(tv.tv_sec) * 1000 +
                           static_cast<double>(tv.tv_usec) / 1000;
                };
                reply.cpu_ms = tv_ms(ru.ru_utime) + tv_ms(ru.ru_stime);
                reply.maxrss_kb = ru.ru_maxrss;
            }
            write_exact(out, &reply, sizeof reply);
        }
        ::_exit(0);
    }
};

// Runs commands with a fixed environment in the current directory; stdin is /dev/null,
// stdout and stderr go to files that are read back after the clock has stopped.
class Runner {
  public:
    Runner(std::vector<std::string> env, fs::path scratch)
        : env_(std::move(env)), out_(scratch / "stdout"), err_(scratch / "stderr") {}

    Proc run(const std::vector<std::string>& argv) const {
        const Spawner::Reply r = Spawner::start().run(
            {fs::current_path().string(), out_.string(), err_.string(), env_, argv});
        if (r.error != 0)
            throw std::runtime_error("cannot run " + join(argv) + ": " + std::strerror(r.error));
        Proc p;
        p.status = r.status;
        p.ms = r.ms;
        p.cpu_ms = r.cpu_ms;
        p.maxrss_kb = r.maxrss_kb;
        p.out = read_all(out_);
        p.err = read_all(err_);
        return p;
    }

  private:
    std::vector<std::string> env_;
    fs::path out_, err_;
};

// The absolute path of `name` on $PATH.
std::string which(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "/usr/bin:/bin");
    std::string d;
    while (std::getline(dirs, d, ':')) {
        const fs::path p = fs::path(d.empty() ? "." : d) / name;
        if (::access(p.c_str(), X_OK) == 0) return p.string();
    }
    throw std::runtime_error("'" + name + "' is not on PATH");
}

// ---------------------------------------------------------------------------------------------
// Figures

struct Row {
    std::string key;   // for JSON
    std::string label; // for the table
    std::vector<double> ms;
    long maxrss_kb = 0;
    bool is_sop = false;
    std::vector<double> cpu;

    void add(const Proc& p) {
        ms.push_back(p.ms);
        cpu.push_back(p.cpu_ms);
        maxrss_kb = std::max(maxrss_kb, p.maxrss_kb);
    }
    std::vector<double> sorted() const {
        auto v = ms;
        std::sort(v.begin(), v.end());
        return v;
    }
    double median() const {
        const auto v = sorted();
        if (v.empty()) return NAN;
        const std::size_t n = v.size();
        return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
    double p90() const { // nearest rank
        const auto v = sorted();
        if (v.empty()) return NAN;
        const auto rank = static_cast<std::size_t>(std::ceil(0.9 * static_cast<double>(v.size())));
        return v[std::max<std::size_t>(rank, 1) - 1];
    }
    double cpu_median() const {
        auto v = cpu;
        std::sort(v.begin(), v.end());
        if (v.empty()) return NAN;
        const std::size_t n = v.size();
        return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
    double min() const { return ms.empty() ? NAN : *std::min_element(ms.begin(), ms.end()); }
    double max() const { return ms.empty() ? NAN : *std::max_element(ms.begin(), ms.end()); }
};

std::string fmt_ms(double ms) {
    char buf[32];
    if (std::isnan(ms)) return "-";
    if (ms >= 10000)
        std::snprintf(buf, sizeof buf, "%.2f s", ms / 1000);
    else if (ms >= 100)
        std::snprintf(buf, sizeof buf, "%.0f ms", ms);
    else if (ms >= 10)
        std::snprintf(buf, sizeof buf, "%.1f ms", ms);
    else
        std::snprintf(buf, sizeof buf, "%.2f ms", ms);
    return buf;
}

std::string fmt_mb(long kb) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(kb) / 1024.0);
    return buf;
}

std::string pad(const std::string& s, std::size_t w, bool right = false) {
    // Byte length is fine here: the bench prints ASCII only (apart from '≤', counted below).
    std::size_t len = 0;
    for (const unsigned char c : s)
        len += (c & 0xC0) != 0x80;
    if (len >= w) return s;
    return right ? std::string(w - len, ' ') + s : s + std::string(w - len, ' ');
}

double round3(double v) {
    return std::isnan(v) ? v : std::round(v * 1000) / 1000;
}

// ---------------------------------------------------------------------------------------------
// The generated repository

const std::vector<std::string> k_channels = {"phone", "chat", "email", "im", "remote", "onsite"};
const std::vector<std::string> k_categories = {"software", "hardware", "system",
                                               "network",  "cloud",    "other"};
const std::vector<std::string> k_types = {"consultation", "configuration", "fault", "requirement"};
const std::vector<std::string> k_teams = {"desk", "ops", "network", "apps", "field"};
const std::vector<std::string> k_people = {"Ann Lee",  "Bo Chen",  "Carla Diaz", "Dev Patel",
                                           "Emi Sato", "Femi Ade", "Gus Berg",   "Hana Novak",
                                           "Ivo Kral", "李娜"};
const std::vector<std::string> k_orgs = {"Acme Ltd",        "Globex", "Initech",
                                         "Umbrella plc",    "Hooli",  "Stark Industries",
                                         "上海示例有限公司"};
const std::vector<std::pair<std::string, std::string>> k_titles = {
    {"Printer on floor ", " jams on duplex jobs"},
    {"VPN drops every ", " minutes"},
    {"Outlook cannot reach the mail server from site ", ""},
    {"Laptop ", " does not wake from sleep"},
    {"Shared drive on fs", " is slow"},
    {"ERP login fails with error 0x", ""},
    {"Wi-Fi in meeting room ", " unstable"},
    {"Backup job ", " failed overnight"},
    {"Password reset for account ", ""},
    {"Cloud VM ", " unreachable after reboot"},
    {"Licence server refuses seat ", ""},
    {"Phone extension ", " has no dial tone"},
    {"Database timeouts in app ", " at month end"},
    {"New starter needs accounts (", ")"},
    {"打印机卡纸，", " 楼"},
};
const std::vector<std::string> k_symptoms = {
    "The device stops with an error light and nothing prints.",
    "Users are disconnected without warning and must log in again.\nIt happens several times a "
    "day, more often in the afternoon.\n",
    "The application shows a spinning cursor for about a minute, then a timeout dialog.",
    "Nothing happens when the power button is pressed; the charging LED is on.",
    "Copying a 1 GB file takes over ten minutes; it used to take one.\nOther shares are fine.\n",
    "Error 0x80070005: access is denied.",
    "The connection drops whenever more than ten people join the call.",
    "The nightly job ended with exit code 2 and the report is empty.",
};
const std::vector<std::string> k_notes = {
    "Checked the event log: no errors since the driver update on Monday.",
    "Reproduced on a second machine; not specific to this user's profile.",
    "Asked the customer for a screenshot and the exact time of the last failure.",
    "Ping to the gateway shows 30% loss between 14:00 and 15:00.\nSwitch port 12 has CRC errors; "
    "swapped the cable.\n",
    "Cleared the print queue and restarted the spooler; test page OK.",
    "Vendor case opened, reference 55-1203.",
    "Rolled the client back to the previous version; the user confirms it works.",
    "Disk on the file server at 97%; freed 40 GB of old snapshots.",
};

struct Generated {
    std::size_t count = 0;
    std::size_t new_count = 0;
    std::size_t bytes = 0;
    std::size_t checked = 0;      // tickets put through sop::ticket::check
    std::string note_id, show_id; // two tickets in state `diagnosing`
    double make_ms = 0, check_ms = 0, write_ms = 0;
};

class Generator {
  public:
    Generator(Timestamp now, sop::git::Identity who) : now_(now), who_(std::move(who)) {}

    template <class T> const T& pick(const std::vector<T>& v) {
        return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng_)];
    }
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng_);
    }
    Timestamp at(std::int64_t seconds) const { return Timestamp{seconds, now_.offset_minutes}; }

    // One ticket in `state`, with an event log that leads there.
    Json make(const std::string& id, const std::string& state) {
        constexpr std::int64_t day = 86400;
        const std::int64_t received = now_.seconds - between(7 * day, 365 * day);
        const auto& [head, tail] = pick(k_titles);
        std::vector<std::pair<std::string, std::string>> pairs = {
            {"title", head + std::to_string(between(1, 400)) + tail},
            {"channel", pick(k_channels)},
            {"requester.name", pick(k_people)},
            {"requester.contact", "user" + std::to_string(between(1, 9999)) + "@example.com"},
            {"problem.symptom", pick(k_symptoms)},
            {"received_at", at(received).str()},
        };
        if (between(0, 1)) pairs.push_back({"requester.org", pick(k_orgs)});
        if (between(0, 2)) pairs.push_back({"category", pick(k_categories)});
        if (between(0, 2) == 0)
            pairs.push_back({"problem.environment.software", "Windows 11 23H2, Office 365"});
        if (between(0, 3) == 0)
            pairs.push_back({"problem.error",
                             "0x" + std::to_string(between(1000, 9999)) + " in the client log"});
        Json doc =
            sop::ticket::new_ticket(sop::ticket::intake_from_pairs(pairs), id, who_, at(received));
        if (state == "new") return doc;

        std::int64_t t = received + between(300, 4 * 3600);
        // Most tickets are answered, some late, so that the SLA clocks have work to do.
        if (between(0, 9) < 8) {
            sop::ticket::append_event(doc, at(received + between(10, 2 * 3600)), who_, "respond",
                                      Json{{"first", true}});
            t += 2 * 3600;
        }
        auto step = [&](const std::string& action, const std::string& from, const std::string& to) {
            sop::ticket::append_event(doc, at(t), who_, action, Json{{"from", from}, {"to", to}});
            doc["state"] = to;
            t += between(60, 6 * 3600);
        };
        doc["type"] = pick(k_types);
        doc["level"] = static_cast<int>(between(1, 3));
        doc["team"] = pick(k_teams);
        doc["assignee"] = pick(k_people);
        step("triage", "new", "triaged");
        doc["events"].back()["level"] = doc["level"];
        if (state == "triaged") return doc;
        step("diagnose", "triaged", "diagnosing");
        if (between(0, 3) == 0) {
            sop::ticket::append_event(doc, at(t), who_, "wait",
                                      Json{{"from", "diagnosing"},
                                           {"to", "pending"},
                                           {"on", between(0, 1) ? "customer" : "team"}});
            t += between(3600, 3 * 86400);
            sop::ticket::append_event(doc, at(t), who_, "resume",
                                      Json{{"from", "pending"}, {"to", "diagnosing"}});
            t += between(60, 3600);
        }
        const auto notes = between(1, 5);
        for (std::int64_t i = 0; i < notes; ++i) {
            sop::ticket::append_event(doc, at(t), who_, "note", Json{{"note", pick(k_notes)}});
            t += between(60, 6 * 3600);
        }
        if (state == "diagnosing") return doc;
        step("resolve", "diagnosing", "resolved");
        if (state == "resolved") return doc;
        step("close", "resolved", "closed");
        return doc;
    }

    // ~10% new, then triaged, diagnosing, resolved, closed.
    std::string state_for(std::size_t i) {
        if (i == 0 || i == 1) return "diagnosing"; // the tickets the bench acts on
        const auto r = between(0, 99);
        return r < 10   ? "new"
               : r < 30 ? "triaged"
               : r < 55 ? "diagnosing"
               : r < 70 ? "resolved"
                        : "closed";
    }

  private:
    std::mt19937_64 rng_{20261124};
    Timestamp now_;
    sop::git::Identity who_;
};

Generated generate(const fs::path& repo, std::size_t n, Timestamp now,
                   const sop::git::Identity& who) {
    Generated g;
    Generator gen(now, who);
    std::set<std::string> ids, shards;
    for (std::size_t i = 0; i < n; ++i) {
        std::string id;
        do
            id = sop::ticket::new_id();
        while (!ids.insert(id).second);
        const std::string state = gen.state_for(i);
        const std::string path = sop::ticket::path_of(id);

        auto t0 = Clock::now();
        const Json doc = gen.make(id, state);
        const std::string bytes = sop::ticket::to_yaml(doc);
        auto t1 = Clock::now();
        // What sop accepts, or the bench is wrong. The check is slow (see README), so beyond
        // the first 200 tickets only every 50th is checked; every ticket is parsed by the
        // first `sop list` anyway, which must report no invalid ticket.
        if (i < 200 || i % 50 == 0) {
            sop::ticket::check(doc, path, path);
            ++g.checked;
        }
        auto t2 = Clock::now();
        const fs::path file = repo / path;
        if (shards.insert(file.parent_path().string()).second)
            fs::create_directories(file.parent_path());
        std::ofstream out(file, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.close();
        if (!out) throw std::runtime_error("cannot write " + file.string());
        auto t3 = Clock::now();

        g.make_ms += std::chrono::duration<double, std::milli>(t1 - t0).count();
        g.check_ms += std::chrono::duration<double, std::milli>(t2 - t1).count();
        g.write_ms += std::chrono::duration<double, std::milli>(t3 - t2).count();
        g.bytes += bytes.size();
        ++g.count;
        if (state == "new") ++g.new_count;
        if (i == 0) g.note_id = id;
        if (i == 1) g.show_id = id;
    }
    return g;
}

// ---------------------------------------------------------------------------------------------
// The generated knowledge base (phase j)

// English and Chinese building blocks; an article is made of sentences drawn from them, with
// model numbers, error codes, sites and a long tail of words so that the vocabulary is varied
// (tens of thousands of distinct terms over 5,000 articles, as in a real knowledge base).
const std::vector<std::string> k_en_things = {"printer",
                                              "scanner",
                                              "laptop",
                                              "docking station",
                                              "monitor",
                                              "VPN client",
                                              "Outlook",
                                              "Teams",
                                              "SharePoint site",
                                              "OneDrive",
                                              "ERP",
                                              "CRM",
                                              "Wi-Fi",
                                              "router",
                                              "switch",
                                              "firewall",
                                              "badge reader",
                                              "projector",
                                              "headset",
                                              "desk phone",
                                              "NAS",
                                              "backup agent",
                                              "antivirus",
                                              "browser",
                                              "SAP GUI",
                                              "database",
                                              "web portal",
                                              "certificate",
                                              "domain controller",
                                              "DNS server",
                                              "DHCP scope",
                                              "print server",
                                              "file share",
                                              "Excel",
                                              "Word",
                                              "PDF reader",
                                              "webcam",
                                              "UPS",
                                              "time clock",
                                              "label printer",
                                              "barcode scanner",
                                              "tablet",
                                              "smartphone",
                                              "mail relay",
                                              "proxy",
                                              "load balancer",
                                              "hypervisor",
                                              "virtual desktop",
                                              "license server"};
const std::vector<std::string> k_en_problems = {"cannot connect",
                                                "is very slow",
                                                "crashes on start",
                                                "shows an error",
                                                "asks for the "
                                                "password again",
                                                "does not start",
                                                "loses the network every few minutes",
                                                "prints blank pages",
                                                "cannot sync",
                                                "fails to update",
                                                "freezes",
                                                "shows a certificate "
                                                "warning",
                                                "cannot log in",
                                                "drops calls",
                                                "is offline",
                                                "runs out of disk space",
                                                "rejects the badge",
                                                "shows the wrong time",
                                                "cannot be found on the network",
                                                "reports a licence error"};
const std::vector<std::string> k_zh_things = {
    "打印机",   "扫描仪",       "笔记本电脑", "扩展坞",   "显示器",   "VPN 客户端", "邮箱",
    "企业微信", "钉钉",         "共享文件夹", "ERP 系统", "CRM 系统", "无线网络",   "路由器",
    "交换机",   "防火墙",       "门禁",       "投影仪",   "耳机",     "会议电话",   "考勤机",
    "摄像头",   "备份软件",     "杀毒软件",   "浏览器",   "数据库",   "财务系统",   "证书",
    "域控制器", "文件服务器",   "标签打印机", "条码枪",   "平板电脑", "手机",       "代理服务器",
    "虚拟桌面", "许可证服务器", "报销系统",   "视频会议", "网盘"};
const std::vector<std::string> k_zh_problems = {
    "无法连接",     "运行缓慢",       "启动时崩溃", "报错",           "反复要求输入密码",
    "无法启动",     "每隔几分钟断网", "打印空白页", "无法同步",       "更新失败",
    "频繁卡死",     "提示证书错误",   "无法登录",   "通话中断",       "显示脱机",
    "磁盘空间不足", "刷卡无反应",     "时间不准",   "在网络上找不到", "提示许可证错误"};
const std::vector<std::string> k_en_words = {
    "account",     "adapter",    "address",   "agent",      "alert",      "antenna",
    "application", "archive",    "backup",    "bandwidth",  "battery",    "BIOS",
    "boot",        "bridge",     "buffer",    "cable",      "cache",      "calendar",
    "capacity",    "cartridge",  "channel",   "client",     "cluster",    "codec",
    "config",      "connector",  "console",   "contract",   "controller", "credentials",
    "cursor",      "dashboard",  "deadline",  "default",    "delay",      "dependency",
    "deployment",  "device",     "dialog",    "directory",  "display",    "domain",
    "download",    "drive",      "duplex",    "encryption", "endpoint",   "export",
    "extension",   "fan",        "feature",   "filter",     "firmware",   "folder",
    "font",        "gateway",    "group",     "handset",    "hardware",   "header",
    "hotspot",     "identity",   "image",     "import",     "inbox",      "installer",
    "interface",   "inventory",  "journal",   "kernel",     "keyboard",   "latency",
    "layout",      "ledger",     "license",   "link",       "locale",     "lock",
    "login",       "macro",      "mailbox",   "mapping",    "memory",     "migration",
    "mirror",      "module",     "mount",     "network",    "node",       "notification",
    "order",       "outage",     "package",   "paper",      "partition",  "patch",
    "payload",     "permission", "pipeline",  "plugin",     "policy",     "port",
    "power",       "profile",    "protocol",  "queue",      "quota",      "receipt",
    "record",      "registry",   "release",   "replica",    "report",     "resolution",
    "router",      "schedule",   "schema",    "screen",     "script",     "sector",
    "server",      "session",    "setting",   "shortcut",   "signal",     "snapshot",
    "socket",      "spooler",    "storage",   "subnet",     "tenant",     "thread",
    "ticket",      "token",      "toner",     "tray",       "trust",      "tunnel",
    "update",      "upload",     "user",      "vault",      "vendor",     "version",
    "volume",      "warranty",   "webhook",   "widget",     "window",     "workflow",
    "workstation", "zone",       "roaming",   "handshake",  "throughput", "timeout",
    "rollback",    "failover",   "heartbeat", "watchdog",   "telemetry",  "compliance",
    "onboarding"};
const std::vector<std::string> k_zh_words = {
    "账号",   "适配器", "地址",   "告警",     "天线",   "应用",   "归档",     "备份",   "带宽",
    "电池",   "启动",   "网桥",   "缓存",     "日历",   "容量",   "墨盒",     "通道",   "客户端",
    "集群",   "配置",   "接口",   "控制台",   "合同",   "控制器", "凭据",     "仪表盘", "默认",
    "延迟",   "依赖",   "部署",   "设备",     "对话框", "目录",   "域名",     "下载",   "硬盘",
    "双面",   "加密",   "导出",   "风扇",     "功能",   "过滤",   "固件",     "文件夹", "字体",
    "网关",   "分组",   "硬件",   "热点",     "身份",   "镜像",   "导入",     "收件箱", "安装包",
    "内核",   "键盘",   "布局",   "许可",     "链接",   "锁定",   "登录",     "宏",     "映射",
    "内存",   "迁移",   "模块",   "挂载",     "节点",   "通知",   "订单",     "故障",   "纸张",
    "分区",   "补丁",   "权限",   "插件",     "策略",   "端口",   "电源",     "协议",   "队列",
    "配额",   "报表",   "注册表", "版本",     "副本",   "分辨率", "计划任务", "屏幕",   "脚本",
    "服务器", "会话",   "设置",   "快捷方式", "信号",   "快照",   "存储",     "子网",   "租户",
    "令牌",   "碳粉",   "纸盒",   "信任",     "隧道",   "上传",   "用户",     "供应商", "保修",
    "窗口",   "流程",   "工作站", "超时",     "回滚",   "心跳",   "合规",     "入职",   "审批",
    "发票",   "报销",   "工单",   "巡检",     "机房",   "网线",   "光纤"};
const std::vector<std::string> k_en_sites = {"Shanghai", "Berlin", "Austin",  "Lyon", "Osaka",
                                             "Shenzhen", "Madrid", "Toronto", "Pune", "Leeds"};
const std::vector<std::string> k_zh_sites = {"上海", "北京", "深圳", "广州", "杭州",
                                             "成都", "武汉", "南京", "西安", "苏州"};
const std::vector<std::string> k_vendors = {
    "HP",       "Canon", "Dell",    "Lenovo", "Cisco", "Huawei",   "Microsoft", "Fortinet",
    "Synology", "Zebra", "Brother", "Ricoh",  "Aruba", "Ubiquiti", "Kyocera",   "Xerox"};

struct KbGenerated {
    std::size_t count = 0, bytes = 0, checked = 0;
    std::size_t published = 0, flagged = 0, draft = 0, in_review = 0, retired = 0, revised = 0;
    std::string target_en, target_zh; // the planted articles the two queries must find first
    std::string revised_id;           // an article under revision (served: its version 1)
    std::string draft_id;             // a draft, edited by the "after a change" runs
    double make_ms = 0, check_ms = 0, write_ms = 0;
    // Under revision: path → version 2's bytes, written after version 1 is committed.
    std::vector<std::pair<std::string, std::string>> revisions;
};

class KbGenerator {
  public:
    KbGenerator(Timestamp now, sop::git::Identity author, sop::git::Identity reviewer)
        : now_(now), author_(std::move(author)), reviewer_(std::move(reviewer)) {}

    template <class T> const T& pick(const std::vector<T>& v) {
        return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng_)];
    }
    int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

    std::string code() {
        char buf[32];
        switch (between(0, 3)) {
        case 0:
            std::snprintf(buf, sizeof buf, "0x%08X", static_cast<unsigned>(rng_()));
            break;
        case 1:
            std::snprintf(buf, sizeof buf, "E%04d", between(1000, 9999));
            break;
        case 2:
            std::snprintf(buf, sizeof buf, "KB%07d", between(1000000, 9999999));
            break;
        default:
            std::snprintf(buf, sizeof buf, "%d", between(400, 599));
            break;
        }
        return buf;
    }
    std::string model() {
        static const char* const letters[] = {"M", "LX", "DS", "XR", "TP", "GX", "ZT", "PX"};
        return pick(k_vendors) + " " + letters[between(0, 7)] + std::to_string(between(100, 999));
    }
    std::string en_words(int n) {
        std::string out;
        for (int i = 0; i < n; ++i)
            out += (out.empty() ? "" : " ") + pick(k_en_words);
        return out;
    }
    std::string zh_words(int n) {
        std::string out;
        for (int i = 0; i < n; ++i)
            out += pick(k_zh_words) + (between(0, 3) ? "" : "，");
        return out;
    }

    // One article's content fields, in English or Chinese (with English terms mixed in, as
    // Chinese support teams write).
    Json fields(bool zh, std::string thing, std::string problem) {
        const std::string site = zh ? pick(k_zh_sites) : pick(k_en_sites);
        const std::string m = model();
        const std::string c = code();
        Json f;
        std::vector<std::string> steps, scenarios, keywords;
        if (!zh) {
            f["title"] = upper_first(thing) + " " + problem + (between(0, 2) ? "" : " at " + site);
            f["problem"] = "Users at the " + site + " office report that the " + thing + " (" + m +
                           ") " + problem + " since the last " + pick(k_en_words) + " " +
                           pick(k_en_words) + ". The " + pick(k_en_words) + " log shows " + c +
                           ". It affects " + std::to_string(between(2, 80)) +
                           " people, mostly in the morning when the " + en_words(2) + " runs.\n" +
                           "Related: " + en_words(between(4, 9)) + ".";
            const int n = between(3, 6);
            for (int i = 0; i < n; ++i) {
                switch (between(0, 4)) {
                case 0:
                    steps.push_back("Check whether the " + thing + " " + pick(k_en_words) + " is " +
                                    pick(k_en_words) + " and the " + en_words(2) +
                                    " is configured.");
                    break;
                case 1:
                    steps.push_back("Ping the " + thing + " from a workstation on VLAN " +
                                    std::to_string(between(10, 400)) + " and note the " +
                                    pick(k_en_words) + ".");
                    break;
                case 2:
                    steps.push_back("Open the " + pick(k_en_words) + " log and look for " + code() +
                                    " around the time of the " + pick(k_en_words) + ".");
                    break;
                case 3:
                    steps.push_back("Compare the " + en_words(2) + " with a working " + thing +
                                    " of the same model (" + m + ").");
                    break;
                default:
                    steps.push_back("Restart the " + pick(k_en_words) + " service, then " +
                                    en_words(3) + " and try again.");
                    break;
                }
            }
            f["solution"] = "Update the " + pick(k_en_words) + " of the " + thing + " to version " +
                            std::to_string(between(1, 9)) + "." + std::to_string(between(0, 30)) +
                            ", reset the " + en_words(2) + " and ask the user to test.\n" + "If " +
                            c + " persists, open a case with " + pick(k_vendors) +
                            " and attach the " + en_words(2) + ". See also " + en_words(3) + ".";
            if (between(0, 2))
                f["notes"] = "Do not reset the " + pick(k_en_words) +
                             " during business hours; keep the " + en_words(2) + " for the audit.";
            scenarios.push_back("Windows " + std::string(between(0, 1) ? "10" : "11") + " with " +
                                m);
            if (between(0, 1)) scenarios.push_back(site + " office, " + en_words(2));
            keywords = {thing, pick(k_en_words)};
            if (between(0, 1)) keywords.push_back(c);
        } else {
            f["title"] = thing + problem + (between(0, 2) ? "" : "（" + site + "）");
            f["problem"] = site + "办公室的用户反馈" + thing + "（" + m + "）" + problem + "，" +
                           "从上次" + pick(k_zh_words) + pick(k_zh_words) + "之后开始。" +
                           pick(k_zh_words) + "日志显示错误 " + c + "。影响 " +
                           std::to_string(between(2, 80)) + " 人，主要在早上" + zh_words(2) +
                           "运行时。\n相关：" + zh_words(between(4, 9)) + "。";
            const int n = between(3, 6);
            for (int i = 0; i < n; ++i) {
                switch (between(0, 4)) {
                case 0:
                    steps.push_back("检查" + thing + "的" + pick(k_zh_words) + "是否正常，" +
                                    zh_words(2) + "是否已配置。");
                    break;
                case 1:
                    steps.push_back("从 VLAN " + std::to_string(between(10, 400)) +
                                    " 的工作站 ping " + thing + "，记录" + pick(k_zh_words) + "。");
                    break;
                case 2:
                    steps.push_back("打开" + pick(k_zh_words) + "日志，查找 " + code() + "，对照" +
                                    pick(k_zh_words) + "的时间。");
                    break;
                case 3:
                    steps.push_back("与同型号（" + m + "）正常工作的" + thing + "对比" +
                                    zh_words(2) + "。");
                    break;
                default:
                    steps.push_back("重启" + pick(k_zh_words) + "服务，然后" + zh_words(3) +
                                    "，再试一次。");
                    break;
                }
            }
            f["solution"] = "将" + thing + "的" + pick(k_zh_words) + "升级到 " +
                            std::to_string(between(1, 9)) + "." + std::to_string(between(0, 30)) +
                            " 版本，重置" + zh_words(2) + "，请用户测试。\n如果仍然出现 " + c +
                            "，联系 " + pick(k_vendors) + " 并提供" + zh_words(2) + "。参见" +
                            zh_words(3) + "。";
            if (between(0, 2))
                f["notes"] = "不要在业务高峰期重置" + pick(k_zh_words) + "；保留" + zh_words(2) +
                             "以备审计。";
            scenarios.push_back("Windows " + std::string(between(0, 1) ? "10" : "11") +
                                " 办公电脑，" + m);
            if (between(0, 1)) scenarios.push_back(site + "办公室，" + zh_words(2));
            keywords = {thing, pick(k_zh_words)};
            if (between(0, 1)) keywords.push_back(c);
        }
        f["category"] = pick(k_categories);
        f["diagnosis_steps"] = steps;
        f["scenarios"] = scenarios;
        f["keywords"] = keywords;
        if (between(0, 2) == 0)
            f["links"] = Json{{"tickets", {sop::ticket::new_id(), sop::ticket::new_id()}}};
        return f;
    }

    // A generated article other than the planted ones: never the printer that cannot connect.
    Json random_fields() {
        const bool zh = between(0, 99) < 40;
        for (;;) {
            const std::string thing = zh ? pick(k_zh_things) : pick(k_en_things);
            const std::string problem = zh ? pick(k_zh_problems) : pick(k_en_problems);
            if ((thing == "printer" && problem == "cannot connect") ||
                (thing == "打印机" && problem == "无法连接"))
                continue;
            return fields(zh, thing, problem);
        }
    }

    Timestamp at(std::int64_t seconds) const { return Timestamp{seconds, now_.offset_minutes}; }

    Json article(const Json& f, const std::string& id, std::int64_t created) {
        return sop::kb::new_article(f, id, author_, at(created));
    }

    // Through review to published (version as it stands), `t` seconds after creation.
    void publish(Json& doc, std::int64_t t) {
        event(doc, t, author_, "submit", "draft", "in_review");
        Json review{{"at", at(t + 3600).str()},
                    {"by", reviewer_.str()},
                    {"verdict", "approved"},
                    {"version", doc["version"]}};
        if (!doc.contains("reviewers")) doc["reviewers"] = Json::array();
        doc["reviewers"].push_back(review);
        event(doc, t + 3600, reviewer_, "approve", "in_review", "published");
    }

    void event(Json& doc, std::int64_t t, const sop::git::Identity& by, const std::string& action,
               const std::string& from, const std::string& to) {
        Json e{{"at", at(t).str()}, {"by", by.str()}, {"action", action}};
        if (!from.empty()) e["from"] = from;
        if (!to.empty()) e["to"] = to;
        e["version"] = doc["version"];
        doc["events"].push_back(e);
        if (!to.empty()) doc["status"] = to;
    }

    static std::string upper_first(std::string s) {
        if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 32);
        return s;
    }

  private:
    std::mt19937_64 rng_{20261124};
    Timestamp now_;
    sop::git::Identity author_, reviewer_;
};

// The blob id git gives `bytes`.
std::string blob_id(const std::string& bytes) {
    git_oid oid;
    sop::git::check(git_odb_hash(&oid, bytes.data(), bytes.size(), GIT_OBJECT_BLOB),
                    "git_odb_hash");
    return sop::git::oid_str(oid);
}

KbGenerated generate_kb(const fs::path& repo, std::size_t n, Timestamp now,
                        const sop::git::Identity& who) {
    KbGenerated g;
    KbGenerator gen(now, who, sop::git::Identity{"Kim Reviewer", "kim@example.com"});
    std::set<std::string> ids;
    fs::create_directories(repo / "kb");
    for (std::size_t i = 0; i < n; ++i) {
        std::string id;
        do
            id = sop::kb::new_id();
        while (!ids.insert(id).second);
        const std::string path = sop::kb::path_of(id);
        constexpr std::int64_t day = 86400;
        const std::int64_t created = now.seconds - gen.between(30, 700) * day;

        auto t0 = Clock::now();
        Json f;
        // The planted targets: the two queries must find them first.
        if (i == 0) {
            f = gen.fields(false, "printer", "cannot connect");
            f["title"] = "Printer cannot connect to the network";
            f["keywords"] = Json{"printer", "network printer", "cannot connect", "offline"};
            g.target_en = id;
        } else if (i == 1) {
            f = gen.fields(true, "打印机", "无法连接");
            f["title"] = "打印机无法连接网络";
            f["keywords"] = Json{"打印机", "网络打印机", "无法连接", "脱机"};
            g.target_zh = id;
        } else {
            f = gen.random_fields();
        }
        Json doc = gen.article(f, id, created);
        // Statuses: mostly published, as in a knowledge base in use.
        const int r = i < 2 ? 0 : gen.between(0, 99);
        std::optional<std::string> revision;
        if (r < 78 || (r >= 95 && r < 97)) {
            gen.publish(doc, created + day);
            ++g.published;
            if (r >= 95) { // under revision: version 2 in review, version 1 still served
                const std::string v1 = sop::kb::to_yaml(doc);
                Json v2 = doc;
                v2["version"] = 2;
                v2["solution"] = v2["solution"].get<std::string>() + "\n" +
                                 (i % 2 ? "Revised: also check the " + gen.en_words(3) + "."
                                        : "修订：同时检查" + gen.zh_words(3) + "。");
                v2["published"] = Json{{"version", 1}, {"blob", blob_id(v1)}};
                gen.event(v2, created + 9 * day, who, "edit", "published", "in_review");
                revision = sop::kb::to_yaml(v2);
                if (g.revised_id.empty()) g.revised_id = id;
                ++g.revised;
            }
        } else if (r < 83) {
            gen.publish(doc, created + day);
            gen.event(doc, created + 20 * day, who, "flag", "published", "flagged");
            ++g.flagged;
        } else if (r < 91) {
            ++g.draft;
            if (g.draft_id.empty()) g.draft_id = id;
        } else if (r < 95) {
            gen.event(doc, created + day, who, "submit", "draft", "in_review");
            ++g.in_review;
        } else {
            gen.publish(doc, created + day);
            gen.event(doc, created + 25 * day, who, "retire", "published", "retired");
            ++g.retired;
        }
        const std::string bytes = sop::kb::to_yaml(doc);
        auto t1 = Clock::now();
        if (i < 200 || i % 50 == 0) {
            sop::kb::check(doc, path, path);
            if (revision) sop::kb::parse(*revision, path, path);
            ++g.checked;
        }
        auto t2 = Clock::now();
        std::ofstream out(repo / path, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.close();
        if (!out) throw std::runtime_error("cannot write " + (repo / path).string());
        auto t3 = Clock::now();
        if (revision) g.revisions.emplace_back(path, *revision);

        g.make_ms += std::chrono::duration<double, std::milli>(t1 - t0).count();
        g.check_ms += std::chrono::duration<double, std::milli>(t2 - t1).count();
        g.write_ms += std::chrono::duration<double, std::milli>(t3 - t2).count();
        g.bytes += bytes.size();
        ++g.count;
    }
    return g;
}

std::size_t count_lines(const std::string& s) {
    return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

std::string first_lines(const std::string& s, std::size_t n = 8) {
    std::string out;
    std::istringstream in(s);
    std::string line;
    for (std::size_t i = 0; i < n && std::getline(in, line); ++i)
        out += "    " + line + "\n";
    return out;
}

std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.starts_with("model name")) return line.substr(line.find(':') + 2);
    return "unknown";
}

std::string loadavg() {
    std::ifstream in("/proc/loadavg");
    std::string a, b, c;
    in >> a >> b >> c;
    return a + " " + b + " " + c;
}

std::string trim_nl(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
        s.pop_back();
    return s;
}

// What git_libgit2_init cost in this process: part of every sop command's start-up.
double libgit2_init_ms = 0;

// ---------------------------------------------------------------------------------------------

class Bench {
  public:
    explicit Bench(Options o) : opt_(std::move(o)) {}

    int main() {
        const auto started = Clock::now();
        bool set_up = false;
        try {
            setup();
            set_up = true;
            measure();
            verify();
        } catch (const std::exception& e) {
            std::cerr << "sop-bench: error: " << e.what() << "\n";
            failed_ = true;
        }
        if (set_up) report();
        const double total = std::chrono::duration<double>(Clock::now() - started).count();
        if (!opt_.json.empty()) write_json(total);
        finish();
        std::printf("\nTotal elapsed: %.1f s\n", total);
        std::fflush(stdout);
        return failed_ ? 1 : 0;
    }

  private:
    Options opt_;
    fs::path work_, repo_, home_;
    std::optional<Runner> run_;
    std::string git_;
    Generated gen_;
    KbGenerated kb_;
    std::size_t kb_commits_ = 0; // commits made by the kb phase (import, revisions, changes)
    std::deque<Row> rows_;       // deque: row() hands out references
    std::deque<Row> pieces_;
    bool failed_ = false;
    std::vector<std::string> checks_; // lines of the integrity report
    nlohmann::ordered_json setup_json_ = nlohmann::ordered_json::object();
    std::size_t notes_by_sop_ = 0, commits_by_git_ = 0, created_ = 0, lifecycle_commits_ = 0;
    std::string libgit2_version_, git_version_, sop_version_, load_start_, load_end_;

    static constexpr const char* actor = "Bench <bench@example.com>";
    static constexpr const char* now_text = "2026-11-24T09:30:00+08:00";
    // The quarter of now_text, the one `sop report --quarter` is timed on.
    std::string quarter_ = "2026Q4";

    void progress(const std::string& what) const {
        if (::isatty(2)) std::cerr << "sop-bench: " << what << "\n";
    }

    Row& row(const std::string& key, const std::string& label, bool is_sop) {
        for (auto& r : rows_)
            if (r.key == key) return r;
        rows_.push_back(Row{key, label, {}, 0, is_sop, {}});
        return rows_.back();
    }
    Row* find(const std::string& key) {
        for (auto& r : rows_)
            if (r.key == key) return &r;
        return nullptr;
    }

    // Runs a command that must succeed; a failure is reported and remembered.
    Proc must(const std::vector<std::string>& argv) {
        const Proc p = run_->run(argv);
        if (!p.ok()) {
            failed_ = true;
            std::cerr << "sop-bench: command failed (" << p.how() << "): " << join(argv) << "\n"
                      << first_lines(p.err) << first_lines(p.out);
        }
        return p;
    }
    // Like must(), but setup cannot go on without it.
    Proc need(const std::vector<std::string>& argv) {
        const Proc p = must(argv);
        if (!p.ok()) throw std::runtime_error("setup failed: " + join(argv));
        return p;
    }

    std::vector<std::string> sop(std::vector<std::string> args) const {
        args.insert(args.begin(), opt_.sop.string());
        return args;
    }
    std::vector<std::string> git(std::vector<std::string> args) const {
        args.insert(args.begin(), git_);
        return args;
    }

    void setup() {
        git_ = which("git");
        std::string tmpl = (opt_.dir / "sop-bench.XXXXXX").string();
        if (!::mkdtemp(tmpl.data()))
            throw std::runtime_error("cannot create a directory in " + opt_.dir.string());
        work_ = fs::canonical(tmpl);
        home_ = work_ / "home";
        repo_ = work_ / "repo";
        fs::create_directories(home_);
        {
            std::ofstream cfg(home_ / ".gitconfig");
            cfg << "[user]\n\tname = Bench\n\temail = bench@example.com\n"
                << "[init]\n\tdefaultBranch = main\n";
        }
        const char* path = std::getenv("PATH");
        std::vector<std::string> env = {
            std::string("PATH=") + (path ? path : "/usr/bin:/bin"),
            "HOME=" + home_.string(),
            "GIT_CONFIG_NOSYSTEM=1",
            "GIT_CONFIG_GLOBAL=" + (home_ / ".gitconfig").string(),
            std::string("SOP_ACTOR=") + actor,
            std::string("SOP_NOW=") + now_text,
            "GIT_AUTHOR_NAME=Bench",
            "GIT_AUTHOR_EMAIL=bench@example.com",
            "GIT_COMMITTER_NAME=Bench",
            "GIT_COMMITTER_EMAIL=bench@example.com",
            std::string("GIT_AUTHOR_DATE=") + now_text,
            std::string("GIT_COMMITTER_DATE=") + now_text,
            "TZ=UTC",
            "LANG=C.UTF-8",
            "LC_ALL=C.UTF-8",
            "NO_COLOR=1",
            "TERM=dumb",
        };
        run_.emplace(env, work_);
        if (::chdir(work_.c_str()) != 0) throw std::runtime_error("cannot enter " + work_.string());

        int maj = 0, min = 0, rev = 0;
        git_libgit2_version(&maj, &min, &rev);
        libgit2_version_ =
            std::to_string(maj) + "." + std::to_string(min) + "." + std::to_string(rev);
        git_version_ = trim_nl(need(git({"--version"})).out);
        sop_version_ = trim_nl(need(sop({"--version"})).out);

        std::printf("sop-bench: %zu tickets, %d runs per command (cache rebuild: %d)\n",
                    opt_.tickets, opt_.runs, opt_.cold_runs);
        std::printf("  %s (%s), %s, libgit2 %s (linked into sop-bench), %u CPUs: %s\n",
                    sop_version_.c_str(), opt_.sop.c_str(), git_version_.c_str(),
                    libgit2_version_.c_str(), std::thread::hardware_concurrency(),
                    cpu_model().c_str());
        std::printf(
            "  git_libgit2_init() in this process: %s (every sop command pays it at start-up)\n",
            fmt_ms(libgit2_init_ms).c_str());
        std::printf("  repository: %s\n", repo_.c_str());
        std::printf(
            "  load average at start: %s (the figures are wall clock: run on a quiet machine)\n\n",
            loadavg().c_str());
        load_start_ = loadavg();

        progress("creating the repository");
        auto t0 = Clock::now();
        need(sop({"init", repo_.string()}));
        if (::chdir(repo_.c_str()) != 0) throw std::runtime_error("cannot enter " + repo_.string());
        const double init_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();

        progress("generating " + std::to_string(opt_.tickets) + " tickets");
        const auto now = *sop::util::parse_rfc3339(now_text);
        gen_ = generate(repo_, opt_.tickets, now, *sop::git::parse_identity(actor));

        progress("committing them with the git CLI");
        const Proc add = need(git({"add", "-A"}));
        const Proc commit = need(git({"-c", "gc.auto=0", "commit", "-q", "-m",
                                      "bench: import " + std::to_string(gen_.count) + " tickets"}));
        // A repository in use is packed; this also keeps `git gc --auto` out of the timings.
        const Proc gc = need(git({"gc", "-q"}));
        // git gc also removes the 256 loose-object fan-out directories (.git/objects/00..ff),
        // which a repository in use has; without them every write right after a gc pays a
        // mkdir per new object (~1.6 ms each here), sop's and git's alike. Both sides are
        // timed with them in place, as in steady state.
        recreate_fanout();

        const double gen_ms = gen_.make_ms + gen_.check_ms + gen_.write_ms;
        auto line = [](const std::string& what, const std::string& value) {
            std::printf("  %s %10s\n", pad(what, 40).c_str(), value.c_str());
        };
        char detail[200];
        std::printf("Setup\n");
        line("sop init", fmt_ms(init_ms));
        line("generate " + std::to_string(gen_.count) + " tickets with soplib", fmt_ms(gen_ms));
        std::snprintf(detail, sizeof detail,
                      "    (build+emit %s, sop::ticket::check of %zu of them %s = %.2f ms each, "
                      "write files %s)",
                      fmt_ms(gen_.make_ms).c_str(), gen_.checked, fmt_ms(gen_.check_ms).c_str(),
                      gen_.check_ms / static_cast<double>(std::max<std::size_t>(gen_.checked, 1)),
                      fmt_ms(gen_.write_ms).c_str());
        std::printf("%s\n", detail);
        std::printf("    (%zu files, %zu in state new, mean size %zu bytes)\n", gen_.count,
                    gen_.new_count, gen_.bytes / std::max<std::size_t>(gen_.count, 1));
        line("git add -A", fmt_ms(add.ms));
        line("git commit (all tickets, one commit)", fmt_ms(commit.ms));
        line("git gc", fmt_ms(gc.ms));
        std::printf("    (then the 256 object fan-out directories re-created, as in a repository "
                    "in use)\n");
        setup_json_ = {{"tickets", gen_.count},
                       {"tickets_new", gen_.new_count},
                       {"mean_ticket_bytes", gen_.bytes / std::max<std::size_t>(gen_.count, 1)},
                       {"sop_init_ms", round3(init_ms)},
                       {"generate_ms", round3(gen_ms)},
                       {"generate_build_emit_ms", round3(gen_.make_ms)},
                       {"generate_schema_check_ms", round3(gen_.check_ms)},
                       {"generate_schema_checked", gen_.checked},
                       {"generate_write_ms", round3(gen_.write_ms)},
                       {"git_add_ms", round3(add.ms)},
                       {"git_commit_ms", round3(commit.ms)},
                       {"git_gc_ms", round3(gc.ms)}};
    }

    // `sop list state:new` printed a header and one line per new ticket, and no warnings.
    void check_list(const Proc& p, std::size_t expected, const char* what) {
        if (!p.ok()) return;
        const std::size_t rows = p.out.empty() ? 0 : count_lines(p.out) - 1; // less the header
        const bool quiet = p.err.empty() || (expected == 0 && p.err == "no tickets match\n");
        if (rows != expected || !quiet) {
            failed_ = true;
            std::cerr << "sop-bench: " << what << ": 'sop list state:new' printed " << rows
                      << " tickets, expected " << expected << "\n"
                      << first_lines(p.err);
        }
    }

    // The git CLI doing what `sop note` does: the same bytes appended to the same file (done
    // here, untimed), then `git add` and `git commit` (timed, two processes).
    void git_note(const std::string& id, const std::string& text, Row* add_row, Row* commit_row,
                  Row* pair_row) {
        const std::string path = sop::ticket::path_of(id);
        const std::string before = read_all(repo_ / path);
        Json doc = sop::ticket::parse(before, path, path);
        const auto now = *sop::util::parse_rfc3339(now_text);
        sop::ticket::append_event(doc, now, *sop::git::parse_identity(actor), "note",
                                  Json{{"note", text}});
        const std::string after = sop::ticket::to_yaml(doc);
        if (after.compare(0, before.size(), before) != 0)
            throw std::runtime_error("appending an event did not append to " + path);
        {
            std::ofstream out(repo_ / path, std::ios::binary | std::ios::app);
            out << after.substr(before.size());
        }
        const std::string state = sop::ticket::state_of(doc);
        const std::string msg =
            sop::ticket::commit_message(id, "note: " + text, text, "note", state, state);
        const Proc a = must(git({"add", path}));
        const Proc c = must(git({"commit", "-q", "-m", msg}));
        if (a.ok() && c.ok()) ++commits_by_git_;
        if (add_row) add_row->add(a);
        if (commit_row) commit_row->add(c);
        if (pair_row) {
            Proc both = c;
            both.ms = a.ms + c.ms;
            both.cpu_ms = a.cpu_ms + c.cpu_ms;
            both.maxrss_kb = std::max(a.maxrss_kb, c.maxrss_kb);
            pair_row->add(both);
        }
    }

    void measure() {
        const int R = opt_.runs;
        const std::string& id = gen_.note_id;
        const auto list_new = sop({"list", "state:new"});

        // The first listing builds the cache; it also proves every generated ticket parses.
        progress("first listing (builds the cache)");
        {
            const Proc p = must(list_new);
            check_list(p, gen_.new_count, "first listing");
            setup_json_["first_list_ms"] = round3(p.ms);
            std::printf("  %s %10s\n\n", pad("first sop list (builds the cache)", 40).c_str(),
                        fmt_ms(p.ms).c_str());
        }

        // a, b and the listing right after a change, interleaved so that both sides see the
        // same repository and the same machine noise. One untimed round first.
        progress("a/b: sop note vs git add + git commit");
        Row& a = row("sop_note", "a. sop note ID TEXT", true);
        Row& b = row("git_add_commit", "b. git add FILE + git commit (2 procs)", false);
        Row& b1 = row("git_add", "     of which git add FILE", false);
        Row& b2 = row("git_commit", "     of which git commit -q -m MSG", false);
        Row& li = row("sop_list_after_change", "c. sop list state:new, after a+b (1 shard)", true);
        for (int r = 0; r <= R; ++r) {
            const bool timed = r > 0;
            const std::string text =
                "Bench note " + std::to_string(r) + ": checked the switch port and the cable.";
            const Proc n = must(sop({"note", id, text}));
            if (n.ok()) {
                ++notes_by_sop_;
                if (n.out.find("note recorded") == std::string::npos) {
                    failed_ = true;
                    std::cerr << "sop-bench: unexpected output of sop note: " << n.out;
                }
            }
            if (timed) a.add(n);
            git_note(id,
                     "Bench git note " + std::to_string(r) +
                         ": checked the switch port and the cable.",
                     timed ? &b1 : nullptr, timed ? &b2 : nullptr, timed ? &b : nullptr);
            const Proc l = must(list_new);
            check_list(l, gen_.new_count, "listing after a change");
            if (timed) li.add(l);
        }

        progress("d: sop show");
        Row& d = row("sop_show", "d. sop show ID", true);
        for (int r = 0; r <= R; ++r) {
            const Proc p = must(sop({"show", gen_.show_id}));
            if (p.ok() && p.out.find(gen_.show_id) == std::string::npos) {
                failed_ = true;
                std::cerr << "sop-bench: sop show did not show " << gen_.show_id << "\n";
            }
            if (r > 0) d.add(p);
        }

        progress("c: sop list, warm");
        Row& cw = row("sop_list_warm", "c. sop list state:new, warm", true);
        for (int r = 0; r <= R; ++r) {
            const Proc p = must(list_new);
            check_list(p, gen_.new_count, "warm listing");
            if (r > 0) cw.add(p);
        }

        progress("c: sop list, cold (cache rebuild)");
        Row& cc = row("sop_list_cold", "c. sop list state:new, cold (no cache)", true);
        for (int r = 0; r < opt_.cold_runs; ++r) {
            std::error_code ec;
            fs::remove_all(repo_ / ".git" / "sop" / "cache", ec);
            const Proc p = must(list_new);
            check_list(p, gen_.new_count, "cold listing");
            cc.add(p);
        }

        progress("e: sop new");
        Row& e = row("sop_new", "e. sop new (required fields)", true);
        for (int r = 0; r <= R; ++r) {
            const Proc p = must(sop(
                {"new", "--title", "Bench ticket " + std::to_string(r) + ": scanner offline",
                 "--channel", "phone", "--requester-name", "Ann Lee", "--requester-contact",
                 "ann@example.com", "--symptom", "The scanner shows offline since this morning."}));
            if (p.ok()) ++created_;
            if (r > 0) e.add(p);
        }

        progress("h: sop sla, warm");
        Row& h = row("sop_sla", "h. sop sla (every ticket's clocks), warm", true);
        for (int r = 0; r <= R; ++r) {
            const Proc p = must(sop({"sla", "--format", "tsv"}));
            if (p.ok() && count_lines(p.out) < 2) {
                failed_ = true;
                std::cerr << "sop-bench: sop sla listed no clock\n";
            }
            if (r > 0) h.add(p);
        }
        progress("i: sop report --quarter, warm");
        Row& rq = row("sop_report_quarter", "i. sop report --quarter " + quarter_ + ", warm", true);
        for (int r = 0; r <= R; ++r) {
            const Proc p = must(sop({"report", "--quarter", quarter_, "--format", "json"}));
            if (p.ok() && p.out.find("\"schema\"") == std::string::npos) {
                failed_ = true;
                std::cerr << "sop-bench: sop report printed no report\n";
            }
            if (r > 0) rq.add(p);
        }
        Row& gg = row("git_grep", "   git grep -c ^state: HEAD (every ticket)", false);
        for (int r = 0; r <= R; ++r) {
            const Proc p = must(git({"grep", "-c", "^state:", "HEAD", "--", "tickets"}));
            if (r > 0) gg.add(p);
        }

        progress("g: a full lifecycle");
        run_lifecycles();

        progress("f: git status");
        Row& f = row("git_status", "f. git status --porcelain", false);
        for (int r = 0; r <= R; ++r) {
            const Proc p = must(git({"status", "--porcelain"}));
            if (r > 0) f.add(p);
        }

        progress("floors");
        Row& v = row("sop_version", "   sop --version (start-up floor)", true);
        Row& t = row("true", "   /bin/true (spawn floor)", false);
        for (int r = 0; r <= R; ++r) {
            const Proc p = must(sop({"--version"}));
            const Proc q = must({"/bin/true"});
            if (r > 0) v.add(p), t.add(q);
        }

        progress("k: sop validate --all");
        measure_validate();

        if (opt_.articles > 0) {
            progress("j: sop kb search");
            measure_kb();
        }

        progress("in-process costs");
        measure_pieces();
    }

    // The 256 loose-object fan-out directories that `git gc` removes (see setup()).
    void recreate_fanout() {
        for (int i = 0; i < 256; ++i) {
            char name[3];
            std::snprintf(name, sizeof name, "%02x", i);
            std::filesystem::create_directories(repo_ / ".git" / "objects" / name);
        }
    }

    // k: `sop validate --all`, whose target is 10,000 tickets in 10 s on 2 cores: every ticket,
    // article and the config read from the working tree, parsed and checked (schema, invariants,
    // the event log against the transitions), then IDs and references across them and the
    // archive branch. Timed with the default --jobs (one thread per core, at least 2) and with
    // --jobs 1. Run before phase j, so on the tickets and the config only. The git CLI beside it:
    // `git fsck`, git's own integrity check of the same repository (every object read, hashed
    // and parsed, but nothing about what a ticket means), and `git grep` reading every ticket
    // file of the working tree (the floor of reading what validate reads). Last, what the
    // pre-commit hook of `sop hooks` runs for a commit that changes one ticket:
    // `sop validate --staged FILE` (the index read, one file checked against all the others).
    void measure_validate() {
        const int R = std::min(opt_.runs, 5);
        const std::string summary =
            std::to_string(gen_.count + created_) + " tickets, 0 articles, config: OK\n";
        auto check = [&](const Proc& p, const std::string& expected, const char* what) {
            if (p.ok() && (p.out != expected || !p.err.empty())) {
                failed_ = true;
                std::cerr << "sop-bench: " << what << ": expected '" << trim_nl(expected)
                          << "' and no warning\n"
                          << first_lines(p.out) << first_lines(p.err);
            }
        };
        Row& all = row("sop_validate_all", "k. sop validate --all", true);
        Row& fsck = row("git_fsck", "   git fsck (git's integrity check)", false);
        Row& grep = row("git_grep_worktree", "   git grep -c ^state: -- tickets", false);
        for (int r = 0; r <= R; ++r) {
            const Proc a = must(sop({"validate", "--all"}));
            check(a, summary, "sop validate --all");
            const Proc f = must(git({"fsck", "--no-dangling"}));
            const Proc g = must(git({"grep", "-c", "^state:", "--", "tickets"}));
            if (r > 0) all.add(a), fsck.add(f), grep.add(g);
        }
        Row& one = row("sop_validate_all_jobs1", "k. sop validate --all --jobs 1", true);
        for (int r = 0; r < std::min(R, 3); ++r) {
            const Proc p = must(sop({"validate", "--all", "--jobs", "1"}));
            check(p, summary, "sop validate --all --jobs 1");
            one.add(p);
        }
        const std::string file = sop::ticket::path_of(gen_.show_id);
        Row& staged =
            row("sop_validate_staged_file", "k. sop validate --staged FILE (pre-commit)", true);
        for (int r = 0; r <= opt_.runs; ++r) {
            const Proc p = must(sop({"validate", "--staged", file}));
            check(p, "1 ticket, 0 articles, config: not checked\n", "sop validate --staged FILE");
            if (r > 0) staged.add(p);
        }
    }

    // `sop kb search ... --format ids` must list `expected` first.
    void check_first(const std::vector<std::string>& query, const std::string& expected,
                     const char* what) {
        auto argv = query;
        argv.insert(argv.end(), {"--format", "ids"});
        const Proc p = must(argv);
        const std::string first = p.out.substr(0, p.out.find('\n'));
        if (!p.ok() || first != expected || !p.err.empty()) {
            failed_ = true;
            std::cerr << "sop-bench: " << what << ": expected " << expected << " first, got '"
                      << first << "'\n"
                      << first_lines(p.out) << first_lines(p.err);
        }
    }

    // A warm `sop kb search` printed a table with `expected` on its first row and no warning.
    void check_search(const Proc& p, const std::string& expected, const char* what) {
        if (!p.ok()) return;
        const auto row = p.out.find('\n');
        if (row == std::string::npos || p.out.compare(row + 1, expected.size(), expected) != 0 ||
            !p.err.empty()) {
            failed_ = true;
            std::cerr << "sop-bench: " << what << ": expected " << expected << " on the first row\n"
                      << first_lines(p.out, 3) << first_lines(p.err);
        }
    }

    // j: the knowledge base. --articles generated articles (kb/, one commit with the git CLI;
    // the few under revision get their version 2 in a second commit, so that the version
    // readers are still served is a blob of the history), then `sop kb search` timed warm in
    // English and in Chinese against `git grep -c -i printer HEAD -- kb` (which reads every
    // article blob, as a search without an index must), right after one article changed, and
    // cold (the kb cache files removed).
    void measure_kb() {
        const int R = opt_.runs;
        const auto now = *sop::util::parse_rfc3339(now_text);
        auto t0 = Clock::now();
        kb_ = generate_kb(repo_, opt_.articles, now, *sop::git::parse_identity(actor));
        const double gen_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        const Proc add = need(git({"add", "kb"}));
        const Proc commit =
            need(git({"-c", "gc.auto=0", "commit", "-q", "-m",
                      "bench: import " + std::to_string(kb_.count) + " knowledge-base articles"}));
        ++kb_commits_;
        if (!kb_.revisions.empty()) {
            for (const auto& [path, bytes] : kb_.revisions) {
                std::ofstream out(repo_ / path, std::ios::binary);
                out << bytes;
            }
            need(git({"add", "kb"}));
            need(git(
                {"-c", "gc.auto=0", "commit", "-q", "-m",
                 "bench: " + std::to_string(kb_.revisions.size()) + " articles under revision"}));
            ++kb_commits_;
        }
        const Proc gc = need(git({"gc", "-q"}));
        recreate_fanout();

        auto line = [](const std::string& what, const std::string& value) {
            std::printf("  %s %10s\n", pad(what, 40).c_str(), value.c_str());
        };
        std::printf("Knowledge base (phase j)\n");
        line("generate " + std::to_string(kb_.count) + " articles with soplib", fmt_ms(gen_ms));
        std::printf("    (build+emit %s, sop::kb::check of %zu of them %s, write files %s)\n",
                    fmt_ms(kb_.make_ms).c_str(), kb_.checked, fmt_ms(kb_.check_ms).c_str(),
                    fmt_ms(kb_.write_ms).c_str());
        std::printf("    (mean size %zu bytes; %zu published, of which %zu under revision, %zu "
                    "flagged, %zu draft, %zu in review, %zu retired)\n",
                    kb_.bytes / std::max<std::size_t>(kb_.count, 1), kb_.published, kb_.revised,
                    kb_.flagged, kb_.draft, kb_.in_review, kb_.retired);
        line("git add kb", fmt_ms(add.ms));
        line("git commit (all articles, one commit)", fmt_ms(commit.ms));
        line("git gc", fmt_ms(gc.ms));

        const auto query_en = sop({"kb", "search", "printer cannot connect"});
        const auto query_zh = sop({"kb", "search", "打印机 无法 连接"});
        const Proc first = must(query_en);
        line("first sop kb search (builds the kb cache)", fmt_ms(first.ms));
        std::printf("\n");
        setup_json_["kb_articles"] = kb_.count;
        setup_json_["kb_mean_article_bytes"] = kb_.bytes / std::max<std::size_t>(kb_.count, 1);
        setup_json_["kb_generate_ms"] = round3(gen_ms);
        setup_json_["kb_first_search_ms"] = round3(first.ms);

        // The planted articles come first, warm and with --all; the served version of an
        // article under revision is searched by default.
        check_first(query_en, kb_.target_en, "kb search (English)");
        check_first(query_zh, kb_.target_zh, "kb search (Chinese)");
        auto all_en = query_en;
        all_en.push_back("--all");
        check_first(all_en, kb_.target_en, "kb search --all (English)");

        Row& en = row("kb_search_en", "j. sop kb search (English query), warm", true);
        Row& zh = row("kb_search_zh", "j. sop kb search (Chinese query), warm", true);
        Row& gg = row("kb_git_grep", "   git grep -c -i printer HEAD -- kb", false);
        for (int r = 0; r <= R; ++r) {
            const Proc a = must(query_en);
            check_search(a, kb_.target_en, "warm kb search (English)");
            const Proc b = must(query_zh);
            check_search(b, kb_.target_zh, "warm kb search (Chinese)");
            const Proc g = must(git({"grep", "-c", "-i", "printer", "HEAD", "--", "kb"}));
            if (r > 0) en.add(a), zh.add(b), gg.add(g);
        }

        // One article edited and committed with the git CLI, then a search: one blob parsed,
        // the index rebuilt from the cached texts.
        Row& ch = row("kb_search_after_change", "j. sop kb search, after 1 article changed", true);
        const int change_runs = std::min(R, 7);
        for (int r = 0; r <= change_runs && !kb_.draft_id.empty(); ++r) {
            const std::string path = sop::kb::path_of(kb_.draft_id);
            Json doc = sop::yaml::parse(read_all(repo_ / path), path);
            doc["notes"] = "Bench edit " + std::to_string(r) + ": checked the " +
                           k_en_words[static_cast<std::size_t>(r) % k_en_words.size()] + ".";
            {
                std::ofstream out(repo_ / path, std::ios::binary);
                out << sop::kb::to_yaml(doc);
            }
            need(git({"add", path}));
            need(git({"commit", "-q", "-m", "bench: edit " + kb_.draft_id}));
            ++kb_commits_;
            const Proc p = must(query_en);
            check_search(p, kb_.target_en, "kb search after a change");
            if (r > 0) ch.add(p);
        }

        // Cold: the kb cache files removed (the catalog, the texts, the index): every article
        // parsed, the index built and written.
        Row& cold = row("kb_search_cold", "j. sop kb search, cold (no kb cache)", true);
        for (int r = 0; r < std::max(1, std::min(opt_.cold_runs, 3)); ++r) {
            std::error_code ec;
            for (const auto& entry : fs::directory_iterator(repo_ / ".git" / "sop" / "cache", ec))
                if (entry.path().filename().string().starts_with("kb"))
                    fs::remove(entry.path(), ec);
            const Proc p = must(query_en);
            check_search(p, kb_.target_en, "cold kb search");
            cold.add(p);
        }
    }

    // g: whole tickets through the procedure of SOP 4.1-4.4, a level-2 fault with a plan that
    // touches the user's data: ten writing verbs, each timed as its own process, and the
    // lifecycle as their sum. Every run must end closed with 10 new commits.
    void run_lifecycles() {
        const int R = std::max(5, opt_.runs / 2);
        const std::vector<std::string> verbs = {"new",    "triage",  "respond",   "diagnose",
                                                "plan",   "confirm", "implement", "verify",
                                                "survey", "close"};
        std::vector<Row*> rows;
        for (const auto& v : verbs)
            rows.push_back(&row("life_" + v, "g. sop " + v, true));
        Row& whole = row("life_total", "g. whole lifecycle (10 commands, sum)", true);
        for (int r = 0; r <= R; ++r) {
            const std::string n = std::to_string(r);
            const Proc created = must(
                sop({"new", "--title", "Lifecycle " + n + ": export fails", "--channel", "phone",
                     "--requester-name", "Li Lei", "--requester-contact", "li@example.com",
                     "--symptom", "The nightly export exits with E1234.", "--format", "ids"}));
            if (!created.ok()) return;
            ++created_;
            const std::string id = created.out.substr(0, created.out.find('\n'));
            const std::vector<std::vector<std::string>> steps = {
                {"triage", id, "--type", "fault", "--level", "2", "--category", "software",
                 "--team", "ops"},
                {"respond", id, "--note", "we are on it"},
                {"diagnose", id, "--note", "disk full on the export volume"},
                {"plan", id, "--step", "add a volume", "--step", "restart the job", "--risk",
                 "restart stops exports", "--mitigation", "off-peak", "--touches", "data",
                 "--rollback", "unmount", "--window",
                 "2026-11-24T09:00:00+08:00/2026-11-24T12:00:00+08:00"},
                {"confirm", id, "--by", "Li Lei", "--via", "phone"},
                {"implement", id, "--backup", "volume snapshot"},
                {"verify", id, "--pass", "--steps", "ran the export by hand"},
                {"survey", id, "--speed", "5", "--quality", "5", "--attitude", "4"},
                {"close", id, "--problem", "export failed", "--diagnosis", "disk full",
                 "--solution", "second volume", "--outcome", "exports run", "--feedback", "ok",
                 "--advice", "watch the disk"}};
            double total = created.ms;
            if (r > 0) rows[0]->add(created);
            for (std::size_t i = 0; i < steps.size(); ++i) {
                const Proc p = must(sop(steps[i]));
                if (!p.ok()) return;
                ++lifecycle_commits_;
                total += p.ms;
                if (r > 0) rows[i + 1]->add(p);
            }
            if (r > 0) {
                Proc sum = created;
                sum.ms = total;
                whole.add(sum);
            }
        }
        const Row* slowest = rows.front();
        for (const Row* r : rows)
            if (r->median() > slowest->median()) slowest = r;
        Row& s =
            row("life_slowest", "g. the slowest of the ten: " + slowest->label.substr(3), true);
        s.ms = slowest->ms;
        s.cpu = slowest->cpu;
        s.maxrss_kb = slowest->maxrss_kb;
    }

    // Pieces of a `sop note`, timed in this process with the same libraries, to explain the
    // whole-command figures: reading and writing git's index (a copy of the bench repo's), and
    // parsing and checking a ticket (a typical one, and the one the runs above noted on).
    void measure_pieces() {
        const int R = opt_.runs;
        auto time_ms = [](auto&& fn) {
            const auto t0 = Clock::now();
            fn();
            return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        };
        auto piece = [&](const std::string& key, const std::string& label) -> Row& {
            pieces_.push_back(Row{key, label, {}, 0, false, {}});
            return pieces_.back();
        };

        const fs::path copy = work_ / "index.copy";
        fs::copy_file(repo_ / ".git" / "index", copy, fs::copy_options::overwrite_existing);
        const auto index_kb = fs::file_size(copy) / 1024;
        std::size_t entries = 0;
        Row& rd = piece("index_read", "");
        Row& wr = piece("index_write", "");
        for (int r = 0; r <= R; ++r) {
            git_index* raw = nullptr;
            const double read_ms = time_ms(
                [&] { sop::git::check(git_index_open(&raw, copy.c_str()), "git_index_open"); });
            sop::git::IndexPtr index(raw);
            entries = git_index_entrycount(index.get());
            const double write_ms =
                time_ms([&] { sop::git::check(git_index_write(index.get()), "git_index_write"); });
            if (r > 0) rd.ms.push_back(read_ms), wr.ms.push_back(write_ms);
        }
        rd.label = "git_index_open: read the index (" + std::to_string(entries) + " entries, " +
                   std::to_string(index_kb) + " KB)";
        wr.label = "git_index_write: write it back";

        for (const auto& [id, key] :
             {std::pair{gen_.show_id, std::string("typical")}, {gen_.note_id, "noted"}}) {
            const std::string path = sop::ticket::path_of(id);
            const std::string text = read_all(repo_ / path);
            const Json doc = sop::yaml::parse(text, path);
            const std::string events = std::to_string(doc["events"].size());
            Row& yp = piece("yaml_parse_" + key, "sop::yaml::parse: a ticket with " + events +
                                                     " events, " + std::to_string(text.size()) +
                                                     " bytes");
            Row& ck = piece("ticket_check_" + key, "sop::ticket::check: the same ticket");
            for (int r = 0; r <= R; ++r) {
                Json parsed;
                const double p_ms = time_ms([&] { parsed = sop::yaml::parse(text, path); });
                const double c_ms = time_ms([&] { sop::ticket::check(parsed, path, path); });
                if (r > 0) yp.ms.push_back(p_ms), ck.ms.push_back(c_ms);
            }
        }
    }

    // A benchmark that damages the repository measures nothing: it must end clean and whole.
    void verify() {
        progress("checking the repository");
        const Proc st = must(git({"status", "--porcelain"}));
        if (st.ok() && st.out.empty()) {
            checks_.push_back("git status --porcelain: empty (ok)");
        } else {
            failed_ = true;
            checks_.push_back("git status --porcelain: NOT EMPTY\n" + first_lines(st.out, 20) +
                              first_lines(st.err));
        }
        const Proc fsck = run_->run(git({"fsck", "--full", "--strict"}));
        if (fsck.ok() && fsck.out.empty() && fsck.err.empty()) {
            checks_.push_back("git fsck --full --strict: clean (ok, " + fmt_ms(fsck.ms) + ")");
        } else {
            failed_ = failed_ || !fsck.ok();
            checks_.push_back(std::string("git fsck --full --strict: ") +
                              (fsck.ok() ? "ok, but says:" : "FAILED (" + fsck.how() + "):") +
                              "\n" + first_lines(fsck.out, 20) + first_lines(fsck.err, 20));
        }
        // Every action was exactly one commit: init, the import, the notes, the git commits,
        // the new tickets, the knowledge base's commits.
        const std::size_t expected =
            2 + notes_by_sop_ + commits_by_git_ + created_ + lifecycle_commits_ + kb_commits_;
        const Proc count = must(git({"rev-list", "--count", "HEAD"}));
        const std::size_t commits = count.ok() ? std::stoul(count.out) : 0;
        if (commits == expected) {
            checks_.push_back("commits on HEAD: " + std::to_string(commits) + " = 2 + " +
                              std::to_string(notes_by_sop_) + " sop note + " +
                              std::to_string(commits_by_git_) + " git commit + " +
                              std::to_string(created_) + " sop new + " +
                              std::to_string(lifecycle_commits_) + " lifecycle verbs + " +
                              std::to_string(kb_commits_) + " kb (ok)");
        } else {
            failed_ = true;
            checks_.push_back("commits on HEAD: " + std::to_string(commits) + ", expected " +
                              std::to_string(expected) + " (one per action): MISMATCH");
        }
        const Proc ids = must(sop({"list", "--format", "ids"}));
        const std::size_t total = count_lines(ids.out);
        if (ids.ok() && total == gen_.count + created_ && ids.err.empty()) {
            checks_.push_back("sop list --format ids: " + std::to_string(total) + " tickets (ok)");
        } else {
            failed_ = true;
            checks_.push_back("sop list --format ids: " + std::to_string(total) +
                              " tickets, expected " + std::to_string(gen_.count + created_) +
                              ": MISMATCH\n" + first_lines(ids.err));
        }
    }

    struct Target {
        std::string what, key;
        double limit_ms;
        std::string peer; // the Fossil figure of DESIGN §7 at 10k, for reference
        double peer_ms;
    };
    std::vector<Target> targets() const {
        return {
            {"action: sop note", "sop_note", 15, "Fossil change", 5.3},
            {"action: sop new", "sop_new", 15, "Fossil create", 6.4},
            {"action: slowest lifecycle verb", "life_slowest", 15, "", NAN},
            {"sop show", "sop_show", 10, "", NAN},
            {"sop list, warm", "sop_list_warm", 150, "Fossil list open", 10.7},
            {"sop list, after one change", "sop_list_after_change", 150, "", NAN},
            {"sop sla, warm", "sop_sla", 150, "", NAN},
            {"sop report --quarter, warm", "sop_report_quarter", 300, "", NAN},
            {"cache rebuild (cold list)", "sop_list_cold", 20000, "", NAN},
            {"sop validate --all", "sop_validate_all", 10000, "", NAN},
            {"sop kb search, warm (English)", "kb_search_en", 100, "", NAN},
            {"sop kb search, warm (Chinese)", "kb_search_zh", 100, "", NAN},
        };
    }

    void report() {
        load_end_ = loadavg();
        std::printf("Timings (wall clock per spawned process, %d runs each after one untimed run; "
                    "cold list: "
                    "%d runs)\n",
                    opt_.runs, opt_.cold_runs);
        const std::size_t w = 42;
        std::printf("  %s %5s %9s %9s %9s %9s %9s %9s\n", pad("command", w).c_str(), "runs",
                    "median", "p90", "min", "max", "cpu", "peak RSS");
        for (const auto& r : rows_) {
            std::printf("  %s %5zu %9s %9s %9s %9s %9s %9s\n", pad(r.label, w).c_str(), r.ms.size(),
                        fmt_ms(r.median()).c_str(), fmt_ms(r.p90()).c_str(),
                        fmt_ms(r.min()).c_str(), fmt_ms(r.max()).c_str(),
                        fmt_ms(r.cpu_median()).c_str(),
                        r.ms.empty() ? "-" : fmt_mb(r.maxrss_kb).c_str());
        }
        std::printf("  median, p90, min, max: wall clock; cpu: median user+system time of the "
                    "process; peak RSS:\n"
                    "  the largest ru_maxrss of the runs. b: the file edit is done in-process "
                    "before the clock\n"
                    "  starts; the figure is git add + git commit, two processes.\n");

        if (!pieces_.empty()) {
            std::printf("\nPieces of sop note, in-process (soplib and libgit2 in this process; "
                        "median of %d)\n",
                        opt_.runs);
            for (const auto& r : pieces_)
                std::printf("  %s %9s\n", pad(r.label, 64).c_str(), fmt_ms(r.median()).c_str());
        }

        std::printf("\nRatios, sop / git CLI (medians)\n");
        if (const Row* a = find("sop_note"), *b = find("git_add_commit");
            a && b && !a->ms.empty() && !b->ms.empty()) {
            std::printf(
                "  sop note / (git add + git commit)        %.2fx   (%s vs %s; p90 %.2fx)\n",
                a->median() / b->median(), fmt_ms(a->median()).c_str(), fmt_ms(b->median()).c_str(),
                a->p90() / b->p90());
        }
        if (const Row* a = find("sop_list_warm"), *b = find("git_status");
            a && b && !a->ms.empty() && !b->ms.empty()) {
            std::printf("  sop list warm / git status (reference)   %.2fx\n",
                        a->median() / b->median());
        }

        for (const char* key : {"kb_search_en", "kb_search_zh"})
            if (const Row* a = find(key), *b = find("kb_git_grep");
                a && b && !a->ms.empty() && !b->ms.empty())
                std::printf("  %s / git grep -i printer over kb  %.2fx\n",
                            std::string(key) == "kb_search_en" ? "sop kb search (en)"
                                                               : "sop kb search (zh)",
                            a->median() / b->median());
        for (const char* key : {"sop_sla", "sop_report_quarter"}) {
            if (const Row* a = find(key), *b = find("git_grep");
                a && b && !a->ms.empty() && !b->ms.empty())
                std::printf(
                    "  %s / git grep over every ticket  %.2fx\n",
                    pad(std::string(key) == "sop_sla" ? "sop sla" : "sop report", 10).c_str(),
                    a->median() / b->median());
        }

        if (const Row* a = find("sop_validate_all"); a && !a->ms.empty()) {
            for (const auto& [key, what] :
                 {std::pair<const char*, const char*>{"git_fsck", "git fsck"},
                  {"git_grep_worktree", "git grep of every ticket file"}})
                if (const Row* b = find(key); b && !b->ms.empty())
                    std::printf("  sop validate --all / %s  %.2fx\n", pad(what, 29).c_str(),
                                a->median() / b->median());
            const double files = static_cast<double>(gen_.count + created_);
            std::printf("  sop validate --all: %.0f us per ticket file (%.0f files, wall clock)",
                        1000 * a->median() / files, files);
            if (const Row* j1 = find("sop_validate_all_jobs1"); j1 && !j1->ms.empty())
                std::printf("; --jobs 1 takes %.2fx as long", j1->median() / a->median());
            std::printf("\n");
        }

        std::printf("\nVerdict against DESIGN §7 and the acceptance targets (medians; %zu live "
                    "tickets, no archive branch)\n",
                    gen_.count);
        for (const auto& t : targets()) {
            const Row* r = find(t.key);
            if (!r || r->ms.empty()) continue;
            const double m = r->median();
            std::string peer;
            if (!t.peer.empty())
                peer = "   (" + t.peer + " " + fmt_ms(t.peer_ms) + ": " +
                       (m <= t.peer_ms ? "beaten" : "not beaten") + ")";
            std::printf("  %s %10s  ≤ %-8s %s%s\n", pad(t.what, 30).c_str(), fmt_ms(m).c_str(),
                        fmt_ms(t.limit_ms).c_str(), m <= t.limit_ms ? "PASS" : "MISS",
                        peer.c_str());
        }
        long peak = 0;
        std::string peak_row;
        for (const auto& r : rows_)
            if (r.is_sop && r.maxrss_kb > peak) peak = r.maxrss_kb, peak_row = r.key;
        if (peak > 0)
            std::printf("  %s %10s  ≤ %-8s %s   (%s)\n",
                        pad("peak RSS of any sop command", 30).c_str(), fmt_mb(peak).c_str(),
                        "200 MB", peak <= 200 * 1024 ? "PASS" : "MISS", peak_row.c_str());
        if (const Row* t = find("true"); t && !t->ms.empty())
            std::printf(
                "  (RSS floor: a process spawned by this bench reports at least %s, /bin/true)\n",
                fmt_mb(t->maxrss_kb).c_str());

        std::printf("\nLoad average at the end: %s\n", load_end_.c_str());
        std::printf("\nRepository after the runs\n");
        for (const auto& c : checks_)
            std::printf("  %s\n", c.c_str());
        if (failed_)
            std::printf("\nFAILED: a command failed or the repository is not intact (see above)\n");
        std::fflush(stdout);
    }

    void write_json(double total_s) {
        nlohmann::ordered_json j;
        j["schema"] = "sop-bench/v1";
        j["machine"] = {{"cpus", std::thread::hardware_concurrency()},
                        {"cpu", cpu_model()},
                        {"loadavg_start", load_start_},
                        {"loadavg_end", load_end_}};
        j["versions"] = {
            {"sop", sop_version_}, {"git", git_version_}, {"libgit2", libgit2_version_}};
        j["libgit2_init_ms"] = round3(libgit2_init_ms);
        j["options"] = {{"tickets", opt_.tickets},
                        {"articles", opt_.articles},
                        {"runs", opt_.runs},
                        {"cold_runs", opt_.cold_runs}};
        j["setup"] = setup_json_;
        j["commands"] = nlohmann::ordered_json::object();
        for (const auto& r : rows_) {
            nlohmann::ordered_json c = {{"label", r.label},
                                        {"runs", r.ms.size()},
                                        {"median_ms", round3(r.median())},
                                        {"p90_ms", round3(r.p90())},
                                        {"min_ms", round3(r.min())},
                                        {"max_ms", round3(r.max())},
                                        {"cpu_median_ms", round3(r.cpu_median())},
                                        {"peak_rss_kb", r.maxrss_kb},
                                        {"samples_ms", nlohmann::ordered_json::array()}};
            for (const double v : r.ms)
                c["samples_ms"].push_back(round3(v));
            j["commands"][r.key] = c;
        }
        j["pieces"] = nlohmann::ordered_json::object();
        for (const auto& r : pieces_)
            j["pieces"][r.key] = {
                {"label", r.label}, {"median_ms", round3(r.median())}, {"p90_ms", round3(r.p90())}};
        if (const Row* a = find("sop_note"), *b = find("git_add_commit");
            a && b && !a->ms.empty() && !b->ms.empty())
            j["ratios"] = {{"sop_note_over_git_add_commit", round3(a->median() / b->median())}};
        for (const char* key : {"kb_search_en", "kb_search_zh"})
            if (const Row* a = find(key), *b = find("kb_git_grep");
                a && b && !a->ms.empty() && !b->ms.empty())
                j["ratios"][std::string(key) + "_over_git_grep"] =
                    round3(a->median() / b->median());
        for (const char* key : {"git_fsck", "git_grep_worktree"})
            if (const Row* a = find("sop_validate_all"), *b = find(key);
                a && b && !a->ms.empty() && !b->ms.empty())
                j["ratios"][std::string("sop_validate_all_over_") + key] =
                    round3(a->median() / b->median());
        j["verdict"] = nlohmann::ordered_json::array();
        for (const auto& t : targets()) {
            const Row* r = find(t.key);
            if (!r || r->ms.empty()) continue;
            j["verdict"].push_back({{"what", t.what},
                                    {"median_ms", round3(r->median())},
                                    {"target_ms", t.limit_ms},
                                    {"pass", r->median() <= t.limit_ms}});
        }
        long peak = 0;
        for (const auto& r : rows_)
            if (r.is_sop) peak = std::max(peak, r.maxrss_kb);
        j["verdict"].push_back({{"what", "peak RSS of any sop command"},
                                {"peak_rss_kb", peak},
                                {"target_kb", 200 * 1024},
                                {"pass", peak <= 200 * 1024}});
        j["checks"] = checks_;
        j["ok"] = !failed_;
        j["total_s"] = round3(total_s);
        std::ofstream out(opt_.json);
        out << j.dump(2) << "\n";
        if (!out) {
            std::cerr << "sop-bench: error: cannot write " << opt_.json << "\n";
            failed_ = true;
        }
    }

    void finish() {
        if (::chdir("/") != 0) return;
        if (work_.empty()) return;
        if (opt_.keep || failed_) {
            const fs::path kept = fs::exists(repo_) ? repo_ : work_;
            std::printf("\nKept the bench repository: %s\n", kept.c_str());
        } else {
            std::error_code ec;
            fs::remove_all(work_, ec);
        }
    }
};

} // namespace

int main(int argc, char** argv) {
    try {
        Spawner::start(); // first, while this process is small (see Spawner)
    } catch (const std::exception& e) {
        std::cerr << "sop-bench: error: " << e.what() << "\n";
        return 1;
    }
    Options opt = parse_options(argc, argv);
    if (!opt.json.empty()) opt.json = fs::absolute(opt.json).string();
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // progress shows up when piped to tee
    try {
        const auto t0 = Clock::now();
        sop::git::Library libgit2;
        libgit2_init_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        Bench bench(std::move(opt));
        return bench.main();
    } catch (const std::exception& e) {
        std::cerr << "sop-bench: error: " << e.what() << "\n";
        return 1;
    }
}
