#pragma once
// The verbs of the support procedure (SOP §4.1–4.4, DESIGN §3). Each is one commit; each
// refuses with RefusedError (exit 3) naming the guard that failed and what would satisfy it,
// and then writes nothing. Options a guard needs are plain strings here (empty = not given),
// so that the guard, not the command line parser, says what is missing and why.
#include "workflow/engine.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sop::workflow {

// ---- intake and routing (SOP 4.1) --------------------------------------------------------
struct Triage {
    std::string type, category, team, assignee, note;
    int level = 0;
};
Outcome triage(const Context&, std::string_view id, const Triage&);
Outcome assign(const Context&, std::string_view id, std::string_view who, std::string_view note);
Outcome route(const Context&, std::string_view id, std::string_view team, std::string_view reason);
Outcome respond(const Context&, std::string_view id, std::string_view via, std::string_view note);
// Raises the level (by one when `level` is 0) at any open state.
Outcome escalate(const Context&, std::string_view id, int level, std::string_view reason);

// ---- diagnosis (SOP 4.2) ------------------------------------------------------------------
Outcome diagnose(const Context&, std::string_view id, std::string_view note);
Outcome wait(const Context&, std::string_view id, std::string_view on, std::string_view reason);
Outcome resume(const Context&, std::string_view id, std::string_view note);
struct Remote {
    std::string consent, granted_by, purpose, scope, tool, safeguards;
};
Outcome remote_start(const Context&, std::string_view id, const Remote&);
Outcome remote_end(const Context&, std::string_view id, std::string_view note);

// ---- solution (SOP 4.3) -------------------------------------------------------------------
struct Plan {
    std::vector<std::string> steps, risks, mitigations, touches;
    std::string rollback, resources, window, note;
};
Outcome plan(const Context&, std::string_view id, const Plan&);
Outcome confirm(const Context&, std::string_view id, std::string_view by, std::string_view via);
struct Implement {
    std::string backup, outside_window, note;
};
Outcome implement(const Context&, std::string_view id, const Implement&);
Outcome rollback(const Context&, std::string_view id, std::string_view reason);

// ---- verification and closure (SOP 4.4) ---------------------------------------------------
struct Verify {
    std::optional<bool> passed;
    std::string steps, result, feedback;
};
Outcome verify(const Context&, std::string_view id, const Verify&);
Outcome resolve(const Context&, std::string_view id, std::string_view answer);
struct Survey {
    int speed = 0, quality = 0, attitude = 0; // 1..5; 0 = not given
    std::string comment, via, none;
};
Outcome survey(const Context&, std::string_view id, const Survey&);
struct Close {
    std::string problem, diagnosis, solution, outcome, feedback, advice;
    std::string overdue_reason, reviewed_by, follow_up;
};
Outcome close(const Context&, std::string_view id, const Close&);
Outcome reopen(const Context&, std::string_view id, std::string_view reason);
Outcome cancel(const Context&, std::string_view id, std::string_view reason,
               std::string_view duplicate_of);
struct Link {
    std::string related, kb;
};
Outcome link(const Context&, std::string_view id, const Link&);

// ---- major incidents (SOP 4.5) ------------------------------------------------------------
// A major incident is a level-4 ticket with an `incident` section. The update cadence and the
// review deadline are SLA clocks (sla/clocks.hpp); events: incident-declare (level 4),
// incident-update, incident-mitigate, incident-resolve, incident-action, incident-review,
// incident-report, incident-approve, and notify.
struct Declare {
    std::string lead, impact_start, scope, loss, note;
    std::vector<std::string> roles; // "ROLE=WHO": diagnosis, planning, implementation, ...
};
// Sets level 4 (at any open state), records the task force and the impact, and records who is
// notified: the ticket team's lead, the leads of the teams `rnd` and `ops`, and every manager
// of the config (SOP 4.5), as a `notify` event that the local notify hook is given
// (workflow/notify.hpp). Declaring again after the incident ended starts a new incident.
Outcome incident_declare(const Context&, std::string_view id, const Declare&);
// A customer update; `next` ("30min") is when the next one is promised.
Outcome incident_update(const Context&, std::string_view id, std::string_view message,
                        std::string_view next);
// Stop-the-bleeding actions: degrade, fail over, restore; `backup` is what was backed up first.
Outcome incident_mitigate(const Context&, std::string_view id, std::string_view message,
                          std::string_view backup);
// Service restored and core business verified (`verified` says how): the incident's end.
Outcome incident_resolve(const Context&, std::string_view id, std::string_view verified);
// Improvement actions, numbered from 1.
Outcome incident_action_add(const Context&, std::string_view id, std::string_view text,
                            std::string_view owner, std::string_view due);
Outcome incident_action_done(const Context&, std::string_view id, int n, std::string_view note);
Outcome incident_action_drop(const Context&, std::string_view id, int n, std::string_view reason);
struct Review {
    std::string held_at, root_cause, went_well, went_badly;
    std::vector<std::string> attendees;
};
// The review meeting, after the incident's end (due within 3 business days: the review clock).
Outcome incident_review(const Context&, std::string_view id, const Review&);
// Writes postmortems/<ID>.md from the ticket (workflow/postmortem.hpp) in the same commit.
Outcome incident_report(const Context&, std::string_view id);
// Only a person with the role `manager`; the commit has an Approved-by trailer.
Outcome incident_approve(const Context&, std::string_view id);

// ---- collaboration requests (SOP 4.7) -----------------------------------------------------
struct Request {
    std::string team, need, deliverable, due, mode;
};
// A numbered request to a team; its acknowledgement is due within sla.collab_ack (1bd).
Outcome collab_request(const Context&, std::string_view id, const Request&);
Outcome collab_ack(const Context&, std::string_view id, int n, std::string_view note);
Outcome collab_progress(const Context&, std::string_view id, int n, std::string_view note);
Outcome collab_done(const Context&, std::string_view id, int n, std::string_view note);
// A disagreement goes to the leads, then to management: `to` names the person.
Outcome collab_escalate(const Context&, std::string_view id, int n, std::string_view to,
                        std::string_view reason);

} // namespace sop::workflow
