#pragma once
// The state machine of the workflow verbs, as data: every (action, from, to) that an event of a
// ticket may record. `sop validate` checks event logs against it, `sop verify` can check commits
// against it. It is read off lib/workflow (each verb's require_state / require_open guard gives
// `from`, its move() gives `to`) and lib/ticket/intake.cpp (the `new` event); sop-ticket(5),
// STATES and EVENTS, says the same in prose. A verb that gains or loses a state changes this
// table too (tests/unit/validate_test.cpp pins it).
#include <span>
#include <string_view>

namespace sop::validate {

struct Transition {
    std::string_view action;
    std::string_view from; // "" for the intake: the `new` event has `to` and no `from`
    std::string_view to;
    std::string_view why; // the verb and the rule it follows, for messages and sop(1)
};

// The whole table, in the order of the procedure.
std::span<const Transition> transitions();

// Whether an event {action, from, to} is one the workflow makes.
bool allowed(std::string_view action, std::string_view from, std::string_view to);

// Whether `action` ever changes the state (has a row in the table): the others never carry
// `from` or `to`.
bool changes_state(std::string_view action);

// The states of sop-ticket(5), STATES.
bool is_state(std::string_view state);

} // namespace sop::validate
