// Diagnosis verbs (SOP 4.2): diagnose, wait, resume, remote.
#include "app.hpp"
#include "util/error.hpp"
#include "workflow/verbs.hpp"

namespace sop::cmd {

Action define_diagnose(CLI::App& sub) {
    struct Options {
        std::string id, note, format;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("ID", o->id, "ticket ID or unique prefix")->required();
    sub.add_option("--note", o->note, "a finding: reasoning, steps, test results, data");
    add_format(sub, o->format, {"text", "json", "ids"});
    return [o](Session& s) {
        return print_outcome(workflow::diagnose(s.context(), o->id, o->note), o->format);
    };
}

Action define_wait(CLI::App& sub) {
    struct Options {
        std::string id, on, reason, format;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("ID", o->id, "ticket ID or unique prefix")->required();
    sub.add_option("--on", o->on, "customer or team")->required();
    sub.add_option("--reason", o->reason, "what is awaited");
    add_format(sub, o->format, {"text", "json", "ids"});
    return [o](Session& s) {
        return print_outcome(workflow::wait(s.context(), o->id, o->on, o->reason), o->format);
    };
}

Action define_resume(CLI::App& sub) {
    struct Options {
        std::string id, note, format;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("ID", o->id, "ticket ID or unique prefix")->required();
    sub.add_option("--note", o->note, "what came in");
    add_format(sub, o->format, {"text", "json", "ids"});
    return [o](Session& s) {
        return print_outcome(workflow::resume(s.context(), o->id, o->note), o->format);
    };
}

Action define_remote(CLI::App& sub) {
    struct Options {
        std::string id, note, format;
        bool end = false;
        workflow::Remote r;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("ID", o->id, "ticket ID or unique prefix")->required();
    sub.add_option("--consent", o->r.consent, "written or verbal: how the user consented");
    sub.add_option("--granted-by", o->r.granted_by, "who consented");
    sub.add_option("--purpose", o->r.purpose, "what the session is for, as told to the user");
    sub.add_option("--scope", o->r.scope, "what it may touch, as told to the user");
    sub.add_option("--tool", o->r.tool, "the approved remote tool");
    sub.add_option("--safeguards", o->r.safeguards, "the safeguards promised");
    sub.add_flag("--end", o->end, "end the open session");
    sub.add_option("--note", o->note, "with --end: what was done");
    add_format(sub, o->format, {"text", "json", "ids"});
    return [o](Session& s) {
        const auto& r = o->r;
        if (o->end) {
            if (!r.consent.empty() || !r.granted_by.empty() || !r.purpose.empty() ||
                !r.scope.empty() || !r.tool.empty() || !r.safeguards.empty())
                throw UsageError("--end takes no session options", "only --note");
            return print_outcome(workflow::remote_end(s.context(), o->id, o->note), o->format);
        }
        if (!o->note.empty()) throw UsageError("--note goes with --end");
        return print_outcome(workflow::remote_start(s.context(), o->id, r), o->format);
    };
}

} // namespace sop::cmd
