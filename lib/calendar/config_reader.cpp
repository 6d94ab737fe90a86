// Reads a calendar from .sop/config.yaml. The schema has checked the shapes already, but unit
// tests and `sop calendar` may hand in any document, so every value is checked again and every
// error names its key the way a user finds it in the file: calendar.holidays[2].
#include "calendar/spec.hpp"
#include "config/config.hpp"
#include "util/error.hpp"
#include "util/time.hpp"

#include <algorithm>

namespace sop::calendar::detail {
namespace {

using yaml::Json;

const char* const weekday_keys[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
const char* const window_hint = "write HH:MM-HH:MM, such as 09:00-12:00; 24:00 ends a day";

[[noreturn]] void bad(const std::string& key, const std::string& why, std::string hint = {}) {
    throw InvalidError(std::string(config::path) + ": " + key + ": " + why, std::move(hint));
}

std::string item_key(const std::string& key, std::size_t i) {
    return key + "[" + std::to_string(i) + "]";
}

const std::string& text_of(const Json& v, const std::string& key) {
    if (!v.is_string()) bad(key, "must be a string");
    return v.get_ref<const std::string&>();
}

// "09:30" -> 570; -1 when it is not a time of day (24:00 only as an end).
int minutes_of(std::string_view s, bool end) {
    if (s.size() != 5 || s[2] != ':') return -1;
    for (const std::size_t i : {0, 1, 3, 4})
        if (s[i] < '0' || s[i] > '9') return -1;
    const int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && (!end || m != 0))) return -1;
    return h * 60 + m;
}

Windows read_windows(const Json& v, const std::string& key) {
    if (!v.is_array()) bad(key, "must be a list of windows such as \"09:00-12:00\"", window_hint);
    Windows out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        const std::string k = item_key(key, i);
        const std::string& s = text_of(v[i], k);
        const auto dash = s.find('-');
        const int from = dash == std::string::npos ? -1 : minutes_of(s.substr(0, dash), false);
        const int to = dash == std::string::npos ? -1 : minutes_of(s.substr(dash + 1), true);
        if (from < 0 || to < 0) bad(k, "'" + s + "' is not a window", window_hint);
        if (to <= from) bad(k, "'" + s + "' ends before it starts", window_hint);
        if (!out.empty() && from < out.back().to)
            bad(k, "'" + s + "' starts before the window before it ends",
                "list a day's windows in order, without overlaps");
        out.push_back({from, to});
    }
    return out;
}

std::int64_t read_date(const Json& v, const std::string& key) {
    const std::string& s = text_of(v, key);
    const auto t = util::parse_date(s);
    if (!t) bad(key, "'" + s + "' is not a date", "write YYYY-MM-DD, such as 2026-10-01");
    return t->seconds / day_seconds;
}

void only_keys(const Json& v, const std::string& key, std::initializer_list<const char*> known) {
    for (const auto& [k, _] : v.items())
        if (std::none_of(known.begin(), known.end(), [&](const char* n) { return k == n; }))
            bad(key + "." + k, "is not a key here");
}

// Where a key's value comes from: the named calendar, else the default one.
struct Source {
    const Json* value = nullptr;
    std::string key;
};

struct Reader {
    const Json& cfg;
    const Json* base = nullptr; // `calendar`
    const Json* own = nullptr;  // `calendars.<name>`
    Spec spec;
    std::map<std::int64_t, std::string> holiday_keys;

    Source pick(const char* key) const {
        if (own && own->contains(key)) return {&(*own)[key], spec.key + "." + key};
        if (base && base->contains(key)) return {&(*base)[key], std::string("calendar.") + key};
        return {};
    }

    void zone() {
        Source src = pick("timezone");
        if (!src.value && cfg.contains("timezone")) src = {&cfg["timezone"], "timezone"};
        const std::string name = src.value ? text_of(*src.value, src.key) : "UTC";
        try {
            spec.zone = Zone::load(name);
        } catch (const Error& e) {
            bad(src.key, e.what(), e.hint());
        }
    }

    void hours() {
        const Source src = pick("hours");
        if (!src.value) {
            for (std::size_t d = 0; d < 5; ++d)
                spec.week[d] = {{9 * 60, 18 * 60}};
            return;
        }
        if (!src.value->is_object()) bad(src.key, "must be a mapping of weekdays to windows");
        for (const auto& [day, windows] : src.value->items()) {
            const auto* k = std::find(std::begin(weekday_keys), std::end(weekday_keys), day);
            if (k == std::end(weekday_keys))
                bad(src.key + "." + day, "is not a weekday",
                    "use mon, tue, wed, thu, fri, sat, sun");
            spec.week[static_cast<std::size_t>(k - weekday_keys)] =
                read_windows(windows, src.key + "." + day);
        }
    }

