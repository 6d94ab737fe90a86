#pragma once
// A ticket's state and level at a past instant, replayed from its event log (the `to` and
// `level` of its events), for figures that look back: the backlog at the end of a period, the
// level a resolution cycle ended at.
#include "sla/record.hpp"

#include <cstdint>
#include <string_view>

namespace sop::report {

// The state just before `t`: the `to` of the last event before `t` that changed the state,
// or "new" when none did.
std::string_view state_before(const sla::Record& r, std::int64_t t);

// The level at `t` (events at or before `t`): the `level` of the last triage or escalation,
// or the record's level when no event carries one; 0 for an untriaged ticket.
int level_at(const sla::Record& r, std::int64_t t);

// The first event at or after `t` with `action` (and, when `to` is given, that went to `to`);
// nullptr when there is none.
const sla::Event* first_event(const sla::Record& r, std::string_view action, std::int64_t t = 0,
                              std::string_view to = {});
// The first event at or after `t` that went to state `to`, whatever its action.
const sla::Event* first_to(const sla::Record& r, std::string_view to, std::int64_t t = 0);

} // namespace sop::report
