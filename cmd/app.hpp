#pragma once
// The CLI: a table of verbs, each defined in its own cmd_<verb>.cpp. A verb's definition only
// declares its options and returns the call into the libraries that does the work.
#include "config/config.hpp"
#include "git/repo.hpp"
#include "output/table.hpp"
#include "ticket/actions.hpp"

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

// Shared option helpers.
CLI::Option* add_format(CLI::App& sub, std::string& format, std::vector<std::string> choices);
void print_json(const yaml::Json& doc);

// The verbs.
Action define_init(CLI::App&);
Action define_new(CLI::App&);
Action define_show(CLI::App&);
Action define_list(CLI::App&);
Action define_note(CLI::App&);
Action define_log(CLI::App&);
Action define_edit(CLI::App&);
Action define_schema(CLI::App&);

} // namespace sop::cmd
