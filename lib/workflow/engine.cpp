#include "workflow/engine.hpp"

#include "git/store.hpp"
#include "ticket/id.hpp"
#include "ticket/lookup.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <array>

namespace sop::workflow {

Outcome perform(const Context& ctx, std::string_view id_input, std::string_view action,
                const Apply& apply) {
    const std::string id = ticket::resolve(ctx.repo.head(), id_input);
    const std::string path = ticket::path_of(id);
    Outcome out{id, {}, {}, {}};
    std::string subject;
    const auto committed = git::commit(
        ctx.repo,
        [&](const git::Snapshot& head) {
            Json doc = ticket::read_for_change(head, id);
            const std::string from = ticket::state_of(doc);
            Step step = apply(doc, head);
            ticket::check(doc, path, path);
            out.ticket = doc;
            subject = step.subject;
            git::Change change;
            change.files.push_back({path, ticket::to_yaml(doc)});
            for (auto& f : step.also)
                change.files.push_back(std::move(f));
            change.message = ticket::commit_message(id, step.subject, step.body, action, from,
                                                    ticket::state_of(doc));
            for (const auto& t : step.trailers)
                change.message += t + "\n";
            change.dirty_hint = "run 'sop edit " + id +
                                "' to check and commit those edits, or 'git checkout HEAD -- " +
                                path + "' to discard them";
            return change;
        },
        ctx.actor.who, ctx.actor.now);
    if (committed) out.commit = git::oid_str(committed->commit);
    out.subject = subject;
    return out;
}

void refuse(const Json& doc, std::string_view verb, std::string_view guard, const std::string& why,
            const std::string& fix) {
    throw RefusedError(ticket::id_of(doc) + ": cannot " + std::string(verb) + ": " + why +
                           " [guard: " + std::string(guard) + "]",
                       fix);
}

void require_state(const Json& doc, std::string_view verb,
                   std::initializer_list<std::string_view> allowed) {
    const std::string state = ticket::state_of(doc);
    for (const auto a : allowed)
        if (state == a) return;
    std::string list;
    for (const auto a : allowed)
        list += (list.empty() ? "" : ", ") + std::string(a);
    refuse(doc, verb, "state", "the ticket is " + state,
           std::string(verb) + " needs a ticket that is " + list + " (see 'sop show " +
               ticket::id_of(doc) + "')");
}

bool is_open(std::string_view state) {
    return state != "closed" && state != "cancelled";
}

void require_open(const Json& doc, std::string_view verb) {
    const std::string state = ticket::state_of(doc);
    if (state == "closed")
        refuse(doc, verb, "state", "the ticket is closed",
               "reopen it first: 'sop reopen " + ticket::id_of(doc) + " --reason R'");
    if (state == "cancelled")
        refuse(doc, verb, "state", "the ticket is cancelled",
               "a cancelled ticket does not change; take in a new one with 'sop new'");
}

void record(Json& doc, const Context& ctx, std::string_view action, Json extra) {
    ticket::append_event(doc, ctx.actor.now, ctx.actor.who, action, std::move(extra));
}

void move(Json& doc, const Context& ctx, std::string_view action, std::string_view to, Json extra) {
    const std::string from = ticket::state_of(doc);
    Json event = Json::object();
    if (from != to) {
        event["from"] = from;
        event["to"] = std::string(to);
    }
    for (auto& [k, v] : extra.items())
        event[k] = std::move(v);
    doc["state"] = std::string(to);
    record(doc, ctx, action, std::move(event));
}

std::string text_arg(std::string_view what, std::string_view value, bool multiline) {
    if (!util::is_valid_utf8(value))
        throw InvalidError(std::string(what) + " is not valid UTF-8 (byte " +
                           std::to_string(util::invalid_utf8_at(value)) + ")");
    if (const auto at = util::control_char_at(value, multiline); at != std::string_view::npos)
        throw InvalidError(std::string(what) + " contains a control character at byte " +
                               std::to_string(at),
                           multiline ? "only text, tabs and line breaks are allowed"
                                     : "only one line of text is allowed");
    return util::trim(value);
}

std::string required_text(const Json& doc, std::string_view verb, std::string_view guard,
                          std::string_view option, std::string_view value, const std::string& why) {
    std::string text = text_arg(option, value);
    if (text.empty())
        refuse(doc, verb, guard, why, "give " + std::string(option) + " (see sop(1))");
    return text;
}

std::string actor_str(const Context& ctx) {
    return ctx.actor.who.str();
}

std::string person_arg(const Context& ctx, std::string_view what, std::string_view who) {
    const std::string given = text_arg(what, who, false);
    if (given.empty()) throw UsageError(std::string(what) + " is empty");
    if (given == "me") return actor_str(ctx);
    if (const auto p = ctx.config.person(given)) return p->str();
    if (ctx.config.doc.contains("people") && !ctx.config.doc["people"].empty())
        throw InvalidError(std::string(what) + ": '" + given + "' is not a person in " +
                               std::string(config::path),
                           "use a name or e-mail address listed under 'people:'");
    return given;
}

std::string team_arg(const Context& ctx, std::string_view team) {
    const std::string given = text_arg("--team", team, false);
    if (given.empty()) throw UsageError("--team is empty");
    const auto teams = ctx.config.teams();
    if (teams.empty() || std::find(teams.begin(), teams.end(), given) != teams.end()) return given;
    std::string list;
    for (const auto& t : teams)
        list += (list.empty() ? "" : ", ") + t;
    throw InvalidError("--team: unknown team '" + given + "'",
                       "teams in " + std::string(config::path) + ": " + list);
}

std::string channel_arg(std::string_view channel) {
    static constexpr std::array<std::string_view, 6> channels = {"phone", "chat",   "email",
                                                                 "im",    "remote", "onsite"};
    for (const auto c : channels)
        if (channel == c) return std::string(c);
    throw InvalidError("unknown channel '" + std::string(channel) + "'",
                       "one of: phone, chat, email, im, remote, onsite");
}

int level_of(const Json& doc) {
    const auto it = doc.find("level");
    return it != doc.end() && it->is_number_integer() ? it->get<int>() : 0;
}

void set_level(Json& doc, const Context& ctx, int level) {
    doc["level"] = level;
    if (level == 4 && !doc.contains("incident"))
        doc["incident"] =
            Json{{"declared_at", ctx.actor.now.str()}, {"declared_by", actor_str(ctx)}};
}

} // namespace sop::workflow
