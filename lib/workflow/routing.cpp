// Intake and routing (SOP 4.1): triage, assign, route, respond, escalate.
#include "util/error.hpp"
#include "workflow/verbs.hpp"

#include <array>

namespace sop::workflow {
namespace {

std::string one_of(std::string_view what, std::string_view value,
                   std::initializer_list<std::string_view> allowed) {
    for (const auto a : allowed)
        if (value == a) return std::string(a);
    std::string list;
    for (const auto a : allowed)
        list += (list.empty() ? "" : ", ") + std::string(a);
    throw InvalidError(std::string(what) + ": unknown value '" + std::string(value) + "'",
                       "one of: " + list);
}

int level_arg(int level) {
    if (level < 1 || level > 4)
        throw InvalidError("--level: " + std::to_string(level) + " is not a level",
                           "1 simple, 2 ordinary, 3 complex (cross-team), 4 major incident");
    return level;
}

std::string teams_hint(const Context& ctx, const std::string& verb_line) {
    std::string list;
    for (const auto& t : ctx.config.teams())
        list += (list.empty() ? "" : ", ") + t;
    return verb_line + (list.empty() ? "" : " (teams: " + list + ")");
}

// Level 2 and above is routed to a team (SOP 4.1).
void require_team(const Json& doc, const Context& ctx, std::string_view verb, int level,
                  const std::string& fix) {
    if (level >= 2 && ticket::str(doc, "team").empty())
        refuse(doc, verb, "routing",
               "a level-" + std::to_string(level) + " ticket must be routed to a team (SOP 4.1)",
               teams_hint(ctx, fix));
}

} // namespace

Outcome triage(const Context& ctx, std::string_view id, const Triage& in) {
    const std::string type =
        one_of("--type", in.type, {"consultation", "configuration", "fault", "requirement"});
    const std::string category = one_of(
        "--category", in.category, {"software", "hardware", "system", "network", "cloud", "other"});
    const int level = level_arg(in.level);
    const std::string team = in.team.empty() ? "" : team_arg(ctx, in.team);
    const std::string assignee =
        in.assignee.empty() ? "" : person_arg(ctx, "--assignee", in.assignee);
    const std::string note = text_arg("--note", in.note);
    return perform(ctx, id, "triage", [&](Json& doc, const git::Snapshot&) {
        require_state(doc, "triage", {"new"});
        doc["type"] = type;
        doc["category"] = category;
        if (!team.empty()) doc["team"] = team;
        if (!assignee.empty()) doc["assignee"] = assignee;
        require_team(doc, ctx, "triage", level,
                     "add --team TEAM: 'sop triage " + ticket::id_of(doc) + " ... --team TEAM'");
        set_level(doc, ctx, level);
        Json extra{{"type", type}, {"level", level}, {"category", category}};
        if (doc.contains("team")) extra["team"] = doc["team"];
        if (!assignee.empty()) extra["assignee"] = assignee;
        if (!note.empty()) extra["note"] = note;
        move(doc, ctx, "triage", "triaged", std::move(extra));
        std::string subject =
            "triaged: " + type + ", level " + std::to_string(level) + ", " + category;
        if (doc.contains("team")) subject += ", team " + ticket::str(doc, "team");
        if (level == 4) subject += " (major incident)";
        return Step{subject, note, {}, {}};
    });
}

Outcome assign(const Context& ctx, std::string_view id, std::string_view who,
               std::string_view note_in) {
    const std::string assignee = person_arg(ctx, "assignee", who);
    const std::string note = text_arg("--note", note_in);
    return perform(ctx, id, "assign", [&](Json& doc, const git::Snapshot&) {
        require_open(doc, "assign");
        const std::string before = ticket::str(doc, "assignee");
        if (before == assignee)
            refuse(doc, "assign", "no-change", "it is already assigned to " + assignee,
                   "nothing to do");
        doc["assignee"] = assignee;
        Json extra{{"assignee", assignee}};
        if (!before.empty()) extra["previous"] = before;
        if (!note.empty()) extra["note"] = note;
        record(doc, ctx, "assign", std::move(extra));
        return Step{"assigned to " + assignee, note, {}, {}};
    });
}

Outcome route(const Context& ctx, std::string_view id, std::string_view team_in,
              std::string_view reason_in) {
    const std::string team = team_arg(ctx, team_in);
    const std::string reason = text_arg("--reason", reason_in);
    return perform(ctx, id, "route", [&](Json& doc, const git::Snapshot&) {
        require_open(doc, "route");
        const std::string before = ticket::str(doc, "team");
        if (before == team)
            refuse(doc, "route", "no-change", "it is already with team " + team, "nothing to do");
        doc["team"] = team;
        Json extra{{"team", team}};
        if (!before.empty()) extra["previous"] = before;
        if (!reason.empty()) extra["note"] = reason;
        record(doc, ctx, "route", std::move(extra));
        return Step{
            "routed to " + team + (before.empty() ? "" : " (from " + before + ")"), reason, {}, {}};
    });
}

Outcome respond(const Context& ctx, std::string_view id, std::string_view via_in,
                std::string_view note_in) {
    const std::string via = via_in.empty() ? "" : channel_arg(via_in);
    const std::string note = text_arg("--note", note_in);
    return perform(ctx, id, "respond", [&](Json& doc, const git::Snapshot&) {
        require_open(doc, "respond");
        const std::string channel = via.empty() ? ticket::str(doc, "channel") : via;
        const bool first = !doc.contains("responded_at");
        if (first) doc["responded_at"] = ctx.actor.now.str();
        Json extra = Json::object();
        if (!channel.empty()) extra["via"] = channel;
        if (first) extra["first"] = true;
        if (!note.empty()) extra["note"] = note;
        record(doc, ctx, "respond", std::move(extra));
        return Step{std::string(first ? "first response" : "responded") +
                        (channel.empty() ? "" : " by " + channel),
                    note,
                    {},
                    {}};
    });
}

Outcome escalate(const Context& ctx, std::string_view id, int level_in,
                 std::string_view reason_in) {
    if (level_in != 0) level_arg(level_in);
    return perform(ctx, id, "escalate", [&](Json& doc, const git::Snapshot&) {
        const std::string reason = required_text(doc, "escalate", "reason", "--reason", reason_in,
                                                 "an escalation states its reason");
        const std::string state = ticket::state_of(doc);
        if (!is_open(state) || state == "new" || state == "resolved")
            require_state(doc, "escalate",
                          {"triaged", "diagnosing", "planned", "implementing", "pending"});
        const int before = level_of(doc);
        const int level = level_in == 0 ? before + 1 : level_in;
        if (before >= 4)
            refuse(doc, "escalate", "level", "it is already level 4, a major incident",
                   "see 'sop show " + ticket::id_of(doc) + "'");
        if (level <= before)
            refuse(doc, "escalate", "level",
                   "escalation raises the level, and it is already level " + std::to_string(before),
                   "give --level " + std::to_string(before + 1) + " or higher");
        require_team(doc, ctx, "escalate", level,
                     "route it first: 'sop route " + ticket::id_of(doc) + " --team TEAM'");
        set_level(doc, ctx, level);
        record(doc, ctx, "escalate",
               Json{{"level", level}, {"previous", before}, {"note", reason}});
        return Step{"escalated to level " + std::to_string(level) +
                        (level == 4 ? " (major incident)" : ""),
                    reason,
                    {},
                    {}};
    });
}

} // namespace sop::workflow
