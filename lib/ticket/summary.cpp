#include "ticket/summary.hpp"

#include "sla/record.hpp"
#include "util/text.hpp"

namespace sop::ticket {

const std::vector<std::string>& Summary::columns() {
    static const std::vector<std::string> c = {
        "id",     "state",       "type",       "level",     "category", "channel",
        "team",   "assignee",    "title",      "requester", "org",      "kind",
        "impact", "received_at", "updated_at", "symptom",   "contact",  "error"};
    return c;
}

std::vector<std::string> Summary::values() const {
    return {id,        state, type, level,  category,    channel,    team,    assignee, title,
            requester, org,   kind, impact, received_at, updated_at, symptom, contact,  error};
}

std::vector<std::string> Summary::stored_values() const {
    auto v = values();
    v.push_back(marks);
    v.push_back(incident);
    return v;
}

Summary Summary::from_values(const std::vector<std::string>& v) {
    Summary s;
    s.set_values(v);
    return s;
}

void Summary::set_values(const std::vector<std::string>& v, std::size_t first) {
    std::string* fields[] = {&id,     &state,       &type,       &level,     &category, &channel,
                             &team,   &assignee,    &title,      &requester, &org,      &kind,
                             &impact, &received_at, &updated_at, &symptom,   &contact,  &error};
    for (std::size_t i = 0; i + first < v.size() && i < std::size(fields); ++i)
        fields[i]->assign(v[i + first]);
    const std::size_t extra = first + std::size(fields);
    marks.assign(v.size() > extra ? v[extra] : std::string());
    incident.assign(v.size() > extra + 1 ? v[extra + 1] : std::string());
}

Json Summary::to_json() const {
    Json out = Json::object();
    const auto& cols = columns();
    const auto vals = values();
    for (std::size_t i = 0; i < cols.size(); ++i) {
        if (cols[i] == "level") {
            out[cols[i]] = vals[i].empty() ? Json(nullptr) : Json(std::stoi(vals[i]));
        } else {
            out[cols[i]] = vals[i].empty() ? Json(nullptr) : Json(vals[i]);
        }
    }
    out["archived"] = archived;
    return out;
}

Summary summarize(const Json& doc) {
    Summary s;
    s.id = str(doc, "id");
    s.state = str(doc, "state");
    s.type = str(doc, "type");
    s.level = str(doc, "level");
    s.category = str(doc, "category");
    s.channel = str(doc, "channel");
    s.team = str(doc, "team");
    s.assignee = str(doc, "assignee");
    s.title = str(doc, "title");
    if (doc.contains("requester") && doc["requester"].is_object()) {
        s.requester = str(doc["requester"], "name");
        s.org = str(doc["requester"], "org");
        s.kind = str(doc["requester"], "kind");
        s.contact = str(doc["requester"], "contact");
    }
    if (doc.contains("problem") && doc["problem"].is_object()) {
        s.impact = str(doc["problem"], "business_impact");
        s.symptom = util::first_line(str(doc["problem"], "symptom"), 200);
        s.error = util::first_line(str(doc["problem"], "error"), 200);
    }
    s.received_at = str(doc, "received_at");
    if (doc.contains("events") && doc["events"].is_array() && !doc["events"].empty())
        s.updated_at = str(doc["events"].back(), "at");
    if (doc.contains("events")) s.marks = sla::encode_marks(doc["events"]);
    if (s.level == "4" && s.state != "cancelled" && doc.contains("incident") &&
        doc["incident"].is_object()) {
        const auto& inc = doc["incident"];
        s.incident = inc.contains("approval")      ? "approved"
                     : inc.contains("resolved_at") ? "resolved"
                                                   : "open";
    }
    return s;
}

} // namespace sop::ticket
