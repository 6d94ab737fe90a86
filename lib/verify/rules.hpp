#pragma once
// What each sop action may do to the files it changes, as data, for `sop verify`: the fields
// outside `state`/`status` and `events` that it may change, the events it records besides its
// own, and the article lifecycle's transitions. Ticket transitions are in
// validate/transitions.hpp. Read off lib/workflow (each verb's apply), lib/ticket (new, note,
// edit) and kb/ (authoring.cpp, lifecycle.cpp); a verb that starts to change another field
// changes this table too (tests/unit/verify_test.cpp and tests/e2e/t2300-verify.sh run the
// verbs and verify what they wrote).
#include <string_view>

namespace sop::verify::rules {

// A Sop-Action of a ticket verb (new, note, edit, triage, ..., incident-approve, collab-done).
bool is_ticket_action(std::string_view action);
// Whether ticket action `action` may change the top-level field `field` (not `state` or
// `events`, which are checked against the transitions and the event log). `edit` may change
// every field but `id`, `state` and `events`.
bool may_change_ticket_field(std::string_view action, std::string_view field);
// Whether ticket action `action` records an event `event` after its own: the automatic
// `escalate` of a failed verification, the `notify` of a declared major incident.
bool records_also(std::string_view action, std::string_view event);

// The article verbs: Sop-Action `kb-<verb>`, and the action of their event in the article.
inline constexpr std::string_view kb_prefix = "kb-";
bool is_article_verb(std::string_view verb);
// Whether article verb `verb` may change the top-level field `field` (not `status` or
// `events`). `link` (sop link --kb) and `flag` are also what ticket verbs record in an article.
bool may_change_article_field(std::string_view verb, std::string_view field);
// The article lifecycle (kb/lifecycle.hpp): whether an event {verb, from, to} is one of its
// moves; `from` is "" for the creation.
bool article_move_allowed(std::string_view verb, std::string_view from, std::string_view to);

} // namespace sop::verify::rules
