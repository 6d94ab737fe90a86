#pragma once
// The major-incident review report (SOP 4.5), postmortems/<ID>.md, written from the ticket by
// `sop incident report`: summary, impact, task force, timeline, root cause, what went well and
// badly, improvement actions with owners, and the customer communications.
#include "ticket/ticket.hpp"

#include <string>

namespace sop::workflow {

// The path of a ticket's report in the support repository: "postmortems/<ID>.md".
std::string postmortem_path(const std::string& id);

// The report as Markdown. Deterministic: the same ticket gives the same bytes (times as
// written in the ticket, no "generated at" line).
std::string postmortem(const ticket::Json& doc);

} // namespace sop::workflow
