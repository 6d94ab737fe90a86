// Verification and closure verbs (SOP 4.4): resolve, survey, close, reopen, cancel, link. The
// verification of a ticket, `sop verify ID --pass|--fail`, is in cmd_verify.cpp with the other
// form of `sop verify`.
#include "app.hpp"
#include "util/error.hpp"
#include "workflow/verbs.hpp"

namespace sop::cmd {

Action define_resolve(CLI::App& sub) {
    struct Options {
        std::string id, answer, format;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("ID", o->id, "ticket ID or unique prefix")->required();
    sub.add_option("--answer", o->answer, "the answer given to the user (required)");
    add_format(sub, o->format, {"text", "json", "ids"});
    return [o](Session& s) {
        return print_outcome(workflow::resolve(s.context(), o->id, o->answer), o->format);
    };
}

Action define_survey(CLI::App& sub) {
    struct Options {
        std::string id, format;
        workflow::Survey v;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("ID", o->id, "ticket ID or unique prefix")->required();
    sub.add_option("--speed", o->v.speed, "response speed, 1-5");
    sub.add_option("--quality", o->v.quality, "solution quality, 1-5");
    sub.add_option("--attitude", o->v.attitude, "attitude, 1-5");
    sub.add_option("--comment", o->v.comment, "what the user said");
    sub.add_option("--via", o->v.via, "phone, chat, email, im, remote or onsite");
    sub.add_option("--none", o->v.none, "why there is no survey (unreachable, declined)");
    add_format(sub, o->format, {"text", "json", "ids"});
    return [o](Session& s) {
        return print_outcome(workflow::survey(s.context(), o->id, o->v), o->format);
    };
}

Action define_close(CLI::App& sub) {
    struct Options {
        std::string id, format;
        workflow::Close c;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("ID", o->id, "ticket ID or unique prefix")->required();
    sub.add_option("--problem", o->c.problem, "summary: the problem");
    sub.add_option("--diagnosis", o->c.diagnosis, "summary: the diagnosis");
    sub.add_option("--solution", o->c.solution, "summary: the solution");
    sub.add_option("--outcome", o->c.outcome, "summary: the outcome");
    sub.add_option("--feedback", o->c.feedback, "summary: the user's feedback");
    sub.add_option("--advice", o->c.advice, "summary: follow-up advice");
    sub.add_option("--follow-up", o->c.follow_up,
                   "what was done about an unhappy survey (needed when a score is 2 or less)");
    sub.add_option("--overdue-reason", o->c.overdue_reason, "why it is late, when it is");
    sub.add_option("--reviewed-by", o->c.reviewed_by,
                   "the senior engineer who reviewed it (needed for level 3 and 4)");
    add_format(sub, o->format, {"text", "json", "ids"});
    return [o](Session& s) {
        return print_outcome(workflow::close(s.context(), o->id, o->c), o->format);
    };
}

Action define_reopen(CLI::App& sub) {
    struct Options {
        std::string id, reason, format;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("ID", o->id, "ticket ID or unique prefix")->required();
    sub.add_option("--reason", o->reason, "why (required)");
    add_format(sub, o->format, {"text", "json", "ids"});
    return [o](Session& s) {
        return print_outcome(workflow::reopen(s.context(), o->id, o->reason), o->format);
    };
}

Action define_cancel(CLI::App& sub) {
    struct Options {
        std::string id, reason, duplicate_of, format;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("ID", o->id, "ticket ID or unique prefix")->required();
    sub.add_option("--reason", o->reason, "withdrawn, duplicate, spam... (required)");
    sub.add_option("--duplicate-of", o->duplicate_of, "the ticket this one duplicates");
    add_format(sub, o->format, {"text", "json", "ids"});
    return [o](Session& s) {
        return print_outcome(workflow::cancel(s.context(), o->id, o->reason, o->duplicate_of),
                             o->format);
    };
}

Action define_link(CLI::App& sub) {
    struct Options {
        std::string id, format;
        workflow::Link l;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("ID", o->id, "ticket ID or unique prefix")->required();
    sub.add_option("--related", o->l.related, "a related ticket (both name each other)");
    sub.add_option("--kb", o->l.kb, "a knowledge-base article");
    add_format(sub, o->format, {"text", "json", "ids"});
    return [o](Session& s) {
        return print_outcome(workflow::link(s.context(), o->id, o->l), o->format);
    };
}

} // namespace sop::cmd
