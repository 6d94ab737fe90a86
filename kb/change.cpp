#include "kb/change.hpp"

#include "git/store.hpp"
#include "kb/lookup.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace sop::kb::detail {

std::string commit_message(const std::string& id, const std::string& subject,
                           const std::string& body, std::string_view verb, const std::string& from,
                           const std::string& to) {
    std::string msg = id + ": " + util::first_line(subject, 72) + "\n\n";
    if (!body.empty()) msg += util::trim(body) + "\n\n";
    msg += "Sop-Article: " + id + "\n";
    msg += "Sop-Action: kb-" + std::string(verb) + "\n";
    if (!from.empty()) msg += "Sop-From: " + from + "\n";
    msg += "Sop-To: " + to + "\n";
    return msg;
}

std::string dirty_hint(const std::string& id) {
    return "run 'sop kb edit " + id +
           "' to check and commit those edits, or 'git checkout HEAD -- " + path_of(id) +
           "' to discard them";
}

void refuse(const Json& doc, std::string_view verb, std::string_view guard, const std::string& why,
            const std::string& fix) {
    throw RefusedError(id_of(doc) + ": cannot " + std::string(verb) + ": " + why +
                           " [guard: " + std::string(guard) + "]",
                       fix);
}

void require_status(const Json& doc, std::string_view verb,
                    std::initializer_list<std::string_view> allowed) {
    const std::string status = status_of(doc);
    for (const auto a : allowed)
        if (status == a) return;
    std::string list;
    for (const auto a : allowed)
        list += (list.empty() ? "" : ", ") + std::string(a);
    refuse(doc, verb, "status", "the article is " + status,
           std::string(verb) + " needs an article that is " + list + " (see 'sop kb show " +
               id_of(doc) + "')");
}

void record(Json& doc, const ticket::Actor& actor, std::string_view action, Json extra) {
    Json e = Json::object();
    e["at"] = actor.now.str();
    e["by"] = actor.who.str();
    e["action"] = std::string(action);
    for (auto& [k, v] : extra.items())
        e[k] = std::move(v);
    doc["events"].push_back(std::move(e));
}

void move(Json& doc, const ticket::Actor& actor, std::string_view action, std::string_view to,
          Json extra) {
    Json e = Json::object();
    const std::string from = status_of(doc);
    if (from != to) {
        e["from"] = from;
        e["to"] = std::string(to);
    }
    for (auto& [k, v] : extra.items())
        e[k] = std::move(v);
    doc["status"] = std::string(to);
    record(doc, actor, action, std::move(e));
}

std::int64_t version_of(const Json& doc) {
    return doc.value("version", std::int64_t{1});
}

// Who wrote the current version: the author, and whoever edited it (new/edit events).
ticket::Outcome perform(const workflow::Context& ctx, std::string_view input, std::string_view verb,
                        const Apply& apply) {
    const std::string id = resolve(ctx.repo.head(), input);
    const std::string path = path_of(id);
    ticket::Outcome out{id, {}, {}, {}};
    const auto committed = git::commit(
        ctx.repo,
        [&](const git::Snapshot& head) {
            Json doc = load(head, id);
            const std::string from = status_of(doc);
            Step step = apply(doc, head);
            doc = canonical(doc);
            check(doc, path, path);
            out.ticket = doc;
            out.subject = step.subject;
            git::Change change;
            change.files.push_back({path, to_yaml(doc)});
            for (auto& f : step.also)
                change.files.push_back(std::move(f));
            change.message =
                commit_message(id, step.subject, step.body, verb, from, status_of(doc));
            for (const auto& t : step.trailers)
                change.message += t + "\n";
            change.dirty_hint = dirty_hint(id);
            return change;
        },
        ctx.actor.who, ctx.actor.now);
    if (committed) out.commit = git::oid_str(committed->commit);
    return out;
}

} // namespace sop::kb::detail
