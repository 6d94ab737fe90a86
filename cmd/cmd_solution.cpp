// Solution verbs (SOP 4.3): plan, confirm, implement, rollback.
#include "app.hpp"
#include "workflow/verbs.hpp"

namespace sop::cmd {

Action define_plan(CLI::App& sub) {
    struct Options {
        std::string id, format;
        bool touches_business = false;
        workflow::Plan p;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("ID", o->id, "ticket ID or unique prefix")->required();
    sub.add_option("--step", o->p.steps, "a step of the plan (repeat, in order)");
    sub.add_option("--risk", o->p.risks, "a risk (repeat)");
    sub.add_option("--mitigation", o->p.mitigations, "the countermeasure of each --risk, in order");
    sub.add_option("--rollback", o->p.rollback, "how to undo it (needed when it touches anything)");
    sub.add_option("--resources", o->p.resources, "people, tools, access needed");
    sub.add_option("--window", o->p.window,
                   "the agreed time window FROM/TO, RFC 3339 times or dates (needed when it "
                   "touches anything)");
    sub.add_option("--touches", o->p.touches,
                   "what it touches of the user's: business, data, restart (comma-separated)");
    sub.add_flag("--touches-business", o->touches_business, "the same as --touches business");
    sub.add_option("--note", o->p.note, "why this plan; the knowledge-base article it follows");
    add_format(sub, o->format, {"text", "json", "ids"});
    return [o](Session& s) {
        workflow::Plan p = o->p;
        if (o->touches_business) p.touches.push_back("business");
        return print_outcome(workflow::plan(s.context(), o->id, p), o->format);
    };
}

Action define_confirm(CLI::App& sub) {
    struct Options {
        std::string id, by, via, format;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("ID", o->id, "ticket ID or unique prefix")->required();
    sub.add_option("--by", o->by, "the user who confirmed the plan")->required();
    sub.add_option("--via", o->via, "phone, chat, email, im, remote or onsite");
    add_format(sub, o->format, {"text", "json", "ids"});
    return [o](Session& s) {
        return print_outcome(workflow::confirm(s.context(), o->id, o->by, o->via), o->format);
    };
}

Action define_implement(CLI::App& sub) {
    struct Options {
        std::string id, format;
        workflow::Implement i;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("ID", o->id, "ticket ID or unique prefix")->required();
    sub.add_option("--backup", o->i.backup,
                   "what was backed up first (needed when it touches data)");
    sub.add_option("--outside-window", o->i.outside_window,
                   "why it is done outside the agreed window");
    sub.add_option("--note", o->i.note, "a note");
    add_format(sub, o->format, {"text", "json", "ids"});
    return [o](Session& s) {
        return print_outcome(workflow::implement(s.context(), o->id, o->i), o->format);
    };
}

Action define_rollback(CLI::App& sub) {
    struct Options {
        std::string id, reason, format;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("ID", o->id, "ticket ID or unique prefix")->required();
    sub.add_option("--reason", o->reason, "what went wrong (required)");
    add_format(sub, o->format, {"text", "json", "ids"});
    return [o](Session& s) {
        return print_outcome(workflow::rollback(s.context(), o->id, o->reason), o->format);
    };
}

} // namespace sop::cmd
