#include "report/figures.hpp"

#include "report/replay.hpp"

#include <algorithm>
#include <charconv>

namespace sop::report {
namespace {

std::string dash(std::string_view v) {
    return v.empty() ? std::string("-") : std::string(v);
}

std::string level_key(int level) {
    return level > 0 ? std::to_string(level) : std::string("-");
}

std::int64_t integer(std::string_view v) {
    std::int64_t n = 0;
    std::from_chars(v.data(), v.data() + v.size(), n);
    return n;
}

bool has_action(const sla::Record& r, std::initializer_list<std::string_view> actions) {
    for (const auto& e : r.events)
        for (const auto a : actions)
            if (e.action == a) return true;
    return false;
}

// Working time of `calendar` inside the clock's running segments: the clock's own time, paused
// spans (pending on the customer) left out, counted in business seconds whatever the target's
// units, so that cycles of every level compare.
std::int64_t business_time(const sla::Clock& c, const calendar::Calendar& calendar) {
    std::int64_t total = 0;
    for (const auto& s : c.segments)
        if (s.running) total += calendar.working_seconds(s.from, s.to);
    return total;
}

const sla::Clock* find_clock(const std::vector<sla::Clock>& clocks, std::string_view kind,
                             int cycle = 0) {
    for (const auto& c : clocks)
        if (c.kind == kind && (cycle == 0 || c.cycle == cycle)) return &c;
    return nullptr;
}

// A major incident is declared by `incident-declare`, or by the triage or escalation that made
// the ticket level 4, whichever came first.
const sla::Event* declaration(const sla::Record& r) {
    const sla::Event* declared = nullptr;
    for (const auto& e : r.events) {
        const bool declares =
            e.action == "incident-declare" ||
            ((e.action == "triage" || e.action == "escalate") && e.get("level") == "4");
        if (declares && (!declared || e.at < declared->at)) declared = &e;
    }
    return declared;
}

class Computation {
  public:
    Computation(const sla::Settings& settings, const Scope& scope)
        : settings_(settings), scope_(scope) {
        report_.scope = scope;
        report_.backlog.end = std::min(scope.period.to, scope.now);
    }

    void add(const sla::Record& r) {
        const bool mine = scope_.team.empty() || r.team == scope_.team;
        std::optional<std::vector<sla::Clock>> clocks;
        const auto clocks_of = [&]() -> const std::vector<sla::Clock>& {
            if (!clocks) clocks = sla::clocks(r, settings_, scope_.now);
            return *clocks;
        };
        if (mine) {
            if (scope_.period.contains(r.received_at)) {
                volume(r);
                outcome(r);
                response(r, clocks_of());
            }
            if (resolved_in_period(r)) resolutions(r, clocks_of());
            events(r);
            if (const sla::Event* d = declaration(r); d && in_period(*d))
                incident(r, *d, clocks_of());
            backlog(r);
        }
        if (has_collaboration(r)) collaboration(r, clocks_of());
    }

    Report take() {
        std::sort(report_.incidents.begin(), report_.incidents.end(),
                  [](const Incident& a, const Incident& b) {
                      return a.declared != b.declared ? a.declared < b.declared
                                                      : a.ticket < b.ticket;
                  });
        return std::move(report_);
    }

  private:
    const sla::Settings& settings_;
    const Scope& scope_;
    Report report_;

    bool in_period(const sla::Event& e) const { return scope_.period.contains(e.at); }

    void volume(const sla::Record& r) {
        auto& v = report_.volume;
        ++v.total;
        ++v.type[dash(r.type)];
        ++v.category[dash(r.category)];
        ++v.level[level_key(r.level)];
        ++v.channel[dash(r.channel)];
        ++v.team[dash(r.team)];
    }

    void outcome(const sla::Record& r) {
        auto& o = report_.outcomes;
        ++o.received;
        if (state_before(r, scope_.now + 1) == "cancelled") {
            ++o.cancelled;
            return;
        }
        const sla::Event* resolved = first_to(r, "resolved");
        if (!resolved) return;
        ++o.resolved;
        // First contact: answered directly, and never handed on, paused, or reopened.
        if (resolved->action == "resolve" &&
            !has_action(r, {"route", "escalate", "wait", "reopen", "collab-request"}))
            ++o.first_contact;
    }

    void response(const sla::Record& r, const std::vector<sla::Clock>& clocks) {
        const sla::Clock* c = find_clock(clocks, "response");
        if (!c) return;
        auto& x = report_.response[dash(r.channel)];
        // Cancelled before an answer: the clock stops without counting (sop(1) SLA CLOCKS).
        if (!c->running() && c->stopped_by == "cancel") return;
        if (c->status == sla::Status::breached)
            ++x.breached;
        else if (c->running())
            ++x.pending;
        else
            ++x.met;
        if (!c->running()) x.times.push_back(c->elapsed);
    }

    bool resolved_in_period(const sla::Record& r) const {
        for (const auto& e : r.events)
            if (e.to == "resolved" && in_period(e)) return true;
        return false;
    }

