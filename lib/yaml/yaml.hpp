#pragma once
// YAML as sop reads and writes it. Reading is strict and bounded (DESIGN §8): one document,
// a mapping at the top, no anchors, aliases or tags, a depth and size limit, valid UTF-8, and
// git conflict markers reported as such. Scalars are typed by the YAML 1.2 core schema
// (quoted scalars are always strings). Writing is canonical: block style, keys in the order
// of the JSON object, strings quoted only when a YAML 1.1 or 1.2 reader could mistake them,
// literal blocks for multi-line text; parse(emit(x)) == x and emit(parse(emit(x))) == emit(x).
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace sop::yaml {

using Json = nlohmann::ordered_json;

struct Limits {
    std::size_t max_bytes = 1 << 20;
    int max_depth = 32;
};

// Throws InvalidError("<source>:<line>:<col>: <why>").
Json parse(std::string_view text, const std::string& source, const Limits& limits = {});

std::string emit(const Json& document);

// True when `s` can be written as a plain scalar and read back as the same string.
bool plain_safe(std::string_view s);

} // namespace sop::yaml
