#include "ticket/intake.hpp"

#include "util/error.hpp"
#include "util/text.hpp"

namespace sop::ticket {
namespace {

const Json* find_path(const Json& doc, std::string_view path) {
    const Json* cur = &doc;
    for (const auto& part : util::split(path, '.')) {
        if (!cur->is_object() || !cur->contains(part)) return nullptr;
        cur = &(*cur)[part];
    }
    return cur;
}

void set_path(Json& doc, std::string_view path, Json value) {
    Json* cur = &doc;
    for (const auto& part : util::split(path, '.')) {
        if (!cur->is_object()) *cur = Json::object();
        cur = &(*cur)[part];
    }
    *cur = std::move(value);
}

// Walks an intake file and refuses anything that is not an intake field.
void check_keys(const Json& v, const std::string& prefix, const std::string& source) {
    for (const auto& [key, val] : v.items()) {
        const std::string path = prefix.empty() ? key : prefix + "." + key;
        bool leaf = false, branch = false;
        for (const auto& f : intake_fields()) {
            if (f.path == path) leaf = true;
            if (f.path.starts_with(path + ".")) branch = true;
        }
        if (branch && val.is_object()) {
            check_keys(val, path, source);
        } else if (!leaf) {
            throw InvalidError(source + ": '" + path + "' is not an intake field",
                               branch ? "'" + path + "' is a mapping of fields"
                                      : "see 'sop new --help' for the fields");
        }
    }
}

} // namespace

const std::vector<IntakeField>& intake_fields() {
    using K = IntakeField::Kind;
    static const std::vector<IntakeField> f = {
        {"title", "--title", true, K::line},
        {"channel", "--channel", true, K::choice},
        {"category", "--category", false, K::choice},
        {"requester.name", "--requester-name", true, K::line},
        {"requester.contact", "--requester-contact", true, K::line},
        {"requester.org", "--requester-org", false, K::line},
        {"requester.kind", "--requester-kind", false, K::choice},
        {"problem.symptom", "--symptom", true, K::text},
        {"problem.started_at", "--started-at", false, K::date_or_instant},
        {"problem.frequency", "--frequency", false, K::text},
        {"problem.steps", "--steps", false, K::text},
        {"problem.error", "--error", false, K::text},
        {"problem.environment.hardware", "--env hardware=", false, K::text},
        {"problem.environment.software", "--env software=", false, K::text},
        {"problem.environment.system", "--env system=", false, K::text},
        {"problem.environment.network", "--env network=", false, K::text},
        {"problem.business_impact", "--impact", false, K::choice},
        {"received_at", "--received-at", false, K::instant},
    };
    return f;
}

Json intake_from_pairs(const std::vector<std::pair<std::string, std::string>>& values) {
    Json doc = Json::object();
    for (const auto& [path, value] : values) {
        if (!util::is_valid_utf8(value))
            throw InvalidError("'" + path + "' is not valid UTF-8 (byte " +
                               std::to_string(util::invalid_utf8_at(value)) + ")");
        set_path(doc, path, value);
    }
    return doc;
}

Json intake_from_yaml(std::string_view text, const std::string& source) {
    Json doc = yaml::parse(text, source);
    check_keys(doc, "", source);
    return doc;
}

std::vector<std::string> missing_required(const Json& intake) {
    std::vector<std::string> out;
    for (const auto& f : intake_fields())
        if (f.required && !find_path(intake, f.path))
            out.push_back(std::string(f.path) + " (" + std::string(f.option) + ")");
    return out;
}

Json new_ticket(const Json& intake, const std::string& id, const git::Identity& by,
                const util::Timestamp& now) {
    Json doc = Json::object();
    doc["id"] = id;
    doc["state"] = "new";
    for (const auto& f : intake_fields()) {
        const Json* v = find_path(intake, f.path);
        if (!v) continue;
        const std::string field(f.path);
        if (!v->is_string())
            throw InvalidError(field + ": expected text, found " + std::string(v->type_name()));
        std::string s = v->get<std::string>();
        if (f.kind != IntakeField::text) s = util::trim(s);
        if (util::trim(s).empty()) throw InvalidError(field + ": is empty");
        if (f.kind == IntakeField::line && s.find('\n') != std::string::npos)
            throw InvalidError(field + ": must be a single line");
        if (const auto at = util::control_char_at(s, true); at != std::string::npos)
            throw InvalidError(field + ": contains a control character at byte " +
                                   std::to_string(at),
                               "only text, tabs and line breaks are allowed");
        if (f.kind == IntakeField::instant) {
            const auto t = util::parse_rfc3339(s);
            if (!t)
                throw InvalidError(field + ": '" + s + "' is not an RFC 3339 date-time",
                                   "for example 2026-11-24T09:30:00+08:00");
            s = t->str();
        } else if (f.kind == IntakeField::date_or_instant) {
            const auto t = util::parse_date_or_time(s);
            if (!t)
                throw InvalidError(field + ": '" + s + "' is not an RFC 3339 date or date-time",
                                   "for example 2026-11-24 or 2026-11-24T09:30:00+08:00");
            if (s.size() != 10) s = t->str();
        }
        set_path(doc, f.path, s);
    }
    if (!doc.contains("received_at")) doc["received_at"] = now.str();
    const auto received = util::parse_rfc3339(doc["received_at"].get<std::string>());
    if (now < *received)
        throw InvalidError("received_at: " + received->str() + " is in the future (now is " +
                           now.str() + ")");
    // The intake event is recorded now; a ticket received earlier was logged late.
    append_event(doc, now, by, "new", Json{{"to", "new"}});
    return canonical(doc);
}

std::string intake_template() {
    return "# New ticket (SOP 4.1). Fill in the fields; lines starting with # are ignored.\n"
           "# Required: title, channel, requester name and contact, symptom.\n"
           "# Save and quit to create the ticket; leave the title empty to abort.\n"
           "title: \"\"\n"
           "# phone | chat | email | im | remote | onsite\n"
           "channel: email\n"
           "# software | hardware | system | network | cloud | other\n"
           "# category: software\n"
           "requester:\n"
           "  name: \"\"\n"
           "  contact: \"\"\n"
           "  # org: \"\"\n"
           "  # internal | customer | partner\n"
           "  # kind: customer\n"
           "problem:\n"
           "  symptom: |\n"
           "    \n"
           "  # started_at: 2026-11-24T09:30:00+08:00\n"
           "  # frequency: every login\n"
           "  # steps: |\n"
           "  #   1. ...\n"
           "  # error: \"\"\n"
           "  # environment:\n"
           "  #   hardware: \"\"\n"
           "  #   software: \"\"\n"
           "  #   system: \"\"\n"
           "  #   network: \"\"\n"
           "  # none | partial | core\n"
           "  # business_impact: none\n";
}

} // namespace sop::ticket
