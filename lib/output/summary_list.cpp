#include "output/summary_list.hpp"

#include "output/ticket_text.hpp"
#include "ticket/cache.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <algorithm>

namespace sop::output {
namespace {

std::string dash(const std::string& v) {
    return v.empty() ? std::string("-") : v;
}

std::string table_text(const std::vector<ticket::Summary>& rows, const Style& style,
                       const ExtraColumn* extra) {
    if (rows.empty()) return {};
    std::vector<std::string> header = {"ID",   "STATE",    "LVL",      "TYPE", "CHANNEL",
                                       "TEAM", "ASSIGNEE", "RECEIVED", "TITLE"};
    if (extra) header.insert(header.begin() + 1, extra->header);
    std::vector<std::vector<std::string>> body;
    body.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& r = rows[i];
        const std::string state = r.archived ? r.state + " (archived)" : r.state;
        std::vector<std::string> row = {
            r.id,      state,        dash(r.level),    dash(r.type),
            r.channel, dash(r.team), dash(r.assignee), r.received_at.substr(0, 16),
            r.title};
        if (extra) row.insert(row.begin() + 1, extra->cells.at(i));
        body.push_back(std::move(row));
    }
    return table(header, body, style);
}

std::string tsv_text(const std::vector<ticket::Summary>& rows, const ExtraColumn* extra) {
    auto line = [extra](std::vector<std::string> fields, const std::string* cell,
                        std::string archived) {
        if (extra) fields.insert(fields.begin() + 1, *cell);
        fields.push_back(std::move(archived));
        std::string out;
        for (std::size_t i = 0; i < fields.size(); ++i)
            out += (i ? "\t" : "") + util::tsv_escape(fields[i]);
        return out + "\n";
    };
    std::string out = line(ticket::Summary::columns(), extra ? &extra->key : nullptr, "archived");
    for (std::size_t i = 0; i < rows.size(); ++i)
        out += line(rows[i].values(), extra ? &extra->cells.at(i) : nullptr,
                    rows[i].archived ? "true" : "false");
    return out;
}

std::string json_text(const std::vector<ticket::Summary>& rows, const ExtraColumn* extra) {
    auto doc = envelope();
    doc["tickets"] = ticket::Json::array();
    for (std::size_t i = 0; i < rows.size(); ++i) {
        auto fields = rows[i].to_json();
        if (!extra) {
            doc["tickets"].push_back(std::move(fields));
            continue;
        }
        // The extra key right after "id", as in the table.
        ticket::Json t = ticket::Json::object();
        for (auto it = fields.begin(); it != fields.end(); ++it) {
            t[it.key()] = it.value();
            if (it.key() == "id") t[extra->key] = extra->values.at(i);
        }
        doc["tickets"].push_back(std::move(t));
    }
    return doc.dump(2) + "\n";
}

} // namespace

std::vector<ticket::Summary> listable_summaries(const git::Repo& repo, const git::Snapshot& head,
                                                const git::Snapshot& archive) {
    auto all = ticket::summaries(repo, head);
    std::vector<std::string> live;
    live.reserve(all.size());
    for (const auto& t : all)
        live.push_back(t.id);
    std::sort(live.begin(), live.end());
    for (auto& t : ticket::archived_summaries(repo, archive))
        if (!std::binary_search(live.begin(), live.end(), t.id)) all.push_back(std::move(t));
    return all;
}

std::string summary_list(const std::vector<ticket::Summary>& rows, const std::string& format,
                         const Style& style, const ExtraColumn* extra) {
    if (format == "ids") {
        std::string out;
        for (const auto& r : rows)
            out += r.id + "\n";
        return out;
    }
    if (format == "json") return json_text(rows, extra);
    if (format == "tsv") return tsv_text(rows, extra);
    if (format == "table") return table_text(rows, style, extra);
    throw UsageError("unknown format '" + format + "'", "one of: table json tsv ids");
}

} // namespace sop::output
