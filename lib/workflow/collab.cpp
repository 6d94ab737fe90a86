// Cross-team collaboration requests (SOP 4.7): a request states the need, the deliverable, the
// deadline and the way of working; the receiving team acknowledges within one business day
// (the collab-ack clock, sla/clocks.hpp) and reports progress; disagreements go to the leads,
// then to management.
#include "ticket/id.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "util/time.hpp"
#include "workflow/verbs.hpp"

namespace sop::workflow {
namespace {

Json& request_of(Json& doc, std::string_view verb, int n) {
    auto& list = doc["collaboration"];
    if (!list.is_array() || n < 1 || n > static_cast<int>(list.size()))
        refuse(doc, verb, "collab-request",
               "there is no collaboration request " + std::to_string(n),
               "see 'sop show " + ticket::id_of(doc) + "'; requests are numbered from 1");
    return list[static_cast<std::size_t>(n - 1)];
}

void require_request_state(const Json& doc, const Json& req, std::string_view verb,
                           std::initializer_list<std::string_view> allowed) {
    const std::string state = req.value("state", "");
    for (const auto a : allowed)
        if (state == a) return;
    refuse(doc, verb, "state", "request " + std::to_string(req.value("n", 0)) + " is " + state,
           state == "done" ? "a done request is finished; make a new one"
                           : "acknowledge it first: 'sop collab ack " + ticket::id_of(doc) + " " +
                                 std::to_string(req.value("n", 0)) + "'");
}

// A team's `lead` in the config, whatever the person's roles.
bool leads_a_team(const Context& ctx, const config::Person& p) {
    for (const auto& t : ctx.config.doc.value("teams", Json::array()))
        if (const auto lead = ctx.config.person(t.value("lead", ""));
            lead && lead->email == p.email)
            return true;
    return false;
}

std::string due_arg(std::string_view due) {
    if (const auto t = util::parse_rfc3339(due)) return t->str();
    throw InvalidError("--due: '" + std::string(due) + "' is not an RFC 3339 date-time",
                       "for example --due 2026-11-27T18:00:00+08:00");
}

} // namespace

Outcome collab_request(const Context& ctx, std::string_view id, const Request& in) {
    const std::string need = text_arg("--need", in.need);
    const std::string deliverable = text_arg("--deliverable", in.deliverable);
    const std::string mode = text_arg("--mode", in.mode);
    return perform(ctx, id, "collab-request", [&](Json& doc, const git::Snapshot&) {
        require_open(doc, "collab request");
        const std::string fix = "give --team T --need TEXT --deliverable TEXT --due TIME (SOP 4.7)";
        if (in.team.empty() || need.empty() || deliverable.empty() || in.due.empty())
            refuse(doc, "collab request", "collab-request",
                   "a request states the team, the need, the deliverable and the deadline", fix);
        const std::string team = team_arg(ctx, in.team);
        const std::string due = due_arg(in.due);
        if (util::parse_rfc3339(due)->seconds <= ctx.actor.now.seconds)
            refuse(doc, "collab request", "collab-request", "the deadline " + due + " has passed",
                   "give a deadline in the future: --due TIME");
        auto& list = doc["collaboration"];
        const int n = list.is_array() ? static_cast<int>(list.size()) + 1 : 1;
        Json r{{"n", n},
               {"team", team},
               {"need", need},
               {"deliverable", deliverable},
               {"due", due},
               {"requested_at", ctx.actor.now.str()},
               {"requested_by", actor_str(ctx)},
               {"state", "requested"}};
        if (!mode.empty()) r["mode"] = mode;
        list.push_back(r);
        record(doc, ctx, "collab-request",
               Json{{"n", n}, {"team", team}, {"due", due}, {"note", need}});
        return Step{"collaboration request " + std::to_string(n) + " to " + team + ": " +
                        util::first_line(need, 40),
                    "Need: " + need + "\nDeliverable: " + deliverable,
                    {},
                    {}};
    });
}

Outcome collab_ack(const Context& ctx, std::string_view id, int n, std::string_view note_in) {
    const std::string note = text_arg("--note", note_in);
    return perform(ctx, id, "collab-ack", [&](Json& doc, const git::Snapshot&) {
        require_open(doc, "collab ack");
        Json& req = request_of(doc, "collab ack", n);
        require_request_state(doc, req, "collab ack", {"requested"});
        req["state"] = "acknowledged";
        req["acknowledged_at"] = ctx.actor.now.str();
        req["acknowledged_by"] = actor_str(ctx);
        Json extra{{"n", n}, {"team", req.value("team", "")}};
        if (!note.empty()) extra["note"] = note;
        record(doc, ctx, "collab-ack", std::move(extra));
        return Step{"request " + std::to_string(n) + " acknowledged by " + req.value("team", ""),
                    note,
                    {},
                    {}};
    });
}

Outcome collab_progress(const Context& ctx, std::string_view id, int n, std::string_view note_in) {
    const std::string note = text_arg("TEXT", note_in);
    return perform(ctx, id, "collab-progress", [&](Json& doc, const git::Snapshot&) {
        require_open(doc, "collab progress");
        Json& req = request_of(doc, "collab progress", n);
        require_request_state(doc, req, "collab progress", {"acknowledged", "escalated"});
        required_text(doc, "collab progress", "progress", "TEXT", note,
                      "a progress report says where the work stands");
        req["progress"].push_back(
            Json{{"at", ctx.actor.now.str()}, {"by", actor_str(ctx)}, {"note", note}});
        record(doc, ctx, "collab-progress", Json{{"n", n}, {"note", note}});
        return Step{
            "request " + std::to_string(n) + ": " + util::first_line(note, 50), note, {}, {}};
    });
}

Outcome collab_done(const Context& ctx, std::string_view id, int n, std::string_view note_in) {
    const std::string note = text_arg("--note", note_in);
    return perform(ctx, id, "collab-done", [&](Json& doc, const git::Snapshot&) {
        require_open(doc, "collab done");
        Json& req = request_of(doc, "collab done", n);
        require_request_state(doc, req, "collab done", {"requested", "acknowledged", "escalated"});
        req["state"] = "done";
        req["done_at"] = ctx.actor.now.str();
        req["done_by"] = actor_str(ctx);
        if (!note.empty()) req["note"] = note;
        Json extra{{"n", n}, {"team", req.value("team", "")}};
        if (!note.empty()) extra["note"] = note;
        record(doc, ctx, "collab-done", std::move(extra));
        return Step{"request " + std::to_string(n) + " done", note, {}, {}};
    });
}

Outcome collab_escalate(const Context& ctx, std::string_view id, int n, std::string_view to_in,
                        std::string_view reason_in) {
    const std::string reason = text_arg("--reason", reason_in);
    return perform(ctx, id, "collab-escalate", [&](Json& doc, const git::Snapshot&) {
        require_open(doc, "collab escalate");
        Json& req = request_of(doc, "collab escalate", n);
        require_request_state(doc, req, "collab escalate",
                              {"requested", "acknowledged", "escalated"});
        required_text(doc, "collab escalate", "reason", "--reason", reason,
                      "an escalation says what the disagreement is");
        if (to_in.empty())
            refuse(doc, "collab escalate", "escalation", "an escalation names who decides",
                   "give --to WHO: a lead, then management (SOP 4.7)");
        const std::string to = person_arg(ctx, "--to", to_in);
        if (const auto p = ctx.config.person(to);
            p && !p->has_role("lead") && !p->has_role("manager") && !leads_a_team(ctx, *p))
            refuse(doc, "collab escalate", "escalation",
                   p->str() + " is neither a lead nor a manager in " + std::string(config::path),
                   "disagreements go to the direct leads, then to management (SOP 4.7)");
        req["state"] = "escalated";
        req["escalations"].push_back(Json{
            {"at", ctx.actor.now.str()}, {"by", actor_str(ctx)}, {"to", to}, {"reason", reason}});
        record(doc, ctx, "collab-escalate", Json{{"n", n}, {"escalated_to", to}, {"note", reason}});
        return Step{"request " + std::to_string(n) + " escalated to " + to, reason, {}, {}};
    });
}

} // namespace sop::workflow
