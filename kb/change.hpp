#pragma once
// What the writing verbs of kb/ share (authoring.cpp, lifecycle.cpp): the commit message, the
// refusals, the event log, and perform(), which reads an article at HEAD, applies a verb,
// checks the result and commits it, as workflow::perform does for tickets.
#include "kb/article.hpp"
#include "workflow/engine.hpp"

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>

namespace sop::kb::detail {

using workflow::Step;
using Apply = std::function<Step(Json& doc, const git::Snapshot& head)>;

// "<ID>: <subject>", the body, then Sop-Article, Sop-Action (kb-<verb>), Sop-From, Sop-To.
std::string commit_message(const std::string& id, const std::string& subject,
                           const std::string& body, std::string_view verb, const std::string& from,
                           const std::string& to);
std::string dirty_hint(const std::string& id);
// RefusedError (exit 3): "<ID>: cannot <verb>: <why> [guard: <guard>]", `fix` as the hint.
[[noreturn]] void refuse(const Json& doc, std::string_view verb, std::string_view guard,
                         const std::string& why, const std::string& fix);
void require_status(const Json& doc, std::string_view verb,
                    std::initializer_list<std::string_view> allowed);
// Appends an event {at, by, action, ...extra}.
void record(Json& doc, const ticket::Actor& actor, std::string_view action, Json extra);
// Moves the article to `to` and records the event with from/to.
void move(Json& doc, const ticket::Actor& actor, std::string_view action, std::string_view to,
          Json extra);
std::int64_t version_of(const Json& doc);

// Resolves `input`, applies the verb to the article at HEAD and commits the result.
ticket::Outcome perform(const workflow::Context& ctx, std::string_view input, std::string_view verb,
                        const Apply& apply);

} // namespace sop::kb::detail
