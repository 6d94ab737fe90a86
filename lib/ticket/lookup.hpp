#pragma once
// Finding tickets by ID or unique prefix.
#include "git/repo.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace sop::ticket {

// Every ticket ID in HEAD's tickets/ tree whose digits start with `digits` (normalised).
std::vector<std::string> ids_with_prefix(const git::Snapshot& head, std::string_view digits);

// The one ticket `input` names: UsageError when it cannot be an ID, NotFoundError when no
// ticket matches, NotFoundError listing the candidates when several do.
std::string resolve(const git::Snapshot& head, std::string_view input);

} // namespace sop::ticket
