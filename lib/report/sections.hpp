#pragma once
// A report as sections of rows and columns, the one shape that every output format is written
// from (render.hpp), so that table, JSON, CSV and Markdown always show the same figures.
#include "calendar/zone.hpp"
#include "report/figures.hpp"
#include "yaml/yaml.hpp"

#include <string>
#include <vector>

namespace sop::report {

enum class Unit {
    count,   // an integer
    ratio,   // a fraction 0..1, 4 decimals; a percentage in tables
    seconds, // an integer duration; "3h07m" in tables
    score,   // a mean of 1-5 scores, 2 decimals
    text,    // a string, such as an instant in RFC 3339
};

struct Column {
    std::string key;   // the JSON key and the CSV metric: "median_seconds"
    std::string label; // the table heading: "median"
    Unit unit;
};

struct Row {
    std::string key;                // "phone", "2", "all"; "" in a section of one row
    std::vector<yaml::Json> values; // one per column; null when there is nothing to measure
};

struct Section {
    std::string id;        // "volume.type": the JSON path (dots nest) and the CSV section
    std::string title;     // "Volume by type"
    std::string key_label; // "type"; "" for a section of one row without a key
    std::vector<Column> columns;
    std::vector<Row> rows; // empty: "none"

    bool single() const { return key_label.empty(); }
};

// The report's header, the same in every format.
struct Header {
    std::string period_kind, period_name, first, last, from, to, timezone;
    std::string as_of, backlog_at; // RFC 3339 in the report's zone
    std::string team;              // "" for all teams
    std::string commit;            // `--at`: the commit's full id; "" otherwise
};

Header header(const Report& r, const calendar::Zone& zone, const std::string& commit);
std::vector<Section> sections(const Report& r, const calendar::Zone& zone);

} // namespace sop::report
