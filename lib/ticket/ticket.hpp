#pragma once
// The ticket document (sop-ticket(5)): a JSON value in memory, canonical YAML on disk.
#include "git/repo.hpp"
#include "util/time.hpp"
#include "yaml/yaml.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace sop::ticket {

using Json = yaml::Json;

// The fixed order of the top-level fields; unknown fields go before `events`, as found.
const std::vector<std::string>& field_order();
// The field names the current sop knows, at `path` ("" for the top level, "problem", ...).
bool is_known_field(std::string_view path, std::string_view name);

// Reorders keys into the canonical order, recursively.
Json canonical(const Json& doc);
// The bytes sop writes: canonical YAML. Equal documents give equal bytes.
std::string to_yaml(const Json& doc);

// Schema and invariants: ID pattern, path matches ID (when `path` is given), every
// timestamp parses, events in time order. Throws InvalidError naming `source`.
void check(const Json& doc, const std::string& source, const std::string& path = {});
// Parses and checks a ticket file.
Json parse(std::string_view text, const std::string& source, const std::string& path = {});

// Reads a ticket from HEAD and checks it; NotFoundError when absent.
Json load(const git::Snapshot& head, const std::string& id);
// Reads a ticket from HEAD for a change that check()s the result before committing it (which
// covers what was read): parsed and matched to its path, not yet validated.
Json read_for_change(const git::Snapshot& head, const std::string& id);

std::string str(const Json& doc, std::string_view key); // "" when absent
std::string state_of(const Json& doc);
std::string id_of(const Json& doc);

// Appends an event {at, by, action, ...extra} and refuses one older than the last event.
void append_event(Json& doc, const util::Timestamp& at, const git::Identity& by,
                  std::string_view action, Json extra = Json::object());

// A commit message by the contract of DESIGN §2: "<ID>: <subject>", the note as the body,
// then the trailers Sop-Ticket, Sop-Action, Sop-From (omitted on creation) and Sop-To.
std::string commit_message(std::string_view id, std::string_view subject, std::string_view body,
                           std::string_view action, std::string_view from, std::string_view to);

} // namespace sop::ticket
