#include "verify/action.hpp"

#include "kb/article.hpp"
#include "ticket/archive.hpp"
#include "ticket/id.hpp"
#include "verify/article_step.hpp"
#include "verify/rules.hpp"
#include "verify/ticket_step.hpp"

#include <algorithm>

namespace sop::verify {
namespace {

// What a kind of file is called, and where the file of an ID is.
struct Kind {
    const char* trailer; // Sop-Ticket, Sop-Article
    const char* noun;    // ticket, article
    std::string (*path_of)(std::string_view id);
};

std::string ticket_path(std::string_view id) {
    return ticket::is_full_id(id) ? ticket::path_of(id) : std::string();
}
std::string article_path(std::string_view id) {
    return kb::is_full_id(id) ? kb::path_of(id) : std::string();
}

const Kind tickets_kind{"Sop-Ticket", "ticket", ticket_path};
const Kind articles_kind{"Sop-Article", "article", article_path};

const FileStep* find(const std::vector<FileStep>& steps, const std::string& id) {
    const auto it =
        std::find_if(steps.begin(), steps.end(), [&](const FileStep& s) { return s.id == id; });
    return it == steps.end() ? nullptr : &*it;
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

// The files the action changed are exactly those its trailers name, and `unnamed` (a file the
// contract lets it change without naming it). With `changes` false, the action changes no file
// of this kind.
void match(const Commit& c, const Kind& kind, const std::vector<FileStep>& steps,
           const std::vector<std::string>& named, bool changes, const std::string& unnamed = {}) {
    const std::string trailer = kind.trailer, noun = kind.noun;
    for (const auto& id : named)
        if (!changes)
            c.problem(kind.path_of(id), "",
                      "named by " + trailer + ", but '" + c.action + "' changes no " + noun);
        else if (!find(steps, id))
            c.problem(kind.path_of(id), "",
                      "named by " + trailer + ", but the commit does not change it");
    for (const auto& s : steps)
        if (!changes)
            c.problem(s.path, "", "changed by '" + c.action + "', which changes no " + noun);
        else if (!contains(named, s.id) && s.id != unnamed)
            c.problem(s.path, "",
                      "changed, but no " + trailer + " trailer names " + s.id + " ('" + c.action +
                          "' acts on " + (named.empty() ? "nothing named" : named.front()) + ")");
}

// The one file the action is about: the first trailer `kind.trailer`; "" (reported) when none.
std::string acted_on(const Commit& c, const Kind& kind) {
    const auto named = c.trailers(kind.trailer);
    if (named.empty()) {
        c.problem("", "",
                  "'" + c.action + "' acts on a " + kind.noun + ", but no " + kind.trailer +
                      " trailer names it");
        return {};
    }
    return named.front();
}

// What the last event of `main` records under `key`, when it is an event `action`.
std::string last_event_value(const FileStep* main, const char* action, const char* key) {
    if (!main || !main->after) return {};
    const auto it = main->after->find("events");
    if (it == main->after->end() || !it->is_array() || it->empty()) return {};
    const Json& last = it->back();
    return str(last, "action") == action ? str(last, key) : std::string();
}

// The files of `kind` the trailers name, for an action on one of them: more than one is a
// problem.
std::vector<std::string> named_once(const Commit& c, const Kind& kind) {
    auto named = c.trailers(kind.trailer);
    if (named.size() > 1)
        c.problem("", "",
                  "'" + c.action + "' acts on one " + kind.noun + ", and the commit names " +
                      std::to_string(named.size()) + " in " + kind.trailer + " trailers");
    return named;
}

void ticket_action(const Commit& c, const std::vector<FileStep>& tickets,
                   const std::vector<FileStep>& articles) {
    const std::string main = acted_on(c, tickets_kind);
    const auto named = named_once(c, tickets_kind);
    const FileStep* m = find(tickets, main);
    // sop link --related changes the linked ticket too; the trailers name the first.
    const std::string partner = c.action == "link" ? last_event_value(m, "link", "related") : "";
    match(c, tickets_kind, tickets, named, true, partner);
    for (const auto& s : tickets)
        if (s.id == main)
            check_ticket(c, s);
        else if (!partner.empty() && s.id == partner)
            check_side_ticket(c, s, {"link", "related", main});

    // sop link --kb names the ticket in the article; sop reopen flags the articles it cites.
    const bool changes_articles = c.action == "link" || c.action == "reopen";
    const auto named_articles = c.trailers(articles_kind.trailer);
    match(c, articles_kind, articles, named_articles, changes_articles);
    if (!changes_articles) return;
    const std::string linked = last_event_value(m, "link", "kb");
    std::vector<std::string> cited;
    if (m && m->before)
        if (const auto l = m->before->find("links"); l != m->before->end() && l->is_object())
            for (const auto& k : l->value("kb", Json::array()))
                if (k.is_string()) cited.push_back(k.get<std::string>());
    for (const auto& s : articles) {
        if (!contains(named_articles, s.id)) continue;
        if (c.action == "link" && s.id != linked)
            c.problem(s.path, "",
                      "changed by 'link', but " + main + " links " +
                          (linked.empty() ? "no article" : linked));
        else if (c.action == "reopen" && !contains(cited, s.id))
            c.problem(s.path, "", "flagged by the reopen of " + main + ", which does not cite it");
        else
            check_side_article(c, s, {c.action == "link" ? "link" : "flag", "ticket", main});
    }
}

void article_action(const Commit& c, std::string_view verb, const std::vector<FileStep>& tickets,
                    const std::vector<FileStep>& articles) {
    const std::string main = acted_on(c, articles_kind);
    const auto named = named_once(c, articles_kind);
    match(c, articles_kind, articles, named, true);
    for (const auto& s : articles)
        if (s.id == main) check_article(c, s, verb);
    // sop kb new --from-ticket links the ticket it was made from.
    const auto named_tickets = c.trailers(tickets_kind.trailer);
    match(c, tickets_kind, tickets, named_tickets, verb == "new");
    if (verb != "new") return;
    for (const auto& s : tickets)
        if (contains(named_tickets, s.id)) check_side_ticket(c, s, {"link", "kb", main});
}

void archive_action(const Commit& c, const std::vector<FileStep>& tickets,
                    const std::vector<FileStep>& articles) {
    const auto named = c.trailers(tickets_kind.trailer);
    match(c, tickets_kind, tickets, named, true);
    match(c, articles_kind, articles, c.trailers(articles_kind.trailer), false);
    // HEAD's branch loses the ticket; the archive branch gains it, or a later copy of it when
    // it was archived before (a clone kept adding to it: see sop-sync(1)).
    for (const auto& s : tickets) {
        if (!contains(named, s.id)) continue;
        const auto& doc = s.exists ? s.after : s.before;
        if (!doc) continue; // the file checks say why
        if (const std::string state = str(*doc, "state"); !ticket::is_finished(state))
            c.problem(s.path, "state",
                      "'" + state + "': 'sop archive' moves only closed or cancelled tickets");
    }
}

// sop sync's commit on the archive branch (sop-sync(1)): tickets archived in one clone and
// changed in another, merged with their archived copy, written into the archive branch (or
// removed from it when the merge left them unfinished). A merge keeps every event.
void sync_action(const Commit& c, const std::vector<FileStep>& tickets,
                 const std::vector<FileStep>& articles) {
    match(c, tickets_kind, tickets, c.trailers(tickets_kind.trailer), true);
    match(c, articles_kind, articles, c.trailers(articles_kind.trailer), false);
    for (const auto& s : tickets) {
        if (!s.before || !s.after) continue; // added or removed whole
        const Json none = Json::array();
        const Json& after = s.after->contains("events") ? (*s.after)["events"] : none;
        const Json& before = s.before->contains("events") ? (*s.before)["events"] : none;
        for (std::size_t i = 0; i < before.size(); ++i)
            if (std::find(after.begin(), after.end(), before[i]) == after.end())
                c.problem(s.path, "events[" + std::to_string(i) + "]",
                          "lost by the merge of 'sync': every event of both copies is kept");
    }
}

} // namespace

void check_action(const Commit& c, const std::vector<FileStep>& tickets,
                  const std::vector<FileStep>& articles) {
    if (c.action == "init") {
        // sop init writes the config and .gitattributes, never a ticket or an article.
        match(c, tickets_kind, tickets, {}, false);
        match(c, articles_kind, articles, {}, false);
    } else if (c.action == "archive") {
        archive_action(c, tickets, articles);
    } else if (c.action == "sync") {
        sync_action(c, tickets, articles);
    } else if (c.action.starts_with(rules::kb_prefix) &&
               rules::is_article_verb(std::string_view(c.action).substr(rules::kb_prefix.size()))) {
        article_action(c, std::string_view(c.action).substr(rules::kb_prefix.size()), tickets,
                       articles);
    } else if (rules::is_ticket_action(c.action)) {
        ticket_action(c, tickets, articles);
    } else {
        const std::string why = "Sop-Action '" + c.action + "' is not an action of sop";
        for (const auto* steps : {&tickets, &articles})
            for (const auto& s : *steps)
                c.problem(s.path, "", "changed by a commit whose " + why);
        if (tickets.empty() && articles.empty()) c.problem("", "", why);
    }
}

} // namespace sop::verify
