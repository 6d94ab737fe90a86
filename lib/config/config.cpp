#include "config/config.hpp"

#include "calendar/calendar.hpp"
#include "schema/schema.hpp"
#include "util/embedded.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <filesystem>

namespace sop::config {

bool Person::has_role(std::string_view role) const {
    return std::find(roles.begin(), roles.end(), role) != roles.end();
}

std::vector<std::string> Config::teams() const {
    std::vector<std::string> out;
    if (doc.contains("teams") && doc["teams"].is_array())
        for (const auto& t : doc["teams"])
            out.push_back(t.value("name", std::string()));
    return out;
}

std::optional<Person> Config::person(std::string_view who) const {
    if (!doc.contains("people") || !doc["people"].is_array()) return std::nullopt;
    const std::string want = util::to_lower(util::trim(who));
    for (const auto& p : doc["people"]) {
        Person person{p.value("name", std::string()), p.value("email", std::string()), {}};
        if (p.contains("roles") && p["roles"].is_array())
            for (const auto& r : p["roles"])
                person.roles.push_back(r.get<std::string>());
        if (util::to_lower(person.email) == want || util::to_lower(person.name) == want ||
            util::to_lower(person.str()) == want)
            return person;
    }
    return std::nullopt;
}

long Config::workflow(std::string_view key, long fallback) const {
    if (!doc.contains("workflow") || !doc["workflow"].is_object()) return fallback;
    const auto& w = doc["workflow"];
    const auto it = w.find(std::string(key));
    return it != w.end() && it->is_number_integer() ? it->get<long>() : fallback;
}

std::string_view template_text() {
    return *util::embedded("config.template.yaml");
}

Config load(const git::Snapshot& head, const std::filesystem::path& cache) {
    const auto blob = head.entry_id(std::string(path));
    if (!blob)
        throw Error("not a support repository: no " + std::string(path) + " in " + head.branch(),
                    "run 'sop init' here first");
    const std::string blob_hex = git::oid_str(*blob);
    if (!cache.empty()) {
        try {
            if (const auto text = util::read_file(cache)) {
                auto cached = yaml::Json::parse(*text);
                if (cached.value("blob", "") == blob_hex)
                    return Config{std::move(cached["config"])};
            }
        } catch (const std::exception&) {
            // a damaged cache is read again from the repository
        }
    }
    Config cfg{yaml::parse(*head.read(std::string(path)), std::string(path))};
    schema::require_valid("config", cfg.doc, std::string(path));
    calendar::check_config(cfg.doc, util::now().seconds);
    if (!cache.empty()) {
        try {
            util::write_file_atomic(cache,
                                    yaml::Json{{"blob", blob_hex}, {"config", cfg.doc}}.dump());
        } catch (const Error&) {
            // a read-only repository works without the cache
        }
    }
    return cfg;
}

void apply_timezone(const Config& cfg) {
    if (const char* tz = std::getenv("TZ"); tz && *tz) return;
    const std::string zone = cfg.timezone();
    if (zone != "UTC" && !std::filesystem::exists("/usr/share/zoneinfo/" + zone))
        throw InvalidError(std::string(path) + ": timezone: unknown time zone '" + zone + "'",
                           "use an IANA name such as Asia/Shanghai or Europe/Berlin");
    ::setenv("TZ", zone.c_str(), 1);
    ::tzset();
}

} // namespace sop::config
