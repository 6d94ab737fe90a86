// Solution (SOP 4.3): plan, the user's confirmation, implementation with backup, rollback.
#include "util/error.hpp"
#include "util/text.hpp"
#include "workflow/verbs.hpp"

#include <algorithm>

namespace sop::workflow {
namespace {

bool touches(const Json& plan, std::string_view what) {
    if (!plan.contains("touches")) return false;
    for (const auto& t : plan["touches"])
        if (t.get<std::string>() == what) return true;
    return false;
}

// "business, restart": what the plan touches, as given.
std::string touched_list(const Json& plan) {
    std::string list;
    for (const auto& t : plan["touches"])
        list += (list.empty() ? "" : ", ") + t.get<std::string>();
    return list;
}

// "FROM/TO": RFC 3339 times, or dates (a date TO means the end of that day).
Json window_arg(const Context& ctx, std::string_view text) {
    const auto slash = text.find('/');
    const auto bad = [&] {
        return InvalidError("--window: '" + std::string(text) + "' is not FROM/TO",
                            "e.g. 2026-11-28T22:00:00+08:00/2026-11-29T02:00:00+08:00 or "
                            "2026-11-28/2026-11-29");
    };
    if (slash == std::string_view::npos) throw bad();
    const std::string_view from_s = text.substr(0, slash), to_s = text.substr(slash + 1);
    const int offset = ctx.actor.now.offset_minutes;
    auto from = util::parse_rfc3339(from_s);
    if (!from) from = util::parse_date(from_s, offset);
    auto to = util::parse_rfc3339(to_s);
    if (!to)
        if ((to = util::parse_date(to_s, offset))) to->seconds += 24 * 3600 - 1;
    if (!from || !to) throw bad();
    if (to->seconds <= from->seconds)
        throw InvalidError("--window: it ends before it starts", "FROM/TO with FROM < TO");
    return Json{{"from", from->str()}, {"to", to->str()}};
}

} // namespace

Outcome plan(const Context& ctx, std::string_view id, const Plan& in) {
    std::vector<std::string> steps, risks, mitigations, touched;
    for (const auto& s : in.steps)
        if (auto t = text_arg("--step", s); !t.empty()) steps.push_back(t);
    for (const auto& s : in.risks)
        if (auto t = text_arg("--risk", s); !t.empty()) risks.push_back(t);
    for (const auto& s : in.mitigations)
        if (auto t = text_arg("--mitigation", s); !t.empty()) mitigations.push_back(t);
    for (const auto& list : in.touches)
        for (const auto& raw : util::split(list, ',')) {
            const std::string w = util::trim(raw);
            if (w != "business" && w != "data" && w != "restart")
                throw InvalidError("--touches: unknown value '" + w + "'",
                                   "one or more of: business, data, restart");
            if (std::find(touched.begin(), touched.end(), w) == touched.end()) touched.push_back(w);
        }
    const std::string rollback = text_arg("--rollback", in.rollback);
    const std::string resources = text_arg("--resources", in.resources);
    const std::string note = text_arg("--note", in.note);
    const Json window = in.window.empty() ? Json() : window_arg(ctx, in.window);
    return perform(ctx, id, "plan", [&](Json& doc, const git::Snapshot&) {
        require_state(doc, "plan", {"triaged", "diagnosing", "planned"});
        if (steps.empty())
            refuse(doc, "plan", "plan-steps", "a plan states its steps (SOP 4.3)",
                   "give one --step for each step, in order");
        if (risks.empty())
            refuse(doc, "plan", "risks",
                   "a plan states its risks and their countermeasures (SOP 4.3)",
                   "give --risk R --mitigation M for each risk");
        if (mitigations.size() != risks.size())
            refuse(doc, "plan", "risks",
                   std::to_string(risks.size()) + " risk(s) but " +
                       std::to_string(mitigations.size()) + " mitigation(s)",
                   "give one --mitigation for each --risk, in the same order");
        if (!touched.empty() && rollback.empty())
            refuse(doc, "plan", "rollback-plan",
                   "a plan that touches the user's business, data or restarts systems needs a "
                   "rollback plan (SOP 4.3)",
                   "give --rollback 'how to undo it'");
        if (!touched.empty() && window.is_null())
            refuse(doc, "plan", "time-window",
                   "a plan that touches the user's business, data or restarts systems needs an "
                   "agreed (off-peak) time window (SOP 4.3)",
                   "give --window FROM/TO");
        const int revision = doc.contains("plan") ? doc["plan"].value("revision", 0) + 1 : 1;
        Json p{{"revision", revision},
               {"at", ctx.actor.now.str()},
               {"by", actor_str(ctx)},
               {"steps", steps}};
        Json r = Json::array();
        for (std::size_t i = 0; i < risks.size(); ++i)
            r.push_back(Json{{"risk", risks[i]}, {"mitigation", mitigations[i]}});
        p["risks"] = r;
        if (!rollback.empty()) p["rollback"] = rollback;
        if (!resources.empty()) p["resources"] = resources;
        if (!window.is_null()) p["window"] = window;
        if (!touched.empty()) p["touches"] = touched;
        doc["plan"] = p;
        Json extra{{"revision", revision}};
        if (!note.empty()) extra["note"] = note;
        move(doc, ctx, "plan", "planned", std::move(extra));
        std::string subject =
            "plan " + std::to_string(revision) + ": " + std::to_string(steps.size()) + " step(s)";
        if (!touched.empty()) subject += ", touches " + touched_list(p);
        return Step{subject, note, {}, {}};
    });
}

Outcome confirm(const Context& ctx, std::string_view id, std::string_view by_in,
                std::string_view via_in) {
    const std::string by = text_arg("--by", by_in, false);
    const std::string via = via_in.empty() ? "" : channel_arg(via_in);
    return perform(ctx, id, "confirm", [&](Json& doc, const git::Snapshot&) {
        require_state(doc, "confirm the plan", {"planned"});
        if (by.empty())
            refuse(doc, "confirm the plan", "confirmed-by", "the user who confirmed is not named",
                   "give --by NAME");
        Json& p = doc["plan"];
        if (p.contains("confirmation"))
            refuse(doc, "confirm the plan", "no-change",
                   "plan " + std::to_string(p.value("revision", 0)) + " is already confirmed by " +
                       p["confirmation"].value("by", ""),
                   "nothing to do");
        Json c{{"by", by}, {"at", ctx.actor.now.str()}, {"recorded_by", actor_str(ctx)}};
        if (!via.empty()) c["via"] = via;
        p["confirmation"] = c;
        Json extra{{"by_user", by}, {"revision", p.value("revision", 0)}};
        if (!via.empty()) extra["via"] = via;
        record(doc, ctx, "confirm", std::move(extra));
        return Step{"plan " + std::to_string(p.value("revision", 0)) + " confirmed by " + by +
                        (via.empty() ? "" : " (" + via + ")"),
                    {},
                    {},
                    {}};
    });
}

Outcome implement(const Context& ctx, std::string_view id, const Implement& in) {
    const std::string backup = text_arg("--backup", in.backup);
    const std::string outside = text_arg("--outside-window", in.outside_window);
    const std::string note = text_arg("--note", in.note);
    return perform(ctx, id, "implement", [&](Json& doc, const git::Snapshot&) {
        require_state(doc, "implement", {"planned"});
        Json& p = doc["plan"];
        const std::string tid = ticket::id_of(doc);
        if (p.contains("touches") && !p["touches"].empty() && !p.contains("confirmation"))
            refuse(doc, "implement", "customer-confirmation",
                   "the plan touches " + touched_list(p) +
                       " and the user has not confirmed it (SOP 4.3)",
                   "record the user's confirmation: 'sop confirm " + tid + " --by NAME'");
        if (touches(p, "data") && backup.empty())
            refuse(doc, "implement", "backup",
                   "the plan touches the user's data: back up core data and configuration first "
                   "(SOP 4.3)",
                   "say what was backed up: --backup WHAT");
        if (p.contains("window") && outside.empty()) {
            const auto from = util::parse_rfc3339(p["window"].value("from", ""));
            const auto to = util::parse_rfc3339(p["window"].value("to", ""));
            const auto now = ctx.actor.now.seconds;
            if (from && to && (now < from->seconds || now > to->seconds))
                refuse(doc, "implement", "time-window",
                       "it is outside the agreed window " + p["window"].value("from", "") + " to " +
                           p["window"].value("to", ""),
                       "wait for the window, agree a new one with a new plan, or give "
                       "--outside-window REASON");
        }
        Json impl{{"at", ctx.actor.now.str()}, {"by", actor_str(ctx)}};
        if (!backup.empty()) impl["backup"] = backup;
        if (!outside.empty()) impl["outside_window"] = outside;
        p["implementation"] = impl;
        Json extra{{"revision", p.value("revision", 0)}};
        if (!backup.empty()) extra["backup"] = backup;
        if (!note.empty()) extra["note"] = note;
        move(doc, ctx, "implement", "implementing", std::move(extra));
        return Step{"implementing plan " + std::to_string(p.value("revision", 0)) +
                        (backup.empty() ? "" : ", backup: " + util::first_line(backup, 40)),
                    note,
                    {},
                    {}};
    });
}

Outcome rollback(const Context& ctx, std::string_view id, std::string_view reason_in) {
    return perform(ctx, id, "rollback", [&](Json& doc, const git::Snapshot&) {
        require_state(doc, "roll back", {"implementing"});
        const std::string reason = required_text(doc, "roll back", "reason", "--reason", reason_in,
                                                 "a rollback states what went wrong (SOP 4.3)");
        Json& p = doc["plan"];
        p["rolled_back"] =
            Json{{"at", ctx.actor.now.str()}, {"by", actor_str(ctx)}, {"reason", reason}};
        move(doc, ctx, "rollback", "diagnosing",
             Json{{"revision", p.value("revision", 0)}, {"note", reason}});
        return Step{
            "plan " + std::to_string(p.value("revision", 0)) + " rolled back", reason, {}, {}};
    });
}

} // namespace sop::workflow
