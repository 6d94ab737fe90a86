#pragma once
// The CLI: a table of verbs, each defined in cmd_<verb>.cpp (the workflow verbs grouped by
// the SOP's phase). A verb's definition only
// declares its options and returns the call into the libraries that does the work.
#include "config/config.hpp"
#include "git/repo.hpp"
#include "output/table.hpp"
#include "ticket/actions.hpp"
#include "workflow/engine.hpp"

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace sop::cmd {

// What a verb needs from its surroundings, opened on first use.
class Session {
  public:
    explicit Session(std::string dir) : dir_(std::move(dir)) {}
    const std::string& dir() const { return dir_; }
    // The support repository: discovered from -C DIR, interrupted updates repaired, config
    // loaded and its time zone applied.
    const git::Repo& repo();
    const config::Config& config();
    ticket::Actor actor();
    workflow::Context context(); // repository, actor and config for a workflow verb
    std::optional<git::Identity> identity_if_any();
    output::Style style() const { return output::terminal_style(); }

  private:
    std::string dir_;
    std::optional<git::Repo> repo_;
    std::optional<config::Config> config_;
};

using Action = std::function<int(Session&)>;

struct Command {
    const char* name;
    const char* summary;
    const char* synopsis; // also the first line of `sop <verb> --help` and of the man page
    Action (*define)(CLI::App& sub);
};

const std::vector<Command>& commands();

int run(int argc, char** argv);

// The `usage:` line of one form of a verb with forms (`sop incident resolve`, `sop collab
// escalate`): CLI11 would otherwise print the synopsis of the top-level verb of the same name.
class FormUsage : public CLI::Formatter {
  public:
    explicit FormUsage(std::string line) : line_(std::move(line)) {}
    std::string make_description(const CLI::App*) const override { return {}; }
    std::string make_usage(const CLI::App* app, std::string) const override {
        return "usage: " + line_ + "\n\n" + CLI::Formatter::make_description(app);
    }

  private:
    std::string line_;
};

// Shared option helpers.
CLI::Option* add_format(CLI::App& sub, std::string& format, std::vector<std::string> choices);
void print_json(const yaml::Json& doc);
// What a writing verb prints: "<ID>: <what happened>" (text), the ticket and the commit (json),
// or the ID (ids). Returns the exit status.
int print_outcome(const ticket::Outcome& out, const std::string& format);

// The verbs.
Action define_init(CLI::App&);
Action define_new(CLI::App&);
Action define_show(CLI::App&);
Action define_list(CLI::App&);
Action define_note(CLI::App&);
Action define_log(CLI::App&);
Action define_edit(CLI::App&);
Action define_schema(CLI::App&);
Action define_archive(CLI::App&);
// Workflow verbs (cmd_intake.cpp, cmd_diagnosis.cpp, cmd_solution.cpp, cmd_closure.cpp).
Action define_triage(CLI::App&);
Action define_assign(CLI::App&);
Action define_route(CLI::App&);
Action define_respond(CLI::App&);
Action define_escalate(CLI::App&);
Action define_diagnose(CLI::App&);
Action define_wait(CLI::App&);
Action define_resume(CLI::App&);
Action define_remote(CLI::App&);
Action define_plan(CLI::App&);
Action define_confirm(CLI::App&);
Action define_implement(CLI::App&);
Action define_rollback(CLI::App&);
Action define_verify(CLI::App&);
Action define_resolve(CLI::App&);
Action define_survey(CLI::App&);
Action define_close(CLI::App&);
Action define_reopen(CLI::App&);
Action define_cancel(CLI::App&);
Action define_link(CLI::App&);
// Major incidents and collaboration requests (cmd_incident.cpp, cmd_collab.cpp).
Action define_incident(CLI::App&);
Action define_collab(CLI::App&);
// The knowledge base (cmd_kb.cpp).
Action define_kb(CLI::App&);
Action define_history(CLI::App&);
Action define_similar(CLI::App&);
// Time and metrics (cmd_sla.cpp, cmd_report.cpp, cmd_calendar.cpp).
Action define_sla(CLI::App&);
Action define_report(CLI::App&);
Action define_calendar(CLI::App&);
// Integrity (cmd_validate.cpp).
Action define_validate(CLI::App&);
Action define_hooks(CLI::App&); // cmd_hooks.cpp
Action define_sync(CLI::App&);  // cmd_sync.cpp
Action define_merge_driver(CLI::App&);

} // namespace sop::cmd
