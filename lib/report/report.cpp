#include "report/report.hpp"

#include "config/config.hpp"
#include "report/figures.hpp"
#include "report/render.hpp"
#include "report/source.hpp"
#include "sla/clocks.hpp"
#include "ticket/archive.hpp"
#include "util/error.hpp"
#include "util/time.hpp"

namespace sop::report {
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

std::string run(const git::Repo& repo, const yaml::Json& config, const Request& request,
                const output::Style& style) {
    // With --at everything comes from the commit: its tickets, the archive as it stood, its
    // configuration, and its time as the report instant; the output is the same on every run.
    std::optional<Revision> rev;
    if (request.at) rev = revision(repo, *request.at);
    const yaml::Json cfg = rev ? config::load(rev->tickets).doc : config;
    const std::int64_t now = rev ? rev->time : util::now().seconds;
    check_team(request.team, cfg);
    const sla::Settings settings(cfg);
    const auto& zone = settings.calendars.get("").zone();
    const Period period = period_of(request.period, now, zone);

    const auto tickets = rev ? records(repo, rev->tickets, rev->archive, period)
                             : records(repo, repo.head(), ticket::archive_of(repo), period);
    const Report figures = compute(tickets, settings, {period, now, request.team});
    return render(header(figures, zone, rev ? rev->commit : ""), sections(figures, zone),
                  request.format, style);
}

} // namespace sop::report
