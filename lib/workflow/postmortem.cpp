// The major-incident review report (postmortem.hpp). Everything comes from the ticket, so the
// same ticket gives the same bytes. One-line values from the ticket are escaped so that Markdown
// shows them as written; the review's longer texts (root cause, what went well and badly) are
// written as given, so that they may use Markdown themselves (lists, emphasis).
#include "workflow/postmortem.hpp"

#include "git/repo.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

#include <array>
#include <cctype>
#include <cstring>

namespace sop::workflow {
namespace {

using ticket::Json;

std::string str(const Json& j, const char* key) {
    if (!j.is_object() || !j.contains(key)) return {};
    const Json& v = j[key];
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return std::to_string(v.get<long long>());
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    return {};
}

const Json& section(const Json& j, const char* key) {
    static const Json none = Json::object();
    return j.is_object() && j.contains(key) && j[key].is_object() ? j[key] : none;
}

const Json& list(const Json& j, const char* key) {
    static const Json none = Json::array();
    return j.is_object() && j.contains(key) && j[key].is_array() ? j[key] : none;
}

bool is_punct(char c) {
    return std::ispunct(static_cast<unsigned char>(c)) != 0;
}
bool is_alnum(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// One line of ticket text, escaped so that Markdown shows it as written: emphasis, code, links
// and HTML markers get a backslash (an underscore inside a word needs none), and so does `|`
// in a table cell.
std::string escape(std::string_view s, bool cell = false) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        const bool inside_word =
            i > 0 && i + 1 < s.size() && is_alnum(s[i - 1]) && is_alnum(s[i + 1]);
        if ((std::strchr("*`[]<", c) != nullptr) || (c == '_' && !inside_word) ||
            (c == '\\' && i + 1 < s.size() && is_punct(s[i + 1])) || (cell && c == '|'))
            out += '\\';
        out += c;
    }
    return out;
}

// Ticket text after a list item's or a label's start: the first line escaped, the others
// indented under it so that they stay in the item; blank lines are dropped.
std::string item_text(std::string_view s) {
    std::string out;
    for (const auto& line : util::split(s, '\n')) {
        const std::string t = util::trim(line);
        if (t.empty()) continue;
        out += (out.empty() ? "" : "\n  ") + escape(t);
    }
    return out;
}

// Ticket text as a paragraph of its own: item_text, and a first character that would start a
// heading, a quote or a list escaped.
std::string paragraph(std::string_view s) {
    std::string out = item_text(s);
    if (!out.empty() && std::strchr("#>-+", out[0]) != nullptr) out.insert(0, "\\");
    return out;
}

// A table cell: one line, `|` escaped.
std::string cell(std::string_view s) {
    std::string out;
    for (const auto& line : util::split(s, '\n')) {
        const std::string t = util::trim(line);
        if (!t.empty()) out += (out.empty() ? "" : " ") + escape(t, true);
    }
    return out.empty() ? "-" : out;
}

// "Name <email>" as Markdown shows it (the address becomes a link); anything else escaped.
std::string person(const std::string& who) {
    if (const auto id = git::parse_identity(who)) return escape(id->name) + " <" + id->email + ">";
    return escape(who);
}

// Just the name of "Name <email>".
std::string name_of(const std::string& who) {
    if (const auto id = git::parse_identity(who)) return escape(id->name);
    return escape(who);
}

// The name of "Name <email>", unescaped (for a table cell).
std::string plain_name(const std::string& who) {
    const auto id = git::parse_identity(who);
    return id ? id->name : who;
}

std::string people(const Json& names) {
    std::string out;
    for (const auto& p : names)
        if (p.is_string()) out += (out.empty() ? "" : ", ") + person(p.get<std::string>());
    return out;
}

// The parts of an RFC 3339 time as written: date, "HH:MM" (":SS" when not zero), offset.
struct Written {
    std::string date, time, offset;
};

Written written(const std::string& ts) {
    if (ts.size() < 20 || ts[10] != 'T') return {ts, "", ""};
    Written w{ts.substr(0, 10), ts.substr(11, 5), ""};
    if (ts.compare(17, 2, "00") != 0) w.time += ts.substr(16, 3);
    std::size_t rest = 19;
    if (rest < ts.size() && ts[rest] == '.')
        for (++rest; rest < ts.size() && std::isdigit(static_cast<unsigned char>(ts[rest]));)
            ++rest;
    const std::string off = ts.substr(rest);
    w.offset = off == "Z" ? "+00:00" : off;
    return w;
}

const std::array<const char*, 7> weekdays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                             "Thursday", "Friday", "Saturday"};

