#pragma once
// The semantic three-way merge of ticket and knowledge-article files (DESIGN §6, sop-merge-
// driver(1)): what `sop merge-driver` does for git and what git_merge does in-process once
// register_libgit2_driver() has run, so that a merge by the git CLI and one by `sop sync` give
// the same bytes.
//
// The result is symmetric: merge(base, A, B) == merge(base, B, A), byte for byte, so that every
// clone that merges the same two versions, whichever it started from, writes the same file.
//   - events: the union of both sides' events (an event on both sides, equal as JSON, counts
//     once; an event twice on one side counts twice), in time order; the order of each side's
//     events is kept, and events of the two sides at the same instant go by their canonical
//     JSON text;
//   - the other fields, compared recursively through mappings: changed on one side only takes
//     that side's value; changed on both sides alike takes it; lists of records (diagnosis,
//     remote sessions, verifications, collaboration requests, incident mitigations and
//     actions, article reviewers) and sets (links, keywords, notified) are merged item by item,
//     keyed by what identifies an item; numbered lists are renumbered by time;
//   - changed on both sides differently: the value of the side whose latest event touching the
//     field is later is kept (ties: the greater canonical JSON text), and a `merge-conflict`
//     event {field, kept, other} keeps the other value in the log;
//   - the ticket's `state` (the article's `status`) is the `to` of the last event in the merged
//     log that changed it.
#include "yaml/yaml.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sop::merge {

using Json = yaml::Json;

enum class Kind { ticket, article };

// What sop merges at `path` (relative to the repository, '/'-separated): a ticket
// (tickets/<shard>/<ticket ID>.yaml) or a knowledge article (kb/<article ID>.yaml); nullopt for
// any other file.
std::optional<Kind> kind_of(std::string_view path);

inline constexpr std::string_view conflict_action = "merge-conflict";
inline constexpr std::string_view merge_actor = "sop merge-driver";

// A field both sides changed differently: `field` is a dotted path from the top of the file
// ("assignee", "problem.environment.system", "remote_sessions[1].note"), `kept` the value the
// result holds and `other` the one it does not (null for an absent field).
struct Conflict {
    std::string field;
    Json kept, other;
};

struct Result {
    bool merged = false;             // false: leave the file to git as a conflict; see `why`
    std::string text;                // the merged file (canonical YAML) when merged
    std::vector<Conflict> conflicts; // each also recorded as a merge-conflict event in `text`
    std::string why;                 // why it could not be merged: "<path>: <reason>"
};

// A value in one short line, for messages and the note of a merge-conflict event: 'text',
// 42, {"a":1}, or (absent) for null.
std::string brief(const Json& value);

// Merges the three versions of the file at `path`; `base` is nullopt (or empty) when both sides
// added the file. Not merged when the path is not a ticket's or an article's, when a version
// does not parse or names another ID, or when the result would not be valid.
Result merge_file(std::string_view path, std::optional<std::string_view> base,
                  std::string_view ours, std::string_view theirs);

// The same on parsed documents; `base` may be null. Throws InvalidError when they cannot be
// merged; the result is canonical but not checked.
Json merge_documents(Kind kind, const Json* base, const Json& ours, const Json& theirs,
                     std::vector<Conflict>& conflicts);

// A line-based merge with git's conflict markers (what git does without the driver), for a file
// merge_file() cannot merge. `clean` is set when no markers were needed.
std::string text_merge(std::optional<std::string_view> base, std::string_view ours,
                       std::string_view theirs, bool& clean, int marker_size = 7);

// Registers the driver "sop" with libgit2 (again after a git_libgit2_shutdown), so that
// git_merge_trees, git_merge_commits and git_merge apply merge_file() to the files whose `merge`
// attribute is "sop" (sop init writes them into .gitattributes), as the git CLI does through `sop
// merge-driver`. A file it cannot merge stays conflicted.
void register_libgit2_driver();

} // namespace sop::merge
