#pragma once
// The lifecycle of a knowledge article (SOP 4.6: a fixed format, submitted for review,
// published only after approval, kept accurate): the review verbs of `sop kb`, and the article
// side of the ticket verbs that change one. new and edit are in kb/authoring.hpp. Each verb is
// one commit; each refuses with RefusedError (exit 3) naming the guard that failed, and then
// writes nothing.
//
//   new      → draft (version 1)
//   edit     an approved version (published, flagged, or back in review unchanged): version + 1
//            → in_review, and `published: {version, blob}` keeps the approved version served
//            to readers; otherwise (draft, in_review) the same version
//   submit   draft, flagged → in_review (the fixed format complete: guard `format`)
//   approve  in_review → published (a kb-reviewer who neither wrote the article nor edited this
//            version: guards `reviewer`, `not-author`); Approved-by trailer; `published` goes
//   reject   in_review → draft (a kb-reviewer, not the author); `published` stays served
//   flag     published → flagged (anyone; also `sop reopen` of a ticket citing the article)
//   retire   any → retired (a kb-reviewer, or the author of an article never published)
//
// Commit messages: "<KB-ID>: <what happened>", trailers Sop-Article, Sop-Action (kb-<verb>),
// Sop-From, Sop-To.
#include "kb/article.hpp"
#include "workflow/engine.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sop::kb {

using workflow::Context;
using Outcome = ticket::Outcome; // `ticket` holds the article

Outcome submit(const Context& ctx, std::string_view id, std::string_view note);
Outcome approve(const Context& ctx, std::string_view id, std::string_view note);
Outcome reject(const Context& ctx, std::string_view id, std::string_view reason);
Outcome flag(const Context& ctx, std::string_view id, std::string_view reason);
Outcome retire(const Context& ctx, std::string_view id, std::string_view reason);

// The role that reviews articles (approve, reject, retire published knowledge).
inline constexpr std::string_view reviewer_role = "kb-reviewer";
// Whether the person with this e-mail address (lowercase) wrote the article's current version:
// its author, or whoever made or edited that version (new and edit events). Such a person
// neither approves nor rejects it.
bool wrote_current_version(const Json& doc, const std::string& email);
// Whether any version of the article was ever approved: then only a kb-reviewer retires it.
bool ever_approved(const Json& doc);

// For ticket verbs that change an article in their own commit (workflow/closure.cpp):
// `sop link T --kb KB` names the ticket in the article (false when it already does; a retired
// article is refused); `sop reopen T` flags each published article the ticket cites (false when
// the article is not published).
bool cite(Json& article, const ticket::Actor& actor, const std::string& ticket);
bool flag_for_reopen(Json& article, const ticket::Actor& actor, const std::string& ticket,
                     const std::string& reason);

// The text readers are served (`show --published`, default search): the article itself when
// it is published or flagged, the blob of `published` while a revision is under way, nullopt
// when readers see nothing (a draft never published, a retired article).
std::optional<std::string> served_text(const git::Repo& repo, const Json& article,
                                       const std::string& current_text);

} // namespace sop::kb
