// sop sync: this clone and a shared remote brought together (lib/sync).
#include "app.hpp"
#include "output/ticket_text.hpp"
#include "sync/sync.hpp"
#include "util/error.hpp"

#include <algorithm>
#include <iostream>

namespace sop::cmd {
namespace {

std::string short_id(const std::optional<git_oid>& id) {
    return id ? git::oid_str(*id).substr(0, 7) : "(none)";
}

const char* kind_name(sync::Join::Kind kind) {
    switch (kind) {
    case sync::Join::Kind::up_to_date:
        return "up-to-date";
    case sync::Join::Kind::ahead:
        return "ahead";
    case sync::Join::Kind::fast_forward:
        return "fast-forward";
    case sync::Join::Kind::merged:
        return "merged";
    }
    return "";
}

// "main: merged origin/main (2 files merged by the driver), pushed"
std::string describe(const sync::BranchReport& b) {
    std::string line = b.branch + ": ";
    switch (b.kind) {
    case sync::Join::Kind::up_to_date:
        line += "up to date with " + b.theirs;
        break;
    case sync::Join::Kind::ahead:
        line += "ahead of " + b.theirs;
        break;
    case sync::Join::Kind::fast_forward:
        line += "fast-forward " + short_id(b.before) + ".." + short_id(b.after);
        break;
    case sync::Join::Kind::merged:
        line += "merged " + b.theirs + " (" + short_id(b.after) + ")";
        if (!b.merged_files.empty())
            line += ", " + std::to_string(b.merged_files.size()) +
                    (b.merged_files.size() == 1 ? " file" : " files") + " changed on both sides";
        break;
    }
    if (b.pushed) line += ", pushed";
    return line;
}

yaml::Json problem_json(const validate::Problem& p) {
    return yaml::Json{{"path", p.path}, {"field", p.field}, {"message", p.message}};
}

} // namespace

Action define_sync(CLI::App& sub) {
    struct Options {
        std::string remote, format;
        bool no_push = false;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("REMOTE", o->remote,
                   "a remote of this clone or a repository's URL or path (default: the "
                   "branch's upstream, else origin)");
    sub.add_flag("--no-push", o->no_push, "fetch and merge only");
    add_format(sub, o->format, {"text", "json"});
    return [o](Session& s) {
        const git::Repo& repo = s.repo();
        const ticket::Actor actor = s.actor();
        sync::Options opts;
        opts.remote = o->remote;
        opts.push = !o->no_push;
        const sync::Report r = sync::run(repo, actor.who, actor.now, opts);

        if (o->format == "json") {
            auto doc = output::envelope();
            doc["remote"] = r.remote;
            doc["attempts"] = r.attempts;
            doc["ok"] = r.ok();
            doc["branches"] = yaml::Json::array();
            for (const auto& b : r.branches)
                doc["branches"].push_back(yaml::Json{
                    {"branch", b.branch},
                    {"remote_branch", b.theirs},
                    {"result", kind_name(b.kind)},
                    {"before", b.before ? yaml::Json(git::oid_str(*b.before)) : yaml::Json()},
                    {"after", b.after ? yaml::Json(git::oid_str(*b.after)) : yaml::Json()},
                    {"pushed", b.pushed},
                    {"merged_files", b.merged_files},
                    {"kept", b.kept},
                    {"archived_after_change", [&] {
                         auto a = yaml::Json::array();
                         for (const auto& [path, finished] : b.rehomed)
                             a.push_back(
                                 yaml::Json{{"path", path}, {"to", finished ? "archive" : "live"}});
                         return a;
                     }()}});
            doc["problems"] = yaml::Json::array();
            for (const auto& p : r.problems)
                doc["problems"].push_back(problem_json(p));
            doc["unsettled"] = yaml::Json::array();
            for (const auto& p : r.unsettled)
                doc["unsettled"].push_back(problem_json(p));
            print_json(doc);
        } else {
            for (const auto& b : r.branches) {
                std::cout << describe(b) << "\n";
                for (const auto& [path, finished] : b.rehomed)
                    std::cerr << "sop: note: " << path
                              << ": archived on one side and changed on the other: merged, "
                              << (finished ? "and archived" : "and live again (it is not finished)")
                              << "\n";
                for (const auto& path : b.kept)
                    if (std::none_of(b.rehomed.begin(), b.rehomed.end(),
                                     [&](const auto& moved) { return moved.first == path; }))
                        std::cerr << "sop: note: " << path
                                  << ": deleted on one side and changed on the other: the changed "
                                     "file is kept\n";
            }
            for (const auto& p : r.unsettled)
                std::cerr << "sop: warning: " << p.path << ": " << p.field << ": " << p.message
                          << "\n";
            for (const auto& p : r.problems)
                std::cout << p.path << ": " << p.field << ": " << p.message << "\n";
            if (!r.ok())
                std::cerr << "sop: error: sync: not pushed: " << r.problems.size()
                          << (r.problems.size() == 1 ? " problem" : " problems")
                          << " in what would be pushed\n"
                          << "hint: the merge is kept here; fix the files with 'sop edit' and "
                             "run 'sop sync' again\n";
        }
        return r.ok() ? 0 : static_cast<int>(Exit::invalid);
    };
}

} // namespace sop::cmd