// "Friday 2026-11-27" of a "YYYY-MM-DD" date.
std::string day_heading(const std::string& date) {
    const auto d = util::parse_date(date);
    if (!d) return date;
    const auto days = d->seconds / 86400;
    return std::string(weekdays[static_cast<std::size_t>(((days % 7) + 11) % 7)]) + " " + date;
}

// How the report writes times: in the offset of the incident's declaration, which it states
// once; a time written with another offset keeps it.
class Times {
  public:
    explicit Times(std::string offset) : offset_(std::move(offset)) {}
    std::string zone() const {
        return offset_ == "+00:00" || offset_.empty() ? "UTC" : "UTC" + offset_;
    }
    // "2026-11-27 09:00"
    std::string at(const std::string& ts) const {
        const Written w = written(ts);
        if (w.time.empty()) return escape(ts);
        return w.date + " " + clock(w);
    }
    // "09:00", the time of day alone (the timeline's day is its heading).
    std::string clock(const std::string& ts) const { return clock(written(ts)); }

  private:
    std::string clock(const Written& w) const {
        return w.offset == offset_ ? w.time : w.time + " (UTC" + w.offset + ")";
    }
    std::string offset_;
};

// "3 h 35 min", "2 d 4 h", "45 min".
std::string duration(std::int64_t seconds) {
    if (seconds < 60) return std::to_string(seconds) + " s";
    const std::int64_t minutes = seconds / 60, hours = minutes / 60, days = hours / 24;
    std::string out;
    if (days) out = std::to_string(days) + " d";
    if (hours % 24) out += (out.empty() ? "" : " ") + std::to_string(hours % 24) + " h";
    if (minutes % 60 && !days)
        out += (out.empty() ? "" : " ") + std::to_string(minutes % 60) + " min";
    return out.empty() ? std::to_string(days) + " d" : out;
}

