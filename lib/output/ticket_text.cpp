#include "output/ticket_text.hpp"

#include "util/text.hpp"

namespace sop::output {
namespace {

using Json = ticket::Json;

std::string value_text(const Json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_null()) return "-";
    return v.dump();
}

void field(std::string& out, const std::string& label, const Json& obj, const char* key,
           const Style& style, int indent = 0) {
    if (!obj.is_object() || !obj.contains(key)) return;
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    const std::string text = value_text(obj[key]);
    out += pad + paint(label + ":", "dim", style.color);
    if (text.find('\n') == std::string::npos) {
        out += " " + text + "\n";
        return;
    }
    out += "\n";
    for (const auto& line : util::split(util::trim(text), '\n'))
        out += pad + "  " + line + "\n";
}

// "new", "triaged → diagnosing", or "" when the event did not touch the state.
std::string transition(const std::string& from, const std::string& to) {
    if (to.empty()) return {};
    if (from.empty()) return "→ " + to;
    return from == to ? to : from + " → " + to;
}

// What needs someone's attention now: a major incident, a wait, an open remote session, a plan
// the user has not confirmed.
std::vector<std::string> attention(const Json& doc) {
    std::vector<std::string> out;
    const std::string state = ticket::str(doc, "state");
    const bool open = state != "closed" && state != "cancelled";
    if (doc.contains("incident") && open)
        out.push_back("major incident since " + ticket::str(doc["incident"], "declared_at") +
                      " (SOP 4.5)");
    if (state == "pending" && doc.contains("events")) {
        const auto& events = doc["events"];
        for (auto it = events.rbegin(); it != events.rend(); ++it)
            if (ticket::str(*it, "to") == "pending") {
                out.push_back("waiting on the " + ticket::str(*it, "on") + " since " +
                              ticket::str(*it, "at") + "; resumes to " + ticket::str(*it, "from"));
                break;
            }
    }
    if (doc.contains("remote_sessions"))
        for (const auto& r : doc["remote_sessions"])
            if (!r.contains("ended_at"))
                out.push_back("remote session open since " + ticket::str(r, "started_at") + " (" +
                              ticket::str(r, "tool") + ", consent of " +
                              ticket::str(r, "granted_by") + ")");
    if (state == "planned" && doc.contains("plan") && doc["plan"].contains("touches") &&
        !doc["plan"]["touches"].empty() && !doc["plan"].contains("confirmation"))
        out.push_back("the plan awaits the user's confirmation (sop confirm)");
    return out;
}

} // namespace

Json envelope() {
    return Json{{"schema", "sop/v1"}};
}

std::string ticket_text(const Json& doc, const Style& style) {
    std::string out;
    out += paint(ticket::str(doc, "id"), "yellow", style.color) + "  " +
           paint(ticket::str(doc, "title"), "bold", style.color) + "\n";
    std::string facts;
    for (const char* k : {"state", "level", "type", "category", "channel", "team", "assignee"}) {
        const std::string v = ticket::str(doc, k);
        facts += std::string(facts.empty() ? "" : "  ") + k + ": " + (v.empty() ? "-" : v);
    }
    out += facts + "\n";
    for (const auto& line : attention(doc))
        out += paint("! " + line, "red", style.color) + "\n";
    if (doc.contains("requester")) {
        const Json& r = doc["requester"];
        std::string who = ticket::str(r, "name");
        if (r.contains("contact")) who += " <" + ticket::str(r, "contact") + ">";
        if (r.contains("org")) who += ", " + ticket::str(r, "org");
        if (r.contains("kind")) who += " (" + ticket::str(r, "kind") + ")";
        out += paint("requester:", "dim", style.color) + " " + who + "\n";
    }
    field(out, "received", doc, "received_at", style);
    field(out, "responded", doc, "responded_at", style);
    if (doc.contains("problem")) {
        const Json& p = doc["problem"];
        out += "\n" + paint("Problem", "bold", style.color) + "\n";
        field(out, "symptom", p, "symptom", style, 2);
        field(out, "started", p, "started_at", style, 2);
        field(out, "frequency", p, "frequency", style, 2);
        field(out, "steps", p, "steps", style, 2);
        field(out, "error", p, "error", style, 2);
        if (p.contains("environment"))
            for (const char* k : {"hardware", "software", "system", "network"})
                field(out, k, p["environment"], k, style, 2);
        field(out, "business impact", p, "business_impact", style, 2);
    }
    // Sections added by later workflow steps, and unknown fields, in file order.
    for (const auto& [k, v] : doc.items()) {
        static const std::vector<std::string> shown = {
            "id",   "title",    "state",     "level",       "type",         "category", "channel",
            "team", "assignee", "requester", "received_at", "responded_at", "problem",  "events"};
        if (std::find(shown.begin(), shown.end(), k) != shown.end()) continue;
        out += "\n" + paint(k, "bold", style.color) + "\n";
        std::string body = yaml::emit(Json{{k, v}});
        body = body.substr(body.find('\n') + 1);
        if (body.empty()) body = "  " + value_text(v) + "\n";
        out += body;
    }
    if (doc.contains("events")) {
        out += "\n" + paint("Events", "bold", style.color) + "\n";
        std::vector<std::vector<std::string>> rows;
        for (const auto& e : doc["events"]) {
            rows.push_back({ticket::str(e, "at"), ticket::str(e, "by"), ticket::str(e, "action"),
                            transition(ticket::str(e, "from"), ticket::str(e, "to")),
                            util::first_line(ticket::str(e, "note"), 200)});
        }
        std::string t =
            table({"AT", "BY", "ACTION", "STATE", "NOTE"}, rows, Style{style.color, style.width});
        for (const auto& line : util::split(t, '\n'))
            if (!line.empty()) out += "  " + line + "\n";
    }
    return out;
}

std::string log_text(const std::vector<ticket::LogEntry>& log, const Style& style) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& e : log) {
        rows.push_back({e.at, e.actor, e.action, transition(e.from, e.to),
                        util::first_line(e.note.empty() ? e.subject : e.note, 200)});
    }
    return table({"DATE", "ACTOR", "ACTION", "STATE", "NOTE"}, rows, style);
}

Json log_json(const std::vector<ticket::LogEntry>& log) {
    Json arr = Json::array();
    for (const auto& e : log) {
        Json o = Json::object();
        o["commit"] = e.commit;
        o["at"] = e.at;
        o["actor"] = e.actor;
        o["action"] = e.action;
        o["from"] = e.from.empty() ? Json(nullptr) : Json(e.from);
        o["to"] = e.to.empty() ? Json(nullptr) : Json(e.to);
        o["subject"] = e.subject;
        o["note"] = e.note.empty() ? Json(nullptr) : Json(e.note);
        arr.push_back(std::move(o));
    }
    return arr;
}

} // namespace sop::output
