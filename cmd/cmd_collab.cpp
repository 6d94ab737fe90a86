// Cross-team collaboration requests (SOP 4.7): `sop collab FORM ID [N] ...`, one CLI11
// subcommand per form.
#include "app.hpp"
#include "workflow/verbs.hpp"

namespace sop::cmd {
namespace {

using Chosen = std::shared_ptr<Action>;

// What every form has: ID, the request's number N (except `request`), --format; and the text
// of the form's note, reason or progress report.
struct Options {
    std::string id, format, text;
    int n = 0;
};

struct Form {
    CLI::App* app;
    std::shared_ptr<Options> options;
};

Form add_form(CLI::App& parent, const char* name, const char* summary, const char* usage,
              bool numbered) {
    Form f{parent.add_subcommand(name, summary), std::make_shared<Options>()};
    f.app->formatter(std::make_shared<FormUsage>(usage));
    f.app->add_option("ID", f.options->id, "ticket ID or unique prefix")->required();
    if (numbered) f.app->add_option("N", f.options->n, "the request's number")->required();
    add_format(*f.app, f.options->format, {"text", "json", "ids"});
    return f;
}

// The form's action is the verb's once the command line chose it.
using Run = std::function<ticket::Outcome(const workflow::Context&, const Options&)>;
void when_chosen(const Form& f, const Chosen& chosen, Run run) {
    f.app->callback([chosen, o = f.options, run = std::move(run)] {
        *chosen = [o, run](Session& s) { return print_outcome(run(s.context(), *o), o->format); };
    });
}

} // namespace

Action define_collab(CLI::App& sub) {
    sub.require_subcommand(1);
    auto chosen = std::make_shared<Action>();

    const auto request = add_form(sub, "request", "ask a team for something, by a deadline",
                                  "sop collab request ID --team T --need TEXT --deliverable TEXT "
                                  "--due TIME [--mode TEXT]",
                                  false);
    auto r = std::make_shared<workflow::Request>();
    request.app->add_option("--team", r->team, "the team asked (required)")->option_text("T");
    request.app->add_option("--need", r->need, "what is needed (required)");
    request.app->add_option("--deliverable", r->deliverable, "what the team delivers (required)");
    request.app->add_option("--due", r->due, "the deadline (required)")->option_text("TIME");
    request.app->add_option("--mode", r->mode, "the way of working: meeting, chat, shared doc...");
    when_chosen(request, chosen, [r](const workflow::Context& ctx, const Options& o) {
        return workflow::collab_request(ctx, o.id, *r);
    });

    const auto ack = add_form(sub, "ack", "acknowledge a request (due within 1 business day)",
                              "sop collab ack ID N [--note TEXT]", true);
    ack.app->add_option("--note", ack.options->text, "anything the team adds");
    when_chosen(ack, chosen, [](const workflow::Context& ctx, const Options& o) {
        return workflow::collab_ack(ctx, o.id, o.n, o.text);
    });

    const auto progress = add_form(sub, "progress", "report progress on a request",
                                   "sop collab progress ID N TEXT", true);
    progress.app->add_option("TEXT", progress.options->text, "where the work stands")->required();
    when_chosen(progress, chosen, [](const workflow::Context& ctx, const Options& o) {
        return workflow::collab_progress(ctx, o.id, o.n, o.text);
    });

    const auto done =
        add_form(sub, "done", "mark a request done", "sop collab done ID N [--note TEXT]", true);
    done.app->add_option("--note", done.options->text, "what was delivered");
    when_chosen(done, chosen, [](const workflow::Context& ctx, const Options& o) {
        return workflow::collab_done(ctx, o.id, o.n, o.text);
    });

    const auto escalate =
        add_form(sub, "escalate", "take a disagreement to a lead, then to management",
                 "sop collab escalate ID N --to WHO --reason TEXT", true);
    auto to = std::make_shared<std::string>();
    escalate.app->add_option("--to", *to, "the lead or manager who decides (required)")
        ->option_text("WHO");
    escalate.app->add_option("--reason", escalate.options->text,
                             "what the disagreement is (required)");
    when_chosen(escalate, chosen, [to](const workflow::Context& ctx, const Options& o) {
        return workflow::collab_escalate(ctx, o.id, o.n, *to, o.text);
    });

    return [chosen](Session& s) { return (*chosen)(s); };
}

} // namespace sop::cmd
