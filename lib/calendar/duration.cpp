#include "calendar/calendar.hpp"
#include "util/error.hpp"

namespace sop::calendar {
namespace {

struct Unit {
    std::string_view name;
    std::int64_t seconds; // 0: a business day, whose length is the calendar's
    bool business;
};
constexpr Unit units[] = {{"s", 1, false},     {"min", 60, false}, {"h", 3600, false},
                          {"d", 86400, false}, {"bmin", 60, true}, {"bh", 3600, true},
                          {"bd", 0, true}};

// Far beyond any service level, far below overflow.
constexpr std::int64_t max_number = 1'000'000'000;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_letter(char c) {
    return c >= 'a' && c <= 'z';
}

} // namespace

Duration parse_duration(std::string_view text, std::string_view where) {
    const auto fail = [&](const std::string& why) {
        throw InvalidError((where.empty() ? "" : std::string(where) + ": ") + "'" +
                               std::string(text) + "' is not a duration: " + why,
                           "write numbers with units: 30s, 2min, 4h, 1d (real time) or 30bmin, "
                           "4bh, 1bd (business time); terms add up (1h30min, 1bd4bh)");
    };
    if (text.empty()) fail("it is empty");
    Duration d;
    d.text = std::string(text);
    bool real = false;
    std::size_t i = 0;
    while (i < text.size()) {
        std::int64_t n = 0;
        const std::size_t digits = i;
        while (i < text.size() && is_digit(text[i])) {
            n = n * 10 + (text[i++] - '0');
            if (n > max_number) fail("the number is too large");
        }
        if (i == digits) fail("'" + std::string(text.substr(i)) + "' does not start with a number");
        const std::size_t letters = i;
        while (i < text.size() && is_letter(text[i]))
            ++i;
        const std::string_view unit = text.substr(letters, i - letters);
        if (unit.empty()) fail(std::to_string(n) + " has no unit");
        const Unit* u = nullptr;
        for (const auto& candidate : units)
            if (candidate.name == unit) u = &candidate;
        if (!u) fail("unknown unit '" + std::string(unit) + "'");
        (u->business ? d.business : real) = true;
        if (u->seconds == 0)
            d.business_days += n;
        else
            d.seconds += n * u->seconds;
    }
    if (real && d.business) fail("real and business terms do not mix");
    return d;
}

} // namespace sop::calendar
