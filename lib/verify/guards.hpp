#pragma once
// Internal to lib/verify: the workflow's guards that a commit made by hand could skip, checked
// on what the commit wrote, with the roles of .sop/config.yaml in the parent commit. Each
// problem names the guard as the workflow's refusal does ("[guard: survey]").
//
// Tickets (lib/workflow):
//   close             survey, closure-summary, unhappy-user, remote-session, collaboration,
//                     incident-review/-report/-approval (level 4), senior-review (level 3 and 4:
//                     a Reviewed-by trailer naming a senior engineer other than the closer)
//   resolve           verified-solution (a direct answer closes level-1 tickets only)
//   implement         customer-confirmation, backup
//   incident-approve  approver: the author is a manager, and the Approved-by trailer names them
//   collab-escalate   escalation: to a lead or a manager
// Articles (kb/lifecycle.cpp):
//   kb-approve        reviewer, not-author, and the Approved-by trailer names the author
//   kb-reject         reviewer, not-author
//   kb-retire         reviewer, or the author of an article never approved
#include "verify/commit.hpp"

#include <string_view>

namespace sop::verify {

// `own` is the action's event, events[own_at] of the ticket's log after the commit.
void check_ticket_guards(const Commit& c, const FileStep& f, const Json& own, std::size_t own_at);

void check_article_guards(const Commit& c, const FileStep& f, std::string_view verb);

} // namespace sop::verify
