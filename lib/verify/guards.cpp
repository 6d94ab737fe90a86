#include "verify/guards.hpp"

#include "kb/lifecycle.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <tuple>

namespace sop::verify {
namespace {

const std::string config_name(config::path);

void fail(const Commit& c, const FileStep& f, const std::string& field, std::string_view guard,
          const std::string& why) {
    c.problem(f.path, field, why + " [guard: " + std::string(guard) + "]");
}

int level_of(const Json& doc) {
    const auto it = doc.find("level");
    return it != doc.end() && it->is_number_integer() ? it->get<int>() : 0;
}

const Json& member(const Json& doc, const char* key) {
    static const Json none;
    if (!doc.is_object()) return none;
    const auto it = doc.find(key);
    return it == doc.end() ? none : *it;
}

// The author as a person of the parent's config holding `role`; a problem when they are not.
bool holds_role(const Commit& c, const FileStep& f, const std::string& field,
                std::string_view guard, std::string_view role, const std::string& why) {
    if (!c.config.config) {
        fail(c, f, field, guard,
             "cannot tell whether " + c.author.str() + " is a " + std::string(role) + ": " +
                 c.config.why);
        return false;
    }
    const auto person = c.config.config->person(c.author.email);
    if (person && person->has_role(role)) return true;
    fail(c, f, field, guard,
         c.author.str() + " is not a " + std::string(role) + " in " + config_name +
             " of the parent commit (" + why + ")");
    return false;
}

// The Approved-by trailer names the author, who approved.
void approved_by_author(const Commit& c, const FileStep& f, const std::string& field,
                        std::string_view guard) {
    const auto approvals = c.trailers("Approved-by");
    if (approvals.empty())
        fail(c, f, field, guard, "no Approved-by trailer names who approved");
    else if (!c.is_author(approvals.front()))
        fail(c, f, field, guard,
             "Approved-by names " + approvals.front() + ", but the commit's author is " +
                 c.author.str());
}

void senior_review(const Commit& c, const FileStep& f, const Json& own, std::size_t own_at,
                   int level) {
    const std::string field = "summary.reviewed_by";
    const auto reviews = c.trailers("Reviewed-by");
    if (reviews.empty()) {
        fail(c, f, field, "senior-review",
             "a level-" + std::to_string(level) +
                 " ticket closes after a senior engineer's review (SOP 5), and the commit has no "
                 "Reviewed-by trailer");
        return;
    }
    const std::string& who = reviews.front();
    if (str(own, "reviewed_by") != who)
        c.problem(f.path, event_field(own_at, "reviewed_by"),
                  "'" + str(own, "reviewed_by") + "', but the Reviewed-by trailer names '" + who +
                      "'");
    if (!c.config.config) {
        fail(c, f, field, "senior-review",
             "cannot tell whether '" + who + "' is a senior engineer: " + c.config.why);
        return;
    }
    const auto person = c.config.config->person(who);
    if (!person || !person->has_role("senior"))
        fail(c, f, field, "senior-review",
             "Reviewed-by: '" + who + "' is not a senior engineer in " + config_name +
                 " of the parent commit (SOP 5)");
    else if (util::to_lower(person->email) == util::to_lower(c.author.email))
        fail(c, f, field, "senior-review",
             "the reviewer " + person->str() +
                 " is the one who closes: a senior engineer "
                 "other than the closer reviews it (SOP 5)");
}

void close_guards(const Commit& c, const FileStep& f, const Json& own, std::size_t own_at) {
    const Json& t = *f.after;
    const Json& summary = member(t, "summary");
    const Json& survey = member(t, "survey");
    if (survey.is_null())
        fail(c, f, "survey", "survey", "closed without a satisfaction survey (SOP 4.4)");
    std::string missing;
    for (const char* k : {"problem", "diagnosis", "solution", "outcome", "feedback", "advice"})
        if (util::trim(str(summary, k)).empty())
            missing += (missing.empty() ? "" : ", ") + std::string(k);
    if (!missing.empty())
        fail(c, f, "summary", "closure-summary",
             "the closure summary lacks " + missing +
                 " (SOP 4.4: problem, diagnosis, solution, outcome, user feedback, follow-up "
                 "advice)");
    constexpr std::array scores{"speed", "quality", "attitude"};
    const bool unhappy = std::any_of(scores.begin(), scores.end(), [&](const char* k) {
        const Json& v = member(survey, k);
        return v.is_number_integer() && v.get<int>() <= 2;
    });
    if (unhappy && util::trim(str(summary, "follow_up")).empty())
        fail(c, f, "summary.follow_up", "unhappy-user",
             "the survey scored 2 or less and the summary records no follow-up (SOP 4.4)");
    for (const auto& s : member(t, "remote_sessions"))
        if (s.is_object() && !s.contains("ended_at"))
            fail(c, f, "remote_sessions", "remote-session",
                 "closed while the remote session started " + str(s, "started_at") + " is open");
    for (const auto& r : member(t, "collaboration"))
        if (r.is_object() && str(r, "state") != "done")
            fail(c, f, "collaboration", "collaboration",
                 "closed while collaboration request " + member(r, "n").dump() + " to " +
                     str(r, "team") + " is " + str(r, "state") + " (SOP 4.7)");
    const int level = level_of(t);
    const Json& incident = member(t, "incident");
    if (level == 4 && incident.is_object())
        for (const auto& [key, guard, what] :
             {std::tuple{"review", "incident-review", "after its review meeting"},
              std::tuple{"report", "incident-report", "after its review report is written"},
              std::tuple{"approval", "incident-approval", "after management approved the report"}})
            if (!incident.contains(key))
                fail(c, f, "incident." + std::string(key), guard,
                     std::string("a major incident closes ") + what + " (SOP 4.5)");
    if (level >= 3) senior_review(c, f, own, own_at, level);
}

void implement_guards(const Commit& c, const FileStep& f) {
    const Json& plan = member(*f.before, "plan");
    const Json& touches = member(plan, "touches");
    if (!touches.is_array() || touches.empty()) return;
    if (!plan.contains("confirmation"))
        fail(c, f, "plan.confirmation", "customer-confirmation",
             "the plan touches " + touches.dump() + " and the user has not confirmed it (SOP 4.3)");
    const bool data = std::find(touches.begin(), touches.end(), Json("data")) != touches.end();
    if (data &&
        util::trim(str(member(member(*f.after, "plan"), "implementation"), "backup")).empty())
        fail(c, f, "plan.implementation.backup", "backup",
             "the plan touches the user's data and no backup is recorded (SOP 4.3)");
}

// A lead or a manager decides a disagreement (SOP 4.7): a person with either role, or a
// team's lead.
void escalation_guard(const Commit& c, const FileStep& f, const Json& own) {
    const std::string to = str(own, "escalated_to");
    if (!c.config.config) {
        fail(c, f, "collaboration", "escalation",
             "cannot tell whether '" + to + "' is a lead or a manager: " + c.config.why);
        return;
    }
    const config::Config& cfg = *c.config.config;
    const auto p = cfg.person(to);
    if (!p) {
        if (member(cfg.doc, "people").empty()) return; // a config without people names anyone
        fail(c, f, "collaboration", "escalation",
             "escalated to '" + to + "', who is not a person in " + config_name);
        return;
    }
    if (p->has_role("lead") || p->has_role("manager")) return;
    for (const auto& t : member(cfg.doc, "teams"))
        if (const auto lead = cfg.person(str(t, "lead")); lead && lead->email == p->email) return;
    fail(c, f, "collaboration", "escalation",
         "escalated to " + p->str() + ", who is neither a lead nor a manager in " + config_name +
             " of the parent commit (SOP 4.7)");
}

} // namespace

void check_ticket_guards(const Commit& c, const FileStep& f, const Json& own, std::size_t own_at) {
    if (c.action == "close") {
        close_guards(c, f, own, own_at);
    } else if (c.action == "resolve") {
        if (const int level = level_of(*f.before); level != 1)
            fail(c, f, "level", "verified-solution",
                 "a level-" + std::to_string(level) +
                     " ticket is resolved by a passed verification, not a direct answer "
                     "(SOP 4.4)");
    } else if (c.action == "implement") {
        implement_guards(c, f);
    } else if (c.action == "incident-approve") {
        if (holds_role(c, f, "incident.approval", "approver", "manager",
                       "management approves the review report, SOP 4.5"))
            approved_by_author(c, f, "incident.approval", "approver");
    } else if (c.action == "collab-escalate") {
        escalation_guard(c, f, own);
    }
}

void check_article_guards(const Commit& c, const FileStep& f, std::string_view verb) {
    const std::string email = util::to_lower(c.author.email);
    if (verb == "approve" || verb == "reject") {
        if (!holds_role(c, f, "reviewers", "reviewer", kb::reviewer_role,
                        "articles are reviewed by a kb-reviewer, SOP 4.6"))
            return;
        if (kb::wrote_current_version(*f.before, email))
            fail(c, f, "reviewers", "not-author",
                 c.author.str() + " wrote version " + member(*f.before, "version").dump() +
                     "; an article is reviewed by someone else (SOP 4.6)");
        if (verb == "approve") approved_by_author(c, f, "reviewers", "reviewer");
    } else if (verb == "retire") {
        const std::string author = str(*f.before, "author");
        const auto id = git::parse_identity(author);
        const bool own_draft =
            !kb::ever_approved(*f.before) && util::to_lower(id ? id->email : author) == email;
        if (!own_draft)
            holds_role(c, f, "status", "reviewer", kb::reviewer_role,
                       "published knowledge, or another's draft, is retired by a kb-reviewer");
    }
}

} // namespace sop::verify
