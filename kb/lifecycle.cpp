#include "kb/lifecycle.hpp"

#include "git/handles.hpp"
#include "kb/change.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <algorithm>

namespace sop::kb {
namespace {

using detail::move;
using detail::record;
using detail::refuse;
using detail::require_status;
using detail::Step;
using detail::version_of;

std::string required(const Json& doc, std::string_view verb, std::string_view value,
                     const std::string& why) {
    std::string text = workflow::text_arg("--reason", value);
    if (text.empty()) refuse(doc, verb, "reason", why, "give --reason TEXT (see sop-kb(1))");
    return text;
}

std::string email_of(const std::string& person) {
    if (const auto id = git::parse_identity(person)) return util::to_lower(id->email);
    return util::to_lower(person);
}

// The actor as a kb-reviewer of `doc`, or a refusal.
std::string reviewer(const Context& ctx, const Json& doc, std::string_view verb) {
    const auto person = ctx.config.person(ctx.actor.who.email);
    const std::string fix = "a person with the role '" + std::string(reviewer_role) +
                            "' under 'people:' in " + std::string(config::path) + " does that";
    if (!person || !person->has_role(reviewer_role))
        refuse(doc, verb, "reviewer",
               ctx.actor.who.str() + " is not a " + std::string(reviewer_role) + " (SOP 4.6)", fix);
    if (wrote_current_version(doc, util::to_lower(person->email)))
        refuse(doc, verb, "not-author",
               "you wrote version " + std::to_string(version_of(doc)) +
                   "; an article is reviewed by someone else (SOP 4.6)",
               "ask another " + std::string(reviewer_role) + " to review it");
    return person->str();
}

void add_review(Json& doc, const Context& ctx, const std::string& by, std::string_view verdict,
                const std::string& reason) {
    if (!doc.contains("reviewers")) doc["reviewers"] = Json::array();
    Json r = Json::object();
    r["at"] = ctx.actor.now.str();
    r["by"] = by;
    r["verdict"] = std::string(verdict);
    r["version"] = version_of(doc);
    if (!reason.empty()) r["reason"] = reason;
    doc["reviewers"].push_back(std::move(r));
}
} // namespace

bool wrote_current_version(const Json& doc, const std::string& email) {
    if (email_of(str(doc, "author")) == email) return true;
    const auto version = version_of(doc);
    const auto events = doc.find("events"); // sop verify asks of any version, even a broken one
    if (events == doc.end() || !events->is_array()) return false;
    for (const auto& e : *events) {
        const std::string action = str(e, "action");
        if ((action == "new" || action == "edit") &&
            e.value("version", std::int64_t{1}) == version && email_of(str(e, "by")) == email)
            return true;
    }
    return false;
}

bool ever_approved(const Json& doc) {
    if (doc.contains("reviewers"))
        for (const auto& r : doc["reviewers"])
            if (str(r, "verdict") == "approved") return true;
    return false;
}

Outcome submit(const Context& ctx, std::string_view id, std::string_view note_in) {
    const std::string note = workflow::text_arg("--note", note_in);
    return detail::perform(ctx, id, "submit", [&](Json& doc, const git::Snapshot&) {
        require_status(doc, "submit", {status_draft, status_flagged});
        std::string missing;
        for (const char* f : {"diagnosis_steps", "solution", "scenarios"})
            if (!doc.contains(f)) missing += (missing.empty() ? "" : ", ") + std::string(f);
        if (!missing.empty())
            refuse(doc, "submit", "format", "the fixed format lacks " + missing + " (SOP 4.6)",
                   "fill them in: 'sop kb edit " + id_of(doc) + "'");
        Json extra{{"version", version_of(doc)}};
        if (!note.empty()) extra["note"] = note;
        move(doc, ctx.actor, "submit", status_in_review, std::move(extra));
        return Step{
            "submitted version " + std::to_string(version_of(doc)) + " for review", note, {}, {}};
    });
}

Outcome approve(const Context& ctx, std::string_view id, std::string_view note_in) {
    const std::string note = workflow::text_arg("--note", note_in);
    return detail::perform(ctx, id, "approve", [&](Json& doc, const git::Snapshot&) {
        require_status(doc, "approve", {status_in_review});
        const std::string by = reviewer(ctx, doc, "approve");
        add_review(doc, ctx, by, "approved", {});
        doc.erase("published");
        Json extra{{"version", version_of(doc)}};
        if (!note.empty()) extra["note"] = note;
        move(doc, ctx.actor, "approve", status_published, std::move(extra));
        return Step{"approved version " + std::to_string(version_of(doc)) + ", published",
                    note,
                    {"Approved-by: " + by},
                    {}};
    });
}

Outcome reject(const Context& ctx, std::string_view id, std::string_view reason_in) {
    return detail::perform(ctx, id, "reject", [&](Json& doc, const git::Snapshot&) {
        require_status(doc, "reject", {status_in_review});
        const std::string reason =
            required(doc, "reject", reason_in, "a rejection says what to change");
        const std::string by = reviewer(ctx, doc, "reject");
        add_review(doc, ctx, by, "rejected", reason);
        move(doc, ctx.actor, "reject", status_draft,
             Json{{"version", version_of(doc)}, {"note", reason}});
        return Step{"rejected version " + std::to_string(version_of(doc)), reason, {}, {}};
    });
}

Outcome flag(const Context& ctx, std::string_view id, std::string_view reason_in) {
    return detail::perform(ctx, id, "flag", [&](Json& doc, const git::Snapshot&) {
        require_status(doc, "flag", {status_published});
        const std::string reason =
            required(doc, "flag", reason_in, "a flag says what looks wrong or out of date");
        move(doc, ctx.actor, "flag", status_flagged, Json{{"note", reason}});
        return Step{"flagged for review", reason, {}, {}};
    });
}

Outcome retire(const Context& ctx, std::string_view id, std::string_view reason_in) {
    return detail::perform(ctx, id, "retire", [&](Json& doc, const git::Snapshot&) {
        require_status(doc, "retire",
                       {status_draft, status_in_review, status_published, status_flagged});
        const std::string reason =
            required(doc, "retire", reason_in, "retiring an article says why");
        const auto person = ctx.config.person(ctx.actor.who.email);
        const bool is_reviewer = person && person->has_role(reviewer_role);
        const bool own_draft = !ever_approved(doc) &&
                               email_of(str(doc, "author")) == util::to_lower(ctx.actor.who.email);
        if (!is_reviewer && !own_draft)
            refuse(doc, "retire", "reviewer",
                   ever_approved(doc) ? "published knowledge is retired by a " +
                                            std::string(reviewer_role) + " (SOP 4.6)"
                                      : "only its author or a " + std::string(reviewer_role) +
                                            " retires an unpublished article",
                   "ask a person with the role '" + std::string(reviewer_role) + "' in " +
                       std::string(config::path));
        doc.erase("published");
        move(doc, ctx.actor, "retire", status_retired, Json{{"note", reason}});
        return Step{"retired", reason, {}, {}};
    });
}

bool cite(Json& article, const ticket::Actor& actor, const std::string& ticket) {
    if (status_of(article) == status_retired)
        refuse(article, "link", "status", "the article is retired",
               "link a current article (see 'sop kb search')");
    Json& links = article["links"];
    if (!links.is_object()) links = Json::object();
    if (!links.contains("tickets")) links["tickets"] = Json::array();
    auto& list = links["tickets"];
    if (std::find(list.begin(), list.end(), Json(ticket)) != list.end()) return false;
    list.push_back(ticket);
    record(article, actor, "link", Json{{"ticket", ticket}});
    return true;
}

bool flag_for_reopen(Json& article, const ticket::Actor& actor, const std::string& ticket,
                     const std::string& reason) {
    if (status_of(article) != status_published) return false;
    move(article, actor, "flag", status_flagged,
         Json{{"ticket", ticket}, {"note", ticket + " was reopened: " + reason}});
    return true;
}

std::optional<std::string> served_text(const git::Repo& repo, const Json& article,
                                       const std::string& current_text) {
    if (serves_current_text(article)) return current_text;
    if (status_of(article) == status_retired || !article.contains("published")) return std::nullopt;
    const std::string hex = str(article["published"], "blob");
    git_oid oid;
    if (git_oid_fromstr(&oid, hex.c_str()) != 0)
        throw InvalidError(path_of(id_of(article)) + ": published.blob: '" + hex +
                           "' is not a blob id");
    git_blob* raw = nullptr;
    if (git_blob_lookup(&raw, repo.raw(), &oid) != 0)
        throw NotFoundError(path_of(id_of(article)) + ": published.blob: no blob " + hex +
                                " in this repository",
                            "fetch the history that holds version " +
                                std::to_string(article["published"].value("version", 0)));
    const git::BlobPtr blob(raw);
    const auto* data = static_cast<const char*>(git_blob_rawcontent(blob.get()));
    return std::string(data, static_cast<std::size_t>(git_blob_rawsize(blob.get())));
}

} // namespace sop::kb
