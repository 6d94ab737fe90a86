#include "app.hpp"
#include "ticket/archive.hpp"

#include <iostream>

namespace sop::cmd {

Action define_archive(CLI::App& sub) {
    struct Options {
        std::vector<std::string> ids;
        std::string closed_before;
        bool dry_run = false;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("ID", o->ids, "closed or cancelled tickets to archive (IDs or unique prefixes)");
    sub.add_option("--closed-before", o->closed_before,
                   "every ticket closed or cancelled before DATE (YYYY-MM-DD or RFC 3339)")
        ->option_text("DATE");
    sub.add_flag("--dry-run", o->dry_run, "print what would be archived; write nothing");
    return [o](Session& s) {
        ticket::ArchiveRequest request;
        request.ids = o->ids;
        if (!o->closed_before.empty()) request.closed_before = o->closed_before;
        request.dry_run = o->dry_run;
        const auto& repo = s.repo();
        const auto result = ticket::archive(repo, request, s.actor());
        const char* verb = o->dry_run ? "would archive" : "archived";
        std::string out;
        for (const auto& t : result.tickets)
            out += std::string(verb) + " " + t.id + "  " + t.state + "  " +
                   (t.closed_at.empty() ? "-" : t.closed_at) + "  " + t.title + "\n";
        const std::size_t n = result.tickets.size();
        const std::string count = std::to_string(n) + (n == 1 ? " ticket" : " tickets");
        const std::string archive(ticket::archive_branch.substr(11));
        if (n == 0) {
            out += "nothing to archive\n";
        } else if (o->dry_run) {
            out += "would archive " + count + " to " + archive + " (dry run: nothing written)\n";
        } else {
            const std::string branch =
                result.branch.starts_with("refs/heads/") ? result.branch.substr(11) : result.branch;
            out += "archived " + count + ": " + branch + " " + result.commit.substr(0, 7) + ", " +
                   archive + " " + result.archive_commit.substr(0, 7) + "\n";
        }
        std::cout << out;
        return 0;
    };
}

} // namespace sop::cmd
