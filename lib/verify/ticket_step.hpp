#pragma once
// Internal to lib/verify: a ticket file changed by a ticket verb, against the commit's trailers,
// the workflow's transitions (validate/transitions.hpp) and what the verb sets
// (verify/rules.hpp).
#include "verify/commit.hpp"

namespace sop::verify {

// The ticket the action is about (the first Sop-Ticket trailer): created only by `new`, never
// removed; its event log kept, one event of the action appended (plus the events the action
// records with it), by the author; the state as Sop-From and Sop-To say, moved by a transition
// of the action; only the fields the action sets changed (`edit`: those its event lists); then
// the guards (verify/guards.hpp).
void check_ticket(const Commit& c, const FileStep& f);

// A ticket changed alongside (`sop link --related`, `sop kb new --from-ticket`): `side`'s one
// event appended, the state kept, nothing but `links` changed.
void check_side_ticket(const Commit& c, const FileStep& f, const Side& side);

// The trailer `key` (Sop-From: the state before, Sop-To: after) says `state` ("" for a file
// that does not exist then: no trailer); a problem on `field` (state, status) when not.
void check_state_trailer(const Commit& c, const std::string& path, const std::string& field,
                         std::string_view key, const std::string& state);

} // namespace sop::verify
