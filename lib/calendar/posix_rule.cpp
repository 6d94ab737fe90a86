#include "calendar/posix_rule.hpp"

#include "util/time.hpp"

namespace sop::calendar::detail {
namespace {

// A cursor over the TZ string; every reader returns false on malformed input.
struct Reader {
    std::string_view s;
    std::size_t i = 0;

    bool done() const { return i == s.size(); }
    bool peek(char c) const { return i < s.size() && s[i] == c; }
    bool eat(char c) {
        if (!peek(c)) return false;
        ++i;
        return true;
    }
    bool number(int max, int& out) {
        const std::size_t start = i;
        out = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 4)
            out = out * 10 + (s[i++] - '0');
        return i > start && out <= max;
    }
    // "CET" or "<+08>"
    bool name() {
        if (eat('<')) {
            const std::size_t start = i;
            while (i < s.size() && s[i] != '>')
                ++i;
            return i > start && eat('>');
        }
        const std::size_t start = i;
        while (i < s.size() && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')))
            ++i;
        return i > start;
    }
    // [+-]hh[:mm[:ss]], the hours up to `max_hours`
    bool hms(int max_hours, std::int64_t& out) {
        const bool negative = eat('-');
        if (!negative) eat('+');
        int h = 0, m = 0, sec = 0;
        if (!number(max_hours, h)) return false;
        if (eat(':') && (!number(59, m) || (eat(':') && !number(59, sec)))) return false;
        out = (negative ? -1 : 1) * (h * 3600LL + m * 60LL + sec);
        return true;
    }
    bool change(PosixRule::Change& c) {
        if (eat('M')) {
            c.kind = 'M';
            if (!number(12, c.month) || c.month < 1 || !eat('.') || !number(5, c.week) ||
                c.week < 1 || !eat('.') || !number(6, c.day))
                return false;
        } else if (eat('J')) {
            c.kind = 'J';
            if (!number(365, c.day) || c.day < 1) return false;
        } else {
            c.kind = 'n';
            if (!number(365, c.day)) return false;
        }
        c.time = 7200;
        return !eat('/') || hms(167, c.time);
    }
};

bool leap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

// The day (since 1970-01-01) of `c` in year `y`.
std::int64_t day_of(const PosixRule::Change& c, int y) {
    const std::int64_t jan1 = util::days_from_civil(y, 1, 1);
    if (c.kind == 'J') return jan1 + c.day - 1 + (leap(y) && c.day >= 60 ? 1 : 0);
    if (c.kind == 'n') return jan1 + c.day;
    static const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const auto m = static_cast<unsigned>(c.month);
    const std::int64_t first = util::days_from_civil(y, m, 1);
    const int weekday_of_first = static_cast<int>(((first + 4) % 7 + 7) % 7); // 0 Sunday
    int mday = 1 + (c.day - weekday_of_first + 7) % 7 + (c.week - 1) * 7;
    const int last = month_days[m - 1] + (m == 2 && leap(y) ? 1 : 0);
    while (mday > last)
        mday -= 7;
    return first + mday - 1;
}

} // namespace

std::optional<PosixRule> PosixRule::parse(std::string_view text) {
    Reader r{text};
    PosixRule rule;
    std::int64_t west = 0;
    if (!r.name() || !r.hms(24, west)) return std::nullopt;
    rule.std_offset = static_cast<int>(-west);
    if (r.done()) return rule;
    if (!r.name()) return std::nullopt;
    rule.has_dst = true;
    rule.dst_offset = rule.std_offset + 3600;
    if (!r.peek(',') && !r.done()) {
        if (!r.hms(24, west)) return std::nullopt;
        rule.dst_offset = static_cast<int>(-west);
    }
    if (r.done()) { // POSIX leaves the dates to the implementation; glibc takes the US rule
        rule.start = {'M', 3, 2, 0, 7200};
        rule.end = {'M', 11, 1, 0, 7200};
        return rule;
    }
    if (!r.eat(',') || !r.change(rule.start) || !r.eat(',') || !r.change(rule.end) || !r.done())
        return std::nullopt;
    return rule;
}

int PosixRule::offset_at(std::int64_t utc) const {
    if (!has_dst) return std_offset;
    std::int64_t local_day = (utc + std_offset) / 86400;
    if ((utc + std_offset) % 86400 < 0) --local_day;
    int y = 0;
    unsigned m = 0, d = 0;
    util::civil_from_days(local_day, y, m, d);
    const std::int64_t starts = day_of(start, y) * 86400 + start.time - std_offset;
    const std::int64_t ends = day_of(end, y) * 86400 + end.time - dst_offset;
    const bool summer = starts < ends ? (starts <= utc && utc < ends)   // northern hemisphere
                                      : !(ends <= utc && utc < starts); // southern
    return summer ? dst_offset : std_offset;
}

} // namespace sop::calendar::detail
