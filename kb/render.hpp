#pragma once
// Articles as people and scripts read them (`sop kb show`, and the listings of `sop kb list`,
// `search`, `suggest`, `gaps`).
#include "kb/article.hpp"
#include "output/table.hpp"

#include <string>
#include <vector>

namespace sop::kb {

// `sop kb show`: the fixed format under headings, then links, reviews and history. `served`
// is what readers see meanwhile when it differs from this text ("" when it does not).
std::string article_text(const Json& doc, const output::Style& style, const std::string& served);
// The same as a Markdown document (for a wiki or a chat message).
std::string article_markdown(const Json& doc);

// A listing: one column per key; each row has a cell (text for the table and TSV) and a value
// (for JSON) per column.
struct Listing {
    std::vector<std::string> keys;    // JSON keys and TSV header: "id", "score", ...
    std::vector<std::string> headers; // table headers: "ID", "SCORE", ...
    std::vector<std::vector<std::string>> cells;
    std::vector<Json> values; // one JSON object per row
};

// `format`: table (an empty string when there are no rows), json ({"schema": "sop/v1",
// <list_key>: [...]}), tsv (a header line, then escaped cells) or ids (the first column).
std::string listing(const Listing& l, const std::string& list_key, const std::string& format,
                    const output::Style& style);

} // namespace sop::kb
