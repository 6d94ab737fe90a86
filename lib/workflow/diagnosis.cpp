// Diagnosis (SOP 4.2): diagnose, wait/resume, remote sessions with the user's consent.
#include "util/error.hpp"
#include "util/text.hpp"
#include "workflow/verbs.hpp"

#include <algorithm>

namespace sop::workflow {
namespace {

// The open remote session (one without ended_at), if any.
Json* open_session(Json& doc) {
    if (!doc.contains("remote_sessions")) return nullptr;
    for (auto& s : doc["remote_sessions"])
        if (!s.contains("ended_at")) return &s;
    return nullptr;
}

// The state a pending ticket came from: the `from` of the event that made it pending.
std::string pending_from(const Json& doc) {
    const auto& events = doc["events"];
    for (auto it = events.rbegin(); it != events.rend(); ++it)
        if (it->value("to", std::string()) == "pending") return it->value("from", std::string());
    return {};
}

std::vector<std::string> approved_tools(const Context& ctx) {
    std::vector<std::string> tools;
    const auto& d = ctx.config.doc;
    if (d.contains("remote_tools") && d["remote_tools"].is_array())
        for (const auto& t : d["remote_tools"])
            tools.push_back(t.get<std::string>());
    return tools;
}

} // namespace

bool remote_session_open(const Json& doc) {
    if (!doc.contains("remote_sessions")) return false;
    for (const auto& s : doc["remote_sessions"])
        if (!s.contains("ended_at")) return true;
    return false;
}

Outcome diagnose(const Context& ctx, std::string_view id, std::string_view note_in) {
    const std::string note = text_arg("--note", note_in);
    return perform(ctx, id, "diagnose", [&](Json& doc, const git::Snapshot&) {
        require_state(doc, "diagnose", {"triaged", "diagnosing"});
        const bool starting = ticket::state_of(doc) == "triaged";
        if (!starting && note.empty())
            throw UsageError("'" + ticket::id_of(doc) + "' is already being diagnosed",
                             "give --note to record a finding, or use 'sop note'");
        if (!note.empty()) {
            if (!doc.contains("diagnosis")) doc["diagnosis"] = Json::array();
            doc["diagnosis"].push_back(
                Json{{"at", ctx.actor.now.str()}, {"by", actor_str(ctx)}, {"note", note}});
        }
        Json extra = Json::object();
        if (!note.empty()) extra["note"] = note;
        move(doc, ctx, "diagnose", "diagnosing", std::move(extra));
        return Step{starting ? "diagnosis started" : "diagnosis: " + util::first_line(note, 60),
                    note,
                    {},
                    {}};
    });
}

Outcome wait(const Context& ctx, std::string_view id, std::string_view on_in,
             std::string_view reason_in) {
    if (on_in != "customer" && on_in != "team")
        throw InvalidError("--on: unknown value '" + std::string(on_in) + "'",
                           "one of: customer (the SLA clock pauses), team");
    const std::string on(on_in);
    const std::string reason = text_arg("--reason", reason_in);
    return perform(ctx, id, "wait", [&](Json& doc, const git::Snapshot&) {
        require_state(doc, "wait",
                      {"new", "triaged", "diagnosing", "planned", "implementing", "resolved"});
        Json extra{{"on", on}};
        if (!reason.empty()) extra["note"] = reason;
        const std::string from = ticket::state_of(doc);
        move(doc, ctx, "wait", "pending", std::move(extra));
        return Step{"waiting on the " + on + " (was " + from + ")", reason, {}, {}};
    });
}

Outcome resume(const Context& ctx, std::string_view id, std::string_view note_in) {
    const std::string note = text_arg("--note", note_in);
    return perform(ctx, id, "resume", [&](Json& doc, const git::Snapshot&) {
        require_state(doc, "resume", {"pending"});
        std::string back = pending_from(doc);
        if (back.empty() || back == "pending") back = "diagnosing";
        Json extra = Json::object();
        if (!note.empty()) extra["note"] = note;
        move(doc, ctx, "resume", back, std::move(extra));
        return Step{"resumed: " + back, note, {}, {}};
    });
}

Outcome remote_start(const Context& ctx, std::string_view id, const Remote& in) {
    const std::string granted_by = text_arg("--granted-by", in.granted_by, false);
    const std::string purpose = text_arg("--purpose", in.purpose);
    const std::string scope = text_arg("--scope", in.scope);
    const std::string tool = text_arg("--tool", in.tool, false);
    const std::string safeguards = text_arg("--safeguards", in.safeguards);
    return perform(ctx, id, "remote", [&](Json& doc, const git::Snapshot&) {
        const std::string verb = "start a remote session";
        require_state(doc, verb, {"triaged", "diagnosing", "planned", "implementing"});
        const std::string fix = "record the user's consent: 'sop remote " + ticket::id_of(doc) +
                                " --consent written|verbal --granted-by NAME --purpose P "
                                "--scope S --tool T'";
        if (in.consent.empty() || granted_by.empty())
            refuse(doc, verb, "consent",
                   "remote access needs the user's written or verbal consent and who gave it "
                   "(SOP 4.2)",
                   fix);
        if (in.consent != "written" && in.consent != "verbal")
            throw InvalidError("--consent: unknown value '" + in.consent + "'",
                               "one of: written, verbal");
        if (purpose.empty() || scope.empty())
            refuse(doc, verb, "disclosure",
                   "the user is told the purpose and the scope before consenting (SOP 4.2)",
                   "give --purpose and --scope");
        if (tool.empty())
            refuse(doc, verb, "approved-tool", "the session's tool is not named (SOP 4.2)",
                   "give --tool TOOL");
        if (const auto tools = approved_tools(ctx);
            !tools.empty() && std::find(tools.begin(), tools.end(), tool) == tools.end()) {
            std::string list;
            for (const auto& t : tools)
                list += (list.empty() ? "" : ", ") + t;
            refuse(doc, verb, "approved-tool", "'" + tool + "' is not an approved tool (SOP 4.2)",
                   "approved in " + std::string(config::path) + " (remote_tools): " + list);
        }
        if (const Json* open = open_session(doc))
            refuse(doc, verb, "one-session",
                   "a remote session is already open since " + open->value("started_at", ""),
                   "end it first: 'sop remote " + ticket::id_of(doc) + " --end'");
        Json session{{"started_at", ctx.actor.now.str()},
                     {"by", actor_str(ctx)},
                     {"consent", in.consent},
                     {"granted_by", granted_by},
                     {"purpose", purpose},
                     {"scope", scope},
                     {"tool", tool}};
        if (!safeguards.empty()) session["safeguards"] = safeguards;
        if (!doc.contains("remote_sessions")) doc["remote_sessions"] = Json::array();
        doc["remote_sessions"].push_back(session);
        record(doc, ctx, "remote",
               Json{{"consent", in.consent}, {"granted_by", granted_by}, {"tool", tool}});
        return Step{"remote session started (" + in.consent + " consent of " + granted_by + ", " +
                        tool + ")",
                    purpose,
                    {},
                    {}};
    });
}

Outcome remote_end(const Context& ctx, std::string_view id, std::string_view note_in) {
    const std::string note = text_arg("--note", note_in);
    return perform(ctx, id, "remote-end", [&](Json& doc, const git::Snapshot&) {
        Json* open = open_session(doc);
        if (!open)
            refuse(doc, "end a remote session", "open-session", "no remote session is open",
                   "see 'sop show " + ticket::id_of(doc) + "'");
        (*open)["ended_at"] = ctx.actor.now.str();
        if (!note.empty()) (*open)["note"] = note;
        Json extra = Json::object();
        if (!note.empty()) extra["note"] = note;
        record(doc, ctx, "remote-end", std::move(extra));
        return Step{"remote session ended", note, {}, {}};
    });
}

} // namespace sop::workflow