std::string capitalized(std::string s) {
    for (auto& c : s)
        if (c == '-') c = ' ';
    if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

std::string bullet(const std::string& label, const std::string& value) {
    return "- **" + label + ":** " + value + "\n";
}

// ---- the timeline: each event in words ------------------------------------------------------

// What an event did, without its note: "triaged: fault, software, level 3".
std::string what(const Json& e, const Json& doc, const Times& times) {
    const std::string action = str(e, "action");
    auto with = [&](const char* key, const std::string& before, const std::string& after = "") {
        const std::string v = str(e, key);
        return v.empty() ? std::string() : before + escape(v) + after;
    };
    const std::string n = str(e, "n");
    if (action == "new") {
        const Json& req = section(doc, "requester");
        std::string s = "ticket taken in" + with("channel", " by ");
        if (!e.contains("channel") && doc.contains("channel"))
            s += " by " + escape(str(doc, "channel"));
        if (!str(req, "name").empty()) s += " from " + escape(str(req, "name"));
        if (!str(req, "org").empty()) s += " (" + escape(str(req, "org")) + ")";
        return s;
    }
    if (action == "triage")
        return "triaged: " + escape(str(e, "type")) + ", " + escape(str(e, "category")) +
               ", level " + str(e, "level") + with("team", ", team ") +
               (e.contains("assignee") ? ", assigned to " + name_of(str(e, "assignee")) : "");
    if (action == "assign") return "assigned to " + name_of(str(e, "assignee"));
    if (action == "route") return "routed to team " + escape(str(e, "team"));
    if (action == "respond") return "response to the user" + with("via", " by ");
    if (action == "diagnose") return e.contains("note") ? "diagnosis" : "diagnosis started";
    if (action == "note") return "note";
    if (action == "edit") {
        std::string fields;
        for (const auto& f : list(e, "fields"))
            if (f.is_string())
                fields += (fields.empty() ? "" : ", ") + escape(f.get<std::string>());
        return "edited by hand" + (fields.empty() ? "" : " (" + fields + ")");
    }
    if (action == "wait") return "waiting on the " + escape(str(e, "on"));
    if (action == "resume") return "resumed";
    if (action == "remote")
        return "remote session started" + with("tool", " with ") +
               with("granted_by", ", " + escape(str(e, "consent")) + " consent of ");
    if (action == "remote-end") return "remote session ended";
    if (action == "plan") return "plan, revision " + str(e, "revision");
    if (action == "confirm")
        return "plan confirmed by " + escape(str(e, "by_user")) + with("via", " by ");
    if (action == "implement") return "implementation started" + with("backup", " (backup: ", ")");
    if (action == "rollback") return "rolled back";
    if (action == "verify")
        return str(e, "result") == "pass" ? "verification passed" : "verification failed";
    if (action == "resolve") return "answered";
    if (action == "survey") {
        if (e.contains("none")) return "no satisfaction survey: " + escape(str(e, "none"));
        return "satisfaction survey: speed " + str(e, "speed") + ", quality " + str(e, "quality") +
               ", attitude " + str(e, "attitude") + " (of 5)";
    }
    if (action == "close")
        return "closed" +
               (e.contains("reviewed_by") ? ", reviewed by " + name_of(str(e, "reviewed_by")) : "");
    if (action == "reopen") return "reopened";
    if (action == "cancel") return "cancelled" + with("duplicate_of", " as a duplicate of ");
    if (action == "escalate")
        return std::string(str(e, "auto") == "true" ? "level raised automatically to "
                                                    : "level raised to ") +
               str(e, "level") + with("previous", " (was ", ")");
    if (action == "link")
        return "linked to " + escape(e.contains("kb") ? str(e, "kb") : str(e, "related"));
    if (action == "incident-declare")
        return "major incident declared: level 4" + with("previous", " (was ", ")") +
               (e.contains("lead") ? ", lead " + name_of(str(e, "lead")) : "");
    if (action == "notify") {
        std::string names;
        for (const auto& p : list(e, "people"))
            if (p.is_string()) names += (names.empty() ? "" : ", ") + name_of(p.get<std::string>());
        return "notified " + (names.empty() ? std::string("nobody") : names);
    }
    if (action == "incident-update") return "customer update";
    if (action == "incident-mitigate") return "mitigation";
    if (action == "incident-resolve") return "service restored; core business verified";
    if (action == "incident-action") {
        const std::string op = str(e, "op");
        if (op == "add")
            return "improvement action " + n + " added" +
                   (e.contains("owner") ? ", owner " + name_of(str(e, "owner")) : "") +
                   with("due", ", due ");
        return "improvement action " + n + (op == "done" ? " done" : " dropped");
    }
    if (action == "incident-review")
        return "review meeting held " + times.at(str(e, "held_at")) + " with " +
               std::to_string(list(e, "attendees").size()) + " attendees; root cause";
    if (action == "incident-report") return "review report written" + with("path", " to ");
    if (action == "incident-approve") return "review report approved";
    if (action == "collab-request")
        return "collaboration request " + n + " to team " + escape(str(e, "team")) +
               (e.contains("due") ? ", due " + times.at(str(e, "due")) : "");
    if (action == "collab-ack")
        return "collaboration request " + n + " acknowledged" + with("team", " by team ");
    if (action == "collab-progress") return "collaboration request " + n + " progress";
    if (action == "collab-done") return "collaboration request " + n + " done";
    if (action == "collab-escalate")
        return "collaboration request " + n + " escalated to " + name_of(str(e, "escalated_to"));
    return escape(action);
}

// What an event adds after its note: "(backup: …)", "(next update within 30min)".
std::string after_note(const Json& e) {
    const std::string action = str(e, "action");
    if (action == "incident-mitigate" && e.contains("backup"))
        return " (backup: " + item_text(str(e, "backup")) + ")";
    if (action == "incident-update" && e.contains("next"))
        return " (next update promised within " + escape(str(e, "next")) + ")";
    return {};
}

std::string event_line(const Json& e, const Json& doc, const Times& times) {
    std::string line = "- **" + times.clock(str(e, "at")) + "** " + name_of(str(e, "by")) + ": " +
                       what(e, doc, times);
    if (!str(e, "note").empty()) line += ": " + item_text(str(e, "note"));
    line += after_note(e);
    if (e.contains("from") && e.contains("to"))
        line += " (" + escape(str(e, "from")) + " → " + escape(str(e, "to")) + ")";
    return line + "\n";
}

std::string timeline(const Json& doc, const Times& times) {
    std::string out = "## Timeline\n\nEvery event of the ticket, in order.\n";
    std::string day;
    for (const auto& e : list(doc, "events")) {
        const std::string date = written(str(e, "at")).date;
        if (date != day) {
            out += "\n### " + day_heading(date) + "\n\n";
            day = date;
        }
        out += event_line(e, doc, times);
    }
    return out;
}

// ---- the other sections ---------------------------------------------------------------------

std::string summary(const Json& doc, const Json& inc, const Times& times) {
    std::string out = "## Summary\n\n";
    const Json& problem = section(doc, "problem");
    if (!str(problem, "symptom").empty()) out += paragraph(str(problem, "symptom")) + "\n\n";
    std::string kind;
    for (const char* k : {"type", "category"})
        if (!str(doc, k).empty()) kind += escape(str(doc, k)) + ", ";
    kind += "level " + (str(doc, "level").empty() ? std::string("4") : str(doc, "level"));
    if (!str(doc, "team").empty()) kind += ", team " + escape(str(doc, "team"));
    out +=
        bullet("Ticket", escape(str(doc, "id")) + " (" + kind + "), " + escape(str(doc, "state")));
    const Json& req = section(doc, "requester");
    if (!str(req, "name").empty()) {
        std::string who = escape(str(req, "name"));
        if (!str(req, "org").empty()) who += ", " + escape(str(req, "org"));
        if (!str(req, "kind").empty()) who += " (" + escape(str(req, "kind")) + ")";
        if (!str(doc, "channel").empty()) who += ", by " + escape(str(doc, "channel"));
        if (!str(doc, "received_at").empty()) who += " at " + times.at(str(doc, "received_at"));
        out += bullet("Reported by", who);
    }
    out += bullet("Incident lead", inc.contains("lead") ? person(str(inc, "lead")) : "none named");
    out +=
        bullet("Declared",
               times.at(str(inc, "declared_at")) +
                   (inc.contains("declared_by") ? " by " + name_of(str(inc, "declared_by")) : ""));
    if (inc.contains("resolved_at")) {
        std::string restored = times.at(str(inc, "resolved_at"));
        if (inc.contains("resolved_by")) restored += " by " + name_of(str(inc, "resolved_by"));
        out += bullet("Service restored", restored);
        if (inc.contains("verified"))
            out += bullet("Core business verified", item_text(str(inc, "verified")));
    } else {
        out += bullet("Service restored", "not yet");
    }
    const Json& review = section(inc, "review");
    out += bullet("Review meeting",
                  review.contains("held_at") ? times.at(str(review, "held_at")) : "not held yet");
    const Json& approval = section(inc, "approval");
    if (approval.contains("by"))
        out += bullet("Approval", "approved by " + person(str(approval, "by")) + " on " +
                                      times.at(str(approval, "at")));
    else
        out += bullet("Approval", "awaiting management approval (`sop incident approve " +
                                      str(doc, "id") + "`)");
    return out;
}

std::string impact(const Json& inc, const Times& times) {
    const Json& imp = section(inc, "impact");
    std::string out = "## Impact\n\n";
    out += bullet("Start", imp.contains("start") ? times.at(str(imp, "start")) : "not recorded");
    out += bullet("End", imp.contains("end") ? times.at(str(imp, "end"))
                                             : "not yet: the service is not restored");
    const auto start = util::parse_rfc3339(str(imp, "start"));
    const auto end = util::parse_rfc3339(str(imp, "end"));
    if (start && end && end->seconds >= start->seconds)
        out += bullet("Duration", duration(end->seconds - start->seconds));
    out += bullet("Scope", imp.contains("scope") ? item_text(str(imp, "scope")) : "not recorded");
    out += bullet("Estimated loss",
                  imp.contains("loss") ? item_text(str(imp, "loss")) : "not estimated");
    return out;
}

std::string task_force(const Json& inc) {
    std::string out = "## Task force\n\n";
    out += bullet("Lead", inc.contains("lead") ? person(str(inc, "lead")) : "none named");
    for (const auto& [role, who] : section(inc, "roles").items())
        if (who.is_string())
            out += bullet(escape(capitalized(role)), person(who.get<std::string>()));
    return out;
}

std::string notified(const Json& doc, const Times& times) {
    std::string out = "## Notified\n\n";
    bool any = false;
    for (const auto& e : list(doc, "events")) {
        if (str(e, "action") != "notify") continue;
        out += "- **" + times.at(str(e, "at")) + "**";
        if (!str(e, "reason").empty()) out += ", " + escape(str(e, "reason"));
        out += ": " + people(list(e, "people")) + "\n";
        any = true;
    }
    return any ? out : out + "Nobody was notified through sop.\n";
}

std::string mitigations(const Json& inc, const Times& times) {
    std::string out = "## Stopping the bleeding\n\n";
    const Json& all = list(inc, "mitigations");
    for (const auto& m : all) {
        out += "- **" + times.at(str(m, "at")) + "** " + name_of(str(m, "by")) + ": " +
               item_text(str(m, "note"));
        if (m.contains("backup")) out += " (backup: " + item_text(str(m, "backup")) + ")";
        out += "\n";
    }
    return all.empty() ? out + "No mitigation was recorded.\n" : out;
}

std::string block(const std::string& title, const std::string& text, const char* missing) {
    return "## " + title + "\n\n" + (text.empty() ? std::string(missing) : util::trim(text)) + "\n";
}

std::string review(const Json& inc, const Times& times) {
    const Json& r = section(inc, "review");
    std::string out = "## Review meeting\n\n";
    if (!r.contains("held_at"))
        return out + "Not held yet: it is due within 3 business days of the incident's end.\n";
    out += bullet("Held", times.at(str(r, "held_at")));
    out += bullet("Attendees", people(list(r, "attendees")));
    if (r.contains("recorded_by")) out += bullet("Recorded by", person(str(r, "recorded_by")));
    out += "\n" + block("Root cause", str(r, "root_cause"), "Not established.");
    out += "\n" + block("What went well", str(r, "went_well"), "Nothing recorded.");
    out += "\n" + block("What went badly", str(r, "went_badly"), "Nothing recorded.");
    return out;
}

std::string actions(const Json& inc, const Times& times) {
    const Json& all = list(inc, "actions");
    std::string out = "## Improvement actions\n\n";
    if (all.empty()) return out + "None recorded.\n";
    out += "| # | Action | Owner | Due | State |\n|--:|--------|-------|-----|-------|\n";
    for (const auto& a : all) {
        std::string state = escape(str(a, "state"));
        if (a.contains("closed_at")) state += " " + times.at(str(a, "closed_at")).substr(0, 10);
        if (a.contains("reason")) state += ": " + cell(str(a, "reason"));
        out += "| " + str(a, "n") + " | " + cell(str(a, "text")) + " | " +
               cell(plain_name(str(a, "owner"))) + " | " +
               (a.contains("due") ? cell(str(a, "due")) : "-") + " | " + state + " |\n";
    }
    return out;
}

bool is_update(const std::string& action) {
    return action == "respond" || action == "incident-update";
}

// The longest time the user went without an update while the incident ran (SOP 4.5 asks for
// one every 30-60 minutes): from the declaration, update to update, to the end.
std::string longest_silence(const Json& doc, const Json& inc, const Times& times) {
    const auto declared = util::parse_rfc3339(str(inc, "declared_at"));
    if (!declared) return {};
    const auto end = util::parse_rfc3339(str(inc, "resolved_at"));
    std::int64_t from = declared->seconds, longest = 0;
    std::string from_text = str(inc, "declared_at"), since, until;
    auto gap_to = [&](std::int64_t t, const std::string& text) {
        if (t - from > longest) longest = t - from, since = from_text, until = text;
        from = t;
        from_text = text;
    };
    for (const auto& e : list(doc, "events")) {
        const auto t = util::parse_rfc3339(str(e, "at"));
        if (!t || !is_update(str(e, "action")) || t->seconds <= declared->seconds) continue;
        if (end && t->seconds >= end->seconds) break;
        gap_to(t->seconds, str(e, "at"));
    }
    if (end) gap_to(end->seconds, str(inc, "resolved_at"));
    if (longest == 0) return {};
    return "The longest time without an update while the incident ran: " + duration(longest) +
           ", from " + times.at(since) + " to " + times.at(until) + ".\n\n";
}

std::string communications(const Json& doc, const Json& inc, const Times& times) {
    std::string out = "## Customer communications\n\n" + longest_silence(doc, inc, times);
    bool any = false;
    for (const auto& e : list(doc, "events")) {
        const std::string action = str(e, "action");
        if (!is_update(action)) continue;
        out += "- **" + times.at(str(e, "at")) + "** " + name_of(str(e, "by"));
        out += action == "respond" ? (e.contains("via") ? ", by " + escape(str(e, "via")) : "")
                                   : ", customer update";
        out += ": " + (str(e, "note").empty() ? std::string("(no message recorded)")
                                              : item_text(str(e, "note")));
        out += after_note(e) + "\n";
        any = true;
    }
    return any ? out : out + "None recorded.\n";
}

std::string collaboration(const Json& doc, const Times& times) {
    const Json& all = list(doc, "collaboration");
    if (all.empty()) return {};
    std::string out =
        "## Collaboration requests\n\n| # | Team | Need | Deliverable | Due | State |\n"
        "|--:|------|------|-------------|-----|-------|\n";
    for (const auto& r : all)
        out += "| " + str(r, "n") + " | " + cell(str(r, "team")) + " | " + cell(str(r, "need")) +
               " | " + cell(str(r, "deliverable")) + " | " + times.at(str(r, "due")) + " | " +
               escape(str(r, "state")) + " |\n";
    return out + "\n";
}

// The offset the report writes times in: the declaration's, else the first event's.
std::string report_offset(const Json& doc, const Json& inc) {
    if (inc.contains("declared_at")) return written(str(inc, "declared_at")).offset;
    const Json& events = list(doc, "events");
    return events.empty() ? std::string("+00:00") : written(str(events[0], "at")).offset;
}

} // namespace

std::string postmortem_path(const std::string& id) {
    return "postmortems/" + id + ".md";
}

std::string postmortem(const ticket::Json& doc) {
    const Json& inc = section(doc, "incident");
    const Times times(report_offset(doc, inc));
    std::string out =
        "# Major incident " + escape(str(doc, "id")) + ": " + escape(str(doc, "title")) + "\n\n";
    out += "Review report of a major incident (SOP 4.5), written from the ticket by\n"
           "`sop incident report`. Times are " +
           times.zone() + ".\n\n";
    out += summary(doc, inc, times) + "\n";
    out += impact(inc, times) + "\n";
    out += task_force(inc) + "\n";
    out += notified(doc, times) + "\n";
    out += mitigations(inc, times) + "\n";
    out += timeline(doc, times) + "\n";
    out += review(inc, times) + "\n";
    out += actions(inc, times) + "\n";
    out += collaboration(doc, times);
    out += communications(doc, inc, times);
    return out;
}

} // namespace sop::workflow
