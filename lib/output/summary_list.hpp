#pragma once
// Ticket summaries in the listing formats of `sop list`, shared by every verb that lists
// tickets (`sop history`, `sop similar`): a table for people; JSON, TSV and bare IDs for scripts.
#include "git/repo.hpp"
#include "output/table.hpp"
#include "ticket/summary.hpp"

#include <string>
#include <vector>

namespace sop::output {

// A column shown right after the ID, such as the score of `sop similar`.
struct ExtraColumn {
    std::string key;                  // the JSON key and the TSV header: "score"
    std::string header;               // the table header: "SCORE"
    std::vector<std::string> cells;   // one per row: the text in the table and in TSV
    std::vector<ticket::Json> values; // one per row: the value in JSON
};

// Every ticket a listing shows: HEAD's live tickets, then those of the archive branch `archive`
// (ticket/archive.hpp; each with `archived` set). A ticket in both (an interrupted `sop archive`)
// comes once, as HEAD's. Read from the caches: no ticket is parsed when they are warm.
std::vector<ticket::Summary> listable_summaries(const git::Repo& repo, const git::Snapshot& head,
                                                const git::Snapshot& archive);

// The rows in `format` (table, json, tsv or ids), ready for stdout:
//   table  the columns ID, STATE ("closed (archived)" for an archived ticket), LVL, TYPE,
//          CHANNEL, TEAM, ASSIGNEE, RECEIVED, TITLE; an empty string when there are no rows
//          (the caller says so on stderr);
//   json   {"schema": "sop/v1", "tickets": [...]}, each ticket as Summary::to_json();
//   tsv    a header line with Summary::columns() and "archived", then one escaped line per
//          ticket ("true" or "false" for archived);
//   ids    one ID a line.
std::string summary_list(const std::vector<ticket::Summary>& rows, const std::string& format,
                         const Style& style, const ExtraColumn* extra = nullptr);

} // namespace sop::output
