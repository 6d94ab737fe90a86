#include "verify/ticket_step.hpp"

#include "ticket/intake.hpp"
#include "validate/transitions.hpp"
#include "verify/guards.hpp"
#include "verify/rules.hpp"

#include <algorithm>

namespace sop::verify {
namespace {

// What `sop new` writes: the intake's fields, and id, state and the event log.
bool written_by_intake(const std::string& field) {
    if (field == "id" || field == "state" || field == "events") return true;
    const auto& intake = ticket::intake_fields();
    return std::any_of(intake.begin(), intake.end(), [&](const ticket::IntakeField& f) {
        return f.path.substr(0, f.path.find('.')) == field;
    });
}

void check_created(const Commit& c, const FileStep& f) {
    if (c.action != "new") {
        c.problem(f.path, "", "created by '" + c.action + "': only 'sop new' creates a ticket");
        return;
    }
    check_state_trailer(c, f.path, "state", "Sop-From", "");
    if (!f.after) return; // the file checks say why
    check_state_trailer(c, f.path, "state", "Sop-To", str(*f.after, "state"));
    if (const auto a = appended_events(c, f)) {
        if (a->events.size() != 1 || str(a->events[0], "action") != "new")
            c.problem(f.path, "events", "a new ticket's log is the one intake event 'new'");
        check_event_authors(c, f, *a);
    }
    for (const auto& [k, v] : f.after->items())
        if (!written_by_intake(k))
            c.problem(f.path, k, "set by 'new', which takes in the intake's fields only");
}

} // namespace

void check_state_trailer(const Commit& c, const std::string& path, const std::string& field,
                         std::string_view key, const std::string& state) {
    const std::string said = c.message.trailer(key);
    if (said == state) return;
    const std::string k(key);
    const bool before = key == "Sop-From";
    if (state.empty())
        c.problem(path, field, k + " says '" + said + "', but the file is new in this commit");
    else if (said.empty())
        c.problem(path, field,
                  "no " + k + " trailer; the " + field + " is " + state +
                      (before ? " in the parent commit" : " after the commit"));
    else
        c.problem(path, field,
                  k + " says '" + said + "', but the " + field + " is " + state +
                      (before ? " in the parent commit" : " after the commit"));
}

void check_ticket(const Commit& c, const FileStep& f) {
    if (!f.existed) return check_created(c, f);
    if (!f.exists) {
        c.problem(f.path, "",
                  "removed by '" + c.action +
                      "': only 'sop archive' removes a ticket, once it is closed or cancelled");
        return;
    }
    if (!f.before || !f.after) return; // the file checks say why
    check_state_trailer(c, f.path, "state", "Sop-From", str(*f.before, "state"));
    check_state_trailer(c, f.path, "state", "Sop-To", str(*f.after, "state"));
    const auto a = appended_events(c, f);
    if (!a) return;
    check_event_authors(c, f, *a);
    std::vector<std::size_t> own;
    for (std::size_t k = 0; k < a->events.size(); ++k) {
        const std::string action = str(a->events[k], "action");
        if (action == c.action)
            own.push_back(k);
        else if (!rules::records_also(c.action, action))
            c.problem(f.path, event_field(a->first + k, "action"),
                      "'" + action + "' is not an event that '" + c.action + "' records");
    }
    if (own.size() != 1) {
        c.problem(f.path, "events",
                  "'" + c.action + "' records one event '" + c.action + "'; the commit appends " +
                      std::to_string(own.size()));
        return;
    }
    check_moves(c, f, *a, "state", c.action, validate::allowed);
    const Json& event = a->events[own.front()];
    std::vector<std::string> settable;
    for (const auto& k : changed_fields(*f.before, *f.after, "state")) {
        if (rules::may_change_ticket_field(c.action, k))
            settable.push_back(k);
        else
            c.problem(f.path, k,
                      c.action == "edit" ? "changed: 'sop edit' keeps a ticket's id, state and "
                                           "event log"
                                         : "changed by '" + c.action +
                                               "', which does not set it (fields change through "
                                               "their verbs, or with 'sop edit')");
    }
    if (c.action == "edit") check_listed_fields(c, f, settable, event, a->first + own.front());
    check_ticket_guards(c, f, event, a->first + own.front());
}

void check_side_ticket(const Commit& c, const FileStep& f, const Side& side) {
    if (!f.existed || !f.exists) {
        c.problem(f.path, "",
                  std::string(f.existed ? "removed" : "created") + " by '" + c.action +
                      "', which only links it");
        return;
    }
    if (!f.before || !f.after) return;
    if (const auto a = appended_events(c, f)) check_side_events(c, f, side, *a);
    const std::string before = str(*f.before, "state"), after = str(*f.after, "state");
    if (before != after)
        c.problem(f.path, "state",
                  "moved from " + before + " to " + after + " by '" + c.action +
                      "', which only links this ticket");
    for (const auto& k : changed_fields(*f.before, *f.after, "state"))
        if (k != "links")
            c.problem(f.path, k, "changed by '" + c.action + "', which only links this ticket");
}

} // namespace sop::verify
