#include "schema/schema.hpp"

#include "util/embedded.hpp"
#include "util/error.hpp"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include <map>
#include <memory>

namespace sop::schema {
namespace {

constexpr std::string_view suffix = ".schema.json";

// valijson compiles a std::regex for every value with a "format" each time it validates (a
// ticket with 50 events cost 20 ms). sop checks every timestamp itself with a strict RFC 3339
// parser (ticket::check), so the schema is compiled without its "format" keywords; the
// published text keeps them for other validators.
void drop_formats(nlohmann::json& node) {
    if (node.is_object()) {
        node.erase("format");
        for (auto& [_, v] : node.items())
            drop_formats(v);
    } else if (node.is_array()) {
        for (auto& v : node)
            drop_formats(v);
    }
}

struct Compiled {
    valijson::Schema schema;
    valijson::Validator validator; // keeps its compiled "pattern" regexes between calls
};

Compiled& compiled(std::string_view name) {
    static std::map<std::string, std::unique_ptr<Compiled>, std::less<>> cache;
    if (auto it = cache.find(name); it != cache.end()) return *it->second;
    auto doc = nlohmann::json::parse(text(name));
    drop_formats(doc);
    auto c = std::make_unique<Compiled>();
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(doc);
    parser.populateSchema(adapter, c->schema);
    return *cache.emplace(std::string(name), std::move(c)).first->second;
}

// The part of the schema that describes the field at `parts` (following $ref, properties and
// items), or null when the schema does not say.
const nlohmann::json* schema_at(const nlohmann::json& root, const std::vector<std::string>& parts) {
    const nlohmann::json* node = &root;
    const auto deref = [&](const nlohmann::json* n) {
        for (int hops = 0; n && n->is_object() && n->contains("$ref") && hops < 8; ++hops) {
            const std::string ref = (*n)["$ref"].get<std::string>();
            if (!ref.starts_with("#")) return static_cast<const nlohmann::json*>(nullptr);
            const auto ptr = nlohmann::json::json_pointer(ref.substr(1));
            n = root.contains(ptr) ? &root[ptr] : nullptr;
        }
        return n;
    };
    for (const auto& part : parts) {
        node = deref(node);
        if (!node || !node->is_object()) return nullptr;
        const bool index =
            !part.empty() && part.find_first_not_of("0123456789") == std::string::npos;
        if (index && node->contains("items")) {
            node = &(*node)["items"];
        } else if (node->contains("properties") && (*node)["properties"].contains(part)) {
            node = &(*node)["properties"][part];
        } else {
            return nullptr;
        }
    }
    return deref(node);
}

std::vector<std::string> context_parts(const std::vector<std::string>& context) {
    std::vector<std::string> parts;
    for (const auto& c : context) {
        if (c == "<root>") continue;
        parts.push_back(
            c.size() >= 2 && c.front() == '[' && c.back() == ']' ? c.substr(1, c.size() - 2) : c);
    }
    return parts;
}

// valijson's wording, made to read like sop's own messages.
std::string describe(std::string_view name, const std::vector<std::string>& context,
                     const std::string& description, const yaml::Json& doc) {
    const auto parts = context_parts(context);
    if (description.find("enum") != std::string::npos) {
        const nlohmann::json root = nlohmann::json::parse(text(name));
        const auto* field = schema_at(root, parts);
        const yaml::Json* value = &doc;
        for (const auto& p : parts) {
            if (value->is_array() && p.find_first_not_of("0123456789") == std::string::npos)
                value = &(*value)[std::stoul(p)];
            else if (value->is_object() && value->contains(p))
                value = &(*value)[p];
        }
        if (field && field->contains("enum")) {
            std::string list;
            for (const auto& e : (*field)["enum"])
                list += (list.empty() ? "" : ", ") + e.get<std::string>();
            const std::string shown =
                value->is_string() ? value->get<std::string>() : value->dump();
            return "'" + shown + "' is not one of " + list;
        }
    }
    std::string d = description;
    if (!d.empty() && d.back() == '.') d.pop_back();
    if (!d.empty() && d[0] >= 'A' && d[0] <= 'Z') d[0] = static_cast<char>(d[0] + 32);
    if (d.starts_with("missing required property")) d.replace(0, 25, "missing required field");
    return d;
}

std::string field_path(const std::vector<std::string>& context) {
    std::string path;
    for (const auto& part : context) {
        if (part == "<root>") continue;
        // valijson writes "[name]" for properties and "[3]" for array items.
        std::string p = part;
        if (p.size() >= 2 && p.front() == '[' && p.back() == ']') p = p.substr(1, p.size() - 2);
        const bool index = !p.empty() && p.find_first_not_of("0123456789") == std::string::npos;
        if (index) {
            path += "[" + p + "]";
        } else {
            if (!path.empty()) path += '.';
            path += p;
        }
    }
    return path.empty() ? "(top level)" : path;
}

} // namespace

std::vector<std::string> names() {
    std::vector<std::string> out;
    for (const auto& f : util::embedded_files())
        if (f.name.ends_with(suffix))
            out.emplace_back(f.name.substr(0, f.name.size() - suffix.size()));
    return out;
}

std::string_view text(std::string_view name) {
    if (auto t = util::embedded(std::string(name) + std::string(suffix))) return *t;
    std::string known;
    for (const auto& n : names())
        known += (known.empty() ? "" : ", ") + n;
    throw NotFoundError("no schema named '" + std::string(name) + "'", "known schemas: " + known);
}

std::vector<std::string> problems(std::string_view name, const yaml::Json& doc) {
    const nlohmann::json plain = doc;
    Compiled& c = compiled(name);
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter target(plain);
    std::vector<std::string> out;
    if (c.validator.validate(c.schema, target, &results)) return out;
    // valijson reports each failure and then every enclosing schema that failed because of
    // it; the innermost (longest path) message is the useful one, so keep the first per path.
    valijson::ValidationResults::Error error;
    std::vector<std::pair<std::string, std::string>> seen;
    while (results.popError(error)) {
        const std::string path = field_path(error.context);
        bool covered = false;
        for (const auto& [p, _] : seen)
            if (p == path || p.starts_with(path + ".") || p.starts_with(path + "[") ||
                path == "(top level)")
                covered = true;
        if (covered && path != "(top level)") continue;
        if (covered) continue;
        seen.emplace_back(path, describe(name, error.context, error.description, doc));
    }
    for (const auto& [p, d] : seen)
        out.push_back(p + ": " + d);
    if (out.empty()) out.emplace_back("(top level): does not match the schema");
    return out;
}

void require_valid(std::string_view name, const yaml::Json& doc, const std::string& source) {
    const auto found = problems(name, doc);
    if (found.empty()) return;
    std::string more;
    if (found.size() > 1) more = " (and " + std::to_string(found.size() - 1) + " more)";
    throw InvalidError(source + ": " + found.front() + more,
                       "see 'sop schema " + std::string(name) + "' for the format");
}

} // namespace sop::schema
