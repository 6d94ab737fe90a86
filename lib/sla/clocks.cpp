#include "sla/clocks.hpp"

#include "util/error.hpp"
#include "util/time.hpp"

#include <algorithm>

namespace sop::sla {
namespace {

using calendar::Calendar;
using calendar::Duration;

Duration setting(const yaml::Json& sla, std::string_view section, std::string_view key,
                 std::string_view fallback) {
    std::string where = "sla.";
    where += section;
    const yaml::Json* node = sla.is_object() && sla.contains(std::string(section))
                                 ? &sla[std::string(section)]
                                 : nullptr;
    if (!key.empty()) {
        where += ".";
        where += key;
        if (node && node->is_object() && node->contains(std::string(key)))
            node = &(*node)[std::string(key)];
        else
            node = nullptr;
    }
    if (node && node->is_string()) return calendar::parse_duration(node->get<std::string>(), where);
    return calendar::parse_duration(fallback, where);
}

bool stops_state(std::string_view to) {
    return to == "resolved" || to == "closed" || to == "cancelled";
}

// The intervals in which the resolution clock pauses: pending on the customer.
struct Pause {
    std::int64_t from, to; // `to` is open-ended (INT64_MAX) while still pending
};

// Fills in a clock's segments, elapsed time, due instant and status.
void evaluate(Clock& c, const Calendar& cal, const std::vector<Pause>& pauses, std::int64_t at,
              std::int64_t warn_length) {
    const std::int64_t end = c.stop.value_or(at);
    c.target_length = cal.length(c.target);
    std::int64_t t = c.start;
    auto add = [&](std::int64_t a, std::int64_t b, bool running, const char* why) {
        if (b <= a) return;
        c.segments.push_back(Segment{a, b, running, why});
    };
    for (const auto& p : pauses) {
        if (p.to <= t || p.from >= end) continue;
        add(t, std::max(t, p.from), true, "running");
        add(std::max(t, p.from), std::min(end, p.to), false, "pending on the customer");
        t = std::min(end, p.to);
    }
    add(t, end, true, "running");
    if (c.segments.empty()) c.segments.push_back(Segment{c.start, c.start, true, "running"});

    std::optional<std::int64_t> crossed;
    c.elapsed = 0;
    for (const auto& s : c.segments) {
        if (!s.running) continue;
        const std::int64_t part = cal.elapsed(s.from, s.to, c.target);
        if (!crossed && c.elapsed + part > c.target_length) {
            // Breached inside this segment: the earliest instant the target was used up.
            crossed = c.target.business ? cal.add_working(s.from, c.target_length - c.elapsed)
                                        : s.from + (c.target_length - c.elapsed);
        }
        c.elapsed += part;
    }
    c.paused = c.running() && !c.segments.back().running;
    if (crossed) {
        c.due = crossed;
    } else if (!c.paused) {
        const std::int64_t from = c.stop.value_or(at);
        c.due = c.target.business ? cal.add_working(from, c.remaining()) : from + c.remaining();
    }
    if (c.elapsed > c.target_length)
        c.status = Status::breached;
    else if (c.running() && c.elapsed >= warn_length) // a stopped clock met or broke it
        c.status = Status::warn;
    else
        c.status = Status::ok;
}

std::int64_t warn_length_of(const Calendar& cal, const Duration& target, int percent) {
    const std::int64_t len = cal.length(target);
    return (len * percent + 99) / 100; // rounded up: 80% of 30 s is 24 s
}

Clock make(const Record& r, std::string kind, int cycle, std::string detail, const Calendar& cal,
           const Duration& target, std::int64_t start) {
    Clock c;
    c.ticket = r.id;
    c.kind = std::move(kind);
    c.cycle = cycle;
    c.name = c.kind + (cycle > 1 || c.kind == "update" || c.kind == "collab-ack"
                           ? "#" + std::to_string(cycle)
                           : std::string());
    c.detail = std::move(detail);
    c.calendar = cal.name();
    c.target = target;
    c.start = start;
    return c;
}

int level_of(const Event& e) {
    const auto v = e.get("level");
    return v.empty() ? 0 : std::atoi(std::string(v).c_str());
}

void response_clock(const Record& r, const Settings& s, const std::vector<const Event*>& ev,
                    std::int64_t at, std::vector<Clock>& out) {
    const auto it = s.first_response.find(r.channel);
    if (it == s.first_response.end()) return;
    const Calendar& cal = s.calendars.get("");
    Clock c = make(r, "response", 1, r.channel, cal, it->second, r.received_at);
    for (const Event* e : ev) {
        if (e->action == "respond" || e->action == "resolve" || e->action == "incident-update" ||
            e->action == "cancel") {
            c.stop = std::max(e->at, c.start);
            c.stopped_by = e->action;
            break;
        }
    }
    evaluate(c, cal, {}, at, warn_length_of(cal, c.target, s.warn_at));
    out.push_back(std::move(c));
}

void resolution_clocks(const Record& r, const Settings& s, const std::vector<const Event*>& ev,
                       std::int64_t at, std::vector<Clock>& out) {
    const Calendar& cal = s.calendars.of_team(r.team);
    int level = 0, cycle = 1;
    std::optional<std::int64_t> start = r.received_at;
    std::vector<Pause> pauses;
    auto finish = [&](std::optional<std::int64_t> stop, const std::string& by) {
        // The level of the events; a ticket whose log never names one (edited by hand) has
        // its current level, an untriaged one level 2's target.
        const int known = level ? level : r.level;
        const int lv = known ? known : 2;
        const auto& target = s.resolution.at(lv);
        Clock c = make(r, "resolution", cycle,
                       known == 0 ? "untriaged (level 2)" : "level " + std::to_string(known), cal,
                       target, *start);
        c.stop = stop;
        c.stopped_by = by;
        evaluate(c, cal, pauses, at, warn_length_of(cal, target, s.warn_at));
        out.push_back(std::move(c));
    };
    for (const Event* e : ev) {
        if (const int lv = level_of(*e); lv > 0) level = lv;
        if (!start) {
            if (e->action == "reopen") {
                start = e->at;
                ++cycle;
                pauses.clear();
            }
            continue;
        }
        if (!pauses.empty() && pauses.back().to == INT64_MAX && !e->to.empty())
            pauses.back().to = e->at;
        if (e->to == "pending" && e->get("on") == "customer")
            pauses.push_back(Pause{e->at, INT64_MAX});
        if (stops_state(e->to)) {
            finish(std::max(e->at, *start), e->action);
            start.reset();
        }
    }
    if (start) finish(std::nullopt, "");
}

// Major incidents: from the moment the ticket became level 4 (or was reopened at level 4) to
// its resolution. Returns the [from, to) spans; `to` is unset for a running incident.
struct Incident {
    std::int64_t from;
    std::optional<std::int64_t> to;
    std::string ended_by;
};

std::vector<Incident> incidents(const std::vector<const Event*>& ev) {
    std::vector<Incident> out;
    int level = 0;
    bool open = false;
    for (const Event* e : ev) {
        if (const int lv = level_of(*e); lv > 0) level = lv;
        const bool starts = e->action == "incident-declare" ||
                            (level == 4 && !open && (level_of(*e) == 4 || e->action == "reopen"));
        if (!open && starts) {
            out.push_back(Incident{e->at, std::nullopt, {}});
            open = true;
            continue;
        }
        if (open && (e->action == "incident-resolve" || stops_state(e->to))) {
            out.back().to = e->at;
            out.back().ended_by = e->action;
            open = false;
        }
    }
    return out;
}

void update_clocks(const Record& r, const Settings& s, const std::vector<const Event*>& ev,
                   std::int64_t at, std::vector<Clock>& out) {
    const Calendar& cal = s.calendars.get("");
    int gap = 0;
    for (const auto& inc : incidents(ev)) {
        std::int64_t from = inc.from;
        auto close_gap = [&](std::optional<std::int64_t> stop, const std::string& by) {
            Clock c = make(r, "update", ++gap, "major incident", cal, s.update_breach, from);
            c.stop = stop;
            c.stopped_by = by;
            evaluate(c, cal, {}, at, cal.length(s.update_warn));
            out.push_back(std::move(c));
        };
        for (const Event* e : ev) {
            if (e->at <= inc.from || (inc.to && e->at >= *inc.to)) continue;
            if (e->action == "respond" || e->action == "incident-update") {
                close_gap(e->at, e->action);
                from = e->at;
            }
        }
        close_gap(inc.to, inc.ended_by);
    }
}

void review_clock(const Record& r, const Settings& s, const std::vector<const Event*>& ev,
                  std::int64_t at, std::vector<Clock>& out) {
    const auto spans = incidents(ev);
    std::optional<std::int64_t> ended;
    for (const auto& i : spans)
        if (i.to) ended = i.to;
    if (!ended) return;
    const Calendar& cal = s.calendars.of_team(r.team);
    std::optional<std::int64_t> held;
    for (const Event* e : ev) {
        if (e->action != "incident-review") continue;
        const auto t = util::parse_rfc3339(e->get("held_at"));
        held = t ? t->seconds : e->at;
    }
    // The last end before the review (a reopened incident ends again later).
    if (held) {
        std::optional<std::int64_t> before;
        for (const auto& i : spans)
            if (i.to && *i.to <= *held) before = i.to;
        if (before) ended = before;
    }
    Clock c = make(r, "review", 1, "post-incident review", cal, s.review, *ended);
    if (held) {
        c.stop = std::max(*held, c.start);
        c.stopped_by = "incident-review";
    }
    evaluate(c, cal, {}, at, warn_length_of(cal, s.review, s.warn_at));
    out.push_back(std::move(c));
}

void collab_clocks(const Record& r, const Settings& s, const std::vector<const Event*>& ev,
                   std::int64_t at, std::vector<Clock>& out) {
    for (std::size_t i = 0; i < ev.size(); ++i) {
        const Event& req = *ev[i];
        if (req.action != "collab-request") continue;
        const std::string n(req.get("n"));
        const std::string team(req.get("team"));
        const Calendar& cal = s.calendars.of_team(team);
        const int number = n.empty() ? 1 : std::atoi(n.c_str());
        Clock c = make(r, "collab-ack", number, "team " + team, cal, s.collab_ack, req.at);
        for (std::size_t j = i + 1; j < ev.size(); ++j) {
            const Event& e = *ev[j];
            const bool answers =
                (e.action == "collab-ack" || e.action == "collab-done") && e.get("n") == n;
            if (answers || e.to == "cancelled") {
                c.stop = e.at;
                c.stopped_by = e.action;
                break;
            }
        }
        evaluate(c, cal, {}, at, warn_length_of(cal, s.collab_ack, s.warn_at));
        out.push_back(std::move(c));
    }
}

} // namespace

Settings::Settings(const yaml::Json& cfg) : calendars(cfg) {
    const yaml::Json none;
    const yaml::Json& sla = cfg.is_object() && cfg.contains("sla") ? cfg["sla"] : none;
    // SOP §4.1 for phone, chat and email; im and remote answer like chat, onsite like email.
    const std::pair<const char*, const char*> response[] = {{"phone", "30s"},   {"chat", "2min"},
                                                            {"email", "1bd"},   {"im", "2min"},
                                                            {"remote", "2min"}, {"onsite", "1bd"}};
    for (const auto& [channel, fallback] : response)
        first_response.emplace(channel, setting(sla, "first_response", channel, fallback));
    // Not in the SOP: the usual service-desk matrix (ITIL-style priority targets), levels read
    // as priorities: level 4 (major) 4 hours round the clock, level 3 five business days, level
    // 2 three, level 1 one.
    const std::pair<int, const char*> levels[] = {{1, "1bd"}, {2, "3bd"}, {3, "5bd"}, {4, "4h"}};
    for (const auto& [level, fallback] : levels)
        resolution.emplace(level, setting(sla, "resolution", std::to_string(level), fallback));
    update_warn = setting(sla, "incident_update", "warn", "30min");     // SOP §4.5
    update_breach = setting(sla, "incident_update", "breach", "60min"); // SOP §4.5
    collab_ack = setting(sla, "collab_ack", "", "1bd");                 // SOP §4.7
    review = setting(sla, "review", "", "3bd");                         // SOP §4.5
    recent = setting(sla, "recent", "", "7d");
    if (recent.business)
        throw InvalidError(".sop/config.yaml: sla.recent: '" + recent.text +
                               "' is business time; recent is real time",
                           "write it in s, min, h or d");
    if (sla.is_object() && sla.contains("warn_at") && sla["warn_at"].is_number_integer())
        warn_at = sla["warn_at"].get<int>();
}

const char* to_string(Status s) {
    switch (s) {
    case Status::ok:
        return "ok";
    case Status::warn:
        return "warn";
    case Status::breached:
        return "breached";
    }
    return "ok";
}

std::vector<Clock> clocks(const Record& r, const Settings& s, std::int64_t at) {
    std::vector<Clock> out;
    if (r.received_at > at) return out;
    std::vector<const Event*> ev;
    ev.reserve(r.events.size());
    for (const auto& e : r.events)
        if (e.at <= at) ev.push_back(&e);
    response_clock(r, s, ev, at, out);
    resolution_clocks(r, s, ev, at, out);
    update_clocks(r, s, ev, at, out);
    collab_clocks(r, s, ev, at, out);
    review_clock(r, s, ev, at, out);
    return out;
}

bool listed(const Clock& c, const Settings& s, std::int64_t at) {
    if (c.running()) return true;
    if (c.stopped_by == "cancel" || c.status != Status::breached) return false;
    return *c.stop >= at - s.recent.seconds;
}

Status worst(const Record& r, const Settings& s, std::int64_t at) {
    Status w = Status::ok;
    for (const auto& c : clocks(r, s, at))
        if (listed(c, s, at) && c.status > w) w = c.status;
    return w;
}

} // namespace sop::sla
