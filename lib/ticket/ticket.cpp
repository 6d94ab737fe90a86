#include "ticket/ticket.hpp"

#include "schema/schema.hpp"
#include "ticket/id.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "yaml/key_order.hpp"

#include <map>

namespace sop::ticket {
namespace {

const yaml::KeyOrders& orders() {
    static const yaml::KeyOrders o = {
        {"",
         {"id",
          "title",
          "state",
          "type",
          "level",
          "category",
          "channel",
          "team",
          "assignee",
          "requester",
          "problem",
          "received_at",
          "responded_at",
          "links",
          "diagnosis",
          "remote_sessions",
          "collaboration",
          "plan",
          "verifications",
          "answer",
          "survey",
          "summary",
          "overdue_reason",
          "incident",
          "events"}},
        {"requester", {"name", "contact", "org", "kind"}},
        {"problem",
         {"symptom", "started_at", "frequency", "steps", "error", "environment",
          "business_impact"}},
        {"problem.environment", {"hardware", "software", "system", "network"}},
        {"links", {"kb", "related", "duplicate_of"}},
        {"events[]", {"at", "by", "action", "from", "to", "note"}},
        {"diagnosis[]", {"at", "by", "note"}},
        {"remote_sessions[]",
         {"started_at", "ended_at", "by", "consent", "granted_by", "purpose", "scope", "tool",
          "safeguards", "note"}},
        {"plan",
         {"revision", "at", "by", "steps", "risks", "resources", "touches", "window", "rollback",
          "confirmation", "implementation", "rolled_back"}},
        {"plan.risks[]", {"risk", "mitigation"}},
        {"plan.window", {"from", "to"}},
        {"plan.confirmation", {"by", "via", "at", "recorded_by"}},
        {"plan.implementation", {"at", "by", "backup", "outside_window"}},
        {"plan.rolled_back", {"at", "by", "reason"}},
        {"verifications[]", {"at", "by", "passed", "steps", "result", "feedback", "plan_revision"}},
        {"survey", {"at", "by", "via", "speed", "quality", "attitude", "comment", "none"}},
        {"summary",
         {"problem", "diagnosis", "solution", "outcome", "feedback", "advice", "follow_up",
          "reviewed_by"}},
        {"incident",
         {"declared_at", "declared_by", "lead", "roles", "impact", "notified", "mitigations",
          "resolved_at", "resolved_by", "verified", "actions", "review", "report", "approval"}},
        {"incident.impact", {"start", "end", "scope", "loss"}},
        {"incident.mitigations[]", {"at", "by", "note", "backup"}},
        {"incident.actions[]", {"n", "text", "owner", "due", "state", "closed_at", "reason"}},
        {"incident.review",
         {"held_at", "attendees", "root_cause", "went_well", "went_badly", "recorded_by"}},
        {"incident.report", {"path", "at", "by"}},
        {"incident.approval", {"at", "by"}},
        {"collaboration[]",
         {"n", "team", "need", "deliverable", "due", "mode", "requested_at", "requested_by",
          "state", "acknowledged_at", "acknowledged_by", "progress", "done_at", "done_by", "note",
          "escalations"}},
        {"collaboration[].progress[]", {"at", "by", "note"}},
        {"collaboration[].escalations[]", {"at", "by", "to", "reason"}},
    };
    return o;
}

void check_time(const Json& v, const std::string& field, const std::string& source, bool date_ok) {
    if (!v.is_string()) return; // the schema reports the type
    const auto& s = v.get_ref<const std::string&>();
    const bool ok =
        date_ok ? util::parse_date_or_time(s).has_value() : util::parse_rfc3339(s).has_value();
    if (!ok)
        throw InvalidError(source + ": " + field + ": '" + s + "' is not a valid RFC 3339 " +
                           (date_ok ? "date or date-time" : "date-time"));
}

} // namespace

const std::vector<std::string>& field_order() {
    return orders().at("");
}

bool is_known_field(std::string_view path, std::string_view name) {
    const auto it = orders().find(path);
    if (it == orders().end()) return false;
    return std::find(it->second.begin(), it->second.end(), name) != it->second.end();
}

Json canonical(const Json& doc) {
    return yaml::reorder(doc, orders());
}

std::string to_yaml(const Json& doc) {
    return yaml::emit(canonical(doc));
}

void check(const Json& doc, const std::string& source, const std::string& path) {
    schema::require_valid("ticket", doc, source);
    const std::string id = doc["id"].get<std::string>();
    if (!path.empty() && path != path_of(id))
        throw InvalidError(source + ": id '" + id + "' does not match the file's path",
                           "the file for " + id + " is " + path_of(id));
    check_time(doc["received_at"], "received_at", source, false);
    if (doc.contains("responded_at"))
        check_time(doc["responded_at"], "responded_at", source, false);
    if (doc.contains("problem") && doc["problem"].contains("started_at"))
        check_time(doc["problem"]["started_at"], "problem.started_at", source, true);
    std::optional<util::Timestamp> last;
    std::size_t i = 0;
    for (const auto& e : doc["events"]) {
        const std::string field = "events[" + std::to_string(i++) + "].at";
        check_time(e["at"], field, source, false);
        const auto at = util::parse_rfc3339(e["at"].get<std::string>());
        if (last && *at < *last)
            throw InvalidError(source + ": " + field + ": events are out of time order");
        last = at;
    }
}

Json parse(std::string_view text, const std::string& source, const std::string& path) {
    Json doc = yaml::parse(text, source);
    check(doc, source, path);
    return doc;
}

Json load(const git::Snapshot& head, const std::string& id) {
    const std::string path = path_of(id);
    const auto text = head.read(path);
    if (!text) throw NotFoundError("no ticket '" + id + "'");
    return parse(*text, path, path);
}

Json read_for_change(const git::Snapshot& head, const std::string& id) {
    const std::string path = path_of(id);
    const auto text = head.read(path);
    if (!text) throw NotFoundError("no ticket '" + id + "'");
    Json doc = yaml::parse(*text, path);
    if (!doc.contains("id") || doc["id"] != id)
        throw InvalidError(path + ": id does not match the file's path",
                           "the file for " + id + " is " + path);
    return doc;
}

std::string str(const Json& doc, std::string_view key) {
    const auto it = doc.find(std::string(key));
    if (it == doc.end() || it->is_null()) return {};
    return it->is_string() ? it->get<std::string>() : it->dump();
}

std::string state_of(const Json& doc) {
    return str(doc, "state");
}
std::string id_of(const Json& doc) {
    return str(doc, "id");
}

void append_event(Json& doc, const util::Timestamp& at, const git::Identity& by,
                  std::string_view action, Json extra) {
    auto& events = doc["events"];
    if (!events.is_array()) events = Json::array();
    if (!events.empty()) {
        const auto last = util::parse_rfc3339(events.back().value("at", ""));
        if (last && at < *last)
            throw InvalidError("cannot record '" + std::string(action) + "' at " + at.str() +
                                   ": the ticket's last event is later (" + last->str() + ")",
                               "events are kept in time order; check SOP_NOW");
    }
    Json e = Json::object();
    e["at"] = at.str();
    e["by"] = by.str();
    e["action"] = std::string(action);
    for (auto& [k, v] : extra.items())
        e[k] = v;
    events.push_back(std::move(e));
}

std::string commit_message(std::string_view id, std::string_view subject, std::string_view body,
                           std::string_view action, std::string_view from, std::string_view to) {
    std::string msg = std::string(id) + ": " + util::first_line(subject, 72) + "\n\n";
    if (!body.empty()) msg += util::trim(body) + "\n\n";
    msg += "Sop-Ticket: " + std::string(id) + "\n";
    msg += "Sop-Action: " + std::string(action) + "\n";
    if (!from.empty()) msg += "Sop-From: " + std::string(from) + "\n";
    msg += "Sop-To: " + std::string(to) + "\n";
    return msg;
}

} // namespace sop::ticket
