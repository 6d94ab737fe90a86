// Major incidents (SOP 4.5): declaration with the task force and the impact, customer updates,
// mitigation, resolution, improvement actions, the review meeting, the report and its approval.
#include "calendar/calendar.hpp"
#include "ticket/id.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "util/time.hpp"
#include "workflow/postmortem.hpp"
#include "workflow/verbs.hpp"

#include <algorithm>

namespace sop::workflow {
namespace {

Json& incident(Json& doc) {
    return doc["incident"];
}

bool declared(const Json& doc) {
    return level_of(doc) == 4 && doc.contains("incident");
}

bool ended(const Json& doc) {
    return declared(doc) && doc["incident"].contains("resolved_at");
}

// The incident guard: a declared major incident, still running when `running`.
void require_incident(const Json& doc, std::string_view verb, bool running) {
    const std::string tid = ticket::id_of(doc);
    if (!declared(doc))
        refuse(doc, verb, "incident", "the ticket is not a major incident (level 4)",
               "declare it: 'sop incident declare " + tid +
                   " --lead WHO --impact-start TIME --scope TEXT'");
    if (running && ended(doc))
        refuse(doc, verb, "incident",
               "the incident was resolved at " + doc["incident"]["resolved_at"].get<std::string>(),
               "reopen the ticket if the service failed again");
}

std::string instant_arg(std::string_view what, std::string_view value) {
    const auto t = util::parse_rfc3339(value);
    if (!t)
        throw InvalidError(std::string(what) + ": '" + std::string(value) +
                               "' is not an RFC 3339 date-time",
                           "for example 2026-11-27T14:05:00+08:00");
    return t->str();
}

void add_person(std::vector<std::string>& to, const std::optional<config::Person>& p) {
    if (p && std::find(to.begin(), to.end(), p->str()) == to.end()) to.push_back(p->str());
}

// Who is told at once (SOP 4.5): the direct lead (the ticket team's lead), the R&D lead and
// the ops lead (the leads of the teams `rnd` and `ops`), and management (every manager).
std::vector<std::string> to_notify(const Context& ctx, const Json& doc) {
    std::vector<std::string> out;
    const auto& teams = ctx.config.doc.value("teams", Json::array());
    const std::string own = doc.value("team", "");
    for (const std::string& name : {own, std::string("rnd"), std::string("ops")}) {
        for (const auto& t : teams)
            if (t.value("name", "") == name && t.contains("lead") && !name.empty())
                add_person(out, ctx.config.person(t["lead"].get<std::string>()));
    }
    for (const auto& p : ctx.config.doc.value("people", Json::array())) {
        const auto roles = p.value("roles", Json::array());
        if (std::find(roles.begin(), roles.end(), "manager") != roles.end())
            add_person(out, ctx.config.person(p.value("email", "")));
    }
    return out;
}

Json& action_of(Json& doc, std::string_view verb, int n) {
    auto& actions = incident(doc)["actions"];
    if (!actions.is_array() || n < 1 || n > static_cast<int>(actions.size()))
        refuse(doc, verb, "action", "there is no improvement action " + std::to_string(n),
               "see 'sop show " + ticket::id_of(doc) + "'; actions are numbered from 1");
    return actions[static_cast<std::size_t>(n - 1)];
}

} // namespace

Outcome incident_declare(const Context& ctx, std::string_view id, const Declare& in) {
    const std::string scope_in = text_arg("--scope", in.scope);
    const std::string loss = text_arg("--loss", in.loss);
    const std::string note = text_arg("--note", in.note);
    return perform(ctx, id, "incident-declare", [&](Json& doc, const git::Snapshot&) {
        require_open(doc, "incident declare");
        const std::string tid = ticket::id_of(doc);
        if (declared(doc) && !ended(doc) && doc["incident"].contains("lead"))
            refuse(doc, "incident declare", "no-change", "the major incident is already declared",
                   "record updates with 'sop incident update " + tid + " MESSAGE'");
        if (!doc.contains("team"))
            refuse(doc, "incident declare", "routing", "a major incident needs a team",
                   "route it first: 'sop route " + tid + " --team TEAM'");
        const std::string fix = "give --lead WHO --impact-start TIME --scope TEXT (SOP 4.5)";
        if (in.lead.empty())
            refuse(doc, "incident declare", "task-force", "the task force has no lead", fix);
        if (in.impact_start.empty() || scope_in.empty())
            refuse(doc, "incident declare", "impact",
                   "the start time and the scope of the impact are recorded at once", fix);
        const std::string lead = person_arg(ctx, "--lead", in.lead);
        const std::string start = instant_arg("--impact-start", in.impact_start);
        Json roles = Json::object();
        for (const auto& r : in.roles) {
            const auto eq = r.find('=');
            const std::string role = util::to_lower(util::trim(r.substr(0, eq)));
            if (eq == std::string::npos || role.empty() ||
                role.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") !=
                    std::string::npos)
                throw UsageError("--role: '" + r + "' is not ROLE=WHO",
                                 "for example --role diagnosis=bo@example.com");
            roles[role] = person_arg(ctx, "--role " + role, util::trim(r.substr(eq + 1)));
        }
        const int before = level_of(doc);
        if (before != 4 || ended(doc)) doc.erase("incident"); // a new incident
        set_level(doc, ctx, 4);
        Json& inc = incident(doc);
        inc["lead"] = lead;
        if (!roles.empty()) inc["roles"] = roles;
        Json impact{{"start", start}, {"scope", scope_in}};
        if (!loss.empty()) impact["loss"] = loss;
        inc["impact"] = impact;
        const auto people = to_notify(ctx, doc);
        inc["notified"] = people;
        Json extra{{"level", 4}, {"lead", lead}, {"impact_start", start}};
        if (before) extra["previous"] = before;
        if (!note.empty()) extra["note"] = note;
        record(doc, ctx, "incident-declare", std::move(extra));
        record(doc, ctx, "notify",
               Json{{"people", people}, {"reason", "major incident declared (SOP 4.5)"}});
        Step step{"major incident declared: " + util::first_line(scope_in, 50), note, {}, {}};
        return step;
    });
}

Outcome incident_update(const Context& ctx, std::string_view id, std::string_view message_in,
                        std::string_view next) {
    const std::string message = text_arg("MESSAGE", message_in);
    if (!next.empty()) {
        const auto d = calendar::parse_duration(next, "--next");
        if (d.business)
            throw UsageError("--next: '" + std::string(next) + "' is business time",
                             "the update cadence runs in real time: 30min, 1h");
    }
    return perform(ctx, id, "incident-update", [&](Json& doc, const git::Snapshot&) {
        require_open(doc, "incident update");
        require_incident(doc, "incident update", true);
        required_text(doc, "incident update", "message", "MESSAGE", message,
                      "an update says what the user was told");
        Json extra{{"note", message}};
        if (!next.empty()) extra["next"] = std::string(next);
        record(doc, ctx, "incident-update", std::move(extra));
        return Step{"customer update: " + util::first_line(message, 50), message, {}, {}};
    });
}

Outcome incident_mitigate(const Context& ctx, std::string_view id, std::string_view message_in,
                          std::string_view backup_in) {
    const std::string message = text_arg("MESSAGE", message_in);
    const std::string backup = text_arg("--backup", backup_in);
    return perform(ctx, id, "incident-mitigate", [&](Json& doc, const git::Snapshot&) {
        require_open(doc, "incident mitigate");
        require_incident(doc, "incident mitigate", true);
        required_text(doc, "incident mitigate", "message", "MESSAGE", message,
                      "a mitigation says what was done: degrade, fail over, restore");
        required_text(doc, "incident mitigate", "backup", "--backup", backup,
                      "back up core data and configuration first and say what was backed up "
                      "(SOP 4.5), or why nothing needed it");
        Json m{{"at", ctx.actor.now.str()},
               {"by", actor_str(ctx)},
               {"note", message},
               {"backup", backup}};
        incident(doc)["mitigations"].push_back(m);
        record(doc, ctx, "incident-mitigate", Json{{"note", message}, {"backup", backup}});
        return Step{"mitigated: " + util::first_line(message, 50), message, {}, {}};
    });
}

Outcome incident_resolve(const Context& ctx, std::string_view id, std::string_view verified_in) {
    const std::string verified = text_arg("--verified", verified_in);
    return perform(ctx, id, "incident-resolve", [&](Json& doc, const git::Snapshot&) {
        require_state(doc, "incident resolve",
                      {"new", "triaged", "diagnosing", "planned", "implementing"});
        require_incident(doc, "incident resolve", true);
        required_text(doc, "incident resolve", "verification", "--verified", verified,
                      "the service is restored only when core business is verified (SOP 4.5)");
        Json& inc = incident(doc);
        inc["resolved_at"] = ctx.actor.now.str();
        inc["resolved_by"] = actor_str(ctx);
        inc["verified"] = verified;
        if (inc.contains("impact") && !inc["impact"].contains("end"))
            inc["impact"]["end"] = ctx.actor.now.str();
        move(doc, ctx, "incident-resolve", "resolved", Json{{"note", verified}});
        return Step{"incident resolved: service restored", verified, {}, {}};
    });
}

Outcome incident_action_add(const Context& ctx, std::string_view id, std::string_view text_in,
                            std::string_view owner_in, std::string_view due) {
    const std::string text = text_arg("TEXT", text_in);
    if (!due.empty() && !util::parse_date(due))
        throw InvalidError("--due: '" + std::string(due) + "' is not a date",
                           "for example --due 2026-12-15");
    return perform(ctx, id, "incident-action", [&](Json& doc, const git::Snapshot&) {
        require_open(doc, "incident action add");
        require_incident(doc, "incident action add", false);
        required_text(doc, "incident action add", "action", "TEXT", text,
                      "an improvement action says what will change");
        if (owner_in.empty())
            refuse(doc, "incident action add", "owner", "an improvement action has an owner",
                   "give --owner WHO");
        const std::string owner = person_arg(ctx, "--owner", owner_in);
        auto& actions = incident(doc)["actions"];
        const int n = actions.is_array() ? static_cast<int>(actions.size()) + 1 : 1;
        Json a{{"n", n}, {"text", text}, {"owner", owner}, {"state", "open"}};
        if (!due.empty()) a["due"] = std::string(due);
        actions.push_back(a);
        Json extra{{"n", n}, {"op", "add"}, {"owner", owner}, {"note", text}};
        if (!due.empty()) extra["due"] = std::string(due);
        record(doc, ctx, "incident-action", std::move(extra));
        return Step{
            "action " + std::to_string(n) + ": " + util::first_line(text, 50), text, {}, {}};
    });
}

namespace {

Outcome close_action(const Context& ctx, std::string_view id, int n, std::string_view op,
                     const std::string& text) {
    const std::string verb = "incident action " + std::string(op);
    return perform(ctx, id, "incident-action", [&](Json& doc, const git::Snapshot&) {
        require_open(doc, verb);
        require_incident(doc, verb, false);
        Json& a = action_of(doc, verb, n);
        if (a.value("state", "") != "open")
            refuse(doc, verb, "action",
                   "action " + std::to_string(n) + " is already " + a.value("state", ""),
                   "only an open action is done or dropped");
        if (op == "drop")
            required_text(doc, verb, "reason", "--reason", text, "dropping an action says why");
        a["state"] = op == "done" ? "done" : "dropped";
        a["closed_at"] = ctx.actor.now.str();
        if (!text.empty()) a["reason"] = text;
        Json extra{{"n", n}, {"op", std::string(op)}};
        if (!text.empty()) extra["note"] = text;
        record(doc, ctx, "incident-action", std::move(extra));
        return Step{
            "action " + std::to_string(n) + (op == "done" ? " done" : " dropped"), text, {}, {}};
    });
}

} // namespace

Outcome incident_action_done(const Context& ctx, std::string_view id, int n,
                             std::string_view note) {
    return close_action(ctx, id, n, "done", text_arg("--note", note));
}

Outcome incident_action_drop(const Context& ctx, std::string_view id, int n,
                             std::string_view reason) {
    return close_action(ctx, id, n, "drop", text_arg("--reason", reason));
}

Outcome incident_review(const Context& ctx, std::string_view id, const Review& in) {
    const std::string root = text_arg("--root-cause", in.root_cause);
    const std::string well = text_arg("--went-well", in.went_well);
    const std::string badly = text_arg("--went-badly", in.went_badly);
    return perform(ctx, id, "incident-review", [&](Json& doc, const git::Snapshot&) {
        require_open(doc, "incident review");
        require_incident(doc, "incident review", false);
        const std::string tid = ticket::id_of(doc);
        if (!ended(doc))
            refuse(doc, "incident review", "incident-end",
                   "the review follows the end of the incident (SOP 4.5)",
                   "resolve it first: 'sop incident resolve " + tid + " --verified TEXT'");
        const std::string fix = "give --held-at TIME --attendees WHO... --root-cause TEXT";
        if (in.held_at.empty() || in.attendees.empty())
            refuse(doc, "incident review", "review",
                   "the review records when it was held and who attended", fix);
        required_text(doc, "incident review", "root-cause", "--root-cause", root,
                      "the review finds the root cause (SOP 4.5)");
        const std::string held = instant_arg("--held-at", in.held_at);
        const auto ended_at =
            util::parse_rfc3339(doc["incident"]["resolved_at"].get<std::string>());
        if (util::parse_rfc3339(held)->seconds < ended_at->seconds)
            refuse(doc, "incident review", "review",
                   "the meeting cannot be held before the incident ended (" +
                       doc["incident"]["resolved_at"].get<std::string>() + ")",
                   "give the time the meeting was held: --held-at TIME");
        if (util::parse_rfc3339(held)->seconds > ctx.actor.now.seconds)
            refuse(doc, "incident review", "review", "the meeting is in the future",
                   "record it once it has been held");
        Json attendees = Json::array();
        for (const auto& a : in.attendees)
            attendees.push_back(person_arg(ctx, "--attendees", a));
        Json r{{"held_at", held}, {"attendees", attendees}, {"root_cause", root}};
        if (!well.empty()) r["went_well"] = well;
        if (!badly.empty()) r["went_badly"] = badly;
        r["recorded_by"] = actor_str(ctx);
        incident(doc)["review"] = r;
        record(doc, ctx, "incident-review",
               Json{{"held_at", held}, {"attendees", attendees}, {"note", root}});
        return Step{"review held " + held.substr(0, 10), root, {}, {}};
    });
}

Outcome incident_report(const Context& ctx, std::string_view id) {
    return perform(ctx, id, "incident-report", [&](Json& doc, const git::Snapshot&) {
        require_open(doc, "incident report");
        require_incident(doc, "incident report", false);
        const std::string tid = ticket::id_of(doc);
        if (!doc["incident"].contains("review"))
            refuse(doc, "incident report", "review",
                   "the report follows the review meeting (SOP 4.5)",
                   "record it: 'sop incident review " + tid +
                       " --held-at TIME --attendees WHO... --root-cause TEXT'");
        const std::string path = postmortem_path(tid);
        Json& inc = incident(doc);
        inc["report"] = Json{{"path", path}, {"at", ctx.actor.now.str()}, {"by", actor_str(ctx)}};
        inc.erase("approval"); // a new report needs a new approval
        record(doc, ctx, "incident-report", Json{{"path", path}});
        Step step{"review report written to " + path, {}, {}, {}};
        step.also.push_back(git::FileWrite{path, postmortem(doc), false});
        return step;
    });
}

Outcome incident_approve(const Context& ctx, std::string_view id) {
    return perform(ctx, id, "incident-approve", [&](Json& doc, const git::Snapshot&) {
        require_open(doc, "incident approve");
        require_incident(doc, "incident approve", false);
        const std::string tid = ticket::id_of(doc);
        if (!doc["incident"].contains("report"))
            refuse(doc, "incident approve", "report", "there is no review report to approve",
                   "write it: 'sop incident report " + tid + "'");
        if (doc["incident"].contains("approval"))
            refuse(doc, "incident approve", "no-change",
                   "the report is already approved by " +
                       doc["incident"]["approval"]["by"].get<std::string>(),
                   "a new report ('sop incident report') needs a new approval");
        const auto me = ctx.config.person(ctx.actor.who.email);
        if (!me || !me->has_role("manager"))
            refuse(doc, "incident approve", "approver",
                   actor_str(ctx) + " is not a manager in " + std::string(config::path),
                   "management approves the report (SOP 4.5): a person with the role "
                   "'manager' runs this");
        incident(doc)["approval"] = Json{{"at", ctx.actor.now.str()}, {"by", me->str()}};
        record(doc, ctx, "incident-approve", Json::object());
        return Step{"review report approved", {}, {"Approved-by: " + me->str()}, {}};
    });
}

} // namespace sop::workflow
