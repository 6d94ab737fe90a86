#include "app.hpp"
#include "report/figures.hpp"
#include "report/render.hpp"
#include "report/source.hpp"
#include "sla/clocks.hpp"
#include "ticket/archive.hpp"
#include "util/error.hpp"
#include "util/time.hpp"

#include <iostream>

namespace sop::cmd {
namespace {

// A misspelt team would report zeros that look real: refuse a team the configuration does not
// list (when it lists any).
void check_team(const std::string& team, const yaml::Json& cfg) {
    if (team.empty() || !cfg.contains("teams") || !cfg["teams"].is_array()) return;
    std::string list;
    for (const auto& t : cfg["teams"]) {
        const std::string name = t.is_object() ? t.value("name", "") : "";
        if (name == team) return;
        list += (list.empty() ? "" : ", ") + name;
    }
    if (list.empty()) return;
    throw UsageError("--team: unknown team '" + team + "'",
                     "teams in " + std::string(config::path) + ": " + list);
}

} // namespace

Action define_report(CLI::App& sub) {
    struct Options {
        report::PeriodRequest period;
        std::string team, format;
        std::optional<std::string> at;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("--month", o->period.month, "a calendar month")->option_text("YYYY-MM");
    sub.add_option("--quarter", o->period.quarter, "a calendar quarter, e.g. 2026Q4")
        ->option_text("YYYYQN");
    sub.add_option("--from", o->period.from, "the first day of the period (with --to)")
        ->option_text("DATE");
    sub.add_option("--to", o->period.to, "the last day of the period, included")
        ->option_text("DATE");
    sub.add_option("--team", o->team, "only this team's tickets")->option_text("TEAM");
    sub.add_option("--at", o->at, "compute the report from commit REV, as it stood then")
        ->option_text("REV");
    add_format(sub, o->format, {"table", "json", "csv", "md"});
    return [o](Session& s) {
        const auto& repo = s.repo();
        // With --at everything comes from the commit: its tickets, the archive as it stood,
        // its configuration, and its time as "now"; the output is the same on every run.
        std::optional<report::Revision> rev;
        if (o->at) rev = report::revision(repo, *o->at);
        const yaml::Json cfg = rev ? config::load(rev->tickets).doc : s.config().doc;
        const std::int64_t now = rev ? rev->time : util::now().seconds;
        check_team(o->team, cfg);
        const sla::Settings settings(cfg);
        const auto& zone = settings.calendars.get("").zone();
        const report::Period period = report::period_of(o->period, now, zone);

        const auto records = rev ? report::records(repo, rev->tickets, rev->archive, period)
                                 : report::records(repo, repo.head(), ticket::archive_of(repo),
                                                   period);
        const auto figures = report::compute(records, settings, {period, now, o->team});
        std::cout << report::render(report::header(figures, zone, rev ? rev->commit : ""),
                                    report::sections(figures, zone), o->format, s.style());
        return 0;
    };
}

} // namespace sop::cmd
