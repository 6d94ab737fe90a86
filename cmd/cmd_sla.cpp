#include "app.hpp"
#include "output/summary_list.hpp"
#include "sla/view.hpp"
#include "ticket/archive.hpp"
#include "ticket/cache.hpp"
#include "ticket/lookup.hpp"
#include "ticket/query.hpp"
#include "util/error.hpp"
#include "util/time.hpp"

#include <algorithm>
#include <iostream>

namespace sop::cmd {
namespace {

// --at: an RFC 3339 instant, or a date meaning its local midnight in the calendar's zone.
std::int64_t instant_of(const std::string& text, const calendar::Zone& zone) {
    if (text.empty()) return util::now().seconds;
    if (const auto t = util::parse_rfc3339(text)) return t->seconds;
    if (const auto d = util::parse_date(text, 0)) return zone.to_utc(d->seconds);
    throw UsageError("--at: '" + text + "' is not a date or an RFC 3339 date-time",
                     "for example --at 2026-11-24T18:00:00+08:00");
}

} // namespace

Action define_sla(CLI::App& sub) {
    struct Options {
        std::vector<std::string> query;
        std::string at, explain, format;
        bool check = false, no_archive = false;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("QUERY", o->query, "only the tickets that match, as in sop list");
    sub.add_option("--explain", o->explain, "explain each clock of one ticket")->option_text("ID");
    sub.add_option("--at", o->at, "the clocks as they stood at this instant (default: now)")
        ->option_text("TIME");
    sub.add_flag("--check", o->check, "exit 7 when a listed clock is breached (cron, CI)");
    sub.add_flag("--no-archive", o->no_archive, "leave out the archive branch");
    add_format(sub, o->format, {"table", "json", "tsv", "text"});
    return [o](Session& s) {
        const auto& repo = s.repo();
        const sla::Settings settings(s.config().doc);
        const auto& zone = settings.calendars.get("").zone();
        const std::int64_t at = instant_of(o->at, zone);
        const auto head = repo.head();
        const auto archive = ticket::archive_of(repo);

        if (!o->explain.empty()) {
            if (!o->query.empty() || o->check)
                throw UsageError("--explain takes one ticket, no query and no --check");
            if (o->format == "table" || o->format == "tsv") o->format = "text";
            const std::string id = ticket::resolve_any(head, &archive, o->explain).id;
            const auto all = output::listable_summaries(repo, head, archive);
            const auto it = std::find_if(all.begin(), all.end(),
                                         [&](const ticket::Summary& t) { return t.id == id; });
            if (it == all.end())
                throw InvalidError("ticket '" + id + "' cannot be read",
                                   "see 'sop show " + id + "'");
            const auto record = sla::from_summary(*it);
            const auto clocks = sla::clocks(record, settings, at);
            if (o->format == "json") {
                yaml::Json list = yaml::Json::array();
                for (const auto& c : clocks)
                    list.push_back(sla::clock_json(c, zone, true));
                print_json({{"schema", "sop/v1"},
                            {"at", sla::rfc3339(at, zone)},
                            {"ticket", id},
                            {"clocks", list}});
            } else {
                std::cout << sla::explain_text(record, clocks, settings, zone, at);
            }
            return 0;
        }

        if (o->format == "text") o->format = "table";
        const bool wants_me =
            std::any_of(o->query.begin(), o->query.end(),
                        [](const std::string& t) { return t.find(":me") != std::string::npos; });
        auto query = ticket::Query::parse(o->query, wants_me ? s.identity_if_any() : std::nullopt);
        query.set_sla([&](const ticket::Summary& t) {
            return std::string(sla::to_string(sla::worst(sla::from_summary(t), settings, at)));
        });
        const auto summaries = o->no_archive ? ticket::summaries(repo, head)
                                             : output::listable_summaries(repo, head, archive);
        std::vector<sla::Clock> board;
        bool breached = false;
        for (const auto& t : summaries) {
            if (!query.matches(t)) continue;
            // Closed and cancelled tickets only have stopped clocks; skip the old ones cheaply.
            for (auto& c : sla::clocks(sla::from_summary(t), settings, at)) {
                if (!sla::listed(c, settings, at)) continue;
                breached = breached || c.status == sla::Status::breached;
                board.push_back(std::move(c));
            }
        }
        sla::sort_board(board);
        if (o->format == "json") {
            print_json(sla::board_json(board, zone, at));
        } else if (o->format == "tsv") {
            std::cout << sla::board_tsv(board, zone);
        } else if (board.empty()) {
            std::cerr << "no running or recently breached clock\n";
        } else {
            std::cout << sla::board_table(board, zone, s.style());
        }
        return o->check && breached ? static_cast<int>(Exit::breached) : 0;
    };
}

} // namespace sop::cmd
