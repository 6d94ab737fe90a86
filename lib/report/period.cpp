#include "report/period.hpp"

#include "util/error.hpp"
#include "util/time.hpp"

#include <cstdio>

namespace sop::report {
namespace {

bool digits(std::string_view s) {
    if (s.empty()) return false;
    for (const char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

int number(std::string_view s) {
    int n = 0;
    for (const char c : s)
        n = n * 10 + (c - '0');
    return n;
}

std::string date_text(std::int64_t days) {
    int y = 0;
    unsigned m = 0, d = 0;
    util::civil_from_days(days, y, m, d);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
    return buf;
}

// The local midnight starting day `days` (days since 1970-01-01), as a UTC instant.
std::int64_t midnight(std::int64_t days, const calendar::Zone& zone) {
    return zone.to_utc(days * 86400);
}

// A period of whole local days [first, last], both given as days since 1970-01-01.
Period days(std::string kind, std::string name, std::int64_t first, std::int64_t last,
            const calendar::Zone& zone) {
    return Period{std::move(kind), std::move(name),       date_text(first),
                  date_text(last), midnight(first, zone), midnight(last + 1, zone)};
}

Period month_of(int year, unsigned m, const calendar::Zone& zone) {
    const std::int64_t first = util::days_from_civil(year, m, 1);
    const std::int64_t next =
        m == 12 ? util::days_from_civil(year + 1, 1, 1) : util::days_from_civil(year, m + 1, 1);
    char name[16];
    std::snprintf(name, sizeof name, "%04d-%02u", year, m);
    return days("month", name, first, next - 1, zone);
}

std::int64_t day_of(std::string_view text, std::string_view option) {
    const auto t = util::parse_date(text);
    if (!t)
        throw UsageError(std::string(option) + " '" + std::string(text) + "' is not a date",
                         "use YYYY-MM-DD, e.g. 2026-11-03");
    return t->seconds / 86400;
}

} // namespace

Period month(std::string_view text, const calendar::Zone& zone) {
    if (text.size() != 7 || !digits(text.substr(0, 4)) || text[4] != '-' ||
        !digits(text.substr(5, 2)) || number(text.substr(5, 2)) < 1 ||
        number(text.substr(5, 2)) > 12)
        throw UsageError("--month '" + std::string(text) + "' is not a month",
                         "use YYYY-MM, e.g. 2026-11");
    return month_of(number(text.substr(0, 4)), static_cast<unsigned>(number(text.substr(5, 2))),
                    zone);
}

Period quarter(std::string_view text, const calendar::Zone& zone) {
    if (text.size() != 6 || !digits(text.substr(0, 4)) || (text[4] != 'Q' && text[4] != 'q') ||
        text[5] < '1' || text[5] > '4')
        throw UsageError("--quarter '" + std::string(text) + "' is not a quarter",
                         "use YYYYQN with N from 1 to 4, e.g. 2026Q4");
    const int year = number(text.substr(0, 4));
    const unsigned q = static_cast<unsigned>(text[5] - '0');
    const std::int64_t first = util::days_from_civil(year, 3 * q - 2, 1);
    const std::int64_t next =
        q == 4 ? util::days_from_civil(year + 1, 1, 1) : util::days_from_civil(year, 3 * q + 1, 1);
    return days("quarter", std::to_string(year) + "Q" + std::to_string(q), first, next - 1, zone);
}

Period range(std::string_view first, std::string_view last, const calendar::Zone& zone) {
    const std::int64_t a = day_of(first, "--from"), b = day_of(last, "--to");
    if (b < a)
        throw UsageError("the period is reversed: --to " + std::string(last) +
                             " is before --from " + std::string(first),
                         "both dates are included; --from comes first");
    return days("range", date_text(a) + ".." + date_text(b), a, b, zone);
}

Period last_month(std::int64_t now, const calendar::Zone& zone) {
    const std::int64_t local = now + zone.offset_at(now);
    // Floor division: instants before 1970 have negative local seconds.
    const std::int64_t today = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    int y = 0;
    unsigned m = 0, d = 0;
    util::civil_from_days(today, y, m, d);
    return m == 1 ? month_of(y - 1, 12, zone) : month_of(y, m - 1, zone);
}

Period period_of(const PeriodRequest& r, std::int64_t now, const calendar::Zone& zone) {
    const int forms = (r.month ? 1 : 0) + (r.quarter ? 1 : 0) + (r.from || r.to ? 1 : 0);
    if (forms > 1)
        throw UsageError("--month, --quarter and --from/--to cannot be combined",
                         "give one period, e.g. --month 2026-11");
    if (r.month) return month(*r.month, zone);
    if (r.quarter) return quarter(*r.quarter, zone);
    if (r.from && !r.to) throw UsageError("--from needs --to", "both dates are included");
    if (r.to && !r.from) throw UsageError("--to needs --from", "both dates are included");
    if (r.from) return range(*r.from, *r.to, zone);
    return last_month(now, zone);
}

std::string local_time(std::int64_t t, const calendar::Zone& zone) {
    return util::Timestamp{t, zone.offset_at(t) / 60}.str();
}

} // namespace sop::report
