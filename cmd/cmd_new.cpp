#include "app.hpp"
#include "output/ticket_text.hpp"
#include "ticket/intake.hpp"
#include "util/editor.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

#include <iostream>
#include <map>

namespace sop::cmd {

namespace {
struct NewOptions {
    std::map<std::string, std::string> fields; // dotted path → value
    std::vector<std::string> env;
    std::string from_file;
    bool edit = false;
    std::string format;
};

constexpr std::size_t max_input = 1 << 20;
} // namespace

Action define_new(CLI::App& sub) {
    auto o = std::make_shared<NewOptions>();
    for (const auto& f : ticket::intake_fields()) {
        const std::string opt(f.option);
        if (!opt.starts_with("--") || opt.find(' ') != std::string::npos) continue;
        const std::string path(f.path);
        sub.add_option_function<std::string>(
               opt, [o, path](const std::string& v) { o->fields[path] = v; },
               std::string(f.path) + (f.required ? " (required)" : ""))
            ->option_text(f.kind == ticket::IntakeField::instant ? "TIME" : "TEXT");
    }
    sub.add_option("--env", o->env,
                   "environment: hardware=, software=, system= or network= followed by text")
        ->option_text("KEY=VALUE");
    sub.add_option("--from-file", o->from_file, "read the fields from a YAML file, or - for stdin")
        ->option_text("FILE|-");
    sub.add_flag("--edit", o->edit, "fill in a template in $EDITOR (on a terminal only)");
    add_format(sub, o->format, {"text", "json", "ids"});

    return [o](Session& s) {
        ticket::Json intake;
        const bool from_options = !o->fields.empty() || !o->env.empty();
        if ((from_options ? 1 : 0) + (o->from_file.empty() ? 0 : 1) + (o->edit ? 1 : 0) > 1)
            throw UsageError("use field options, --from-file or --edit, not several");
        std::vector<std::pair<std::string, std::string>> pairs(o->fields.begin(), o->fields.end());
        for (const auto& kv : o->env) {
            const auto eq = kv.find('=');
            const std::string key = kv.substr(0, eq);
            if (eq == std::string::npos ||
                (key != "hardware" && key != "software" && key != "system" && key != "network"))
                throw UsageError("--env '" + kv + "': expected KEY=VALUE",
                                 "KEY is hardware, software, system or network");
            pairs.emplace_back("problem.environment." + key, kv.substr(eq + 1));
        }
        if (!o->from_file.empty()) {
            const std::string source = o->from_file == "-" ? "<stdin>" : o->from_file;
            intake = ticket::intake_from_yaml(util::read_input(o->from_file, max_input), source);
        } else if (o->edit) {
            if (!util::stdin_is_terminal())
                throw UsageError("--edit needs a terminal", "use field options or --from-file");
            const std::string text = util::edit_text(ticket::intake_template(), "new");
            intake = ticket::intake_from_yaml(text, "<editor>");
            if (!intake.contains("title") || intake["title"] == "")
                throw Error("aborted: the title is empty", "nothing was created");
        } else {
            intake = ticket::intake_from_pairs(pairs);
            if (const auto missing = ticket::missing_required(intake); !missing.empty()) {
                std::string list;
                for (const auto& m : missing)
                    list += (list.empty() ? "" : ", ") + m;
                throw UsageError("missing required field" +
                                     std::string(missing.size() > 1 ? "s" : "") + ": " + list,
                                 "or give them in a file with --from-file");
            }
        }
        const auto out = ticket::create(s.repo(), intake, s.actor());
        if (o->format == "ids") {
            std::cout << out.id << "\n";
        } else if (o->format == "json") {
            auto doc = output::envelope();
            doc["id"] = out.id;
            doc["commit"] = out.commit;
            doc["ticket"] = out.ticket;
            print_json(doc);
        } else {
            std::cout << "created " << out.id << "  " << ticket::str(out.ticket, "title") << "\n";
        }
        return 0;
    };
}

} // namespace sop::cmd
