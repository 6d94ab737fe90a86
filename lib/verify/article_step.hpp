#pragma once
// Internal to lib/verify: an article file changed by a `sop kb` verb or alongside a ticket verb,
// against the commit's trailers, the article lifecycle and what the verb sets
// (verify/rules.hpp).
#include "verify/commit.hpp"

#include <string_view>

namespace sop::verify {

// The article the kb verb (`verb`, Sop-Action without "kb-") is about: created only by `new`
// (a draft of version 1 whose author wrote it), never removed; its event log kept, one event of
// the verb appended, by the author; the status as Sop-From and Sop-To say, by a move of the
// lifecycle; only the fields the verb sets changed (`edit`: the content fields its event lists);
// then the guards (verify/guards.hpp).
void check_article(const Commit& c, const FileStep& f, std::string_view verb);

// An article a ticket verb changed: `sop link --kb` (link {ticket}, only `links`) and `sop
// reopen` (flag {ticket}, published → flagged).
void check_side_article(const Commit& c, const FileStep& f, const Side& side);

} // namespace sop::verify