    void resolutions(const sla::Record& r, const std::vector<sla::Clock>& clocks) {
        const auto& calendar = settings_.calendars.of_team(r.team);
        for (const auto& c : clocks) {
            if (c.kind != "resolution" || c.running() || !scope_.period.contains(*c.stop)) continue;
            // The cycle ended with the ticket resolved, not cancelled.
            const sla::Event* end = first_to(r, "resolved", *c.stop);
            if (!end || end->at != *c.stop) continue;
            auto& x = report_.resolution[level_key(level_at(r, *c.stop))];
            x.times.push_back(business_time(c, calendar));
            // Reopened: a reopen follows this resolution in the log (by the report instant).
            const auto later = r.events.begin() + (end - r.events.data());
            if (std::any_of(later, r.events.end(),
                            [](const sla::Event& e) { return e.action == "reopen"; }))
                ++x.reopened;
        }
    }

    // Surveys and knowledge-base links recorded in the period.
    void events(const sla::Record& r) {
        for (const auto& e : r.events) {
            if (!in_period(e)) continue;
            if (e.action == "survey") {
                auto& s = report_.satisfaction;
                ++s.surveys;
                if (e.get("speed").empty()) continue; // recorded with --none: no scores
                ++s.answered;
                s.speed += integer(e.get("speed"));
                s.quality += integer(e.get("quality"));
                s.attitude += integer(e.get("attitude"));
            } else if (e.action == "link" && !e.get("kb").empty()) {
                ++report_.kb.links;
                report_.kb.articles.insert(std::string(e.get("kb")));
                report_.kb.tickets.insert(r.id);
            }
        }
    }

    void incident(const sla::Record& r, const sla::Event& declared,
                  const std::vector<sla::Clock>& clocks) {
        Incident x{r.id, declared.at, {}, {}, {}};
        if (const auto* m = first_event(r, "incident-mitigate", declared.at))
            x.to_mitigate = m->at - declared.at;
        const sla::Event* end = first_event(r, "incident-resolve", declared.at);
        if (!end) end = first_to(r, "resolved", declared.at);
        if (end) x.to_resolve = end->at - declared.at;
        if (const sla::Clock* c = find_clock(clocks, "review"))
            x.review = c->status == sla::Status::breached ? "late"
                       : c->running()                     ? "pending"
                                                          : "on time";
        report_.incidents.push_back(std::move(x));
    }

    void backlog(const sla::Record& r) {
        auto& b = report_.backlog;
        if (r.received_at >= b.end) return;
        const std::string_view state = state_before(r, b.end);
        if (state == "closed" || state == "cancelled") return;
        static constexpr std::array<std::int64_t, 4> limits = {86400, 3 * 86400, 7 * 86400,
                                                               30 * 86400};
        const std::int64_t age = b.end - r.received_at;
        std::size_t i = 0;
        while (i < limits.size() && age >= limits[i])
            ++i;
        ++b.by_age[i];
    }

    bool has_collaboration(const sla::Record& r) const {
        for (const auto& e : r.events)
            if (e.action == "collab-request" && in_period(e)) return true;
        return false;
    }

    // Requests made in the period, each judged by its acknowledgement clock.
    void collaboration(const sla::Record& r, const std::vector<sla::Clock>& clocks) {
        for (const auto& e : r.events) {
            if (e.action != "collab-request" || !in_period(e)) continue;
            const std::string team = dash(e.get("team"));
            if (!scope_.team.empty() && team != scope_.team) continue;
            auto& x = report_.collaboration[team];
            ++x.requests;
            const std::int64_t n = e.get("n").empty() ? 1 : integer(e.get("n"));
            const sla::Clock* c = find_clock(clocks, "collab-ack", static_cast<int>(n));
            // The ticket was cancelled before the team answered: no outcome.
            if (c && !c->running() && c->stopped_by == "cancel") continue;
            if (!c || (c->running() && c->status != sla::Status::breached))
                ++x.pending;
            else if (c->status == sla::Status::breached)
                ++x.late;
            else
                ++x.on_time;
            if (c && !c->running()) x.times.push_back(c->elapsed);
        }
    }
};

// The record without the events after `now`, when it has any (a log written with SOP_NOW in
// the past, or a clock set back): figures are as of the report instant.
const sla::Record& until(const sla::Record& r, std::int64_t now, sla::Record& copy) {
    if (std::none_of(r.events.begin(), r.events.end(),
                     [now](const sla::Event& e) { return e.at > now; }))
        return r;
    copy = r;
    std::erase_if(copy.events, [now](const sla::Event& e) { return e.at > now; });
    return copy;
}

} // namespace

std::int64_t Backlog::total() const {
    std::int64_t n = 0;
    for (const auto v : by_age)
        n += v;
    return n;
}

Report compute(const std::vector<sla::Record>& records, const sla::Settings& settings,
               const Scope& scope) {
    Computation c(settings, scope);
    sla::Record copy;
    for (const auto& r : records)
        if (r.received_at <= scope.now) c.add(until(r, scope.now, copy));
    return c.take();
}

bool may_count(std::int64_t received_at, std::int64_t updated_at, bool finished,
               const Period& period) {
    return received_at < period.to && (!finished || updated_at >= period.from);
}

} // namespace sop::report
