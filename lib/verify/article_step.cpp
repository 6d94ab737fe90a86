#include "verify/article_step.hpp"

#include "kb/article.hpp"
#include "verify/guards.hpp"
#include "verify/rules.hpp"
#include "verify/ticket_step.hpp"

#include <algorithm>
#include <iterator>

namespace sop::verify {
namespace {

bool is_content(const std::string& field) {
    const auto& content = kb::content_fields();
    return field != "links" && std::find(content.begin(), content.end(), field) != content.end();
}

// What `sop kb new` writes: the content fields (links among them), and id, status, version,
// author and the event log.
bool written_by_kb_new(const std::string& field) {
    const auto& content = kb::content_fields();
    return std::find(content.begin(), content.end(), field) != content.end() || field == "id" ||
           field == "status" || field == "version" || field == "author" || field == "events";
}

void check_created(const Commit& c, const FileStep& f, std::string_view verb) {
    if (verb != "new") {
        c.problem(f.path, "",
                  "created by '" + c.action + "': only 'sop kb new' creates an article");
        return;
    }
    check_state_trailer(c, f.path, "status", "Sop-From", "");
    if (!f.after) return; // the file checks say why
    check_state_trailer(c, f.path, "status", "Sop-To", str(*f.after, "status"));
    if (const std::string author = str(*f.after, "author"); !c.is_author(author))
        c.problem(f.path, "author",
                  "'" + author + "', but the commit's author is " + c.author.str());
    if (const std::string status = str(*f.after, "status"); status != kb::status_draft)
        c.problem(f.path, "status", "'" + status + "': 'sop kb new' makes a draft");
    if (const auto v = f.after->value("version", Json()); v != 1)
        c.problem(f.path, "version", v.dump() + ": 'sop kb new' makes version 1");
    if (const auto a = appended_events(c, f)) {
        if (a->events.size() != 1 || str(a->events[0], "action") != "new")
            c.problem(f.path, "events", "a new article's log is the one event 'new'");
        check_event_authors(c, f, *a);
    }
    for (const auto& [k, v] : f.after->items())
        if (!written_by_kb_new(k))
            c.problem(f.path, k, "set by 'kb-new', which writes the content fields only");
}

} // namespace

void check_article(const Commit& c, const FileStep& f, std::string_view verb) {
    if (!f.existed) return check_created(c, f, verb);
    if (!f.exists) {
        c.problem(f.path, "",
                  "removed by '" + c.action +
                      "': an article is retired ('sop kb retire'), not removed");
        return;
    }
    if (!f.before || !f.after) return; // the file checks say why
    check_state_trailer(c, f.path, "status", "Sop-From", str(*f.before, "status"));
    check_state_trailer(c, f.path, "status", "Sop-To", str(*f.after, "status"));
    const auto a = appended_events(c, f);
    if (!a) return;
    check_event_authors(c, f, *a);
    std::vector<std::size_t> own;
    for (std::size_t k = 0; k < a->events.size(); ++k) {
        if (const std::string action = str(a->events[k], "action"); action == verb)
            own.push_back(k);
        else
            c.problem(f.path, event_field(a->first + k, "action"),
                      "'" + action + "' is not an event that '" + c.action + "' records");
    }
    if (own.size() != 1) {
        c.problem(f.path, "events",
                  "'" + c.action + "' records one event '" + std::string(verb) +
                      "'; the commit appends " + std::to_string(own.size()));
        return;
    }
    check_moves(c, f, *a, "status", verb, rules::article_move_allowed);
    const auto changed = changed_fields(*f.before, *f.after, "status");
    for (const auto& k : changed)
        if (!rules::may_change_article_field(verb, k))
            c.problem(f.path, k,
                      "changed by '" + c.action +
                          "', which does not set it (content changes with 'sop kb edit')");
    if (verb == "edit") {
        std::vector<std::string> content; // the version and the published one change with them
        std::copy_if(changed.begin(), changed.end(), std::back_inserter(content), is_content);
        check_listed_fields(c, f, content, a->events[own.front()], a->first + own.front());
    }
    check_article_guards(c, f, verb);
}

void check_side_article(const Commit& c, const FileStep& f, const Side& side) {
    if (!f.existed || !f.exists) {
        c.problem(f.path, "",
                  std::string(f.existed ? "removed" : "created") + " by '" + c.action +
                      "', which only records the ticket in it");
        return;
    }
    if (!f.before || !f.after) return;
    const auto a = appended_events(c, f);
    if (!a) return;
    check_side_events(c, f, side, *a);
    check_moves(c, f, *a, "status", side.action, rules::article_move_allowed);
    for (const auto& k : changed_fields(*f.before, *f.after, "status"))
        if (!rules::may_change_article_field(side.action, k))
            c.problem(f.path, k,
                      "changed by '" + c.action + "', which only records the ticket in it");
}

} // namespace sop::verify
