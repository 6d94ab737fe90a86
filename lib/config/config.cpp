#include "config/config.hpp"

#include "schema/schema.hpp"
#include "util/embedded.hpp"
#include "util/error.hpp"

#include <cstdlib>
#include <ctime>
#include <filesystem>

namespace sop::config {

std::string_view template_text() { return *util::embedded("config.template.yaml"); }

Config load(const git::Snapshot& head) {
    const auto text = head.read(std::string(path));
    if (!text)
        throw Error("not a support repository: no " + std::string(path) + " in " + head.branch(),
                    "run 'sop init' here first");
    Config cfg{yaml::parse(*text, std::string(path))};
    schema::require_valid("config", cfg.doc, std::string(path));
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
