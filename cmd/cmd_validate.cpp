// sop validate: tickets, articles and the config against their schemas and the workflow's
// invariants (lib/validate), for CI jobs and git hooks.
#include "app.hpp"
#include "output/ticket_text.hpp"
#include "util/error.hpp"
#include "validate/validate.hpp"

#include <iostream>
#include <set>
#include <unistd.h>

namespace sop::cmd {
namespace {

std::string plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string config_word(const validate::Report& r) {
    return !r.config_checked ? "not checked" : r.config_ok ? "OK" : "invalid";
}

} // namespace

Action define_validate(CLI::App& sub) {
    struct Options {
        std::vector<std::string> paths;
        bool all = false, staged = false;
        unsigned jobs = 0;
        std::string format;
    };
    auto o = std::make_shared<Options>();
    auto* paths = sub.add_option("PATH", o->paths,
                                 "files or directories to check (default: every ticket, article "
                                 "and the config)");
    sub.add_flag("--all", o->all, "also check every ticket of the archive branch")->excludes(paths);
    sub.add_flag("--staged", o->staged,
                 "check the files as they are staged in the index (for a pre-commit hook)");
    sub.add_option("--jobs", o->jobs,
                   "threads that parse files (default: one per core, at least 2)")
        ->check(CLI::Range(1u, 64u))
        ->option_text("N");
    add_format(sub, o->format, {"text", "json"});
    return [o](Session& s) {
        // Not s.repo(): that loads the config, and a broken config is one of the things to report.
        const git::Repo repo = git::Repo::discover(s.dir());
        validate::Options opts;
        opts.paths = o->paths;
        opts.all = o->all;
        opts.staged = o->staged;
        opts.jobs = o->jobs;
        opts.base = s.dir();
        const bool terminal = ::isatty(STDERR_FILENO) != 0;
        if (terminal)
            opts.progress = [](std::size_t done, std::size_t total) {
                if (total >= 2000)
                    std::cerr << "\rchecking files: " << done << "/" << total
                              << (done == total ? "\n" : "") << std::flush;
            };
        const validate::Report r = validate::run(repo, opts);

        if (o->format == "json") {
            auto doc = output::envelope();
            doc["valid"] = r.ok();
            doc["tickets"] = r.tickets;
            doc["archived"] = r.archived;
            doc["articles"] = r.articles;
            doc["config"] = !r.config_checked ? "not checked" : r.config_ok ? "ok" : "invalid";
            doc["problems"] = yaml::Json::array();
            for (const auto& p : r.problems)
                doc["problems"].push_back(
                    yaml::Json{{"path", p.path}, {"field", p.field}, {"message", p.message}});
            doc["notes"] = r.notes;
            print_json(doc);
        } else {
            for (const auto& p : r.problems)
                std::cout << p.path << ": " << p.field << ": " << p.message << "\n";
            for (const auto& n : r.notes)
                std::cerr << "sop: note: " << n << "\n";
            std::string tickets = plural(r.tickets, "ticket", "tickets");
            if (r.archived) tickets += " (" + std::to_string(r.archived) + " archived)";
            const std::string summary = tickets + ", " + plural(r.articles, "article", "articles") +
                                        ", config: " + config_word(r);
            if (r.ok()) {
                std::cout << summary << "\n";
            } else {
                std::set<std::string> files;
                for (const auto& p : r.problems)
                    files.insert(p.path);
                std::cerr << "sop: " << plural(r.problems.size(), "problem", "problems") << " in "
                          << plural(files.size(), "file", "files") << " (" << summary << ")\n";
            }
        }
        return r.ok() ? 0 : static_cast<int>(Exit::invalid);
    };
}

} // namespace sop::cmd
