#include "app.hpp"
#include "calendar/calendar.hpp"
#include "output/ticket_text.hpp"
#include "util/error.hpp"
#include "util/time.hpp"

#include <algorithm>
#include <iostream>

namespace sop::cmd {
namespace {

constexpr std::int64_t max_days = 366;
const char* const day_names[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
const char* const day_keys[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

const calendar::Calendar& chosen(const config::Config& cfg, const calendar::Calendars& all,
                                 const std::string& team, const std::string& name) {
    if (!team.empty()) {
        const auto teams = cfg.teams();
        if (std::find(teams.begin(), teams.end(), team) == teams.end())
            throw UsageError("unknown team '" + team + "'",
                             teams.empty() ? "the config lists no teams"
                                           : "the teams are: " + joined(teams));
        return all.of_team(team);
    }
    std::vector<std::string> names{"default"};
    if (cfg.doc.contains("calendars") && cfg.doc["calendars"].is_object())
        for (const auto& [k, _] : cfg.doc["calendars"].items())
            names.push_back(k);
    if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end())
        throw UsageError("unknown calendar '" + name + "'", "the calendars are: " + joined(names));
    return all.get(name);
}

// The local day number of a date option, or a usage error naming the option.
std::int64_t day_of(const std::string& option, const std::string& value) {
    const auto t = util::parse_date(value);
    if (!t) throw UsageError(option + ": '" + value + "' is not a date", "write YYYY-MM-DD");
    return t->seconds / 86400;
}

std::string date_of(std::int64_t day) {
    return util::Timestamp{day * 86400, 0}.date();
}

// An instant as the calendar's zone writes it. A window's end is written with the offset of
// its last second, so that a window ending where the clocks change ends at the time it says.
util::Timestamp local(const calendar::Zone& zone, std::int64_t at, bool end) {
    return util::Timestamp{at, zone.offset_at(end ? at - 1 : at) / 60};
}

std::string hhmm(const calendar::Zone& zone, const calendar::Day& day,
                 const calendar::Interval& w) {
    const std::string from = local(zone, w.from, false).str(), to = local(zone, w.to, true).str();
    const bool midnight = to.compare(0, 10, day.date) != 0 && to.compare(11, 5, "00:00") == 0;
    return from.substr(11, 5) + "-" + (midnight ? "24:00" : to.substr(11, 5));
}

// "8h", "7h30m", "45m", "0"
std::string span(std::int64_t seconds) {
    if (seconds == 0) return "0";
    std::string out;
    if (seconds >= 3600) out += std::to_string(seconds / 3600) + "h";
    if (seconds % 3600 >= 60) out += std::to_string(seconds % 3600 / 60) + "m";
    if (seconds % 60) out += std::to_string(seconds % 60) + "s";
    return out;
}

void print_table(const calendar::Calendar& cal, const std::vector<calendar::Day>& days,
                 const output::Style& style) {
    std::vector<std::vector<std::string>> rows;
    std::int64_t total = 0, working_days = 0;
    for (const auto& day : days) {
        std::string hours;
        for (const auto& w : day.windows)
            hours += (hours.empty() ? "" : " ") + hhmm(cal.zone(), day, w);
        rows.push_back({day.date, day_names[day.weekday], hours.empty() ? "-" : hours,
                        span(day.working), day.why});
        total += day.working;
        working_days += day.working > 0 ? 1 : 0;
    }
    rows.push_back(
        {"total", "", "", span(total),
         std::to_string(working_days) + (working_days == 1 ? " working day" : " working days")});
    std::cout << output::table({"DATE", "DAY", "HOURS", "WORKING", "NOTE"}, rows, style);
}

void print_json_days(const calendar::Calendar& cal, const std::vector<calendar::Day>& days) {
    auto doc = output::envelope();
    doc["calendar"] = cal.name();
    doc["timezone"] = cal.zone().name();
    doc["business_day_seconds"] = cal.business_day();
    auto list = yaml::Json::array();
    std::int64_t total = 0;
    for (const auto& day : days) {
        auto windows = yaml::Json::array();
        for (const auto& w : day.windows)
            windows.push_back({{"from", local(cal.zone(), w.from, false).str()},
                               {"to", local(cal.zone(), w.to, true).str()}});
        list.push_back({{"date", day.date},
                        {"weekday", day_keys[day.weekday]},
                        {"windows", std::move(windows)},
                        {"working_seconds", day.working},
                        {"note", day.why}});
        total += day.working;
    }
    doc["days"] = std::move(list);
    doc["working_seconds"] = total;
    print_json(doc);
}

} // namespace

Action define_calendar(CLI::App& sub) {
    struct Options {
        std::string from, to, team, name, format;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("--from", o->from, "the first day (default: today in the calendar's zone)")
        ->option_text("DATE");
    sub.add_option("--to", o->to, "the last day (default: 13 days after --from)")
        ->option_text("DATE");
    auto* team =
        sub.add_option("--team", o->team, "the calendar of team TEAM")->option_text("TEAM");
    sub.add_option("--name", o->name, "the calendar named CALENDAR (default: the default one)")
        ->option_text("CALENDAR")
        ->excludes(team);
    add_format(sub, o->format, {"table", "json"});
    return [o](Session& s) {
        const auto& cfg = s.config();
        const calendar::Calendars all(cfg.doc);
        const auto& cal = chosen(cfg, all, o->team, o->name);
        std::int64_t from = 0;
        if (o->from.empty()) {
            const auto now = util::now().seconds;
            from = day_of("--from", local(cal.zone(), now, false).date());
        } else {
            from = day_of("--from", o->from);
        }
        const std::int64_t to = o->to.empty() ? from + 13 : day_of("--to", o->to);
        if (to < from)
            throw UsageError("--to " + date_of(to) + " comes before --from " + date_of(from));
        if (to - from + 1 > max_days)
            throw UsageError("from " + date_of(from) + " to " + date_of(to) + " is " +
                                 std::to_string(to - from + 1) + " days",
                             "sop calendar shows at most 366 days at a time");
        const auto days = cal.days(date_of(from), date_of(to));
        if (o->format == "json")
            print_json_days(cal, days);
        else
            print_table(cal, days, s.style());
        return 0;
    };
}

} // namespace sop::cmd
