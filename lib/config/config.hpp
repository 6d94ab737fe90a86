#pragma once
// The team's setup, .sop/config.yaml in the support repository (read from HEAD).
#include "git/repo.hpp"
#include "yaml/yaml.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sop::config {

inline constexpr std::string_view path = ".sop/config.yaml";

// A person of the team as .sop/config.yaml lists them.
struct Person {
    std::string name, email;
    std::vector<std::string> roles;
    bool has_role(std::string_view role) const;
    std::string str() const { return name + " <" + email + ">"; } // "Name <email>"
};

struct Config {
    yaml::Json doc;
    std::string timezone() const { return doc.value("timezone", std::string("UTC")); }
    // Team names in the order written; empty when the file lists none.
    std::vector<std::string> teams() const;
    // The person whose e-mail address or name (case-insensitive) is `who`, or whose
    // "Name <email>" it is.
    std::optional<Person> person(std::string_view who) const;
    // workflow.<key>, or `fallback` when absent.
    long workflow(std::string_view key, long fallback) const;
};

// The commented file `sop init` writes.
std::string_view template_text();

// Reads and validates the configuration at HEAD. Error when the repository has none
// (not a support repository), InvalidError when it is malformed. With a `cache` file, a
// configuration already validated (same blob id) is read from there as JSON, which spares
// every command the YAML parse and the schema check; the cache is disposable.
Config load(const git::Snapshot& head, const std::filesystem::path& cache = {});

// Makes the process write local times in the configured zone (unless TZ is set).
void apply_timezone(const Config& cfg);

} // namespace sop::config
