#pragma once
// The local notify hook (SOP 4.5: the direct lead, the R&D and ops leads and management are
// told at once). The command is git's `sop.notify`, read from this machine's git configuration
// of the clone (its .git/config, the global, XDG and system files), never from a file that came
// with the support repository: whoever wrote the repository cannot make sop run a command
// (DESIGN §8). It runs after the commit, so its failure is a warning, never the command's.
#include "git/repo.hpp"
#include "ticket/ticket.hpp"

#include <iosfwd>
#include <optional>
#include <string>

namespace sop::workflow {

using Json = ticket::Json;

// How long the hook may run before it is killed, unless git's `sop.notifyTimeout` (seconds)
// says otherwise.
inline constexpr int notify_timeout_seconds = 10;

// The command of `sop.notify`; nullopt when none is configured (or it is empty).
std::optional<std::string> notify_command(const git::Repo& repo);

// What the hook reads on its standard input, as one line of JSON:
// {"schema":"sop/v1","ticket":ID,"title":…,"event":<the ticket's last notify event>,
//  "incident":<its incident section>}.
Json notify_payload(const Json& ticket);

// Runs the configured command with /bin/sh -c in the working tree, `payload` on its standard
// input, its standard output sent to standard error, and SOP_TICKET in its environment. A
// command that cannot start, exits non-zero, dies or times out is reported on `warnings` as
// "sop: warning: notify command failed: …". Does nothing when no command is configured.
void run_notify_hook(const git::Repo& repo, const Json& payload, std::ostream& warnings);

} // namespace sop::workflow
