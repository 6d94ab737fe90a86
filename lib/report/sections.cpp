#include "report/sections.hpp"

#include "report/stats.hpp"

namespace sop::report {
namespace {

using yaml::Json;

template <class T> Json maybe(const std::optional<T>& v) {
    return v ? Json(*v) : Json(nullptr);
}

Column count(const char* key, const char* label) {
    return {key, label, Unit::count};
}
Column ratio_of(const char* key, const char* label) {
    return {key, label, Unit::ratio};
}
Column duration(const char* key, const char* label) {
    return {key, label, Unit::seconds};
}
Column score(const char* key) {
    return {key, key, Unit::score};
}

Section volume(const char* dimension, const Counts& counts, std::int64_t total) {
    Section s{std::string("volume.") + dimension,
              std::string("Volume by ") + dimension,
              dimension,
              {count("tickets", "tickets"), ratio_of("share", "share")},
              {}};
    for (const auto& [key, n] : counts)
        s.rows.push_back({key, {n, maybe(ratio(n, total))}});
    return s;
}

Section outcomes(const Outcomes& o) {
    const std::int64_t kept = o.received - o.cancelled;
    return {"tickets",
            "Tickets received in the period",
            "",
            {count("received", "received"), count("cancelled", "cancelled"),
             count("resolved", "resolved"), ratio_of("resolution_rate", "resolution rate"),
             count("first_contact", "resolved at first contact"),
             ratio_of("first_contact_rate", "first-contact resolution")},
            {{"",
              {o.received, o.cancelled, o.resolved, maybe(ratio(o.resolved, kept)), o.first_contact,
               maybe(ratio(o.first_contact, o.resolved))}}}};
}

Section response(const std::map<std::string, Response>& by_channel) {
    Section s{"first_response",
              "First response by channel",
              "channel",
              {count("met", "met"), count("breached", "breached"), count("pending", "pending"),
               ratio_of("rate", "compliance"), duration("median_seconds", "median")},
              {}};
    Response all;
    for (const auto& [channel, x] : by_channel) {
        s.rows.push_back({channel,
                          {x.met, x.breached, x.pending, maybe(ratio(x.met, x.met + x.breached)),
                           maybe(percentile(x.times, 50))}});
        all.met += x.met;
        all.breached += x.breached;
        all.pending += x.pending;
    }
    // No median over all channels: their clocks count in different units (real or business).
    if (!by_channel.empty())
        s.rows.push_back({"all",
                          {all.met, all.breached, all.pending,
                           maybe(ratio(all.met, all.met + all.breached)), nullptr}});
    return s;
}

Section resolution(const std::map<std::string, Resolution>& by_level) {
    Section s{"resolution",
              "Resolution time by level (business time)",
              "level",
              {count("resolved", "resolved"), duration("median_seconds", "median"),
               duration("p90_seconds", "p90"), count("reopened", "reopened"),
               ratio_of("reopen_rate", "reopen rate")},
              {}};
    Resolution all;
    const auto row = [&](const std::string& key, const Resolution& x) {
        const auto n = static_cast<std::int64_t>(x.times.size());
        s.rows.push_back({key,
                          {n, maybe(percentile(x.times, 50)), maybe(percentile(x.times, 90)),
                           x.reopened, maybe(ratio(x.reopened, n))}});
    };
    for (const auto& [level, x] : by_level) {
        row(level, x);
        all.times.insert(all.times.end(), x.times.begin(), x.times.end());
        all.reopened += x.reopened;
    }
    if (!by_level.empty()) row("all", all);
    return s;
}

Section satisfaction(const Satisfaction& x) {
    return {"satisfaction",
            "Satisfaction surveys recorded in the period",
            "",
            {count("surveys", "surveys"), count("answered", "answered with scores"),
             ratio_of("response_rate", "response rate"), score("speed"), score("quality"),
             score("attitude")},
            {{"",
              {x.surveys, x.answered, maybe(ratio(x.answered, x.surveys)),
               maybe(mean(x.speed, x.answered)), maybe(mean(x.quality, x.answered)),
               maybe(mean(x.attitude, x.answered))}}}};
}

Section collaboration(const std::map<std::string, Collaboration>& by_team) {
    Section s{"collaboration",
              "Collaboration requests by requested team",
              "team",
              {count("requests", "requests"), count("on_time", "on time"), count("late", "late"),
               count("pending", "pending"), ratio_of("on_time_rate", "on-time rate"),
               duration("median_ack_seconds", "median ack")},
              {}};
    for (const auto& [team, x] : by_team)
        s.rows.push_back(
            {team,
             {x.requests, x.on_time, x.late, x.pending, maybe(ratio(x.on_time, x.on_time + x.late)),
              maybe(percentile(x.times, 50))}});
    return s;
}

Section incidents(const std::vector<Incident>& list, const calendar::Zone& zone) {
    Section s{"major_incidents",
              "Major incidents declared in the period",
              "ticket",
              {{"declared_at", "declared", Unit::text},
               duration("mitigate_seconds", "to mitigate"),
               duration("resolve_seconds", "to resolve"),
               {"review", "review", Unit::text}},
              {}};
    for (const auto& x : list)
        s.rows.push_back({x.ticket,
                          {local_time(x.declared, zone), maybe(x.to_mitigate), maybe(x.to_resolve),
                           x.review.empty() ? Json(nullptr) : Json(x.review)}});
    return s;
}

Section backlog(const Backlog& b) {
    Section s{"backlog",
              "Open tickets at the end of the period, by age",
              "age",
              {count("tickets", "tickets")},
              {}};
    if (b.total() == 0) return s;
    for (std::size_t i = 0; i < b.by_age.size(); ++i)
        s.rows.push_back({backlog_buckets[i], {b.by_age[i]}});
    s.rows.push_back({"all", {b.total()}});
    return s;
}

Section kb(const KbReuse& k) {
    return {"kb",
            "Knowledge-base reuse",
            "",
            {count("links", "links to articles"), count("articles", "articles linked"),
             count("tickets", "tickets linked")},
            {{"",
              {k.links, static_cast<std::int64_t>(k.articles.size()),
               static_cast<std::int64_t>(k.tickets.size())}}}};
}

} // namespace

Header header(const Report& r, const calendar::Zone& zone, const std::string& commit) {
    const auto& p = r.scope.period;
    return Header{p.kind,
                  p.name,
                  p.first,
                  p.last,
                  local_time(p.from, zone),
                  local_time(p.to, zone),
                  zone.name(),
                  local_time(r.scope.now, zone),
                  local_time(r.backlog.end, zone),
                  r.scope.team,
                  commit};
}

std::vector<Section> sections(const Report& r, const calendar::Zone& zone) {
    const auto& v = r.volume;
    return {volume("type", v.type, v.total),
            volume("category", v.category, v.total),
            volume("level", v.level, v.total),
            volume("channel", v.channel, v.total),
            volume("team", v.team, v.total),
            outcomes(r.outcomes),
            response(r.response),
            resolution(r.resolution),
            satisfaction(r.satisfaction),
            collaboration(r.collaboration),
            incidents(r.incidents, zone),
            backlog(r.backlog),
            kb(r.kb)};
}

} // namespace sop::report
