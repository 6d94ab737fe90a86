#include "app.hpp"
#include "report/report.hpp"

#include <iostream>

namespace sop::cmd {

Action define_report(CLI::App& sub) {
    auto o = std::make_shared<report::Request>();
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
        std::cout << report::run(s.repo(), s.config().doc, *o, s.style());
        return 0;
    };
}

} // namespace sop::cmd
