#pragma once
// The machinery every workflow verb shares (DESIGN §3): read the ticket at HEAD, check the
// guards, change the fields, append the events, validate, and commit, all as one commit
// through git::commit. A verb only says what it checks and what it changes.
#include "config/config.hpp"
#include "git/repo.hpp"
#include "git/store.hpp"
#include "ticket/actions.hpp"
#include "ticket/ticket.hpp"

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace sop::workflow {

using Json = ticket::Json;
using ticket::Outcome;

// Where a verb runs: the repository, who acts and when, and the team's setup.
struct Context {
    const git::Repo& repo;
    ticket::Actor actor;
    const config::Config& config;
};

// What a verb did, for the commit message: "<ID>: <subject>", the note as the body, and
// trailers beyond the Sop-* ones (e.g. "Reviewed-by: Name <email>").
struct Step {
    std::string subject;
    std::string body;
    std::vector<std::string> trailers;
    std::vector<git::FileWrite> also; // other files of the same commit (e.g. a linked ticket)
};

// The verb's work on the ticket read from `head`; it may throw to refuse.
using Apply = std::function<Step(Json& doc, const git::Snapshot& head)>;

// Resolves `id_input`, applies the verb and commits the result. `action` is the verb's name
// (the Sop-Action trailer); the state before and after gives Sop-From and Sop-To.
Outcome perform(const Context& ctx, std::string_view id_input, std::string_view action,
                const Apply& apply);

// A guard that failed: RefusedError (exit 3) "<ID>: cannot <verb>: <why> [guard: <name>]",
// with `fix` (what would satisfy it) as the hint.
[[noreturn]] void refuse(const Json& doc, std::string_view verb, std::string_view guard,
                         const std::string& why, const std::string& fix);

// The state guard: refuses unless the ticket is in one of `allowed`.
void require_state(const Json& doc, std::string_view verb,
                   std::initializer_list<std::string_view> allowed);

bool is_open(std::string_view state); // not closed, not cancelled
// The state guard for verbs that work on any open ticket.
void require_open(const Json& doc, std::string_view verb);

// Appends an event {at, by, action, [from, to], ...extra}; from/to only when `to` differs.
void record(Json& doc, const Context& ctx, std::string_view action, Json extra = Json::object());
// Moves the ticket to `to` and records the event with from/to.
void move(Json& doc, const Context& ctx, std::string_view action, std::string_view to,
          Json extra = Json::object());

// Text options: trimmed, valid UTF-8 without control characters (line breaks and tabs allowed
// in `multiline` text); InvalidError naming `what` otherwise. Empty stays empty.
std::string text_arg(std::string_view what, std::string_view value, bool multiline = true);
// The same for a value that must be given: RefusedError through `refuse` when empty.
std::string required_text(const Json& doc, std::string_view verb, std::string_view guard,
                          std::string_view option, std::string_view value, const std::string& why);

// The actor as written in tickets: "Name <email>".
std::string actor_str(const Context& ctx);
// A person named on the command line: "me" is the actor; a person from the config is written
// as "Name <email>"; anyone else as given (when the config lists nobody).
std::string person_arg(const Context& ctx, std::string_view what, std::string_view who);
// A team from the config (any name when the config lists none).
std::string team_arg(const Context& ctx, std::string_view team);
// A channel of DESIGN §3 (phone, chat, email, im, remote, onsite).
std::string channel_arg(std::string_view channel);

int level_of(const Json& doc); // 0 when not triaged
bool remote_session_open(const Json& doc);
// Level 4 marks a major incident: the ticket gains its `incident` section (SOP 4.5).
void set_level(Json& doc, const Context& ctx, int level);

} // namespace sop::workflow
