// Verification and closure (SOP 4.4): verify, resolve, survey, close, reopen; cancel and link.
#include "kb/lifecycle.hpp"
#include "kb/lookup.hpp"
#include "sla/view.hpp"
#include "ticket/archive.hpp"
#include "ticket/id.hpp"
#include "ticket/lookup.hpp"
#include "ticket/summary.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "workflow/verbs.hpp"

#include <algorithm>

namespace sop::workflow {
namespace {

// "late by 2h 10m of working time" when the ticket's last resolution cycle broke its target.
std::optional<std::string> resolution_overdue(const Context& ctx, const Json& doc) {
    const sla::Settings settings(ctx.config.doc);
    const auto record = sla::from_summary(ticket::summarize(doc));
    std::optional<sla::Clock> last;
    for (auto& c : sla::clocks(record, settings, ctx.actor.now.seconds))
        if (c.kind == "resolution") last = std::move(c);
    if (!last || last->status != sla::Status::breached) return std::nullopt;
    return last->target.text + " for " + last->detail + ", late by " +
           sla::human(last->elapsed - last->target_length, last->target.business) +
           (last->target.business ? " of working time" : "");
}

// Failed verifications since the level was last raised (by hand or automatically).
int failures_since_escalation(const Json& doc) {
    int failures = 0;
    for (const auto& e : doc["events"]) {
        const std::string action = e.value("action", "");
        if (action == "escalate") failures = 0;
        if (action == "verify" && e.value("result", "") == "fail") ++failures;
    }
    return failures;
}

bool unhappy(const Json& survey) {
    for (const char* k : {"speed", "quality", "attitude"})
        if (survey.contains(k) && survey[k].is_number_integer() && survey[k].get<int>() <= 2)
            return true;
    return false;
}

// When the ticket last entered its current state.
std::optional<util::Timestamp> entered_state(const Json& doc) {
    const std::string state = ticket::state_of(doc);
    const auto& events = doc["events"];
    for (auto it = events.rbegin(); it != events.rend(); ++it)
        if (it->value("to", "") == state) return util::parse_rfc3339(it->value("at", ""));
    return std::nullopt;
}

void add_link(Json& doc, const char* list, const std::string& value) {
    if (!doc.contains("links")) doc["links"] = Json::object();
    Json& l = doc["links"];
    if (!l.contains(list)) l[list] = Json::array();
    l[list].push_back(value);
}

bool has_link(const Json& doc, const char* list, const std::string& value) {
    if (!doc.contains("links") || !doc["links"].contains(list)) return false;
    const auto& l = doc["links"][list];
    return std::find(l.begin(), l.end(), Json(value)) != l.end();
}

int score_arg(const char* what, int v) {
    if (v < 1 || v > 5)
        throw InvalidError(std::string(what) + ": " + std::to_string(v) + " is not a score",
                           "scores are 1 (very unhappy) to 5 (very happy)");
    return v;
}

// A ticket another one refers to: live or archived.
ticket::Resolved resolve_reference(const Context& ctx, std::string_view input) {
    const git::Snapshot archive = ticket::archive_of(ctx.repo);
    return ticket::resolve_any(ctx.repo.head(), &archive, input);
}

} // namespace

Outcome verify(const Context& ctx, std::string_view id, const Verify& in) {
    if (!in.passed) throw UsageError("say how it went: --pass or --fail");
    const bool passed = *in.passed;
    const std::string result = text_arg("--result", in.result);
    const std::string feedback = text_arg("--feedback", in.feedback);
    return perform(ctx, id, "verify", [&](Json& doc, const git::Snapshot&) {
        require_state(doc, "verify", {"implementing"});
        const std::string steps =
            required_text(doc, "verify", "verification-steps", "--steps", in.steps,
                          "a verification records the steps that were checked (SOP 4.4)");
        Json v{{"at", ctx.actor.now.str()},
               {"by", actor_str(ctx)},
               {"passed", passed},
               {"steps", steps}};
        if (!result.empty()) v["result"] = result;
        if (!feedback.empty()) v["feedback"] = feedback;
        if (doc.contains("plan")) v["plan_revision"] = doc["plan"].value("revision", 0);
        if (!doc.contains("verifications")) doc["verifications"] = Json::array();
        doc["verifications"].push_back(v);
        Json extra{{"result", passed ? "pass" : "fail"}};
        if (!result.empty()) extra["note"] = result;
        move(doc, ctx, "verify", passed ? "resolved" : "diagnosing", std::move(extra));
        std::string subject = passed ? "verification passed" : "verification failed";
        if (!passed) {
            const long limit = ctx.config.workflow("max_failed_verifications", 2);
            const int failures = failures_since_escalation(doc);
            const int level = level_of(doc);
            if (failures >= limit && level >= 1 && level < 4) {
                set_level(doc, ctx, level + 1);
                record(doc, ctx, "escalate",
                       Json{{"level", level + 1},
                            {"previous", level},
                            {"auto", true},
                            {"note", std::to_string(failures) +
                                         " failed verifications (workflow.max_failed_"
                                         "verifications is " +
                                         std::to_string(limit) + ", SOP 4.4)"}});
                subject += "; level raised to " + std::to_string(level + 1);
            }
        }
        return Step{subject, steps, {}, {}};
    });
}

Outcome resolve(const Context& ctx, std::string_view id, std::string_view answer_in) {
    return perform(ctx, id, "resolve", [&](Json& doc, const git::Snapshot&) {
        require_state(doc, "resolve", {"triaged", "diagnosing"});
        const int level = level_of(doc);
        if (level != 1)
            refuse(doc, "resolve", "verified-solution",
                   "a level-" + std::to_string(level) +
                       " ticket is resolved only by a passed verification (SOP 4.4)",
                   "plan, implement and verify: 'sop verify " + ticket::id_of(doc) +
                       " --pass --steps S'");
        const std::string answer = required_text(doc, "resolve", "answer", "--answer", answer_in,
                                                 "a direct answer is recorded (SOP 4.1)");
        doc["answer"] = answer;
        move(doc, ctx, "resolve", "resolved", Json{{"note", answer}});
        return Step{"answered: " + util::first_line(answer, 60), answer, {}, {}};
    });
}

Outcome survey(const Context& ctx, std::string_view id, const Survey& in) {
    const std::string none = text_arg("--none", in.none);
    const std::string comment = text_arg("--comment", in.comment);
    const std::string via = in.via.empty() ? "" : channel_arg(in.via);
    const bool any_score = in.speed || in.quality || in.attitude;
    if (!none.empty() && any_score)
        throw UsageError("--none cannot be combined with scores",
                         "either the user's scores, or --none REASON");
    if (any_score) {
        score_arg("--speed", in.speed ? in.speed : 1);
        score_arg("--quality", in.quality ? in.quality : 1);
        score_arg("--attitude", in.attitude ? in.attitude : 1);
    }
    return perform(ctx, id, "survey", [&](Json& doc, const git::Snapshot&) {
        require_state(doc, "record a survey", {"resolved"});
        if (none.empty() && (!in.speed || !in.quality || !in.attitude))
            refuse(doc, "record a survey", "survey-scores",
                   "a survey scores response speed, solution quality and attitude (SOP 4.4)",
                   "give --speed N --quality N --attitude N (1-5), or --none REASON when the "
                   "user could not be reached or declined");
        Json s{{"at", ctx.actor.now.str()}, {"by", actor_str(ctx)}};
        Json extra = Json::object();
        std::string subject;
        if (!none.empty()) {
            s["none"] = none;
            extra["none"] = none;
            subject = "no survey: " + util::first_line(none, 50);
        } else {
            s["speed"] = in.speed;
            s["quality"] = in.quality;
            s["attitude"] = in.attitude;
            extra = Json{{"speed", in.speed}, {"quality", in.quality}, {"attitude", in.attitude}};
            subject = "survey: speed " + std::to_string(in.speed) + ", quality " +
                      std::to_string(in.quality) + ", attitude " + std::to_string(in.attitude);
        }
        if (!comment.empty()) s["comment"] = comment;
        if (!via.empty()) s["via"] = via;
        if (!comment.empty()) extra["note"] = comment;
        doc["survey"] = s;
        record(doc, ctx, "survey", std::move(extra));
        return Step{subject, comment, {}, {}};
    });
}

Outcome close(const Context& ctx, std::string_view id, const Close& in) {
    struct Field {
        const char* key;
        const char* option;
        std::string value;
    };
    std::vector<Field> fields = {
        {"problem", "--problem", text_arg("--problem", in.problem)},
        {"diagnosis", "--diagnosis", text_arg("--diagnosis", in.diagnosis)},
        {"solution", "--solution", text_arg("--solution", in.solution)},
        {"outcome", "--outcome", text_arg("--outcome", in.outcome)},
        {"feedback", "--feedback", text_arg("--feedback", in.feedback)},
        {"advice", "--advice", text_arg("--advice", in.advice)}};
    const std::string follow_up = text_arg("--follow-up", in.follow_up);
    const std::string overdue = text_arg("--overdue-reason", in.overdue_reason);
    const std::string reviewer_in = text_arg("--reviewed-by", in.reviewed_by, false);
    return perform(ctx, id, "close", [&](Json& doc, const git::Snapshot&) {
        require_state(doc, "close", {"resolved"});
        const std::string tid = ticket::id_of(doc);
        if (remote_session_open(doc))
            refuse(doc, "close", "remote-session", "a remote session is still open",
                   "end it: 'sop remote " + tid + " --end'");
        for (const auto& req : doc.value("collaboration", Json::array()))
            if (req.value("state", "") != "done")
                refuse(doc, "close", "collaboration",
                       "collaboration request " + std::to_string(req.value("n", 0)) + " to " +
                           req.value("team", "") + " is still " + req.value("state", "") +
                           " (SOP 4.7)",
                       "finish it: 'sop collab done " + tid + " " +
                           std::to_string(req.value("n", 0)) + "'");
        if (level_of(doc) == 4 && doc.contains("incident")) {
            const Json& inc = doc["incident"];
            if (!inc.contains("review"))
                refuse(doc, "close", "incident-review",
                       "a major incident closes after its review meeting (SOP 4.5)",
                       "'sop incident review " + tid +
                           " --held-at TIME --attendees WHO... --root-cause TEXT'");
            if (!inc.contains("report"))
                refuse(doc, "close", "incident-report",
                       "a major incident closes after its review report is written (SOP 4.5)",
                       "'sop incident report " + tid + "'");
            if (!inc.contains("approval"))
                refuse(doc, "close", "incident-approval",
                       "management has not approved the review report (SOP 4.5)",
                       "a manager runs 'sop incident approve " + tid + "'");
        }
        if (!doc.contains("survey"))
            refuse(doc, "close", "survey", "no satisfaction survey is recorded (SOP 4.4)",
                   "record it: 'sop survey " + tid +
                       " --speed N --quality N --attitude N', or 'sop survey " + tid +
                       " --none REASON'");
        std::string missing;
        for (const auto& f : fields)
            if (f.value.empty()) missing += (missing.empty() ? "" : " ") + std::string(f.option);
        if (!missing.empty())
            refuse(doc, "close", "closure-summary",
                   "the closure summary is incomplete (SOP 4.4: problem, diagnosis, solution, "
                   "outcome, user feedback, follow-up advice)",
                   "give " + missing);
        if (overdue.empty()) {
            if (const auto late = resolution_overdue(ctx, doc))
                refuse(doc, "close", "overdue",
                       "the resolution took longer than its target (" + *late +
                           "): a late ticket records why (SOP 4.4)",
                       "say why it is late and what is being done: --overdue-reason TEXT");
        }
        if (unhappy(doc["survey"]) && follow_up.empty())
            refuse(doc, "close", "unhappy-user",
                   "the survey scored 2 or less: the user is not satisfied (SOP 4.4)",
                   "find out why, act again, and say what was done: --follow-up TEXT");
        std::string reviewer;
        const int level = level_of(doc);
        if (level >= 3) {
            const std::string fix =
                "a senior engineer other than you reviews it: --reviewed-by NAME (people with "
                "the role 'senior' in " +
                std::string(config::path) + ")";
            if (reviewer_in.empty())
                refuse(doc, "close", "senior-review",
                       "a level-" + std::to_string(level) +
                           " ticket is checked by a senior engineer before it closes (SOP 5)",
                       fix);
            const auto person = ctx.config.person(reviewer_in);
            if (!person || !person->has_role("senior"))
                refuse(doc, "close", "senior-review",
                       "'" + reviewer_in + "' is not a senior engineer in " +
                           std::string(config::path),
                       fix);
            if (util::to_lower(person->email) == util::to_lower(ctx.actor.who.email))
                refuse(doc, "close", "senior-review", "the reviewer cannot be the one who closes",
                       fix);
            reviewer = person->str();
        } else if (!reviewer_in.empty()) {
            const auto person = ctx.config.person(reviewer_in);
            reviewer = person ? person->str() : reviewer_in;
        }
        Json summary = Json::object();
        for (const auto& f : fields)
            summary[f.key] = f.value;
        if (!follow_up.empty()) summary["follow_up"] = follow_up;
        if (!reviewer.empty()) summary["reviewed_by"] = reviewer;
        doc["summary"] = summary;
        if (!overdue.empty()) doc["overdue_reason"] = overdue;
        Json extra = Json::object();
        if (!reviewer.empty()) extra["reviewed_by"] = reviewer;
        move(doc, ctx, "close", "closed", std::move(extra));
        Step step{"closed: " + util::first_line(fields[2].value, 60), {}, {}, {}};
        step.body = "Problem: " + fields[0].value + "\nSolution: " + fields[2].value;
        if (!reviewer.empty()) step.trailers.push_back("Reviewed-by: " + reviewer);
        return step;
    });
}

Outcome reopen(const Context& ctx, std::string_view id, std::string_view reason_in) {
    return perform(ctx, id, "reopen", [&](Json& doc, const git::Snapshot& head) {
        require_state(doc, "reopen", {"resolved", "closed"});
        const std::string reason =
            required_text(doc, "reopen", "reason", "--reason", reason_in, "a reopen states why");
        const long days = ctx.config.workflow("reopen_days", 30);
        if (const auto since = entered_state(doc);
            since && ctx.actor.now.seconds - since->seconds > days * 24 * 3600)
            refuse(doc, "reopen", "reopen-window",
                   "it was " + ticket::state_of(doc) + " on " + since->date() + ", more than " +
                       std::to_string(days) + " days ago (workflow.reopen_days)",
                   "take in a new ticket and link it: 'sop new ...' then 'sop link NEW "
                   "--related " +
                       ticket::id_of(doc) + "'");
        doc.erase("survey"); // the new outcome gets its own survey; the old one is in the log
        // A reopened major incident runs again: its end, review, report and approval are
        // history (in the event log and postmortems/), and it closes only after new ones.
        if (level_of(doc) == 4 && doc.contains("incident")) {
            Json& inc = doc["incident"];
            for (const char* k :
                 {"resolved_at", "resolved_by", "verified", "review", "report", "approval"})
                inc.erase(k);
            if (inc.contains("impact")) inc["impact"].erase("end");
        }
        move(doc, ctx, "reopen", "diagnosing", Json{{"note", reason}});
        Step step{"reopened", reason, {}, {}};
        // The articles it cited did not hold: each published one is flagged for review (SOP 4.6
        // "kept accurate and current"), in the same commit.
        if (doc.contains("links") && doc["links"].contains("kb"))
            for (const auto& cited : doc["links"]["kb"]) {
                const std::string kb = cited.get<std::string>();
                if (!head.entry_id(kb::path_of(kb))) continue; // not in this branch
                Json article = kb::load(head, kb);
                if (!kb::flag_for_reopen(article, ctx.actor, ticket::id_of(doc), reason)) continue;
                article = kb::canonical(article);
                kb::check(article, kb::path_of(kb), kb::path_of(kb));
                step.also.push_back({kb::path_of(kb), kb::to_yaml(article)});
                step.trailers.push_back("Sop-Article: " + kb);
                step.body += "\nFlagged " + kb + " for review.";
            }
        return step;
    });
}

Outcome cancel(const Context& ctx, std::string_view id, std::string_view reason_in,
               std::string_view duplicate_in) {
    std::string duplicate; // live or archived
    if (!duplicate_in.empty()) duplicate = resolve_reference(ctx, duplicate_in).id;
    return perform(ctx, id, "cancel", [&](Json& doc, const git::Snapshot&) {
        require_open(doc, "cancel");
        const std::string tid = ticket::id_of(doc);
        const std::string reason = required_text(doc, "cancel", "reason", "--reason", reason_in,
                                                 "a cancellation states why (withdrawn, "
                                                 "duplicate, spam)");
        if (duplicate == tid) throw UsageError("a ticket cannot be a duplicate of itself");
        if (remote_session_open(doc))
            refuse(doc, "cancel", "remote-session", "a remote session is still open",
                   "end it: 'sop remote " + tid + " --end'");
        Json extra{{"note", reason}};
        if (!duplicate.empty()) {
            if (!doc.contains("links")) doc["links"] = Json::object();
            doc["links"]["duplicate_of"] = duplicate;
            extra["duplicate_of"] = duplicate;
        }
        move(doc, ctx, "cancel", "cancelled", std::move(extra));
        return Step{duplicate.empty() ? "cancelled" : "cancelled: duplicate of " + duplicate,
                    reason,
                    {},
                    {}};
    });
}

Outcome link(const Context& ctx, std::string_view id, const Link& in) {
    if (in.related.empty() == in.kb.empty())
        throw UsageError("link what? give --related ID or --kb KB-ID (one of them)");
    ticket::Resolved related; // an archived ticket is linked one way (the archive is read-only)
    if (!in.related.empty()) related = resolve_reference(ctx, in.related);
    std::string kb; // an ID or unique prefix, as everywhere
    if (!in.kb.empty()) kb = kb::resolve(ctx.repo.head(), in.kb);
    return perform(ctx, id, "link", [&](Json& doc, const git::Snapshot& head) {
        const std::string tid = ticket::id_of(doc);
        Step step;
        if (!related.id.empty()) {
            const std::string& rid = related.id;
            if (rid == tid) throw UsageError("a ticket is not related to itself");
            if (has_link(doc, "related", rid))
                refuse(doc, "link", "no-change", "it is already related to " + rid,
                       "nothing to do");
            add_link(doc, "related", rid);
            // Both live tickets name each other, in the same commit.
            if (!related.archived) {
                Json other = ticket::read_for_change(head, rid);
                if (!has_link(other, "related", tid)) {
                    add_link(other, "related", tid);
                    record(other, ctx, "link", Json{{"related", tid}});
                    ticket::check(other, ticket::path_of(rid), ticket::path_of(rid));
                    step.also.push_back({ticket::path_of(rid), ticket::to_yaml(other)});
                }
            }
            record(doc, ctx, "link", Json{{"related", rid}});
            step.subject = "related to " + rid + (related.archived ? " (archived)" : "");
        } else {
            // Reuse (SOP 4.3): the ticket cites the article and the article names the ticket,
            // in the same commit.
            Json article = kb::load(head, kb);
            if (has_link(doc, "kb", kb))
                refuse(doc, "link", "no-change", "it already links " + kb, "nothing to do");
            add_link(doc, "kb", kb);
            record(doc, ctx, "link", Json{{"kb", kb}});
            if (kb::cite(article, ctx.actor, tid)) {
                article = kb::canonical(article);
                kb::check(article, kb::path_of(kb), kb::path_of(kb));
                step.also.push_back({kb::path_of(kb), kb::to_yaml(article)});
                step.trailers.push_back("Sop-Article: " + kb);
            }
            step.subject = "linked to " + kb;
        }
        return step;
    });
}

} // namespace sop::workflow
