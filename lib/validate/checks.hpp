#pragma once
// The checks of `sop validate` that look at one file or one document, and nothing else: git
// conflict markers, and a ticket's event log against its state and the workflow's transitions
// (validate/transitions.hpp). validate.hpp runs them over a repository and adds what needs
// several files (IDs unique, references resolve).
#include "yaml/yaml.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sop::validate {

using Json = yaml::Json;

// One problem: "<path>: <field>: <message>". `field` is a dotted path into the document
// ("events[3].to", "links.related[0]"), or "(file)" for the file as a whole.
struct Problem {
    std::string path;
    std::string field;
    std::string message;
    // A merge conflict not settled yet: the file is valid and the conflict is named, but a
    // person has to choose (sop sync shares such files and warns; sop validate fails).
    bool unsettled_merge = false;
    bool operator==(const Problem&) const = default;
};

inline constexpr std::string_view whole_file = "(file)";

// The 1-based numbers of the lines that are git conflict markers: a line that starts with
// "<<<<<<<", "|||||||" or ">>>>>>>", or is "=======" (optionally followed by a space). sop's
// YAML indents every continuation line, so none of these can be the text of a valid file.
std::vector<std::size_t> conflict_marker_lines(std::string_view text);
// The problem for them, or none.
std::vector<Problem> conflict_markers(const std::string& path, std::string_view text);

// The event log against the rest of the ticket, every problem found:
//   - the first event is the intake (`new`, to: new), and there is no other;
//   - every event that records `from`/`to` makes a transition of transitions(), from the state
//     the log was in (the `to` of the last event before it that has one), and `resume` goes
//     back to the state the ticket waited in;
//   - `state` is the `to` of the last event that has one.
// A log merged from two lines of work (lib/merge) interleaves their transitions: once one
// leaves a state other than the current one, but a state the log reached before, the log is
// taken as forked and only that is required of later transitions.
// Event order in time is checked by check_times(). Fields the schema found broken are skipped.
void check_events(const Json& doc, const std::string& path, std::vector<Problem>& out);

// Every `merge-conflict` event ({field, values: [a, b]}, or {field, kept, other} as lib/merge
// writes it) is resolved by a later `edit` event whose `fields` lists that field or a field
// containing it ("problem" covers "problem.symptom"); otherwise a problem on that field naming
// both values and `fix` (the command that edits the file: "sop edit T-…"). Tickets and
// articles alike.
void check_merge_conflicts(const Json& doc, const std::string& path, const std::string& fix,
                           std::vector<Problem>& out);

// Every timestamp of ticket::check() parses (received_at, responded_at, problem.started_at,
// events[].at), and the events are in time order. One problem each, none skipped.
void check_times(const Json& doc, const std::string& path, std::vector<Problem>& out);

// "field: why" (as schema::problems and kb::validate_article write them) as a Problem; a
// message without a field, or "<path>:<line>:<col>: why" from the YAML reader, is about
// the whole file.
Problem split(const std::string& path, const std::string& message);

} // namespace sop::validate
