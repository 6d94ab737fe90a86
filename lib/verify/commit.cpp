#include "verify/commit.hpp"

#include "util/text.hpp"
#include "validate/checks.hpp"

#include <algorithm>

namespace sop::verify {
namespace {

const Json& events_of(const Json& doc) {
    static const Json none = Json::array();
    const auto it = doc.find("events");
    return it != doc.end() && it->is_array() ? *it : none;
}

} // namespace

void Commit::problem(const std::string& path, const std::string& field,
                     const std::string& why) const {
    out->push_back({id, {}, path, field, why});
}

bool Commit::reported(const std::string& path, const std::string& field) const {
    // This commit's problems are the last ones.
    for (auto p = out->rbegin(); p != out->rend() && p->commit == id; ++p)
        if (p->path == path && p->field == field) return true;
    return false;
}

std::vector<std::string> Commit::trailers(std::string_view key) const {
    std::vector<std::string> values;
    for (const auto& [k, v] : message.trailers)
        if (k == key) values.push_back(v);
    return values;
}

bool Commit::is_author(const std::string& who) const {
    const auto person = git::parse_identity(who);
    return person && util::to_lower(person->email) == util::to_lower(author.email);
}

std::string str(const Json& obj, std::string_view key) {
    if (!obj.is_object()) return {};
    const auto it = obj.find(std::string(key));
    return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string event_field(std::size_t i, std::string_view key) {
    std::string f = "events[" + std::to_string(i) + "]";
    if (!key.empty()) f += "." + std::string(key);
    return f;
}

std::optional<Appended> appended_events(const Commit& c, const FileStep& f) {
    static const Json none = Json::array();
    const Json& before = f.before ? events_of(*f.before) : none; // a new file: all appended
    const Json& after = events_of(*f.after);
    for (std::size_t i = 0; i < before.size(); ++i) {
        if (i >= after.size()) {
            c.problem(f.path, event_field(i),
                      "removed: the event log is append-only (the commit drops events " +
                          std::to_string(i) + " to " + std::to_string(before.size() - 1) + ")");
            return std::nullopt;
        }
        if (after[i] != before[i]) {
            c.problem(f.path, event_field(i),
                      "rewritten: the event log is append-only, and event " + std::to_string(i) +
                          " ('" + str(before[i], "action") + "' at " + str(before[i], "at") +
                          ") differs from its version in the parent commit");
            return std::nullopt;
        }
    }
    Appended a;
    a.first = before.size();
    a.events.assign(after.begin() + static_cast<std::ptrdiff_t>(before.size()), after.end());
    return a;
}

void check_event_authors(const Commit& c, const FileStep& f, const Appended& a) {
    for (std::size_t k = 0; k < a.events.size(); ++k) {
        const std::string by = str(a.events[k], "by");
        if (!c.is_author(by))
            c.problem(f.path, event_field(a.first + k, "by"),
                      "'" + by + "', but the commit's author is " + c.author.str() +
                          ": an event is recorded by whoever acts");
    }
}

void check_side_events(const Commit& c, const FileStep& f, const Side& side, const Appended& a) {
    const std::string want = "one event '" + side.action + "' with " + side.key + ": " + side.value;
    if (a.events.size() != 1 || str(a.events[0], "action") != side.action ||
        str(a.events[0], side.key) != side.value) {
        std::string got;
        for (const auto& e : a.events)
            got += (got.empty() ? "" : ", ") + ("'" + str(e, "action") + "'");
        c.problem(f.path, "events",
                  "'" + c.action + "' records " + want + " here; the commit appends " +
                      (got.empty() ? "none" : got));
        return;
    }
    check_event_authors(c, f, a);
}

void check_listed_fields(const Commit& c, const FileStep& f,
                         const std::vector<std::string>& changed, const Json& own,
                         std::size_t own_at) {
    std::vector<std::string> listed;
    if (const auto it = own.find("fields"); it != own.end() && it->is_array())
        for (const auto& v : *it)
            if (v.is_string()) listed.push_back(v.get<std::string>());
    for (const auto& k : changed)
        if (std::find(listed.begin(), listed.end(), k) == listed.end())
            c.problem(f.path, k, "changed, but the edit event does not list it");
    // sop edit also lists the merge conflicts it settles, whose merged values it may keep.
    std::vector<validate::Problem> conflicts;
    if (f.before) validate::check_merge_conflicts(*f.before, f.path, "", conflicts);
    const auto settles = [&](const std::string& k) {
        return std::any_of(conflicts.begin(), conflicts.end(),
                           [&](const validate::Problem& p) { return p.field == k; });
    };
    for (const auto& k : listed)
        if (std::find(changed.begin(), changed.end(), k) == changed.end() && !settles(k))
            c.problem(f.path, event_field(own_at, "fields"),
                      "lists '" + k + "', which the commit does not change");
}

std::vector<std::string> changed_fields(const Json& before, const Json& after,
                                        std::string_view state_key) {
    std::vector<std::string> changed;
    const auto skip = [&](const std::string& k) { return k == "events" || k == state_key; };
    for (const auto& [k, v] : after.items())
        if (!skip(k) && (!before.contains(k) || before[k] != v)) changed.push_back(k);
    for (const auto& [k, v] : before.items())
        if (!skip(k) && !after.contains(k)) changed.push_back(k);
    return changed;
}

void check_moves(const Commit& c, const FileStep& f, const Appended& a, std::string_view key,
                 std::string_view action, MoveAllowed allowed) {
    const std::string k(key);
    const std::string before = str(*f.before, key), after = str(*f.after, key);
    bool moved = false;
    for (std::size_t n = 0; n < a.events.size(); ++n) {
        const Json& e = a.events[n];
        if (!e.contains("from") && !e.contains("to")) continue;
        moved = true;
        const std::size_t i = a.first + n;
        if (c.reported(f.path, event_field(i)) || c.reported(f.path, event_field(i, "from")) ||
            c.reported(f.path, event_field(i, "to")))
            continue; // the file checks said what is wrong with it
        const std::string ev = str(e, "action"), from = str(e, "from"), to = str(e, "to");
        if (ev != action)
            c.problem(f.path, event_field(i),
                      "'" + ev + "' moves the " + k + " (" + from + " → " + to +
                          "), but the commit's action is '" + c.action + "'");
        else if (!allowed(ev, from, to))
            c.problem(f.path, event_field(i),
                      "'" + ev + "' from " + from + " to " + to + " is not a move of the " +
                          (key == "state" ? "workflow" : "article lifecycle"));
        else if (from != before || to != after)
            c.problem(f.path, event_field(i),
                      "moves " + from + " → " + to + ", but the commit moves the " + k + " from " +
                          before + " to " + after);
    }
    if (!moved && before != after && !c.reported(f.path, k))
        c.problem(f.path, k,
                  "'" + after + "', but no event of this commit moves it from " + before);
}

} // namespace sop::verify
