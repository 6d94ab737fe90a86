#include "ticket/actions.hpp"

#include "ticket/id.hpp"
#include "ticket/intake.hpp"
#include "ticket/lookup.hpp"
#include "util/editor.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/text.hpp"
#include "validate/checks.hpp"

#include <algorithm>

namespace sop::ticket {
namespace {

std::string dirty_hint(const std::string& id) {
    return "run 'sop edit " + id + "' to check and commit those edits, or 'git checkout HEAD -- " +
           path_of(id) + "' to discard them";
}

Outcome run(const git::Repo& repo, const Actor& actor, const std::string& id,
            const std::function<std::pair<Json, std::string>(const git::Snapshot&)>& plan) {
    Outcome out{id, {}, {}, {}};
    const auto committed = git::commit(
        repo,
        [&](const git::Snapshot& head) {
            auto [doc, message] = plan(head);
            out.ticket = doc;
            git::Change change;
            change.files.push_back({path_of(id), to_yaml(doc)});
            change.message = std::move(message);
            change.dirty_hint = dirty_hint(id);
            return change;
        },
        actor.who, actor.now);
    if (committed) out.commit = git::oid_str(committed->commit);
    return out;
}

} // namespace

Outcome create(const git::Repo& repo, const Json& intake, const Actor& actor) {
    if (const auto missing = missing_required(intake); !missing.empty()) {
        std::string list;
        for (const auto& m : missing)
            list += (list.empty() ? "" : ", ") + m;
        throw InvalidError("missing required field" + std::string(missing.size() > 1 ? "s" : "") +
                           ": " + list);
    }
    std::string id = new_id();
    Json doc = new_ticket(intake, id, actor.who, actor.now);
    check(doc, "new ticket");
    Outcome out{id, doc, {}, {}};
    const auto committed = git::commit(
        repo,
        [&](const git::Snapshot& head) {
            while (head.entry_id(path_of(out.id))) { // 60 random bits: practically never
                out.id = new_id();
                out.ticket["id"] = out.id;
            }
            git::Change change;
            change.files.push_back({path_of(out.id), to_yaml(out.ticket)});
            change.message = commit_message(out.id, "new ticket: " + str(out.ticket, "title"), {},
                                            "new", {}, "new");
            return change;
        },
        actor.who, actor.now);
    out.commit = git::oid_str(committed->commit);
    return out;
}

Outcome add_note(const git::Repo& repo, std::string_view id_input, std::string_view text,
                 const Actor& actor) {
    if (util::trim(text).empty()) throw UsageError("the note is empty");
    if (!util::is_valid_utf8(text))
        throw InvalidError("the note is not valid UTF-8 (byte " +
                           std::to_string(util::invalid_utf8_at(text)) + ")");
    if (const auto at = util::control_char_at(text, true); at != std::string_view::npos)
        throw InvalidError("the note contains a control character at byte " + std::to_string(at),
                           "only text, tabs and line breaks are allowed");
    const std::string id = resolve(repo.head(), id_input);
    return run(repo, actor, id, [&](const git::Snapshot& head) {
        Json doc = read_for_change(head, id);
        append_event(doc, actor.now, actor.who, "note", Json{{"note", std::string(text)}});
        check(doc, path_of(id));
        const std::string state = state_of(doc);
        return std::pair{doc, commit_message(id, "note: " + util::first_line(text, 60), text,
                                             "note", state, state)};
    });
}

namespace {

// What `sop edit` may not change, and the fields it did change.
std::vector<std::string> edited_fields(const Json& before, const Json& after,
                                       const std::string& source) {
    for (const char* fixed : {"id", "state", "events"})
        if (before.value(fixed, Json()) != after.value(fixed, Json()))
            throw RefusedError(source + ": '" + fixed + "' cannot be changed with sop edit",
                               std::string(fixed) == "state"
                                   ? "states change through their verbs (see sop(1))"
                                   : "the event log is append-only; keep it as it was");
    std::vector<std::string> changed;
    for (const auto& [k, v] : after.items()) {
        if (!before.contains(k) && !is_known_field("", k))
            throw InvalidError(source + ": unknown field '" + k + "'",
                               "see sop-ticket(5) for the field names");
        if (!before.contains(k) || before[k] != v) changed.push_back(k);
    }
    for (const auto& [k, v] : before.items())
        if (!after.contains(k)) changed.push_back(k);
    return changed;
}

} // namespace

Outcome edit(const git::Repo& repo, std::string_view id_input, const Editor& editor,
             const Actor& actor) {
    const git::Snapshot start = repo.head();
    const std::string id = resolve(start, id_input);
    const std::string path = path_of(id);
    const Json committed = load(start, id);
    const std::string committed_text = *start.read(path);
    // A hand-edited working-tree file is where the user left off: start from it.
    std::string base = committed_text;
    bool adopt = false;
    if (auto wt = util::read_file(repo.workdir() / path); wt && *wt != committed_text) {
        base = *wt;
        adopt = true;
    }
    // Merge conflicts lib/merge recorded and nobody settled yet: this edit settles them, with
    // the value the person leaves in the file (the event names them among the edited fields).
    std::vector<validate::Problem> conflicts;
    validate::check_merge_conflicts(committed, path, "sop edit " + id, conflicts);
    std::string header;
    for (const auto& c : conflicts)
        header += "# sop: " + c.field + ": " + util::first_line(c.message, 400) + "\n";
    if (!header.empty())
        header += "# sop: saving settles these conflicts with the values you leave below\n";
    const std::string edited = editor(header + base);
    const auto saved = repo.sop_dir() / "edit" / (id + ".yaml");
    const auto keep = [&](const Error& e) { return util::keep_refused_edit(saved, edited, e); };
    Json doc;
    std::vector<std::string> fields;
    try {
        doc = yaml::parse(edited, path);
        fields = edited_fields(committed, doc, path); // what may not change is refused first
        check(doc, path, path);
    } catch (const Error& e) {
        throw keep(e);
    }
    std::vector<std::string> settled;
    for (const auto& c : conflicts)
        if (std::find(fields.begin(), fields.end(), c.field) == fields.end() &&
            std::find(settled.begin(), settled.end(), c.field) == settled.end())
            settled.push_back(c.field);
    if (fields.empty() && settled.empty()) {
        // Nothing but formatting differs; a hand-edited file goes back to its committed form.
        if (adopt)
            git::commit(
                repo,
                [&](const git::Snapshot&) {
                    git::Change change;
                    change.files.push_back({path, committed_text, true});
                    return change;
                },
                actor.who, actor.now);
        return Outcome{id, committed, {}, {}};
    }
    Json list = Json::array();
    for (const auto& f : fields)
        list.push_back(f);
    for (const auto& f : settled)
        list.push_back(f);
    try {
        append_event(doc, actor.now, actor.who, "edit", Json{{"fields", list}});
        check(doc, path, path);
        const std::string state = state_of(doc);
        Outcome out{id, doc, {}, {}};
        const auto done = git::commit(
            repo,
            [&](const git::Snapshot& head) {
                if (head.read(path) != committed_text)
                    throw ConflictError("'" + id + "' changed while you were editing it",
                                        "run 'sop edit " + id + "' again");
                git::Change change;
                change.files.push_back({path, to_yaml(doc), adopt});
                const auto listed = [](std::string text, const std::vector<std::string>& names) {
                    for (std::size_t i = 0; i < names.size(); ++i)
                        text += (i ? ", " : " ") + names[i];
                    return text;
                };
                std::string what = fields.empty() ? "" : listed("edited", fields);
                if (!settled.empty())
                    what += listed(fields.empty() ? "settled the merge conflict on"
                                                  : "; settled the merge conflict on",
                                   settled);
                out.subject = what;
                change.message = commit_message(id, what, {}, "edit", state, state);
                return change;
            },
            actor.who, actor.now);
        out.commit = git::oid_str(done->commit);
        std::error_code ec;
        std::filesystem::remove(saved, ec);
        return out;
    } catch (const Error& e) {
        throw keep(e);
    }
}

} // namespace sop::ticket
