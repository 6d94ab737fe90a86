#include "app.hpp"

#include "git/store.hpp"
#include "output/ticket_text.hpp"
#include "util/error.hpp"
#include "util/time.hpp"

#include <iostream>

namespace sop::cmd {

const std::vector<Command>& commands() {
    static const std::vector<Command> table = {
        {"init", "create a support repository, or make an existing git repository one",
         "sop init [DIR]", define_init},
        {"new", "take in a new ticket (SOP 4.1)",
         "sop new [FIELD-OPTIONS] [--from-file FILE|-] [--edit] [--format text|json|ids]",
         define_new},
        {"show", "show one ticket", "sop show ID [--no-archive] [--format text|yaml|json]",
         define_show},
        {"list", "list tickets that match a query",
         "sop list [QUERY...] [--no-archive] [--format table|json|tsv|ids]", define_list},
        {"triage", "set type, level and category; route level 2 and above (SOP 4.1)",
         "sop triage ID --type T --level N --category C [--team TEAM] [--assignee WHO] "
         "[--note TEXT]",
         define_triage},
        {"assign", "give the ticket to an engineer", "sop assign ID WHO [--note TEXT]",
         define_assign},
        {"route", "route the ticket to a team (SOP 4.1)",
         "sop route ID --team TEAM [--reason TEXT]", define_route},
        {"respond", "record a response to the user (SOP 4.1)",
         "sop respond ID [--via CHANNEL] [--note TEXT]", define_respond},
        {"diagnose", "start the diagnosis, or record a finding (SOP 4.2)",
         "sop diagnose ID [--note TEXT]", define_diagnose},
        {"note", "record a note: a diagnosis step, a test, data (SOP 4.2)", "sop note ID TEXT",
         define_note},
        {"wait", "wait on the customer or another team (pending)",
         "sop wait ID --on customer|team [--reason TEXT]", define_wait},
        {"resume", "resume a pending ticket where it was", "sop resume ID [--note TEXT]",
         define_resume},
        {"remote", "start or end a remote session, with the user's consent (SOP 4.2)",
         "sop remote ID --consent written|verbal --granted-by NAME --purpose P --scope S "
         "--tool T [--safeguards S] | sop remote ID --end [--note TEXT]",
         define_remote},
        {"plan", "record the solution plan (SOP 4.3)",
         "sop plan ID --step S... --risk R... --mitigation M... [--rollback R] [--resources R] "
         "[--window FROM/TO] [--touches business,data,restart] [--touches-business] "
         "[--note TEXT]",
         define_plan},
        {"confirm", "record the user's confirmation of the plan (SOP 4.3)",
         "sop confirm ID --by NAME [--via CHANNEL]", define_confirm},
        {"implement", "start carrying out the plan (SOP 4.3)",
         "sop implement ID [--backup WHAT] [--outside-window REASON] [--note TEXT]",
         define_implement},
        {"rollback", "roll the implementation back (SOP 4.3)", "sop rollback ID --reason TEXT",
         define_rollback},
        {"verify",
         "record a verification of a ticket (SOP 4.4), or check that commits are legal sop "
         "actions",
         "sop verify ID --pass|--fail --steps TEXT [--result TEXT] [--feedback TEXT] | "
         "sop verify [RANGE...] [--format text|json]",
         define_verify},
        {"resolve", "resolve a level-1 ticket with a direct answer (SOP 4.1)",
         "sop resolve ID --answer TEXT", define_resolve},
        {"survey", "record the satisfaction survey (SOP 4.4)",
         "sop survey ID --speed N --quality N --attitude N [--comment C] [--via CHANNEL] | "
         "sop survey ID --none REASON",
         define_survey},
        {"close", "close a resolved ticket with its summary (SOP 4.4)",
         "sop close ID --problem P --diagnosis D --solution S --outcome O --feedback F "
         "--advice A [--follow-up F] [--overdue-reason R] [--reviewed-by NAME]",
         define_close},
        {"reopen", "reopen a resolved or closed ticket", "sop reopen ID --reason TEXT",
         define_reopen},
        {"cancel", "cancel a ticket: withdrawn, duplicate, spam",
         "sop cancel ID --reason TEXT [--duplicate-of ID]", define_cancel},
        {"escalate", "raise the level (SOP 4.4)", "sop escalate ID [--level N] --reason TEXT",
         define_escalate},
        {"link", "link a related ticket or a knowledge-base article",
         "sop link ID --related ID | sop link ID --kb KB-ID", define_link},
        {"incident", "run a major incident: task force, updates, review, report (SOP 4.5)",
         "sop incident declare ID --lead WHO [--role ROLE=WHO...] --impact-start TIME "
         "--scope TEXT [--loss TEXT] [--note TEXT] | "
         "sop incident update ID MESSAGE [--next DURATION] | "
         "sop incident mitigate ID MESSAGE --backup TEXT | "
         "sop incident resolve ID --verified TEXT | "
         "sop incident action ID add TEXT --owner WHO [--due DATE] | "
         "sop incident action ID done N [--note TEXT] | "
         "sop incident action ID drop N --reason TEXT | "
         "sop incident review ID --held-at TIME --attendees WHO... --root-cause TEXT "
         "[--went-well TEXT] [--went-badly TEXT] | "
         "sop incident report ID | sop incident approve ID",
         define_incident},
        {"collab", "ask another team for help and track it (SOP 4.7)",
         "sop collab request ID --team T --need TEXT --deliverable TEXT --due TIME "
         "[--mode TEXT] | "
         "sop collab ack ID N [--note TEXT] | sop collab progress ID N TEXT | "
         "sop collab done ID N [--note TEXT] | sop collab escalate ID N --to WHO --reason TEXT",
         define_collab},
        {"kb", "the knowledge base: reviewed articles, search, reuse, gaps (SOP 4.2, 4.6)",
         "sop kb new|edit|submit|approve|reject|flag|retire|show|list|search|suggest|gaps|"
         "validate ...",
         define_kb},
        {"log", "tell a ticket's history from git",
         "sop log ID [--no-archive] [--format text|json]", define_log},
        {"edit", "edit a ticket in $EDITOR, check it and commit it", "sop edit ID", define_edit},
        {"archive", "move closed and cancelled tickets to the archive branch (SOP 4.4)",
         "sop archive [ID...] [--closed-before DATE] [--dry-run]", define_archive},
        {"history", "earlier tickets of a requester (SOP 4.2)",
         "sop history (--requester WHO | ID) [--format table|json|tsv|ids]", define_history},
        {"similar", "earlier tickets most like this one (SOP 4.2)",
         "sop similar ID [--limit N] [--format table|json|tsv|ids]", define_similar},
        {"sla", "the service-level clocks: due, remaining, breached (SOP 4.1, 4.5, 4.7)",
         "sop sla [QUERY...] [--at TIME] [--check] [--no-archive] [--format table|json|tsv] | "
         "sop sla --explain ID [--at TIME] [--format text|json]",
         define_sla},
        {"report", "the monthly or quarterly review of the ticket data (SOP 4.6)",
         "sop report [--month YYYY-MM | --quarter YYYYQN | --from DATE --to DATE] [--team TEAM] "
         "[--at REV] [--format table|json|csv|md]",
         define_report},
        {"calendar", "the working time the business calendar makes of some days",
         "sop calendar [--from DATE] [--to DATE] [--team TEAM | --name CALENDAR] "
         "[--format table|json]",
         define_calendar},
        {"validate", "check tickets, articles and the config: schemas and workflow invariants",
         "sop validate [PATH... | --all] [--staged] [--jobs N] [--format text|json]",
         define_validate},
        {"hooks", "install git hooks that validate each commit and verify each push",
         "sop hooks install [--force] | sop hooks uninstall | "
         "sop hooks status [--format text|json]",
         define_hooks},
        {"sync", "fetch, merge, validate and push: this clone and a shared remote, both branches",
         "sop sync [REMOTE] [--no-push] [--format text|json]", define_sync},
        {"merge-driver", "merge two versions of a ticket or article file (git merge driver)",
         "sop merge-driver BASE OURS THEIRS PATH [--marker-size N]", define_merge_driver},
        {"schema", "print the JSON Schema of a file sop reads or writes", "sop schema NAME",
         define_schema},
    };
    return table;
}

const git::Repo& Session::repo() {
    if (!repo_) {
        repo_.emplace(git::Repo::discover(dir_));
        for (const auto& line : git::recover(*repo_))
            std::cerr << "sop: " << line << "\n";
        config_.emplace(config::load(repo_->head(), repo_->sop_dir() / "cache" / "config.json"));
        config::apply_timezone(*config_);
    }
    return *repo_;
}

const config::Config& Session::config() {
    repo();
    return *config_;
}

ticket::Actor Session::actor() {
    return ticket::Actor{repo().actor(), util::now()};
}

workflow::Context Session::context() {
    return workflow::Context{repo(), actor(), config()};
}

std::optional<git::Identity> Session::identity_if_any() {
    try {
        return repo().actor();
    } catch (const Error&) {
        return std::nullopt;
    }
}

CLI::Option* add_format(CLI::App& sub, std::string& format, std::vector<std::string> choices) {
    format = choices.front();
    std::string list;
    for (const auto& c : choices)
        list += (list.empty() ? "" : "|") + c;
    return sub.add_option("--format", format, "output format: " + list)
        ->check(CLI::IsMember(choices))
        ->option_text(list);
}

void print_json(const yaml::Json& doc) {
    std::cout << doc.dump(2) << "\n";
}

int print_outcome(const ticket::Outcome& out, const std::string& format) {
    if (format == "ids") {
        std::cout << out.id << "\n";
    } else if (format == "json") {
        auto doc = output::envelope();
        doc["ticket"] = out.ticket;
        doc["commit"] = out.commit.empty() ? yaml::Json(nullptr) : yaml::Json(out.commit);
        print_json(doc);
    } else {
        std::cout << out.id << ": " << out.subject << "\n";
    }
    return 0;
}

namespace {

// `sop <verb> --help` starts with the verb's synopsis, the same text as in sop(1).
class Formatter : public CLI::Formatter {
  public:
    std::string make_description(const CLI::App* app) const override {
        return synopsis(app) ? std::string() : CLI::Formatter::make_description(app);
    }
    std::string make_usage(const CLI::App* app, std::string name) const override {
        if (const char* s = synopsis(app))
            return "usage: " + std::string(s) + "\n\n" + CLI::Formatter::make_description(app);
        return CLI::Formatter::make_usage(app, std::move(name));
    }

