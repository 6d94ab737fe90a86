#include "verify/rules.hpp"

#include <algorithm>
#include <array>

namespace sop::verify::rules {
namespace {

struct Fields {
    std::string_view action;
    std::string_view fields; // names separated by spaces
};

// Ticket verbs and the fields their apply() sets or erases (besides state and events).
// set_level (triage, escalate, a failed verify that escalates, incident declare) adds the
// `incident` section at level 4.
constexpr std::array ticket_fields{
    Fields{"new", ""}, // creates the file: checked as a whole
    Fields{"note", ""},
    Fields{"triage", "type level category team assignee incident"},
    Fields{"assign", "assignee"},
    Fields{"route", "team"},
    Fields{"respond", "responded_at"},
    Fields{"escalate", "level incident"},
    Fields{"diagnose", "diagnosis"},
    Fields{"wait", ""},
    Fields{"resume", ""},
    Fields{"remote", "remote_sessions"},
    Fields{"remote-end", "remote_sessions"},
    Fields{"plan", "plan"},
    Fields{"confirm", "plan"},
    Fields{"implement", "plan"},
    Fields{"rollback", "plan"},
    Fields{"verify", "verifications level incident"},
    Fields{"resolve", "answer"},
    Fields{"survey", "survey"},
    Fields{"close", "summary overdue_reason"},
    Fields{"reopen", "survey incident"},
    Fields{"cancel", "links"},
    Fields{"link", "links"},
    Fields{"edit", ""}, // any field but id, state and events: see may_change_ticket_field
    Fields{"incident-declare", "level incident"},
    Fields{"incident-update", ""},
    Fields{"incident-mitigate", "incident"},
    Fields{"incident-resolve", "incident"},
    Fields{"incident-action", "incident"},
    Fields{"incident-review", "incident"},
    Fields{"incident-report", "incident"},
    Fields{"incident-approve", "incident"},
    Fields{"collab-request", "collaboration"},
    Fields{"collab-ack", "collaboration"},
    Fields{"collab-progress", "collaboration"},
    Fields{"collab-done", "collaboration"},
    Fields{"collab-escalate", "collaboration"},
};

// Article verbs (kb/authoring.cpp, kb/lifecycle.cpp) and the article side of `sop link --kb`
// (kb::cite) and of `sop reopen` (kb::flag_for_reopen).
constexpr std::array article_fields{
    Fields{"new", ""}, // creates the file: checked as a whole
    Fields{"edit", "title category keywords problem diagnosis_steps solution notes scenarios "
                   "version published"},
    Fields{"submit", ""},
    Fields{"approve", "reviewers published"},
    Fields{"reject", "reviewers"},
    Fields{"flag", ""},
    Fields{"retire", "published"},
    Fields{"link", "links"},
};

struct Move {
    std::string_view verb, from, to;
};

// kb/lifecycle.hpp: new → draft; edit of an approved version → in_review (otherwise the status
// stays and the event records no move); submit draft|flagged → in_review; approve in_review →
// published; reject in_review → draft; flag published → flagged; retire any → retired.
constexpr std::array article_moves{
    Move{"new", "", "draft"},
    Move{"edit", "published", "in_review"},
    Move{"edit", "flagged", "in_review"},
    Move{"submit", "draft", "in_review"},
    Move{"submit", "flagged", "in_review"},
    Move{"approve", "in_review", "published"},
    Move{"reject", "in_review", "draft"},
    Move{"flag", "published", "flagged"},
    Move{"retire", "draft", "retired"},
    Move{"retire", "in_review", "retired"},
    Move{"retire", "published", "retired"},
    Move{"retire", "flagged", "retired"},
};

template <std::size_t N>
const Fields* find(const std::array<Fields, N>& table, std::string_view action) {
    const auto it = std::find_if(table.begin(), table.end(),
                                 [&](const Fields& f) { return f.action == action; });
    return it == table.end() ? nullptr : &*it;
}

bool listed(const Fields* f, std::string_view field) {
    if (!f || field.empty()) return false;
    for (std::size_t at = f->fields.find(field); at != std::string_view::npos;
         at = f->fields.find(field, at + 1)) {
        const std::size_t end = at + field.size();
        if ((at == 0 || f->fields[at - 1] == ' ') &&
            (end == f->fields.size() || f->fields[end] == ' '))
            return true;
    }
    return false;
}

} // namespace

bool is_ticket_action(std::string_view action) {
    return find(ticket_fields, action) != nullptr;
}

bool may_change_ticket_field(std::string_view action, std::string_view field) {
    if (action == "edit") return field != "id" && field != "state" && field != "events";
    return listed(find(ticket_fields, action), field);
}

bool records_also(std::string_view action, std::string_view event) {
    return (action == "verify" && event == "escalate") ||
           (action == "incident-declare" && event == "notify");
}

bool is_article_verb(std::string_view verb) {
    return verb != "link" && find(article_fields, verb) != nullptr;
}

bool may_change_article_field(std::string_view verb, std::string_view field) {
    return listed(find(article_fields, verb), field);
}

bool article_move_allowed(std::string_view verb, std::string_view from, std::string_view to) {
    return std::any_of(article_moves.begin(), article_moves.end(), [&](const Move& m) {
        return m.verb == verb && m.from == from && m.to == to;
    });
}

} // namespace sop::verify::rules
