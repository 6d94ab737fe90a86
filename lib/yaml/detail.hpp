#pragma once
// The two readers behind yaml::parse(), after its checks of size, UTF-8 and conflict markers.
#include "yaml/yaml.hpp"

#include <optional>
#include <string>

namespace sop::yaml::detail {

// Core-schema resolution of a plain scalar (YAML 1.2 §10.3.2), minus the forms JSON lacks.
// Null is the caller's business (yaml-cpp reports it as its own event).
Json resolve_plain(const std::string& v);

// The fast reader for what emit() writes: block mappings and sequences, plain and
// double-quoted scalars, literal blocks, {} and []. It returns nothing at the first thing it
// does not expect; parse() then checks emit(*result) == text, so a result is only ever used
// when it reads back to the same bytes (and parse(emit(x)) == x makes it what yaml-cpp reads).
std::optional<Json> read_canonical(std::string_view text, int max_depth);

// yaml-cpp's event parser with sop's rules (no anchors, aliases, tags; depth; one document;
// a mapping at the top). Throws InvalidError naming `source`, line and column.
Json read_general(std::string_view text, const std::string& source, const Limits& limits);

} // namespace sop::yaml::detail
