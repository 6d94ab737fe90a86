#pragma once
// A report's sections in the output formats of `sop report` (sop-report(1) OUTPUT):
//   table  a heading, then each section under its title, aligned; "none" for an empty one
//   json   {"schema": "sop/v1", "period": {...}, ..., one key per section}
//   csv    RFC 4180 (CRLF line ends): section,metric,key,value, one row per figure
//   md     Markdown: a level-1 heading, then each section as a level-2 heading and a table
// The same figures give the same bytes, in every format.
#include "output/table.hpp"
#include "report/sections.hpp"
#include "yaml/yaml.hpp"

#include <string>
#include <vector>

namespace sop::report {

yaml::Json to_json(const Header& h, const std::vector<Section>& sections);
std::string render(const Header& h, const std::vector<Section>& sections, const std::string& format,
                   const output::Style& style);

// How tables show a value: "85.7%", "3h07m", "4.33", "-" for null.
std::string cell_text(const yaml::Json& v, Unit unit);
// "45s", "2m05s", "3h07m" (hours are not folded into days: business days differ in length).
std::string duration_text(std::int64_t seconds);

} // namespace sop::report
