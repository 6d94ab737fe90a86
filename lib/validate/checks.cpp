#include "validate/checks.hpp"

#include "util/text.hpp"
#include "util/time.hpp"
#include "validate/transitions.hpp"

#include <algorithm>
#include <optional>
#include <set>

namespace sop::validate {
namespace {

std::string str(const Json& obj, const char* key) {
    const auto it = obj.find(key);
    return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string event_field(std::size_t i, std::string_view key = {}) {
    std::string f = "events[" + std::to_string(i) + "]";
    if (!key.empty()) f += "." + std::string(key);
    return f;
}

// Whether the schema (or an earlier check) already reported `field` or something inside it.
bool reported(const std::vector<Problem>& out, const std::string& path, const std::string& field) {
    return std::any_of(out.begin(), out.end(), [&](const Problem& p) {
        return p.path == path && (p.field == field || p.field.starts_with(field + ".") ||
                                  p.field.starts_with(field + "["));
    });
}

// A value for a message: a string quoted and cut to one short line, anything else as JSON.
std::string shown(const Json& v) {
    if (!v.is_string()) return v.dump();
    const std::string& s = v.get_ref<const std::string&>();
    std::string line = util::first_line(s, 60);
    if (line != s) line += "…";
    return "'" + line + "'";
}

// Whether a field named by an `edit` event (top-level, as sop edit writes them) covers the
// dotted path of a merge conflict.
bool covers(const std::string& edited, const std::string& conflicted) {
    return conflicted == edited || conflicted.starts_with(edited + ".") ||
           conflicted.starts_with(edited + "[");
}

struct Conflict {
    std::size_t event;
    std::string field;
    Json values;
    bool kept = false; // values are [kept, other]: the merge chose the first
    bool resolved = false;
};

} // namespace

std::vector<std::size_t> conflict_marker_lines(std::string_view text) {
    std::vector<std::size_t> lines;
    std::size_t n = 1;
    for (std::size_t at = 0; at < text.size(); ++n) {
        const std::size_t end = std::min(text.find('\n', at), text.size());
        std::string_view l = text.substr(at, end - at);
        if (l.ends_with('\r')) l.remove_suffix(1);
        if (l.starts_with("<<<<<<<") || l.starts_with(">>>>>>>") || l.starts_with("|||||||") ||
            l == "=======" || l.starts_with("======= "))
            lines.push_back(n);
        at = end + 1;
    }
    return lines;
}

std::vector<Problem> conflict_markers(const std::string& path, std::string_view text) {
    const auto lines = conflict_marker_lines(text);
    if (lines.empty()) return {};
    std::string list;
    for (const auto n : lines)
        list += (list.empty() ? "" : ", ") + std::to_string(n);
    return {{path, std::string(whole_file),
             "git conflict markers at line" + std::string(lines.size() > 1 ? "s " : " ") + list +
                 ": an unresolved merge (resolve it, or take one side with 'git checkout --ours' "
                 "or '--theirs')"}};
}

void check_times(const Json& doc, const std::string& path, std::vector<Problem>& out) {
    const auto check = [&](const Json* v, const std::string& field, bool date_ok) {
        if (!v || !v->is_string() || reported(out, path, field)) return;
        const auto& s = v->get_ref<const std::string&>();
        const bool ok =
            date_ok ? util::parse_date_or_time(s).has_value() : util::parse_rfc3339(s).has_value();
        if (!ok)
            out.push_back({path, field,
                           "'" + s + "' is not a valid RFC 3339 " +
                               (date_ok ? "date or date-time" : "date-time")});
    };
    const auto at = [&](const Json& obj, const char* key) -> const Json* {
        if (!obj.is_object()) return nullptr;
        const auto it = obj.find(key);
        return it == obj.end() ? nullptr : &*it;
    };
    check(at(doc, "received_at"), "received_at", false);
    check(at(doc, "responded_at"), "responded_at", false);
    if (const Json* problem = at(doc, "problem"))
        check(at(*problem, "started_at"), "problem.started_at", true);
    const Json* events = at(doc, "events");
    if (!events || !events->is_array()) return;
    std::optional<util::Timestamp> last;
    std::size_t last_i = 0;
    for (std::size_t i = 0; i < events->size(); ++i) {
        const Json* a = at((*events)[i], "at");
        const std::string field = event_field(i, "at");
        check(a, field, false);
        if (!a || !a->is_string()) continue;
        const auto t = util::parse_rfc3339(a->get<std::string>());
        if (!t) continue;
        if (last && *t < *last)
            out.push_back({path, field,
                           "'" + a->get<std::string>() + "' is earlier than " +
                               event_field(last_i, "at") + " ('" + last->str() +
                               "'): events are out of time order"});
        if (!last || *t >= *last) {
            last = t;
            last_i = i;
        }
    }
}

void check_merge_conflicts(const Json& doc, const std::string& path, const std::string& fix,
                           std::vector<Problem>& out) {
    const auto it = doc.find("events");
    if (it == doc.end() || !it->is_array()) return;
    const Json& events = *it;
    std::vector<Conflict> conflicts;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const Json& e = events[i];
        if (!e.is_object()) continue;
        const std::string action = str(e, "action");
        if (action == "merge-conflict") {
            const auto f = e.find("field");
            if (f == e.end() || !f->is_string() || f->get<std::string>().empty()) {
                out.push_back(
                    {path, event_field(i, "field"), "a merge-conflict event names no field"});
                continue;
            }
            // {values: [a, b]}, or {kept, other} as lib/merge writes it.
            Json values = Json::array();
            bool kept = false; // values[0] is the value the merge kept
            if (const auto v = e.find("values"); v != e.end() && v->is_array() && v->size() == 2) {
                values = *v;
            } else if (e.contains("kept") || e.contains("other")) {
                values = Json::array({e.value("kept", Json()), e.value("other", Json())});
                kept = true;
            } else
                out.push_back({path, event_field(i, "values"),
                               "a merge-conflict event keeps the two values that conflicted "
                               "(values: [a, b], or kept and other)"});
            conflicts.push_back({i, f->get<std::string>(), std::move(values), kept});
        } else if (action == "edit") {
            const auto fields = e.find("fields");
            if (fields == e.end() || !fields->is_array()) continue;
            for (const auto& f : *fields)
                if (f.is_string())
                    for (auto& c : conflicts)
                        if (covers(f.get<std::string>(), c.field)) c.resolved = true;
        }
    }
    for (const auto& c : conflicts) {
        if (c.resolved) continue;
        const auto value = [](const Json& v) { return v.is_null() ? "(absent)" : shown(v); };
        std::string sides = "the two sides set two values";
        if (c.values.size() == 2)
            sides = c.kept
                        ? "the merge kept " + value(c.values[0]) + ", the other side set " +
                              value(c.values[1])
                        : "the two sides set " + value(c.values[0]) + " and " + value(c.values[1]);
        out.push_back({path, c.field,
                       "merge conflict (" + event_field(c.event) + ") not resolved: " + sides +
                           "; choose with '" + fix + "'",
                       true});
    }
}

void check_events(const Json& doc, const std::string& path, std::vector<Problem>& out) {
    const auto it = doc.find("events");
    if (it == doc.end() || !it->is_array() || it->empty()) return; // the schema says so
    const Json& events = *it;

    std::string current;           // the state after the last event that recorded one
    std::size_t current_at = 0;    // that event
    bool known = false;            // current is known (false before the intake, or after a break)
    bool forked = false;           // two lines of work merged: the log is no longer one sequence
    std::set<std::string> reached; // every state the log has been in so far
    std::string waited_in;         // the `from` of the last wait: where resume goes back to
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::size_t state_conflict = none; // a merge conflict on `state` since `current`

    for (std::size_t i = 0; i < events.size(); ++i) {
        const Json& e = events[i];
        if (!e.is_object()) continue;
        const std::string action = str(e, "action");
        const bool has_from = e.contains("from"), has_to = e.contains("to");
        const std::string from = str(e, "from"), to = str(e, "to");

        if (i == 0 && action != "new" && !reported(out, path, event_field(0, "action")))
            out.push_back({path, event_field(0, "action"),
                           "the first event is '" + action +
                               "', not the intake 'new' that 'sop new' records"});
        if (action == "merge-conflict" && str(e, "field") == "state") state_conflict = i;

        if (!has_from && !has_to) {
            if (action == "new")
                out.push_back(
                    {path, event_field(i), "the intake event records no state (it has 'to: new')"});
            continue;
        }
        if (reported(out, path, event_field(i, "from")) ||
            reported(out, path, event_field(i, "to")))
            continue;
        if (has_to && !is_state(to)) {
            out.push_back({path, event_field(i, "to"), "'" + to + "' is not a state"});
            known = false;
            continue;
        }
        if (has_from && !is_state(from)) {
            out.push_back({path, event_field(i, "from"), "'" + from + "' is not a state"});
        } else if (!has_to) {
            out.push_back({path, event_field(i, "to"),
                           "'" + action + "' records the state it left (" + from +
                               ") but not the state it reached"});
        } else if (!changes_state(action)) {
            out.push_back({path, event_field(i),
                           "'" + action + "' never changes the state, but records " +
                               (has_from ? from : "(nothing)") + " → " + to});
        } else if (!allowed(action, has_from ? from : "", to)) {
            std::string ways;
            for (const auto& t : transitions())
                if (t.action == action)
                    ways += (ways.empty() ? "" : ", ") +
                            (t.from.empty() ? std::string("(intake)") : std::string(t.from)) +
                            " → " + std::string(t.to);
            out.push_back({path, event_field(i),
                           "'" + action + "' from " + (has_from ? from : "(nothing)") + " to " +
                               to + " is not a transition of the workflow ('" + action + "' goes " +
                               ways + ")"});
        } else if (action == "new") {
            if (i != 0)
                out.push_back(
                    {path, event_field(i), "a second intake: only the first event is 'new'"});
        } else {
            bool continuous = true;
            if (known && from != current && state_conflict == none) {
                continuous = false;
                // A merge of two lines of work (lib/merge: the union of both sides' events in
                // time order) interleaves transitions that each left a state the ticket was
                // in; one that leaves a state it never reached is made up.
                if (reached.count(from))
                    forked = true;
                else
                    out.push_back({path, event_field(i, "from"),
                                   "'" + action + "' leaves " + from +
                                       ", a state the event log never reached: the ticket was " +
                                       current + " after " + event_field(current_at) + " (" +
                                       str(events[current_at], "action") + ")"});
            }
            if (action == "resume" && continuous && !forked) {
                const std::string back = waited_in.empty() ? "diagnosing" : waited_in;
                if (to != back)
                    out.push_back({path, event_field(i, "to"),
                                   "resume goes back to " + back +
                                       ", the state the ticket waited in, not to " + to});
            }
        }
        if (to == "pending" && from != "pending") waited_in = from;
        if (has_from) reached.insert(from);
        reached.insert(to);
        current = to;
        current_at = i;
        known = true;
        if (state_conflict != none && state_conflict < i) state_conflict = none;
    }

    const auto s = doc.find("state");
    if (s == doc.end() || !s->is_string() || reported(out, path, "state")) return;
    const std::string state = s->get<std::string>();
    if (current.empty()) {
        if (!reported(out, path, "events"))
            out.push_back(
                {path, "state",
                 "'" + state + "', but no event records a state (the intake records 'to: new')"});
    } else if (known && state != current && state_conflict == none) {
        out.push_back({path, "state",
                       "'" + state + "' contradicts the event log, which ends in " + current +
                           " (" + event_field(current_at) + ", " +
                           str(events[current_at], "action") + ")"});
    }
}

Problem split(const std::string& path, const std::string& message) {
    std::string m = message;
    if (m.starts_with(path + ": ")) m.erase(0, path.size() + 2);
    // The YAML reader: "<path>:<line>:<col>: why" or "<path>:<line>: why".
    if (m.starts_with(path + ":")) {
        const std::string rest = m.substr(path.size() + 1);
        const auto colon = rest.find(": ");
        const std::string where = rest.substr(0, colon);
        if (colon != std::string::npos &&
            where.find_first_not_of("0123456789:") == std::string::npos && !where.empty()) {
            const auto c2 = where.find(':');
            std::string pos = "line " + where.substr(0, c2);
            if (c2 != std::string::npos) pos += ", column " + where.substr(c2 + 1);
            return {path, std::string(whole_file), pos + ": " + rest.substr(colon + 2)};
        }
    }
    const auto colon = m.find(": ");
    if (colon != std::string::npos && colon > 0) {
        const std::string field = m.substr(0, colon);
        const bool looks_like_field =
            field == "(top level)" ||
            field.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                    "0123456789_.[]-") == std::string::npos;
        if (looks_like_field) return {path, field, m.substr(colon + 2)};
    }
    return {path, std::string(whole_file), m};
}

} // namespace sop::validate
