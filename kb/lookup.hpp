#pragma once
// Finding articles by ID or unique prefix (kb/<ID>.yaml, one flat folder).
#include "kb/article.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace sop::kb {

// Every article ID in the kb/ tree of `snap` whose digits start with `digits` (normalised).
std::vector<std::string> ids_with_prefix(const git::Snapshot& snap, std::string_view digits);
// The one article `input` (an ID or unique prefix) names: UsageError when it cannot be an ID,
// NotFoundError when none or several match (listing the candidates).
std::string resolve(const git::Snapshot& snap, std::string_view input);
// The article as committed in `snap`; InvalidError when the file does not parse or check.
Json load(const git::Snapshot& snap, const std::string& id);

} // namespace sop::kb
