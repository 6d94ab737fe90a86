// The knowledge base (SOP 4.2, 4.3, 4.6): `sop kb FORM ...`, one CLI11 subcommand per form;
// sop-kb(1) documents them. The work is in kb/ (lifecycle, catalog and search, gaps, render).
#include "app.hpp"
#include "kb/authoring.hpp"
#include "kb/catalog.hpp"
#include "kb/gaps.hpp"
#include "kb/lifecycle.hpp"
#include "kb/lookup.hpp"
#include "kb/render.hpp"
#include "kb/validate.hpp"
#include "output/summary_list.hpp"
#include "output/ticket_text.hpp"
#include "report/period.hpp"
#include "sla/clocks.hpp"
#include "ticket/archive.hpp"
#include "ticket/lookup.hpp"
#include "util/editor.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace sop::cmd {
namespace {

using Json = yaml::Json;
using Chosen = std::shared_ptr<Action>;

CLI::App* add_form(CLI::App& parent, const char* name, const char* summary, const char* usage) {
    CLI::App* app = parent.add_subcommand(name, summary);
    app->formatter(std::make_shared<FormUsage>(usage));
    return app;
}

void when_chosen(CLI::App* app, const Chosen& chosen, Action action) {
    app->callback([chosen, action = std::move(action)] { *chosen = action; });
}

// What a writing form prints: "<ID>: <what happened>", the article and the commit, or the ID.
int print_article_outcome(const kb::Outcome& out, const std::string& format) {
    if (format == "ids") {
        std::cout << out.id << "\n";
    } else if (format == "json") {
        auto doc = output::envelope();
        doc["article"] = out.ticket;
        doc["commit"] = out.commit.empty() ? Json(nullptr) : Json(out.commit);
        print_json(doc);
    } else {
        std::cout << out.id << ": " << (out.commit.empty() ? "no changes" : out.subject) << "\n";
    }
    return 0;
}

std::string editor_or_refuse(const std::string& text, const char* hint) {
    if (!util::stdin_is_terminal() && !util::editor_configured())
        throw UsageError("no editor: stdin is not a terminal and neither VISUAL nor EDITOR is set",
                         hint);
    return util::edit_text(text, "kb");
}

// The catalog of `snap`, with a warning for each article file it could not read: none is left
// out silently.
kb::Catalog open_catalog(const git::Repo& repo, const git::Snapshot& snap) {
    kb::Catalog catalog = kb::Catalog::open(repo, snap);
    for (const auto& p : catalog.problems())
        std::cerr << "sop: warning: " << p << " (left out; see 'sop kb validate')\n";
    return catalog;
}

std::string fixed(double v, int decimals) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string day_of(const std::string& rfc3339) {
    return rfc3339.substr(0, std::min<std::size_t>(rfc3339.size(), 10));
}

// ---- list --------------------------------------------------------------------------------

// A `sop kb list` term: key:value (status, category, author, keyword; `!` negates) or a word of
// the title.
bool matches(const kb::Entry& e, const std::string& term) {
    const auto colon = term.find(':');
    const std::string lower = util::to_lower(term);
    if (colon == std::string::npos) return util::to_lower(e.title).find(lower) != std::string::npos;
    const std::string key = lower.substr(0, colon);
    std::string value = term.substr(colon + 1);
    const bool negate = value.starts_with("!");
    if (negate) value.erase(0, 1);
    const std::string v = util::to_lower(value);
    bool hit = false;
    if (key == "status")
        hit = e.status == v;
    else if (key == "category")
        hit = e.category == v;
    else if (key == "author")
        hit = util::to_lower(e.author).find(v) != std::string::npos;
    else if (key == "keyword")
        hit = std::any_of(e.keywords.begin(), e.keywords.end(),
                          [&](const std::string& k) { return util::to_lower(k) == v; });
    else
        throw UsageError("unknown query key '" + term.substr(0, colon) + "'",
                         "keys: status, category, author, keyword; a bare word matches the title");
    return hit != negate;
}

kb::Listing article_rows(const std::vector<const kb::Entry*>& entries) {
    kb::Listing l;
    l.keys = {"id", "status", "version", "category", "reuse", "updated_at", "title"};
    l.headers = {"ID", "STATUS", "VER", "CATEGORY", "REUSE", "UPDATED", "TITLE"};
    for (const auto* e : entries) {
        l.cells.push_back({e->id, e->status, std::to_string(e->version), e->category,
                           std::to_string(e->tickets.size()), day_of(e->updated_at), e->title});
        Json v{{"id", e->id},
               {"status", e->status},
               {"version", e->version},
               {"category", e->category},
               {"reuse", e->tickets.size()},
               {"tickets", e->tickets},
               {"updated_at", e->updated_at},
               {"title", e->title},
               {"author", e->author},
               {"keywords", e->keywords}};
        if (e->published_version) v["served_version"] = e->published_version;
        l.values.push_back(std::move(v));
    }
    return l;
}

// ---- search and suggest ------------------------------------------------------------------

int print_hits(const kb::Catalog& catalog, const std::vector<kb::Hit>& hits,
               const std::string& format, const output::Style& style, const std::string& none) {
    kb::Listing l;
    l.keys = {"id", "score", "status", "category", "title"};
    l.headers = {"ID", "SCORE", "STATUS", "CATEGORY", "TITLE"};
    for (const auto& h : hits) {
        const kb::Entry* e = catalog.find(h.id);
        if (!e) continue;
        // Readers of an article under revision are served its earlier version: say so.
        const std::string status =
            e->published_version ? "published v" + std::to_string(e->published_version) + " (v" +
                                       std::to_string(e->version) + " " + e->status + ")"
                                 : e->status;
        l.cells.push_back(
            {e->id, fixed(h.score, format == "table" ? 2 : 3), status, e->category, e->title});
        l.values.push_back(Json{
            {"id", e->id},
            {"score", h.score},
            {"matched", h.matched},
            {"status", e->status},
            {"version", e->version},
            {"served_version", e->published_version ? Json(e->published_version) : Json(nullptr)},
            {"category", e->category},
            {"title", e->title}});
    }
    std::cout << kb::listing(l, "articles", format, style);
    if (l.cells.empty() && format == "table") std::cerr << none << "\n";
    return 0;
}

struct SearchOptions {
    std::vector<std::string> query;
    std::string id, format;
    bool all = false;
    std::size_t limit = 10;
};

void add_search_options(CLI::App* app, SearchOptions& o) {
    app->add_flag("--all", o.all,
                  "every article's current text: drafts, reviews under way, retired ones too");
    app->add_option("--limit", o.limit, "at most N articles (default 10)")
        ->check(CLI::PositiveNumber)
        ->option_text("N");
    add_format(*app, o.format, {"table", "json", "tsv", "ids"});
}

kb::Scope scope_of(const SearchOptions& o) {
    return o.all ? kb::Scope::current : kb::Scope::served;
}

// ---- gaps --------------------------------------------------------------------------------

struct GapsOptions {
    std::string from, to, format;
    std::size_t min = 3;
};

int run_gaps(Session& s, const GapsOptions& o) {
    const auto& repo = s.repo();
    const auto head = repo.head();
    const sla::Settings settings(s.config().doc);
    const auto& zone = settings.calendars.get("").zone();
    report::PeriodRequest request;
    const std::int64_t now = util::now().seconds;
    const auto local_date = [&](std::int64_t t) {
        return util::Timestamp{t, zone.offset_at(t) / 60}.date();
    };
    request.to = o.to.empty() ? local_date(now) : o.to;
    request.from = o.from.empty() ? local_date(now - 89 * 86400) : o.from;
    if (o.from.empty() && !o.to.empty()) {
        const auto last = util::parse_date(o.to);
        if (!last) throw UsageError("--to: '" + o.to + "' is not a date (YYYY-MM-DD)");
        request.from = local_date(last->seconds - 89 * 86400);
    }
    const report::Period period = report::period_of(request, now, zone);

    const auto catalog = open_catalog(repo, head);
    std::vector<kb::Published> published;
    for (auto& doc : catalog.served_documents()) {
        const kb::Entry* e = catalog.find(doc.id);
        if (e) published.push_back({e->category, std::move(doc)});
    }
    const auto tickets = output::listable_summaries(repo, head, ticket::archive_of(repo));
    kb::GapOptions options;
    options.from = util::Timestamp{period.from, 0};
    options.to = util::Timestamp{period.to, 0};
    options.min_tickets = o.min;
    const auto gaps = kb::find_gaps(tickets, published, options);

    kb::Listing l;
    l.keys = {"category", "tickets", "terms", "example", "nearest"};
    l.headers = {"CATEGORY", "TICKETS", "TERMS", "EXAMPLE"};
    for (const auto& g : gaps) {
        std::string terms;
        for (const auto& t : g.terms)
            terms += (terms.empty() ? "" : " ") + t;
        if (o.format == "tsv")
            l.cells.push_back(
                {g.category, std::to_string(g.tickets.size()), terms, g.example, g.nearest});
        else
            l.cells.push_back({g.category, std::to_string(g.tickets.size()), terms, g.example});
        l.values.push_back(Json{{"category", g.category},
                                {"size", g.tickets.size()},
                                {"tickets", g.tickets},
                                {"terms", g.terms},
                                {"example", g.example},
                                {"nearest", g.nearest.empty() ? Json(nullptr) : Json(g.nearest)},
                                {"coverage", std::round(g.coverage * 1000) / 1000}});
    }
    if (o.format == "json") {
        Json doc = output::envelope();
        doc["period"] = Json{{"first", period.first}, {"last", period.last}};
        doc["gaps"] = l.values;
        print_json(doc);
        return 0;
    }
    std::cout << kb::listing(l, "gaps", o.format, s.style());
    if (gaps.empty() && o.format == "table")
        std::cerr << "no gap: every frequent problem from " << period.first << " to " << period.last
                  << " has a published article\n";
    return 0;
}

} // namespace