    void holiday(const Json& v, const std::string& key) {
        std::int64_t from = 0, to = 0;
        std::string name;
        if (v.is_string()) {
            const std::string& s = v.get_ref<const std::string&>();
            const auto dots = s.find("..");
            from = read_date(Json(s.substr(0, dots)), key);
            to = dots == std::string::npos ? from : read_date(Json(s.substr(dots + 2)), key);
        } else if (v.is_object()) {
            only_keys(v, key, {"from", "to", "name"});
            if (!v.contains("from")) bad(key, "has no 'from' date");
            from = read_date(v["from"], key + ".from");
            to = v.contains("to") ? read_date(v["to"], key + ".to") : from;
            if (v.contains("name")) name = text_of(v["name"], key + ".name");
        } else {
            bad(key, "must be a date, a range FROM..TO or a mapping with 'from'");
        }
        if (to < from) bad(key, date_of(to) + " comes before " + date_of(from));
        if (to - from >= 366)
            bad(key, "spans more than 366 days", "list long closures a year at a time");
        for (std::int64_t d = from; d <= to; ++d) {
            spec.holidays.emplace(d, name);
            holiday_keys.emplace(d, key);
        }
    }

    void holidays() {
        const Source src = pick("holidays");
        if (!src.value) return;
        if (!src.value->is_array()) bad(src.key, "must be a list");
        for (std::size_t i = 0; i < src.value->size(); ++i)
            holiday((*src.value)[i], item_key(src.key, i));
    }

    void workday(const Json& v, const std::string& key) {
        std::int64_t day = 0;
        ExtraDay extra;
        bool has_hours = false;
        if (v.is_object()) {
            only_keys(v, key, {"date", "name", "hours"});
            if (!v.contains("date")) bad(key, "has no 'date'");
            day = read_date(v["date"], key + ".date");
            if (v.contains("name")) extra.name = text_of(v["name"], key + ".name");
            if ((has_hours = v.contains("hours")))
                extra.hours = read_windows(v["hours"], key + ".hours");
        } else {
            day = read_date(v, key);
        }
        if (!has_hours) { // the hours of the first weekday that has any, Monday first
            const auto lender = std::find_if(spec.week.begin(), spec.week.end(),
                                             [](const Windows& w) { return !w.empty(); });
            // A named calendar may inherit the day from `calendar` but not the hours.
            const bool inherited = key.rfind(spec.key, 0) != 0;
            if (lender == spec.week.end())
                bad(key,
                    inherited ? "has no hours, and no weekday of " + spec.key +
                                    " (which takes the day from calendar.workdays) has hours to "
                                    "lend it"
                              : "has no hours, and no weekday has hours to lend it",
                    "give the day its own: {date: " + date_of(day) + ", hours: [09:00-18:00]}");
            extra.hours = *lender;
        }
        if (const auto h = holiday_keys.find(day); h != holiday_keys.end())
            bad(key, date_of(day) + " is also a holiday (" + h->second + ")",
                "a day is a holiday or an extra working day, not both: remove one of them");
        if (!spec.workdays.emplace(day, std::move(extra)).second)
            bad(key, date_of(day) + " is listed twice");
    }

    void workdays() {
        const Source src = pick("workdays");
        if (!src.value) return;
        if (!src.value->is_array()) bad(src.key, "must be a list");
        for (std::size_t i = 0; i < src.value->size(); ++i)
            workday((*src.value)[i], item_key(src.key, i));
    }
};

std::string defined_names(const Json& cfg) {
    std::string names = "default";
    if (cfg.contains("calendars") && cfg["calendars"].is_object())
        for (const auto& [k, _] : cfg["calendars"].items())
            names += ", " + k;
    return names;
}

} // namespace

Spec read_spec(const Json& cfg, std::string_view name) {
    Reader r{cfg, nullptr, nullptr, {}, {}};
    if (cfg.contains("calendar")) {
        if (!cfg["calendar"].is_object()) bad("calendar", "must be a mapping");
        r.base = &cfg["calendar"];
    }
    if (name.empty() || name == "default") {
        r.spec.name = "default";
        r.spec.key = "calendar";
    } else {
        r.spec.name = name;
        r.spec.key = "calendars." + std::string(name);
        const Json* all = cfg.contains("calendars") ? &cfg["calendars"] : nullptr;
        if (all && !all->is_object()) bad("calendars", "must be a mapping");
        if (!all || !all->contains(name))
            throw InvalidError(std::string(config::path) + ": no calendar '" + std::string(name) +
                                   "'",
                               "the calendars are: " + defined_names(cfg));
        r.own = &(*all)[std::string(name)];
        if (!r.own->is_object()) bad(r.spec.key, "must be a mapping");
    }
    r.zone();
    r.hours();
    r.holidays();
    r.workdays();
    return std::move(r.spec);
}

} // namespace sop::calendar::detail
