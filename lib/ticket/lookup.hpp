#pragma once
// Finding tickets by ID or unique prefix, in HEAD and in the archive branch (ticket/archive.hpp).
#include "git/repo.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace sop::ticket {

// Every ticket ID in the tickets/ tree of `branch` whose digits start with `digits`
// (normalised).
std::vector<std::string> ids_with_prefix(const git::Snapshot& branch, std::string_view digits);

// The one live ticket (in HEAD) `input` names, for a verb that changes it: UsageError when it
// cannot be an ID, NotFoundError when no ticket matches, NotFoundError listing the candidates
// when several do, RefusedError when it names an archived ticket (archived tickets are
// read-only).
std::string resolve(const git::Snapshot& head, std::string_view input);

struct Resolved {
    std::string id;
    bool archived = false; // found in the archive branch, not in HEAD
};

// For readers: the one ticket `input` names in HEAD or, when `archive` is given, in the
// archive branch; the same errors as resolve(). A ticket in both (a crash between the two
// moves of `sop archive`) is HEAD's.
Resolved resolve_any(const git::Snapshot& head, const git::Snapshot* archive,
                     std::string_view input);

} // namespace sop::ticket
