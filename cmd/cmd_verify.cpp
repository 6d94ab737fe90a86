// sop verify, two forms chosen by the arguments (sop(1), verify):
//   sop verify ID --pass|--fail --steps TEXT ...  records a verification of a ticket (SOP 4.4,
//                                                 workflow::verify)
//   sop verify [RANGE...] [--format text|json]     checks that every commit of a range is a
//                                                 legal sop action (lib/verify)
#include "app.hpp"
#include "output/ticket_text.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "verify/verify.hpp"
#include "workflow/verbs.hpp"

#include <iostream>

namespace sop::cmd {
namespace {

const char* const both_forms =
    "'sop verify ID --pass|--fail --steps TEXT' records a verification of a ticket; "
    "'sop verify [RANGE...]' checks the commits of a range";

std::string plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

yaml::Json or_null(const std::string& s) {
    return s.empty() ? yaml::Json(nullptr) : yaml::Json(s);
}

// The repository containing `dir`, bare or not, opened as git opens it: GIT_DIR,
// GIT_OBJECT_DIRECTORY and GIT_ALTERNATE_OBJECT_DIRECTORIES count, so that a pre-receive hook
// (sop-hooks(1)) runs in the bare repository and sees the pushed commits in git's quarantine.
git::RepositoryPtr open_repository(const std::string& dir) {
    git_repository* raw = nullptr;
    const int rc =
        git_repository_open_ext(&raw, dir.c_str(), GIT_REPOSITORY_OPEN_FROM_ENV, nullptr);
    if (rc == GIT_ENOTFOUND)
        throw Error("not a git repository (or any parent up to /): '" + dir + "'",
                    "run it in a support repository, or use -C DIR");
    git::check(rc, "cannot open repository at '" + dir + "'");
    return git::RepositoryPtr(raw);
}

int print_report(const verify::Report& r, const std::string& format) {
    if (format == "json") {
        auto doc = output::envelope();
        doc["range"] = r.range;
        doc["commits"] = r.commits;
        doc["valid"] = r.ok();
        doc["problems"] = yaml::Json::array();
        for (const auto& p : r.problems)
            doc["problems"].push_back({{"commit", p.commit},
                                       {"path", or_null(p.path)},
                                       {"field", or_null(p.field)},
                                       {"message", p.message}});
        print_json(doc);
    } else {
        for (const auto& p : r.problems) {
            std::cout << p.abbrev << ": ";
            if (!p.path.empty()) std::cout << p.path << ": ";
            if (!p.field.empty()) std::cout << p.field << ": ";
            std::cout << p.message << "\n";
        }
        std::cerr << "sop: verified " << plural(r.commits, "commit", "commits") << " (" << r.range
                  << "): "
                  << (r.ok() ? std::string("no problems")
                             : plural(r.problems.size(), "problem", "problems"))
                  << "\n";
    }
    return r.ok() ? 0 : static_cast<int>(Exit::invalid);
}

} // namespace

Action define_verify(CLI::App& sub) {
    struct Options {
        std::vector<std::string> args;
        std::string format;
        bool pass = false, fail = false;
        workflow::Verify v;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("ID|RANGE", o->args,
                   "with --pass or --fail: the ticket (ID or unique prefix); without: the commits "
                   "to check, as git rev-list takes them (A..B, REV, ^REV; default: the "
                   "branch's commits that its upstream lacks)");
    auto* pass = sub.add_flag("--pass", o->pass, "it works: the ticket is resolved");
    auto* fail = sub.add_flag("--fail", o->fail, "it does not: back to diagnosing");
    pass->excludes(fail);
    sub.add_option("--steps", o->v.steps, "what was checked (required with --pass or --fail)");
    sub.add_option("--result", o->v.result, "what was seen");
    sub.add_option("--feedback", o->v.feedback, "what the user said");
    add_format(sub, o->format, {"text", "json", "ids"});
    return [o](Session& s) {
        if (o->pass || o->fail) {
            if (o->args.size() != 1)
                throw UsageError("--pass and --fail record a verification of one ticket: give "
                                 "its ID",
                                 both_forms);
            workflow::Verify v = o->v;
            v.passed = o->pass;
            return print_outcome(workflow::verify(s.context(), o->args.front(), v), o->format);
        }
        if (!o->v.steps.empty() || !o->v.result.empty() || !o->v.feedback.empty())
            throw UsageError("--steps, --result and --feedback record a verification of a "
                             "ticket: say how it went with --pass or --fail",
                             both_forms);
        if (o->args.size() == 1 && util::starts_with_ci(o->args.front(), "T-"))
            throw UsageError("'" + o->args.front() +
                                 "' is a ticket: say how its verification went with --pass or "
                                 "--fail",
                             both_forms);
        if (o->format == "ids")
            throw UsageError("--format ids: checking history prints text or json", both_forms);
        // Not s.repo(): that needs a working tree and loads the config at HEAD, and a broken
        // config is one of the things to report.
        const git::RepositoryPtr repo = open_repository(s.dir());
        return print_report(verify::run(repo.get(), {o->args}), o->format);
    };
}

} // namespace sop::cmd
