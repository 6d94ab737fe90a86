#include "calendar/calendar.hpp"

#include "calendar/spec.hpp"
#include "config/config.hpp"
#include "util/error.hpp"
#include "util/time.hpp"

#include <algorithm>
#include <numeric>

namespace sop::calendar {

struct Calendar::Impl {
    explicit Impl(detail::Spec s) : spec(std::move(s)), table(spec) {}
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    detail::Spec spec;
    std::int64_t business_day = 0;
    detail::DayTable table; // refers to spec
};

namespace {

std::int64_t seconds_of(const detail::Windows& windows) {
    return std::accumulate(
        windows.begin(), windows.end(), std::int64_t{0},
        [](std::int64_t sum, const detail::Window& w) { return sum + (w.to - w.from) * 60LL; });
}

std::shared_ptr<Calendar::Impl> make_impl(detail::Spec spec) {
    auto impl = std::make_shared<Calendar::Impl>(std::move(spec));
    for (const auto& day : impl->spec.week)
        impl->business_day = std::max(impl->business_day, seconds_of(day));
    if (impl->business_day == 0) // only extra working days: the longest of them
        for (const auto& [_, extra] : impl->spec.workdays)
            impl->business_day = std::max(impl->business_day, seconds_of(extra.hours));
    return impl;
}

std::int64_t day_number(std::string_view date) {
    const auto t = util::parse_date(date);
    if (!t)
        throw InvalidError("'" + std::string(date) + "' is not a date",
                           "write YYYY-MM-DD, such as 2026-10-01");
    return t->seconds / detail::day_seconds;
}

} // namespace

Calendar::Impl& Calendar::impl() const {
    if (impl_) return *impl_;
    static const auto fallback = make_impl(detail::read_spec(yaml::Json::object(), ""));
    return *fallback;
}

Calendar Calendar::from_config(const yaml::Json& cfg, std::string_view name,
                               std::int64_t check_from) {
    Calendar c;
    c.impl_ = make_impl(detail::read_spec(cfg, name));
    constexpr std::int64_t year = 366 * detail::day_seconds;
    if (check_from != 0 && c.working_seconds(check_from, check_from + year) == 0) {
        const auto& zone = c.zone();
        const std::string from =
            util::Timestamp{check_from, zone.offset_at(check_from) / 60}.date();
        const std::string& key = c.impl_->spec.key;
        throw InvalidError(
            std::string(config::path) + ": " + key + ": no working time in the year from " + from,
            "give it working hours (" + key + ".hours or " + key + ".workdays), or fewer holidays");
    }
    return c;
}

const std::string& Calendar::name() const {
    return impl().spec.name;
}

const Zone& Calendar::zone() const {
    return *impl().spec.zone;
}

std::int64_t Calendar::working_seconds(std::int64_t a, std::int64_t b) const {
    return impl().table.working_seconds(a, b);
}

std::int64_t Calendar::add_working(std::int64_t a, std::int64_t s) const {
    return impl().table.add_working(a, s);
}

std::int64_t Calendar::business_day() const {
    return impl().business_day;
}

std::int64_t Calendar::length(const Duration& d) const {
    return d.business ? d.seconds + d.business_days * business_day() : d.seconds;
}

std::int64_t Calendar::after(std::int64_t a, const Duration& d) const {
    return d.business ? add_working(a, length(d)) : a + d.seconds;
}

std::int64_t Calendar::elapsed(std::int64_t a, std::int64_t b, const Duration& d) const {
    if (d.business) return working_seconds(a, b);
    return b > a ? b - a : 0;
}

std::vector<Day> Calendar::days(std::string_view from, std::string_view to) const {
    const auto& spec = impl().spec;
    std::vector<Day> out;
    for (std::int64_t d = day_number(from), last = day_number(to); d <= last; ++d) {
        Day day;
        day.date = detail::date_of(d);
        day.weekday = detail::weekday_of(d);
        spec.hours_of(d, day.why);
        day.windows = spec.windows_of(d);
        for (const auto& w : day.windows)
            day.working += w.to - w.from;
        out.push_back(std::move(day));
    }
    return out;
}

Calendars::Calendars(const yaml::Json& cfg) : cfg_(cfg) {
    if (!cfg_.contains("teams") || !cfg_["teams"].is_array()) return;
    for (const auto& team : cfg_["teams"])
        if (team.is_object() && team.contains("name") && team.contains("calendar") &&
            team["name"].is_string() && team["calendar"].is_string())
            team_calendar_.emplace(team["name"].get<std::string>(),
                                   team["calendar"].get<std::string>());
}

const Calendar& Calendars::get(std::string_view name) const {
    const std::string_view key = name.empty() ? "default" : name;
    if (const auto it = by_name_.find(key); it != by_name_.end()) return it->second;
    return by_name_.emplace(std::string(key), Calendar::from_config(cfg_, key)).first->second;
}

const Calendar& Calendars::of_team(std::string_view team) const {
    const auto it = team_calendar_.find(team);
    return get(it == team_calendar_.end() ? std::string_view() : std::string_view(it->second));
}

void check_config(const yaml::Json& cfg, std::int64_t now) {
    const auto bad = [](const std::string& key, const std::string& why, std::string hint) {
        throw InvalidError(std::string(config::path) + ": " + key + ": " + why, std::move(hint));
    };
    Calendar::from_config(cfg, "", now);
    std::string names = "default";
    if (cfg.contains("calendars")) {
        if (!cfg["calendars"].is_object()) bad("calendars", "must be a mapping", {});
        for (const auto& [name, _] : cfg["calendars"].items()) {
            if (name == "default")
                bad("calendars.default", "'default' is the calendar under 'calendar'",
                    "give this one another name");
            Calendar::from_config(cfg, name, now);
            names += ", " + name;
        }
    }
    if (!cfg.contains("teams") || !cfg["teams"].is_array()) return;
    for (std::size_t i = 0; i < cfg["teams"].size(); ++i) {
        const auto& team = cfg["teams"][i];
        if (!team.is_object() || !team.contains("calendar")) continue;
        const std::string key = "teams[" + std::to_string(i) + "].calendar";
        if (!team["calendar"].is_string()) bad(key, "must be a string", {});
        const auto& name = team["calendar"].get_ref<const std::string&>();
        if (name != "default" && !(cfg.contains("calendars") && cfg["calendars"].contains(name)))
            bad(key, "no calendar '" + name + "'",
                "define calendars." + name + ", or use one of: " + names);
    }
}

} // namespace sop::calendar
