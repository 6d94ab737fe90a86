#include "kb/article.hpp"

#include "schema/schema.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "yaml/key_order.hpp"

#include <algorithm>
#include <map>
#include <optional>

namespace sop::kb {
namespace {

const yaml::KeyOrders& orders() {
    static const yaml::KeyOrders o = {
        {"",
         {"id", "title", "status", "category", "keywords", "version", "author", "problem",
          "diagnosis_steps", "solution", "notes", "scenarios", "links", "published", "reviewers",
          "events"}},
        {"links", {"tickets"}},
        {"published", {"version", "blob"}},
        {"reviewers[]", {"at", "by", "verdict", "version", "reason"}},
        {"events[]", {"at", "by", "action", "from", "to", "version", "fields", "ticket", "note"}},
    };
    return o;
}

std::optional<util::Timestamp> check_time(const Json& v, const std::string& field,
                                          const std::string& source) {
    if (!v.is_string()) return std::nullopt; // the schema reports the type
    const auto& s = v.get_ref<const std::string&>();
    const auto t = util::parse_rfc3339(s);
    if (!t)
        throw InvalidError(source + ": " + field + ": '" + s +
                           "' is not a valid RFC 3339 date-time");
    return t;
}

// The last verdict recorded on the current version ("" when none).
std::string last_verdict(const Json& doc) {
    const auto version = doc["version"].get<std::int64_t>();
    std::string last;
    if (doc.contains("reviewers"))
        for (const auto& r : doc["reviewers"])
            if (!r.contains("version") || r["version"].get<std::int64_t>() == version)
                last = r["verdict"].get<std::string>();
    return last;
}

void check_published(const Json& doc, const std::string& source) {
    const auto version = doc["version"].get<std::int64_t>();
    const std::string last = last_verdict(doc);
    if (last == "approved") return;
    throw InvalidError(source + ": status: published without an approved review of version " +
                           std::to_string(version),
                       last.empty() ? "an article is published only after a reviewer approves it"
                                    : "the last review of this version rejected it");
}

} // namespace

const std::vector<std::string>& field_order() {
    return orders().at("");
}

const std::vector<std::string>& content_fields() {
    static const std::vector<std::string> f = {"title",   "category",        "keywords",
                                               "problem", "diagnosis_steps", "solution",
                                               "notes",   "scenarios",       "links"};
    return f;
}

Json canonical(const Json& doc) {
    return yaml::reorder(doc, orders());
}

std::string to_yaml(const Json& doc) {
    return yaml::emit(canonical(doc));
}

void check(const Json& doc, const std::string& source, const std::string& path) {
    schema::require_valid("kb-article", doc, source);
    const std::string id = doc["id"].get<std::string>();
    if (!path.empty() && path != path_of(id))
        throw InvalidError(source + ": id '" + id + "' does not match the file's path",
                           "the file for " + id + " is " + path_of(id));
    if (doc.contains("reviewers")) {
        std::size_t i = 0;
        for (const auto& r : doc["reviewers"]) {
            check_time(r["at"], "reviewers[" + std::to_string(i) + "].at", source);
            ++i;
        }
    }
    std::optional<util::Timestamp> last;
    std::size_t i = 0;
    for (const auto& e : doc["events"]) {
        const std::string field = "events[" + std::to_string(i++) + "].at";
        const auto at = check_time(e["at"], field, source);
        if (last && at && *at < *last)
            throw InvalidError(source + ": " + field + ": events are out of time order");
        if (at) last = at;
    }
    const std::string status = status_of(doc);
    // Flagged is still published: readers see it, marked as under suspicion.
    if (status == status_published || status == status_flagged) check_published(doc, source);
    if (doc.contains("published")) {
        if (status != status_draft && status != status_in_review)
            throw InvalidError(source +
                               ": published: only a revision in draft or in_review "
                               "keeps an earlier version served, not a " +
                               status + " article");
        if (doc["published"]["version"].get<std::int64_t>() >= doc["version"].get<std::int64_t>())
            throw InvalidError(source + ": published.version: not earlier than version " +
                               std::to_string(doc["version"].get<std::int64_t>()));
    }
}

Json parse(std::string_view text, const std::string& source, const std::string& path) {
    Json doc = yaml::parse(text, source);
    check(doc, source, path);
    return doc;
}

Json new_article(const Json& fields, const std::string& id, const git::Identity& by,
                 const util::Timestamp& now) {
    const std::string source = is_full_id(id) ? path_of(id) : "new article";
    if (!fields.is_object())
        throw InvalidError(source + ": the article's fields are not a mapping");
    const auto& allowed = content_fields();
    Json doc = Json::object();
    doc["id"] = id;
    for (const auto& [key, value] : fields.items()) {
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
            throw InvalidError(source + ": '" + key + "' is not a field an author sets",
                               "an article's fields are title, category, keywords, problem, "
                               "diagnosis_steps, solution, notes, scenarios and links");
        doc[key] = value;
    }
    if (doc.contains("title") && doc["title"].is_string())
        doc["title"] = util::trim(doc["title"].get<std::string>());
    if (doc.contains("keywords") && doc["keywords"].is_array()) {
        Json kept = Json::array();
        for (const auto& k : doc["keywords"]) {
            Json v = k.is_string() ? Json(util::trim(k.get<std::string>())) : k;
            if (v == "" || std::find(kept.begin(), kept.end(), v) != kept.end()) continue;
            kept.push_back(std::move(v));
        }
        if (kept.empty())
            doc.erase("keywords");
        else
            doc["keywords"] = std::move(kept);
    }
    doc["status"] = std::string(status_draft);
    doc["version"] = 1;
    doc["author"] = by.str();
    Json event = Json::object();
    event["at"] = now.str();
    event["by"] = by.str();
    event["action"] = "new";
    event["to"] = std::string(status_draft);
    doc["events"] = Json::array({event});
    doc = canonical(doc);
    check(doc, source);
    return doc;
}

bool serves_current_text(const Json& doc) {
    return status_of(doc) != status_retired && doc.contains("version") &&
           doc["version"].is_number_integer() && last_verdict(doc) == "approved";
}

std::string str(const Json& doc, std::string_view key) {
    const auto it = doc.find(std::string(key));
    if (it == doc.end() || it->is_null()) return {};
    return it->is_string() ? it->get<std::string>() : it->dump();
}

std::string status_of(const Json& doc) {
    return str(doc, "status");
}

std::string id_of(const Json& doc) {
    return str(doc, "id");
}

} // namespace sop::kb
