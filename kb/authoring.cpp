#include "kb/authoring.hpp"

#include "git/store.hpp"
#include "kb/change.hpp"
#include "kb/lookup.hpp"
#include "ticket/archive.hpp"
#include "ticket/id.hpp"
#include "ticket/lookup.hpp"
#include "util/editor.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <filesystem>

namespace sop::kb {
namespace {

Json lines(const std::string& text) {
    Json out = Json::array();
    for (const auto& line : util::split(text, '\n'))
        if (const std::string t = util::trim(line); !t.empty()) out.push_back(t);
    return out;
}

// The fields `sop kb edit` may change; the rest belong to the verbs.
std::vector<std::string> edited_fields(const Json& before, const Json& after,
                                       const std::string& source) {
    const auto& content = content_fields();
    const auto is_content = [&](const std::string& k) {
        return k != "links" && std::find(content.begin(), content.end(), k) != content.end();
    };
    std::vector<std::string> changed;
    const auto note = [&](const std::string& k) {
        if (!is_content(k))
            throw RefusedError(source + ": '" + k + "' cannot be changed with sop kb edit",
                               k == "status"   ? "the status changes through the verbs of sop-kb(1)"
                               : k == "events" ? "the event log is append-only; keep it as it was"
                               : k == "version" ? "a new version starts when a published article "
                                                  "is edited"
                                                : "only the content fields are edited: title, "
                                                  "category, keywords, problem, diagnosis_steps, "
                                                  "solution, notes, scenarios");
        if (std::find(changed.begin(), changed.end(), k) == changed.end()) changed.push_back(k);
    };
    for (const auto& [k, v] : after.items())
        if (!before.contains(k) || before[k] != v) note(k);
    for (const auto& [k, v] : before.items())
        if (!after.contains(k)) note(k);
    return changed;
}

} // namespace

Json prefill(const Draft& d, const Json& ticket) {
    Json f = Json::object();
    if (!ticket.is_null()) {
        const Json summary = ticket.value("summary", Json::object());
        const auto put = [&](const char* key, const std::string& value) {
            if (!util::trim(value).empty()) f[key] = util::trim(value);
        };
        put("title", ticket::str(ticket, "title"));
        put("category", ticket::str(ticket, "category"));
        put("problem", ticket::str(summary, "problem"));
        if (Json steps = lines(ticket::str(summary, "diagnosis")); !steps.empty())
            f["diagnosis_steps"] = steps;
        put("solution", ticket::str(summary, "solution"));
        put("notes", ticket::str(summary, "advice"));
    }
    const auto text = [&](const char* key, const std::string& value, bool multiline) {
        if (const auto v = workflow::text_arg(std::string("--") + key, value, multiline);
            !v.empty())
            f[key] = v;
    };
    text("title", d.title, false);
    text("category", d.category, false);
    text("problem", d.problem, true);
    text("solution", d.solution, true);
    const auto list = [&](const char* key, const char* option,
                          const std::vector<std::string>& values, bool multiline) {
        if (values.empty()) return;
        Json out = Json::array();
        for (const auto& v : values)
            if (const auto t = workflow::text_arg(option, v, multiline); !t.empty())
                out.push_back(t);
        if (!out.empty()) f[key] = out;
    };
    if (!d.notes.empty()) text("notes", d.notes, true);
    list("diagnosis_steps", "--step", d.steps, true);
    list("scenarios", "--scenario", d.scenarios, true);
    list("keywords", "--keyword", d.keywords, false);
    return f;
}

std::string editor_text(const Json& fields) {
    Json doc = Json::object();
    for (const auto& key : content_fields()) {
        if (key == "links") continue;
        const bool list = key == "keywords" || key == "diagnosis_steps" || key == "scenarios";
        doc[key] = fields.contains(key) ? fields[key] : list ? Json::array({""}) : Json("");
    }
    return "# New knowledge article (SOP 4.6). Lines starting with # are ignored; empty fields\n"
           "# are left out. A draft needs a title, a category and the problem; submitting it\n"
           "# for review needs the whole fixed format: diagnosis_steps, solution, scenarios.\n"
           "# category: software | hardware | system | network | cloud | other\n"
           "# Save and quit to create the draft; leave the title empty to abort.\n" +
           yaml::emit(canonical(doc));
}

Json fields_from_editor(const std::string& text) {
    Json doc = yaml::parse(text, "<editor>");
    if (!doc.is_object()) throw InvalidError("<editor>: the article is not a mapping");
    Json out = Json::object();
    for (auto& [k, v] : doc.items()) {
        if (v.is_string() && util::trim(v.get<std::string>()).empty()) continue;
        if (v.is_null()) continue;
        if (v.is_array()) {
            Json kept = Json::array();
            for (auto& item : v)
                if (!(item.is_null() ||
                      (item.is_string() && util::trim(item.get<std::string>()).empty())))
                    kept.push_back(item);
            if (kept.empty()) continue;
            out[k] = kept;
            continue;
        }
        out[k] = v;
    }
    return out;
}

Outcome create(const Context& ctx, const Json& fields, std::string_view from_ticket) {
    const git::Snapshot start = ctx.repo.head();
    ticket::Resolved source;
    if (!from_ticket.empty()) {
        const auto archive = ticket::archive_of(ctx.repo);
        source = ticket::resolve_any(start, &archive, from_ticket);
        const Json t = ticket::load(source.archived ? archive : start, source.id);
        if (ticket::state_of(t) != "closed")
            throw RefusedError("cannot make an article from " + source.id + ": the ticket is " +
                                   ticket::state_of(t) + " [guard: closed-ticket]",
                               "an article is made from a closed ticket's summary; close it "
                               "first (see 'sop close')");
    }
    Outcome out{new_id(), {}, {}, {}};
    Json doc = new_article(fields, out.id, ctx.actor.who, ctx.actor.now);
    if (!source.id.empty()) {
        doc["links"]["tickets"] = Json::array({source.id});
        doc["events"][0]["ticket"] = source.id;
        doc = canonical(doc);
        check(doc, "new article");
    }
    out.ticket = doc;
    const auto committed = git::commit(
        ctx.repo,
        [&](const git::Snapshot& head) {
            while (head.entry_id(path_of(out.id))) { // 60 random bits: practically never
                out.id = new_id();
                out.ticket["id"] = out.id;
            }
            git::Change change;
            change.files.push_back({path_of(out.id), to_yaml(out.ticket)});
            std::string body;
            if (!source.id.empty()) {
                body = "From " + source.id + (source.archived ? " (archived)" : "") + ".";
                if (!source.archived) {
                    Json t = ticket::read_for_change(head, source.id);
                    Json& links = t["links"];
                    if (!links.is_object()) links = Json::object();
                    if (!links.contains("kb")) links["kb"] = Json::array();
                    links["kb"].push_back(out.id);
                    ticket::append_event(t, ctx.actor.now, ctx.actor.who, "link",
                                         Json{{"kb", out.id}});
                    const std::string tpath = ticket::path_of(source.id);
                    ticket::check(t, tpath, tpath);
                    change.files.push_back({tpath, ticket::to_yaml(t)});
                }
            }
            change.message =
                detail::commit_message(out.id, "new article: " + str(out.ticket, "title"), body,
                                       "new", {}, std::string(status_draft));
            if (!source.id.empty() && !source.archived)
                change.message += "Sop-Ticket: " + source.id + "\n";
            return change;
        },
        ctx.actor.who, ctx.actor.now);
    out.commit = git::oid_str(committed->commit);
    out.subject = "new article: " + str(out.ticket, "title");
    return out;
}

Outcome edit(const Context& ctx, std::string_view input, const Editor& editor) {
    const git::Snapshot start = ctx.repo.head();
    const std::string id = resolve(start, input);
    const std::string path = path_of(id);
    const std::string committed_text = *start.read(path);
    const Json committed = parse(committed_text, path, path);
    if (status_of(committed) == status_retired)
        detail::refuse(committed, "edit", "status", "the article is retired",
                       "a retired article does not change; write a new one with 'sop kb new'");
    std::string base = committed_text;
    bool adopt = false; // a hand-edited working-tree file is where the user left off
    if (auto wt = util::read_file(ctx.repo.workdir() / path); wt && *wt != committed_text) {
        base = *wt;
        adopt = true;
    }
    const std::string edited = editor(base);
    const auto saved = ctx.repo.sop_dir() / "edit" / (id + ".yaml");
    const auto keep = [&](const Error& e) { return util::keep_refused_edit(saved, edited, e); };
    Json doc;
    std::vector<std::string> fields;
    try {
        doc = yaml::parse(edited, path);
        if (!doc.is_object()) throw InvalidError(path + ": the article is not a mapping");
        fields = edited_fields(committed, doc, path);
    } catch (const Error& e) {
        throw keep(e);
    }
    if (fields.empty()) {
        if (adopt) // only formatting differs: the hand-edited file goes back to its committed form
            git::commit(
                ctx.repo,
                [&](const git::Snapshot&) {
                    git::Change change;
                    change.files.push_back({path, committed_text, true});
                    return change;
                },
                ctx.actor.who, ctx.actor.now);
        return Outcome{id, committed, {}, {}};
    }
    const std::string from = status_of(doc);
    Json list = Json::array();
    for (const auto& f : fields)
        list.push_back(f);
    std::string subject = "edited";
    for (std::size_t i = 0; i < fields.size(); ++i)
        subject += (i ? ", " : " ") + fields[i];
    try {
        Outcome out{id, {}, {}, {}};
        const auto done = git::commit(
            ctx.repo,
            [&](const git::Snapshot& head) {
                if (head.read(path) != committed_text)
                    throw ConflictError("'" + id + "' changed while you were editing it",
                                        "run 'sop kb edit " + id + "' again");
                Json next = doc;
                std::string what = subject;
                if (serves_current_text(committed)) {
                    // Approved text does not change under its readers: a new version, reviewed
                    // before they see it, while the approved one stays served.
                    next["published"] = Json{{"version", detail::version_of(committed)},
                                             {"blob", git::oid_str(*head.entry_id(path))}};
                    next["version"] = detail::version_of(committed) + 1;
                    detail::move(next, ctx.actor, "edit", status_in_review,
                                 Json{{"version", detail::version_of(next)}, {"fields", list}});
                    what += " (version " + std::to_string(detail::version_of(next)) + " to review)";
                } else {
                    detail::record(next, ctx.actor, "edit",
                                   Json{{"version", detail::version_of(next)}, {"fields", list}});
                }
                next = canonical(next);
                check(next, path, path);
                out.ticket = next;
                out.subject = what;
                git::Change change;
                change.files.push_back({path, to_yaml(next), adopt});
                change.message =
                    detail::commit_message(id, what, {}, "edit", from, status_of(next));
                change.dirty_hint = detail::dirty_hint(id);
                return change;
            },
            ctx.actor.who, ctx.actor.now);
        out.commit = git::oid_str(done->commit);
        std::error_code ec;
        std::filesystem::remove(saved, ec);
        return out;
    } catch (const Error& e) {
        throw keep(e);
    }
}
} // namespace sop::kb
