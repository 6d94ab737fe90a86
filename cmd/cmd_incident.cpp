// Major incidents (SOP 4.5): `sop incident FORM ID ...`, one CLI11 subcommand per form, and
// `sop incident action ID add|done|drop ...` for the improvement actions.
#include "app.hpp"
#include "workflow/notify.hpp"
#include "workflow/verbs.hpp"

#include <iostream>

namespace sop::cmd {
namespace {

// The form's action is the verb's once the command line chose it.
using Chosen = std::shared_ptr<Action>;

CLI::App* add_form(CLI::App& parent, const char* name, const char* summary,
                   const std::string& usage) {
    CLI::App* form = parent.add_subcommand(name, summary);
    form->formatter(std::make_shared<FormUsage>(usage));
    return form;
}

void when_chosen(CLI::App* form, const Chosen& chosen, Action action) {
    form->callback([chosen, action = std::move(action)] { *chosen = action; });
}

struct Target {
    std::string id, format;
};

// ID and --format: what every form has.
std::shared_ptr<Target> target(CLI::App* form) {
    auto t = std::make_shared<Target>();
    form->add_option("ID", t->id, "ticket ID or unique prefix")->required();
    add_format(*form, t->format, {"text", "json", "ids"});
    return t;
}

const std::string declare_usage =
    "sop incident declare ID --lead WHO [--role ROLE=WHO...] --impact-start TIME --scope TEXT "
    "[--loss TEXT] [--note TEXT]";
const std::string update_usage = "sop incident update ID MESSAGE [--next DURATION]";
const std::string mitigate_usage = "sop incident mitigate ID MESSAGE --backup TEXT";
const std::string resolve_usage = "sop incident resolve ID --verified TEXT";
const std::string add_usage = "sop incident action ID add TEXT --owner WHO [--due DATE]";
const std::string done_usage = "sop incident action ID done N [--note TEXT]";
const std::string drop_usage = "sop incident action ID drop N --reason TEXT";
const std::string review_usage =
    "sop incident review ID --held-at TIME --attendees WHO... --root-cause TEXT "
    "[--went-well TEXT] [--went-badly TEXT]";
const std::string report_usage = "sop incident report ID";
const std::string approve_usage = "sop incident approve ID";

void define_declare(CLI::App& sub, const Chosen& chosen) {
    auto* form = add_form(
        sub, "declare", "set level 4, record the task force and the impact, notify", declare_usage);
    auto t = target(form);
    auto d = std::make_shared<workflow::Declare>();
    form->add_option("--lead", d->lead, "the task force's lead (required)");
    form->add_option("--role", d->roles, "a member: diagnosis=WHO, communication=WHO, ...")
        ->option_text("ROLE=WHO")
        ->allow_extra_args(false);
    form->add_option("--impact-start", d->impact_start, "when the impact began (required)")
        ->option_text("TIME");
    form->add_option("--scope", d->scope, "who and what is hit (required)");
    form->add_option("--loss", d->loss, "the estimated business loss");
    form->add_option("--note", d->note, "anything else");
    when_chosen(form, chosen, [t, d](Session& s) {
        const auto out = workflow::incident_declare(s.context(), t->id, *d);
        const int rc = print_outcome(out, t->format);
        std::cout.flush();
        workflow::run_notify_hook(s.repo(), workflow::notify_payload(out.ticket), std::cerr);
        return rc;
    });
}

void define_update(CLI::App& sub, const Chosen& chosen) {
    auto* form =
        add_form(sub, "update", "record a customer update (every 30-60 min)", update_usage);
    auto t = target(form);
    auto o = std::make_shared<std::pair<std::string, std::string>>();
    form->add_option("MESSAGE", o->first, "what the user was told")->required();
    form->add_option("--next", o->second, "when the next update is promised: 30min, 1h")
        ->option_text("DURATION");
    when_chosen(form, chosen, [t, o](Session& s) {
        return print_outcome(workflow::incident_update(s.context(), t->id, o->first, o->second),
                             t->format);
    });
}

void define_mitigate(CLI::App& sub, const Chosen& chosen) {
    auto* form =
        add_form(sub, "mitigate", "record a stop-the-bleeding action: degrade, fail over, restore",
                 mitigate_usage);
    auto t = target(form);
    auto o = std::make_shared<std::pair<std::string, std::string>>();
    form->add_option("MESSAGE", o->first, "what was done")->required();
    form->add_option("--backup", o->second, "what was backed up first (required)");
    when_chosen(form, chosen, [t, o](Session& s) {
        return print_outcome(workflow::incident_mitigate(s.context(), t->id, o->first, o->second),
                             t->format);
    });
}

void define_resolve(CLI::App& sub, const Chosen& chosen) {
    auto* form =
        add_form(sub, "resolve", "service restored, core business verified: the incident's end",
                 resolve_usage);
    auto t = target(form);
    auto verified = std::make_shared<std::string>();
    form->add_option("--verified", *verified, "how core business was verified (required)");
    when_chosen(form, chosen, [t, verified](Session& s) {
        return print_outcome(workflow::incident_resolve(s.context(), t->id, *verified), t->format);
    });
}

// `sop incident action ID add|done|drop ...`: ID belongs to `action`, the rest to the form.
void define_action(CLI::App& sub, const Chosen& chosen) {
    auto* action = sub.add_subcommand("action", "add, finish or drop an improvement action");
    action->formatter(
        std::make_shared<FormUsage>(add_usage + " | " + done_usage + " | " + drop_usage));
    action->require_subcommand(1);
    auto id = std::make_shared<std::string>();
    action->add_option("ID", *id, "ticket ID or unique prefix")->required();

    struct Options {
        std::string text, owner, due, note, reason, format;
        int n = 0;
    };
    auto o = std::make_shared<Options>();
    auto* add = add_form(*action, "add", "add an improvement action", add_usage);
    add->add_option("TEXT", o->text, "what will change")->required();
    add->add_option("--owner", o->owner, "who does it (required)")->option_text("WHO");
    add->add_option("--due", o->due, "by when")->option_text("DATE");
    add_format(*add, o->format, {"text", "json", "ids"});
    when_chosen(add, chosen, [id, o](Session& s) {
        return print_outcome(
            workflow::incident_action_add(s.context(), *id, o->text, o->owner, o->due), o->format);
    });

    auto* done = add_form(*action, "done", "mark an improvement action done", done_usage);
    done->add_option("N", o->n, "the action's number")->required();
    done->add_option("--note", o->note, "what was done");
    add_format(*done, o->format, {"text", "json", "ids"});
    when_chosen(done, chosen, [id, o](Session& s) {
        return print_outcome(workflow::incident_action_done(s.context(), *id, o->n, o->note),
                             o->format);
    });

    auto* drop = add_form(*action, "drop", "drop an improvement action", drop_usage);
    drop->add_option("N", o->n, "the action's number")->required();
    drop->add_option("--reason", o->reason, "why (required)");
    add_format(*drop, o->format, {"text", "json", "ids"});
    when_chosen(drop, chosen, [id, o](Session& s) {
        return print_outcome(workflow::incident_action_drop(s.context(), *id, o->n, o->reason),
                             o->format);
    });
}

void define_review(CLI::App& sub, const Chosen& chosen) {
    auto* form = add_form(sub, "review", "record the post-incident review meeting", review_usage);
    auto t = target(form);
    auto r = std::make_shared<workflow::Review>();
    form->add_option("--held-at", r->held_at, "when it was held (required)")->option_text("TIME");
    form->add_option("--attendees", r->attendees, "who attended, one or more (required)")
        ->option_text("WHO...")
        ->delimiter(',');
    form->add_option("--root-cause", r->root_cause, "the root cause found (required)");
    form->add_option("--went-well", r->went_well, "what went well");
    form->add_option("--went-badly", r->went_badly, "what went badly");
    when_chosen(form, chosen, [t, r](Session& s) {
        return print_outcome(workflow::incident_review(s.context(), t->id, *r), t->format);
    });
}

void define_report(CLI::App& sub, const Chosen& chosen) {
    auto* form = add_form(
        sub, "report", "write postmortems/ID.md, the review report, from the ticket", report_usage);
    auto t = target(form);
    when_chosen(form, chosen, [t](Session& s) {
        return print_outcome(workflow::incident_report(s.context(), t->id), t->format);
    });
}

void define_approve(CLI::App& sub, const Chosen& chosen) {
    auto* form = add_form(sub, "approve", "approve the review report (management)", approve_usage);
    auto t = target(form);
    when_chosen(form, chosen, [t](Session& s) {
        return print_outcome(workflow::incident_approve(s.context(), t->id), t->format);
    });
}

} // namespace

Action define_incident(CLI::App& sub) {
    sub.require_subcommand(1);
    auto chosen = std::make_shared<Action>();
    define_declare(sub, chosen);
    define_update(sub, chosen);
    define_mitigate(sub, chosen);
    define_resolve(sub, chosen);
    define_action(sub, chosen);
    define_review(sub, chosen);
    define_report(sub, chosen);
    define_approve(sub, chosen);
    return [chosen](Session& s) { return (*chosen)(s); };
}

} // namespace sop::cmd
