// Intake and routing verbs (SOP 4.1): triage, assign, route, respond, escalate.
#include "app.hpp"
#include "workflow/verbs.hpp"

#include <iostream>

namespace sop::cmd {

Action define_triage(CLI::App& sub) {
    struct Options {
        std::string id, format;
        workflow::Triage t;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("ID", o->id, "ticket ID or unique prefix")->required();
    sub.add_option("--type", o->t.type, "consultation, configuration, fault or requirement")
        ->required();
    sub.add_option("--level", o->t.level, "1 simple, 2 ordinary, 3 complex, 4 major")->required();
    sub.add_option("--category", o->t.category,
                   "software, hardware, system, network, cloud or other")
        ->required();
    sub.add_option("--team", o->t.team, "the team it is routed to (required for level 2 and up)");
    sub.add_option("--assignee", o->t.assignee, "the engineer who owns it ('me' for you)");
    sub.add_option("--note", o->t.note, "why");
    add_format(sub, o->format, {"text", "json", "ids"});
    return [o](Session& s) {
        const auto out = workflow::triage(s.context(), o->id, o->t);
        print_outcome(out, o->format);
        if (o->t.level == 4 && o->format == "text")
            std::cerr << "sop: " << out.id
                      << " is a major incident: report it at once to your lead and the teams "
                         "concerned, and start the emergency response (SOP 4.5)\n";
        return 0;
    };
}

Action define_assign(CLI::App& sub) {
    struct Options {
        std::string id, who, note, format;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("ID", o->id, "ticket ID or unique prefix")->required();
    sub.add_option("WHO", o->who, "the engineer: a name or e-mail from the config, or 'me'")
        ->required();
    sub.add_option("--note", o->note, "why");
    add_format(sub, o->format, {"text", "json", "ids"});
    return [o](Session& s) {
        return print_outcome(workflow::assign(s.context(), o->id, o->who, o->note), o->format);
    };
}

Action define_route(CLI::App& sub) {
    struct Options {
        std::string id, team, reason, format;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("ID", o->id, "ticket ID or unique prefix")->required();
    sub.add_option("--team", o->team, "the team (from the config)")->required();
    sub.add_option("--reason", o->reason, "why this team");
    add_format(sub, o->format, {"text", "json", "ids"});
    return [o](Session& s) {
        return print_outcome(workflow::route(s.context(), o->id, o->team, o->reason), o->format);
    };
}

Action define_respond(CLI::App& sub) {
    struct Options {
        std::string id, via, note, format;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("ID", o->id, "ticket ID or unique prefix")->required();
    sub.add_option("--via", o->via,
                   "phone, chat, email, im, remote or onsite (default: the "
                   "ticket's channel)");
    sub.add_option("--note", o->note, "what the user was told");
    add_format(sub, o->format, {"text", "json", "ids"});
    return [o](Session& s) {
        return print_outcome(workflow::respond(s.context(), o->id, o->via, o->note), o->format);
    };
}

Action define_escalate(CLI::App& sub) {
    struct Options {
        std::string id, reason, format;
        int level = 0;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("ID", o->id, "ticket ID or unique prefix")->required();
    sub.add_option("--level", o->level, "the new level (default: one higher)");
    sub.add_option("--reason", o->reason, "why (required)");
    add_format(sub, o->format, {"text", "json", "ids"});
    return [o](Session& s) {
        return print_outcome(workflow::escalate(s.context(), o->id, o->level, o->reason),
                             o->format);
    };
}

} // namespace sop::cmd
