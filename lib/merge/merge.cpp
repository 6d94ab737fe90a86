#include "merge/merge.hpp"

#include "git/handles.hpp"
#include "kb/article.hpp"
#include "merge/three_way.hpp"
#include "ticket/id.hpp"
#include "ticket/ticket.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

#include <git2.h>

#include <algorithm>
#include <memory>

namespace sop::merge {
namespace detail {

const Policy& policy_of(Kind kind) {
    static const Policy ticket_policy = {
        "state",
        {
            {"diagnosis", {{}, "at", false}},
            {"remote_sessions", {{"started_at", "by"}, "started_at", false}},
            {"collaboration",
             {{"requested_at", "requested_by", "team", "need"}, "requested_at", true}},
            {"collaboration[].progress", {{}, "at", false}},
            {"collaboration[].escalations", {{}, "at", false}},
            {"verifications", {{}, "at", false}},
            {"incident.mitigations", {{}, "at", false}},
            {"incident.actions", {{"text", "owner", "due"}, "", true}},
            {"incident.notified", {}},
            {"links.kb", {}},
            {"links.related", {}},
        },
        {
            {"plan", {"revision", "at", "by"}},
            {"plan.window", {}},
            {"plan.confirmation", {"at", "by"}},
            {"plan.implementation", {"at", "by"}},
            {"plan.rolled_back", {"at", "by"}},
            {"incident", {"declared_at"}},
            {"incident.review", {}},
            {"incident.report", {}},
            {"incident.approval", {}},
            {"survey", {}},
            {"summary", {}},
        },
        {"responded_at"},
        {
            {"triage", {"type", "level", "category", "?team", "?assignee", "incident"}},
            {"assign", {"assignee"}},
            {"route", {"team"}},
            {"respond", {"responded_at"}},
            {"escalate", {"level", "incident"}},
            {"note", {}},
            {"diagnose", {"diagnosis"}},
            {"wait", {}},
            {"resume", {}},
            {"remote", {"remote_sessions"}},
            {"remote-end", {"remote_sessions"}},
            {"plan", {"plan"}},
            {"confirm", {"plan"}},
            {"implement", {"plan"}},
            {"rollback", {"plan"}},
            {"verify", {"verifications", "level", "incident"}},
            {"resolve", {"answer"}},
            {"survey", {"survey"}},
            {"close", {"summary", "overdue_reason", "survey"}},
            {"reopen", {"survey"}},
            {"cancel", {"links"}},
            {"link", {"links"}},
            {"notify", {"incident"}},
            {"incident-", {"incident", "level"}},
            {"collab-", {"collaboration"}},
        },
    };
    static const Policy article_policy = {
        "status",
        {
            {"keywords", {}},
            {"links.tickets", {}},
            {"reviewers", {{}, "at", false}},
        },
        {{"published", {}}},
        {},
        {
            {"edit", {"version", "published"}},
            {"submit", {}},
            {"approve", {"reviewers", "published"}},
            {"reject", {"reviewers"}},
            {"flag", {}},
            {"retire", {"published"}},
            {"link", {"links"}},
        },
    };
    return kind == Kind::ticket ? ticket_policy : article_policy;
}

} // namespace detail

namespace {

using detail::Item;

std::string file_name_stem(std::string_view path) {
    const auto slash = path.rfind('/');
    std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    if (!name.ends_with(".yaml")) return {};
    name.remove_suffix(5);
    return std::string(name);
}

const char* side_name(int i) {
    static const char* names[] = {"base", "ours", "theirs"};
    return names[i];
}

std::vector<Item> event_items(const Json& doc, const char* side) {
    const auto it = doc.find("events");
    if (it == doc.end() || !it->is_array() || it->empty())
        throw InvalidError(std::string(side) + ": the file has no events");
    std::vector<Item> items;
    items.reserve(it->size());
    std::size_t i = 0;
    for (const auto& e : *it) {
        const auto at = e.is_object() && e.contains("at") && e["at"].is_string()
                            ? util::parse_rfc3339(e["at"].get<std::string>())
                            : std::nullopt;
        if (!at)
            throw InvalidError(std::string(side) + ": events[" + std::to_string(i) +
                               "].at: not an RFC 3339 date-time");
        items.push_back({detail::key_text(e), at->seconds, &e});
        ++i;
    }
    return items;
}

// The event whose `to` is the current state: the last one that changed it (`from` and `to`),
// or the creation (`new`, which has only `to`).
const Json* last_state_event(const Json& events) {
    for (auto it = events.rbegin(); it != events.rend(); ++it)
        if (it->is_object() && it->contains("to") && (*it)["to"].is_string() &&
            (it->contains("from") || it->value("action", "") == "new"))
            return &*it;
    return nullptr;
}

Json canonical(Kind kind, const Json& doc) {
    return kind == Kind::ticket ? ticket::canonical(doc) : kb::canonical(doc);
}

} // namespace

std::string brief(const Json& value) {
    if (value.is_null()) return "(absent)";
    std::string s = value.is_string()
                        ? "'" + util::first_line(value.get_ref<const std::string&>(), 60) + "'"
                        : util::first_line(value.dump(), 60);
    for (auto& c : s) // a note holds no control characters
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    return s;
}

std::optional<Kind> kind_of(std::string_view path) {
    const std::string id = file_name_stem(path);
    if (path.starts_with(std::string(ticket::tickets_dir) + "/") && ticket::is_full_id(id))
        return Kind::ticket;
    if (kb::is_full_id(id) && path == kb::path_of(id)) return Kind::article;
    return std::nullopt;
}

Json merge_documents(Kind kind, const Json* base, const Json& ours, const Json& theirs,
                     std::vector<Conflict>& conflicts) {
    const Json* docs[] = {base, &ours, &theirs};
    for (int i = 0; i < 3; ++i)
        if (docs[i] &&
            (!docs[i]->is_object() || !docs[i]->contains("id") || !(*docs[i])["id"].is_string()))
            throw InvalidError(std::string(side_name(i)) + ": the file has no id");
    for (int i = 0; i < 3; ++i)
        if (docs[i] && (*docs[i])["id"] != ours["id"])
            throw InvalidError(std::string(side_name(i)) + ": the file is " +
                               (*docs[i])["id"].get<std::string>() + ", not " +
                               ours["id"].get<std::string>());
    const detail::Policy& policy = detail::policy_of(kind);

    // The events: the union, each side's order kept.
    const auto ours_items = event_items(ours, "ours");
    const auto theirs_items = event_items(theirs, "theirs");
    const auto nodes = detail::union_sequence(nullptr, ours_items, theirs_items);
    Json events = Json::array();
    detail::Side ours_side, theirs_side;
    for (const auto& n : nodes) {
        events.push_back(n.ours && n.theirs ? detail::either(*n.ours, *n.theirs)
                         : n.ours           ? *n.ours
                                            : *n.theirs);
        if (n.ours && !n.theirs) ours_side.own_events.push_back(n.ours);
        if (n.theirs && !n.ours) theirs_side.own_events.push_back(n.theirs);
    }
    ours_side.last = ours_items.back().time;
    theirs_side.last = theirs_items.back().time;
    for (const auto& i : ours_items)
        ours_side.last = std::max(ours_side.last, i.time);
    for (const auto& i : theirs_items)
        theirs_side.last = std::max(theirs_side.last, i.time);

    // The fields.
    const std::size_t first_conflict = conflicts.size();
    detail::FieldMerge fields(policy, std::move(ours_side), std::move(theirs_side), conflicts);
    Json doc = fields.top(base, ours, theirs, {"events", policy.state_field});
    const auto member = [&](const Json* d) -> const Json* {
        if (!d) return nullptr;
        const auto it = d->find(policy.state_field);
        return it == d->end() ? nullptr : &*it;
    };
    if (const Json* e = last_state_event(events))
        doc[policy.state_field] = (*e)["to"];
    else if (auto s = fields.value(policy.state_field, policy.state_field, policy.state_field,
                                   member(base), member(&ours), member(&theirs)))
        doc[policy.state_field] = *s;

    // Both values of a field changed on both sides stay in the log.
    std::stable_sort(conflicts.begin() + static_cast<std::ptrdiff_t>(first_conflict),
                     conflicts.end(),
                     [](const Conflict& a, const Conflict& b) { return a.field < b.field; });
    const Json at = events.back()["at"];
    for (auto c = conflicts.begin() + static_cast<std::ptrdiff_t>(first_conflict);
         c != conflicts.end(); ++c) {
        Json e = Json::object();
        e["at"] = at;
        e["by"] = std::string(merge_actor);
        e["action"] = std::string(conflict_action);
        e["field"] = c->field;
        e["kept"] = c->kept;
        e["other"] = c->other;
        e["note"] = "both sides changed " + c->field + ": kept " + brief(c->kept) + ", not " +
                    brief(c->other);
        events.push_back(std::move(e));
    }
    doc["events"] = std::move(events);
    return canonical(kind, doc);
}

Result merge_file(std::string_view path, std::optional<std::string_view> base,
                  std::string_view ours, std::string_view theirs) {
    Result out;
    const std::string where(path);
    const auto kind = kind_of(path);
    if (!kind) {
        out.why = where + ": not a ticket or knowledge-article file";
        return out;
    }
    try {
        const std::optional<std::string_view> texts[] = {
            base && !base->empty() ? base : std::nullopt, ours, theirs};
        std::optional<Json> docs[3];
        for (int i = 0; i < 3; ++i)
            if (texts[i]) docs[i] = yaml::parse(*texts[i], where + " (" + side_name(i) + ")");
        Json doc = merge_documents(*kind, docs[0] ? &*docs[0] : nullptr, *docs[1], *docs[2],
                                   out.conflicts);
        if (*kind == Kind::ticket)
            ticket::check(doc, where + " (merged)");
        else
            kb::check(doc, where + " (merged)");
        out.text = *kind == Kind::ticket ? ticket::to_yaml(doc) : kb::to_yaml(doc);
        out.merged = true;
    } catch (const Error& e) {
        out.conflicts.clear();
        out.why = e.what();
        if (out.why.compare(0, where.size(), where) != 0) out.why = where + ": " + out.why;
    }
    return out;
}

std::string text_merge(std::optional<std::string_view> base, std::string_view ours,
                       std::string_view theirs, bool& clean, int marker_size) {
    git::Library library;
    const auto input = [](std::string_view text) {
        git_merge_file_input in = GIT_MERGE_FILE_INPUT_INIT;
        in.ptr = text.data();
        in.size = text.size();
        return in;
    };
    const git_merge_file_input ancestor = input(base ? *base : std::string_view());
    const git_merge_file_input a = input(ours);
    const git_merge_file_input b = input(theirs);
    git_merge_file_options opts = GIT_MERGE_FILE_OPTIONS_INIT;
    opts.ancestor_label = "base";
    opts.our_label = "ours";
    opts.their_label = "theirs";
    opts.marker_size = static_cast<unsigned short>(std::clamp(marker_size, 1, 100));
    git_merge_file_result result{};
    git::check(git_merge_file(&result, &ancestor, &a, &b, &opts), "cannot merge the texts");
    const std::unique_ptr<git_merge_file_result, void (*)(git_merge_file_result*)> owned(
        &result, git_merge_file_result_free);
    clean = result.automergeable != 0;
    return std::string(result.ptr ? result.ptr : "", result.len);
}

} // namespace sop::merge
