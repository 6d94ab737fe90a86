#include "calendar/spec.hpp"
#include "util/error.hpp"
#include "util/time.hpp"

#include <algorithm>
#include <cstdio>

namespace sop::calendar::detail {
namespace {

// Instants outside these years are taken as the nearest one inside: a timestamp typed as year
// 1 or 9999 must not make the table span millennia.
const std::int64_t earliest = util::days_from_civil(1900, 1, 1) * day_seconds;
const std::int64_t latest = util::days_from_civil(2300, 1, 1) * day_seconds;
// A search that finds no working time for this long gives up (a calendar without any).
constexpr std::int64_t give_up_days = 3653;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - (a % b < 0 ? 1 : 0);
}

} // namespace

int weekday_of(std::int64_t day) {
    return static_cast<int>(((day + 3) % 7 + 7) % 7); // 1970-01-01 was a Thursday
}

std::string date_of(std::int64_t day) {
    int y = 0;
    unsigned m = 0, d = 0;
    util::civil_from_days(day, y, m, d);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
    return buf;
}

const Windows& Spec::hours_of(std::int64_t day, std::string& why) const {
    static const Windows none;
    if (const auto h = holidays.find(day); h != holidays.end()) {
        why = h->second.empty() ? "holiday" : "holiday: " + h->second;
        return none;
    }
    if (const auto w = workdays.find(day); w != workdays.end()) {
        why = w->second.name.empty() ? "workday" : "workday: " + w->second.name;
        return w->second.hours;
    }
    const Windows& hours = week[static_cast<std::size_t>(weekday_of(day))];
    why = hours.empty() ? "weekend" : "";
    return hours;
}

std::vector<Interval> Spec::windows_of(std::int64_t day) const {
    std::string why;
    const Windows& hours = hours_of(day, why);
    std::vector<Interval> out;
    std::int64_t floor = day_start(day);
    const std::int64_t end = day_start(day + 1);
    for (const auto& w : hours) {
        const std::int64_t from = std::max(floor, zone->to_utc(day * day_seconds + w.from * 60));
        const std::int64_t to = std::min(end, zone->to_utc(day * day_seconds + w.to * 60));
        if (to <= from) continue; // inside a skipped hour
        out.push_back({from, to});
        floor = to;
    }
    return out;
}

void DayTable::grow_forward(std::int64_t days) {
    for (std::int64_t d = end_day_; d < end_day_ + days; ++d)
        for (const auto& w : spec_.windows_of(d)) {
            windows_.push_back(w);
            before_.push_back(before_.back() + (w.to - w.from));
        }
    end_day_ += days;
    cover_to_ = spec_.day_start(end_day_);
}

void DayTable::grow_backward(std::int64_t days) {
    for (std::int64_t d = first_day_ - 1; d >= first_day_ - days; --d) {
        const auto day = spec_.windows_of(d);
        for (auto w = day.rbegin(); w != day.rend(); ++w) {
            windows_.push_front(*w);
            before_.push_front(before_.front() - (w->to - w->from));
        }
    }
    first_day_ -= days;
    cover_from_ = spec_.day_start(first_day_);
}

void DayTable::cover(std::int64_t t) {
    if (!started_) {
        const std::int64_t day = floor_div(t + spec_.zone->offset_at(t), day_seconds);
        first_day_ = end_day_ = day;
        cover_from_ = cover_to_ = spec_.day_start(day);
        started_ = true;
    }
    // Doubling steps keep the cost of a long reach linear in the days it spans.
    const auto step = [this] { return std::clamp<std::int64_t>(end_day_ - first_day_, 64, 3660); };
    while (t < cover_from_)
        grow_backward(step());
    while (t > cover_to_)
        grow_forward(step());
}

std::int64_t DayTable::counted_until(std::int64_t t) const {
    const auto next =
        std::upper_bound(windows_.begin(), windows_.end(), t,
                         [](std::int64_t x, const Interval& w) { return x < w.from; });
    if (next == windows_.begin()) return before_.front();
    const auto i = static_cast<std::size_t>(next - windows_.begin()) - 1;
    return before_[i] + (std::min(t, windows_[i].to) - windows_[i].from);
}

std::int64_t DayTable::working_seconds(std::int64_t a, std::int64_t b) {
    if (b <= a) return 0;
    a = std::clamp(a, earliest, latest);
    b = std::clamp(b, earliest, latest);
    cover(a);
    cover(b);
    return counted_until(b) - counted_until(a);
}

std::int64_t DayTable::add_working(std::int64_t a, std::int64_t s) {
    if (s <= 0) return a;
    a = std::clamp(a, earliest, latest);
    cover(a);
    const std::int64_t target = counted_until(a) + s;
    std::int64_t give_up = end_day_ + give_up_days;
    while (before_.back() < target) {
        const std::int64_t had = before_.back();
        grow_forward(std::clamp<std::int64_t>(end_day_ - first_day_, 64, 3660));
        if (before_.back() > had) give_up = end_day_ + give_up_days;
        if (cover_to_ > latest)
            throw InvalidError("calendar '" + spec_.name + "': " + std::to_string(s) +
                               " working seconds reach past the year 2300");
        if (end_day_ >= give_up)
            throw InvalidError("calendar '" + spec_.name + "' has no working time in the ten " +
                                   "years after " + date_of(end_day_ - give_up_days),
                               "give it working hours in .sop/config.yaml (" + spec_.key +
                                   ".hours or " + spec_.key + ".workdays)");
    }
    // The first window whose end reaches the target: landing on a window's end gives that end,
    // not the start of the next window.
    const auto it = std::lower_bound(before_.begin() + 1, before_.end(), target);
    const auto i = static_cast<std::size_t>(it - before_.begin()) - 1;
    return windows_[i].from + (target - before_[i]);
}

} // namespace sop::calendar::detail
