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

} // namespace sop::workflow
