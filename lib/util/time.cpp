#include "util/time.hpp"

#include "util/error.hpp"

#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace sop::util {
namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
    if (pos + n > s.size()) return false;
    out = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

bool valid_date(int y, int m, int d) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || d < 1) return false;
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + ((m == 2 && leap) ? 1 : 0);
}

} // namespace

std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, int& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0));
}

std::string Timestamp::str() const {
    const std::int64_t local = seconds + offset_minutes * 60LL;
    std::int64_t days = local / 86400, rem = local % 86400;
    if (rem < 0) rem += 86400, --days;
    int y = 0;
    unsigned m = 0, d = 0;
    civil_from_days(days, y, m, d);
    const int off = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d%c%02d:%02d", y, m, d,
                  static_cast<int>(rem / 3600), static_cast<int>(rem % 3600 / 60),
                  static_cast<int>(rem % 60), offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
    return buf;
}

std::string Timestamp::date() const {
    return str().substr(0, 10);
}

std::optional<Timestamp> parse_date(std::string_view s, int offset_minutes) {
    int y = 0, m = 0, d = 0;
    if (s.size() != 10 || !digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, m) ||
        s[7] != '-' || !digits(s, 8, 2, d) || !valid_date(y, m, d))
        return std::nullopt;
    const auto days = days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
    return Timestamp{days * 86400 - offset_minutes * 60LL, offset_minutes};
}

std::optional<Timestamp> parse_rfc3339(std::string_view s) {
    int hh = 0, mm = 0, ss = 0;
    if (s.size() < 20) return std::nullopt;
    auto day = parse_date(s.substr(0, 10));
    if (!day || (s[10] != 'T' && s[10] != 't') || !digits(s, 11, 2, hh) || s[13] != ':' ||
        !digits(s, 14, 2, mm) || s[16] != ':' || !digits(s, 17, 2, ss) || hh > 23 || mm > 59 ||
        ss > 60)
        return std::nullopt;
    std::size_t i = 19;
    if (i < s.size() && s[i] == '.') {
        ++i;
        const std::size_t start = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9')
            ++i;
        if (i == start) return std::nullopt;
    }
    int offset = 0;
    if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
        ++i;
    } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
        int oh = 0, om = 0;
        if (!digits(s, i + 1, 2, oh) || i + 3 >= s.size() || s[i + 3] != ':' ||
            !digits(s, i + 4, 2, om) || oh > 23 || om > 59)
            return std::nullopt;
        offset = (s[i] == '-' ? -1 : 1) * (oh * 60 + om);
        i += 6;
    } else {
        return std::nullopt;
    }
    if (i != s.size()) return std::nullopt;
    if (ss == 60) ss = 59; // a leap second is kept inside its minute
    const std::int64_t local = day->seconds + hh * 3600LL + mm * 60LL + ss;
    return Timestamp{local - offset * 60LL, offset};
}

std::optional<Timestamp> parse_date_or_time(std::string_view s) {
    if (s.size() == 10) return parse_date(s);
    return parse_rfc3339(s);
}

Timestamp now() {
    if (const char* fixed = std::getenv("SOP_NOW"); fixed && *fixed) {
        if (auto t = parse_rfc3339(fixed)) return *t;
        throw InvalidError("SOP_NOW '" + std::string(fixed) + "' is not an RFC 3339 date-time",
                           "use a form such as 2026-11-24T09:30:00+08:00");
    }
    const std::time_t t = std::time(nullptr);
    std::tm local{};
    localtime_r(&t, &local);
    return Timestamp{static_cast<std::int64_t>(t), static_cast<int>(local.tm_gmtoff / 60)};
}

} // namespace sop::util