  private:
    static const char* synopsis(const CLI::App* app) {
        for (const auto& c : commands())
            if (app->get_name() == c.name) return c.synopsis;
        return nullptr;
    }
};

// CLI11's "The following argument..." in git's voice; "ID is required" keeps its acronym.
std::string lower_first(std::string s) {
    if (s.size() > 1 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'a' && s[1] <= 'z')
        s[0] = static_cast<char>(s[0] + 32);
    return s;
}

int report(const Error& e) {
    std::cerr << "sop: error: " << e.what() << "\n";
    if (!e.hint().empty()) std::cerr << "hint: " << e.hint() << "\n";
    return static_cast<int>(e.code());
}

} // namespace

int run(int argc, char** argv) {
    git::Library libgit2;
    CLI::App app{"sop: a git-native technical-support desk", "sop"};
    app.formatter(std::make_shared<Formatter>());
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("sop ") + SOP_VERSION);
    std::string dir = ".";
    app.add_option("-C", dir, "run as if sop was started in DIR")->option_text("DIR");
    app.footer("Run 'sop <verb> --help' for a verb's options; man sop for the whole story.");

    Action chosen;
    CLI::App* chosen_app = nullptr;
    for (const auto& c : commands()) {
        CLI::App* sub = app.add_subcommand(c.name, c.summary);
        Action action = c.define(*sub);
        sub->callback([&chosen, &chosen_app, sub, action] {
            chosen = action;
            chosen_app = sub;
        });
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::string where = "sop";
        for (const auto* sub : app.get_subcommands())
            where += " " + sub->get_name();
        std::cerr << "sop: error: " << lower_first(e.what()) << "\n"
                  << "hint: see '" << where << " --help'\n";
        return static_cast<int>(Exit::usage);
    }
    try {
        Session session(dir);
        return chosen(session);
    } catch (const Error& e) {
        return report(e);
    } catch (const std::exception& e) {
        std::cerr << "sop: error: " << e.what() << "\n";
        return static_cast<int>(Exit::failure);
    }
}

} // namespace sop::cmd