Action define_kb(CLI::App& sub) {
    sub.require_subcommand(1);
    auto chosen = std::make_shared<Action>();

    // ---- new -------------------------------------------------------------------------------
    {
        auto* app = add_form(sub, "new", "write a new article (a draft)",
                             "sop kb new [--title T] [--category C] [--problem P] [--step S...] "
                             "[--solution S] [--note N] [--scenario S...] [--keyword K...] "
                             "[--from-ticket ID] [--edit] [--format text|json|ids]");
        struct Options {
            kb::Draft draft;
            bool edit = false;
            std::string format;
        };
        auto o = std::make_shared<Options>();
        app->add_option("--title", o->draft.title, "what the article is about")->option_text("T");
        app->add_option("--category", o->draft.category,
                        "software, hardware, system, network, cloud or other")
            ->option_text("C");
        app->add_option("--problem", o->draft.problem, "the problem description")->option_text("P");
        app->add_option("--step", o->draft.steps, "a diagnosis step (repeat, in order)")
            ->option_text("S");
        app->add_option("--solution", o->draft.solution, "the solution")->option_text("S");
        app->add_option("--note", o->draft.notes, "notes and cautions")->option_text("N");
        app->add_option("--scenario", o->draft.scenarios, "an applicable scenario (repeat)")
            ->option_text("S");
        app->add_option("--keyword", o->draft.keywords, "a search keyword (repeat)")
            ->option_text("K");
        app->add_option("--from-ticket", o->draft.from_ticket,
                        "pre-fill from a closed ticket's summary and link the two")
            ->option_text("ID");
        app->add_flag("--edit", o->edit, "finish the article in $EDITOR");
        add_format(*app, o->format, {"text", "json", "ids"});
        when_chosen(app, chosen, [o](Session& s) {
            const auto ctx = s.context();
            Json ticket; // the closed ticket to pre-fill from
            if (!o->draft.from_ticket.empty()) {
                const auto head = ctx.repo.head();
                const auto archive = ticket::archive_of(ctx.repo);
                const auto found = ticket::resolve_any(head, &archive, o->draft.from_ticket);
                ticket = ticket::load(found.archived ? archive : head, found.id);
            }
            Json fields = kb::prefill(o->draft, ticket);
            if (o->edit) {
                const std::string text = editor_or_refuse(
                    kb::editor_text(fields), "give the fields as options instead of --edit");
                fields = kb::fields_from_editor(text);
                if (!fields.contains("title")) throw UsageError("no title: nothing created");
            }
            return print_article_outcome(kb::create(ctx, fields, o->draft.from_ticket), o->format);
        });
    }

    // ---- edit ------------------------------------------------------------------------------
    {
        auto* app = add_form(sub, "edit", "edit an article in $EDITOR, check it and commit it",
                             "sop kb edit KB [--format text|json|ids]");
        struct Options {
            std::string id, format;
        };
        auto o = std::make_shared<Options>();
        app->add_option("KB", o->id, "article ID or unique prefix")->required();
        add_format(*app, o->format, {"text", "json", "ids"});
        when_chosen(app, chosen, [o](Session& s) {
            const auto out = kb::edit(s.context(), o->id, [](const std::string& text) {
                return editor_or_refuse(text, "edit kb/<ID>.yaml by hand, then run 'sop kb edit "
                                              "ID' on a terminal");
            });
            return print_article_outcome(out, o->format);
        });
    }

    // ---- submit, approve, reject, flag, retire ---------------------------------------------
    struct Verb {
        const char* name;
        const char* summary;
        const char* usage;
        const char* text_option; // "--note" (optional) or "--reason" (the guard asks for it)
        kb::Outcome (*run)(const kb::Context&, std::string_view, std::string_view);
    };
    static constexpr Verb verbs[] = {
        {"submit", "submit a draft (or a flagged article) for review",
         "sop kb submit KB [--note TEXT] [--format text|json|ids]", "--note", kb::submit},
        {"approve", "approve the version under review and publish it (kb-reviewer)",
         "sop kb approve KB [--note TEXT] [--format text|json|ids]", "--note", kb::approve},
        {"reject", "send the version under review back to its author (kb-reviewer)",
         "sop kb reject KB --reason TEXT [--format text|json|ids]", "--reason", kb::reject},
        {"flag", "mark a published article as needing review",
         "sop kb flag KB --reason TEXT [--format text|json|ids]", "--reason", kb::flag},
        {"retire", "take an article out of use",
         "sop kb retire KB --reason TEXT "
         "[--format text|json|ids]",
         "--reason", kb::retire},
    };
    for (const auto& v : verbs) {
        auto* app = add_form(sub, v.name, v.summary, v.usage);
        struct Options {
            std::string id, text, format;
        };
        auto o = std::make_shared<Options>();
        app->add_option("KB", o->id, "article ID or unique prefix")->required();
        app->add_option(v.text_option, o->text,
                        std::string(v.text_option) == "--note" ? "a comment for the log"
                                                               : "why (required)")
            ->option_text("TEXT");
        add_format(*app, o->format, {"text", "json", "ids"});
        when_chosen(app, chosen, [o, run = v.run](Session& s) {
            return print_article_outcome(run(s.context(), o->id, o->text), o->format);
        });
    }

    // ---- show ------------------------------------------------------------------------------
    {
        auto* app = add_form(sub, "show", "show one article",
                             "sop kb show KB [--published] [--format text|yaml|json|md]");
        struct Options {
            std::string id, format;
            bool published = false;
        };
        auto o = std::make_shared<Options>();
        app->add_option("KB", o->id, "article ID or unique prefix")->required();
        app->add_flag("--published", o->published,
                      "the version readers are served (the approved one during a revision)");
        add_format(*app, o->format, {"text", "yaml", "json", "md"});
        when_chosen(app, chosen, [o](Session& s) {
            const auto& repo = s.repo();
            const auto head = repo.head();
            const std::string id = kb::resolve(head, o->id);
            const std::string path = kb::path_of(id);
            std::string text = *head.read(path);
            Json doc = kb::parse(text, path, path);
            std::string note;
            if (o->published) {
                const auto served = kb::served_text(repo, doc, text);
                if (!served)
                    throw NotFoundError(id + " has no published version",
                                        "it is " + kb::status_of(doc) + "; 'sop kb show " + id +
                                            "' shows its text");
                if (*served != text) {
                    text = *served;
                    doc = kb::parse(text, path + " (published version)", path);
                }
            } else if (doc.contains("published")) {
                note = "readers are served version " + kb::str(doc["published"], "version") +
                       " until this version is approved: sop kb show " + id + " --published";
            } else if (kb::status_of(doc) == kb::status_flagged) {
                note = "flagged: readers see it marked as under review";
            }
            if (o->format == "yaml")
                std::cout << text;
            else if (o->format == "json") {
                Json out = output::envelope();
                out["article"] = doc;
                print_json(out);
            } else if (o->format == "md")
                std::cout << kb::article_markdown(doc);
            else
                std::cout << kb::article_text(doc, s.style(), note);
            return 0;
        });
    }

    // ---- list ------------------------------------------------------------------------------
    {
        auto* app = add_form(sub, "list", "list articles that match a query",
                             "sop kb list [QUERY...] [--by-reuse] [--format table|json|tsv|ids]");
        struct Options {
            std::vector<std::string> query;
            bool by_reuse = false;
            std::string format;
        };
        auto o = std::make_shared<Options>();
        app->add_option("QUERY", o->query,
                        "status:S category:C author:WHO keyword:K (key:!V negates); words match "
                        "the title");
        app->add_flag("--by-reuse", o->by_reuse, "the most reused articles first (sop link --kb)");
        add_format(*app, o->format, {"table", "json", "tsv", "ids"});
        when_chosen(app, chosen, [o](Session& s) {
            const auto catalog = open_catalog(s.repo(), s.repo().head());
            std::vector<const kb::Entry*> rows;
            for (const auto& e : catalog.entries())
                if (std::all_of(o->query.begin(), o->query.end(),
                                [&](const std::string& t) { return matches(e, t); }))
                    rows.push_back(&e);
            if (o->by_reuse)
                std::stable_sort(rows.begin(), rows.end(),
                                 [](const kb::Entry* a, const kb::Entry* b) {
                                     return a->tickets.size() > b->tickets.size();
                                 });
            std::cout << kb::listing(article_rows(rows), "articles", o->format, s.style());
            if (rows.empty() && o->format == "table") std::cerr << "no article matches\n";
            return 0;
        });
    }

    // ---- search, suggest -------------------------------------------------------------------
    {
        auto* app = add_form(sub, "search", "ranked full-text search (SOP 4.2)",
                             "sop kb search QUERY... [--all] [--limit N] "
                             "[--format table|json|tsv|ids]");
        auto o = std::make_shared<SearchOptions>();
        app->add_option("QUERY", o->query, "words, error codes, Chinese text")->required();
        add_search_options(app, *o);
        when_chosen(app, chosen, [o](Session& s) {
            std::string query;
            for (const auto& q : o->query)
                query += (query.empty() ? "" : " ") + q;
            const auto catalog = open_catalog(s.repo(), s.repo().head());
            return print_hits(catalog, catalog.index().search(query, o->limit, scope_of(*o)),
                              o->format, s.style(), "no article matches");
        });
    }
    {
        auto* app = add_form(sub, "suggest", "the articles that best match a ticket (SOP 4.2)",
                             "sop kb suggest ID [--all] [--limit N] "
                             "[--format table|json|tsv|ids]");
        auto o = std::make_shared<SearchOptions>();
        app->add_option("ID", o->id, "ticket ID or unique prefix")->required();
        add_search_options(app, *o);
        when_chosen(app, chosen, [o](Session& s) {
            const auto& repo = s.repo();
            const auto head = repo.head();
            const auto archive = ticket::archive_of(repo);
            const auto found = ticket::resolve_any(head, &archive, o->id);
            const Json t = ticket::load(found.archived ? archive : head, found.id);
            const auto catalog = open_catalog(repo, head);
            return print_hits(
                catalog, catalog.index().search(kb::suggestion_query(t), o->limit, scope_of(*o)),
                o->format, s.style(), "no article matches " + found.id);
        });
    }

    // ---- gaps ------------------------------------------------------------------------------
    {
        auto* app = add_form(sub, "gaps", "frequent problems without a published article",
                             "sop kb gaps [--from DATE] [--to DATE] [--min N] "
                             "[--format table|json|tsv]");
        auto o = std::make_shared<GapsOptions>();
        app->add_option("--from", o->from, "the first day (default: 89 days before --to)")
            ->option_text("DATE");
        app->add_option("--to", o->to, "the last day, included (default: today)")
            ->option_text("DATE");
        app->add_option("--min", o->min, "the fewest tickets that make a problem frequent (3)")
            ->check(CLI::PositiveNumber)
            ->option_text("N");
        add_format(*app, o->format, {"table", "json", "tsv"});
        when_chosen(app, chosen, [o](Session& s) { return run_gaps(s, *o); });
    }

    // ---- validate --------------------------------------------------------------------------
    {
        auto* app = add_form(sub, "validate", "check article files (CI, hooks)",
                             "sop kb validate [PATH...] [--format text|json]");
        struct Options {
            std::vector<std::string> paths;
            std::string format;
        };
        auto o = std::make_shared<Options>();
        app->add_option("PATH", o->paths, "article files (default: every kb/*.yaml)");
        add_format(*app, o->format, {"text", "json"});
        when_chosen(app, chosen, [o](Session& s) {
            const auto v = kb::validate_files(s.repo(), o->paths);
            if (o->format == "json") {
                Json doc = output::envelope();
                doc["files"] = v.files;
                doc["problems"] = Json::array();
                for (const auto& p : v.problems)
                    doc["problems"].push_back(Json{{"path", p.path}, {"message", p.message}});
                print_json(doc);
            } else {
                for (const auto& p : v.problems)
                    std::cout << p.path << ": " << p.message << "\n";
                if (v.problems.empty())
                    std::cout << v.files << " article" << (v.files == 1 ? "" : "s") << " OK\n";
            }
            return v.problems.empty() ? 0 : static_cast<int>(Exit::invalid);
        });
    }

    return [chosen](Session& s) { return (*chosen)(s); };
}

} // namespace sop::cmd
