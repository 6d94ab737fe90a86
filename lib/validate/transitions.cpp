#include "validate/transitions.hpp"

#include <algorithm>
#include <array>

namespace sop::validate {
namespace {

// Where each row comes from: the verb's state guard (require_state / require_open) gives
// `from`, its move() gives `to`. require_open is every open state: new, triaged, diagnosing,
// planned, implementing, resolved, pending. An action that keeps the state (diagnose while
// diagnosing, plan while planned) records no from/to and has no row.
constexpr std::array table{
    // ticket/intake.cpp: create() records {action: new, to: new}.
    Transition{"new", "", "new", "sop new: the intake"},
    // workflow/routing.cpp: triage requires new.
    Transition{"triage", "new", "triaged", "sop triage: from new"},
    // workflow/diagnosis.cpp: diagnose requires triaged|diagnosing, moves to diagnosing.
    Transition{"diagnose", "triaged", "diagnosing", "sop diagnose: from triaged"},
    // workflow/diagnosis.cpp: wait requires new|triaged|diagnosing|planned|implementing|resolved.
    Transition{"wait", "new", "pending", "sop wait"},
    Transition{"wait", "triaged", "pending", "sop wait"},
    Transition{"wait", "diagnosing", "pending", "sop wait"},
    Transition{"wait", "planned", "pending", "sop wait"},
    Transition{"wait", "implementing", "pending", "sop wait"},
    Transition{"wait", "resolved", "pending", "sop wait"},
    // workflow/diagnosis.cpp: resume requires pending and goes back to the `from` of the wait
    // (diagnosing when there is none); check_ticket() also checks that it is that state.
    Transition{"resume", "pending", "new", "sop resume: back to where it waited"},
    Transition{"resume", "pending", "triaged", "sop resume: back to where it waited"},
    Transition{"resume", "pending", "diagnosing", "sop resume: back to where it waited"},
    Transition{"resume", "pending", "planned", "sop resume: back to where it waited"},
    Transition{"resume", "pending", "implementing", "sop resume: back to where it waited"},
    Transition{"resume", "pending", "resolved", "sop resume: back to where it waited"},
    // workflow/solution.cpp: plan requires triaged|diagnosing|planned, moves to planned.
    Transition{"plan", "triaged", "planned", "sop plan"},
    Transition{"plan", "diagnosing", "planned", "sop plan"},
    // workflow/solution.cpp: implement requires planned; rollback requires implementing.
    Transition{"implement", "planned", "implementing", "sop implement: from planned"},
    Transition{"rollback", "implementing", "diagnosing", "sop rollback: from implementing"},
    // workflow/closure.cpp: verify requires implementing; a pass resolves, a failure goes
    // back to diagnosing.
    Transition{"verify", "implementing", "resolved", "sop verify --pass"},
    Transition{"verify", "implementing", "diagnosing", "sop verify --fail"},
    // workflow/closure.cpp: resolve (a level-1 answer) requires triaged|diagnosing.
    Transition{"resolve", "triaged", "resolved", "sop resolve: a level-1 answer"},
    Transition{"resolve", "diagnosing", "resolved", "sop resolve: a level-1 answer"},
    // workflow/incident.cpp: incident resolve requires new|triaged|diagnosing|planned|
    // implementing.
    Transition{"incident-resolve", "new", "resolved", "sop incident resolve"},
    Transition{"incident-resolve", "triaged", "resolved", "sop incident resolve"},
    Transition{"incident-resolve", "diagnosing", "resolved", "sop incident resolve"},
    Transition{"incident-resolve", "planned", "resolved", "sop incident resolve"},
    Transition{"incident-resolve", "implementing", "resolved", "sop incident resolve"},
    // workflow/closure.cpp: close requires resolved; reopen requires resolved|closed.
    Transition{"close", "resolved", "closed", "sop close: from resolved"},
    Transition{"reopen", "resolved", "diagnosing", "sop reopen"},
    Transition{"reopen", "closed", "diagnosing", "sop reopen"},
    // workflow/closure.cpp: cancel requires an open ticket.
    Transition{"cancel", "new", "cancelled", "sop cancel"},
    Transition{"cancel", "triaged", "cancelled", "sop cancel"},
    Transition{"cancel", "diagnosing", "cancelled", "sop cancel"},
    Transition{"cancel", "planned", "cancelled", "sop cancel"},
    Transition{"cancel", "implementing", "cancelled", "sop cancel"},
    Transition{"cancel", "resolved", "cancelled", "sop cancel"},
    Transition{"cancel", "pending", "cancelled", "sop cancel"},
};

constexpr std::array<std::string_view, 9> states = {"new",     "triaged",      "diagnosing",
                                                    "planned", "implementing", "resolved",
                                                    "closed",  "pending",      "cancelled"};

} // namespace

std::span<const Transition> transitions() {
    return table;
}

bool allowed(std::string_view action, std::string_view from, std::string_view to) {
    return std::any_of(table.begin(), table.end(), [&](const Transition& t) {
        return t.action == action && t.from == from && t.to == to;
    });
}

bool changes_state(std::string_view action) {
    return std::any_of(table.begin(), table.end(),
                       [&](const Transition& t) { return t.action == action; });
}

bool is_state(std::string_view state) {
    return std::find(states.begin(), states.end(), state) != states.end();
}

} // namespace sop::validate
