#pragma once
// The JSON Schemas in schemas/, embedded at build time, and validation against them.
#include "yaml/yaml.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace sop::schema {

// Names accepted by `sop schema NAME`: "ticket", "config", "kb-article".
std::vector<std::string> names();
// The schema's text; NotFoundError for an unknown name.
std::string_view text(std::string_view name);

// Every problem found, as "<field path>: <why>"; empty when `doc` is valid.
std::vector<std::string> problems(std::string_view name, const yaml::Json& doc);
// Throws InvalidError("<source>: <first problem>") listing how many more there are.
void require_valid(std::string_view name, const yaml::Json& doc, const std::string& source);

} // namespace sop::schema
