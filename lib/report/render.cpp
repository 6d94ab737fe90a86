#include "report/render.hpp"

#include "util/error.hpp"
#include "util/text.hpp"

#include <cmath>
#include <cstdio>

namespace sop::report {
namespace {

using yaml::Json;

std::string printf_text(const char* format, double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

std::string upper(std::string s) {
    for (auto& c : s)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    return s;
}

Json text_or_null(const std::string& s) {
    return s.empty() ? Json(nullptr) : Json(s);
}

// "Report 2026-11: 2026-11-01 to 2026-11-30 (Asia/Shanghai)" and the line under it.
std::string title_line(const Header& h) {
    return "Report " + h.period_name + ": " + h.first + " to " + h.last + " (" + h.timezone + ")";
}
std::string scope_line(const Header& h) {
    std::string s = "as of " + h.as_of;
    if (!h.commit.empty()) s += " (commit " + h.commit + ")";
    s += h.team.empty() ? ", all teams" : ", team " + h.team;
    return s;
}

// --- table ---------------------------------------------------------------------------------

std::string table_text(const Header& h, const std::vector<Section>& sections,
                       const output::Style& style) {
    std::string out =
        output::paint(title_line(h), "bold", style.color) + "\n" + scope_line(h) + "\n";
    for (const auto& s : sections) {
        out += "\n" + output::paint(s.title, "bold", style.color) + "\n";
        if (s.rows.empty()) {
            out += "none\n";
        } else if (s.single()) {
            std::size_t width = 0;
            for (const auto& c : s.columns)
                width = std::max(width, util::display_width(c.label));
            for (std::size_t i = 0; i < s.columns.size(); ++i) {
                const auto& c = s.columns[i];
                out += c.label + std::string(width - util::display_width(c.label) + 2, ' ') +
                       cell_text(s.rows.front().values[i], c.unit) + "\n";
            }
        } else {
            std::vector<std::string> head = {upper(s.key_label)};
            for (const auto& c : s.columns)
                head.push_back(upper(c.label));
            std::vector<std::vector<std::string>> body;
            for (const auto& r : s.rows) {
                std::vector<std::string> line = {r.key};
                for (std::size_t i = 0; i < s.columns.size(); ++i)
                    line.push_back(cell_text(r.values[i], s.columns[i].unit));
                body.push_back(std::move(line));
            }
            // Not cut to the terminal's width: the last column is a figure, not free text.
            out += output::table(head, body, output::Style{style.color, 0});
        }
    }
    return out;
}

// --- csv -----------------------------------------------------------------------------------

std::string csv_field(const std::string& v) {
    if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
    std::string out = "\"";
    for (const char c : v)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string csv_value(const Json& v) {
    if (v.is_null()) return "";
    if (v.is_string()) return v.get<std::string>();
    return v.dump();
}

std::string csv_text(const Header& h, const std::vector<Section>& sections) {
    std::string out;
    const auto line = [&out](const std::string& section, const std::string& metric,
                             const std::string& key, const std::string& value) {
        out += csv_field(section) + "," + csv_field(metric) + "," + csv_field(key) + "," +
               csv_field(value) + "\r\n";
    };
    line("section", "metric", "key", "value");
    for (const auto& [k, v] : {std::pair{"kind", h.period_kind},
                               {"name", h.period_name},
                               {"first", h.first},
                               {"last", h.last},
                               {"from", h.from},
                               {"to", h.to},
                               {"timezone", h.timezone}})
        line("period", k, "", v);
    for (const auto& [k, v] : {std::pair{"as_of", h.as_of},
                               {"backlog_at", h.backlog_at},
                               {"team", h.team},
                               {"commit", h.commit}})
        line("report", k, "", v);
    for (const auto& s : sections)
        for (const auto& r : s.rows)
            for (std::size_t i = 0; i < s.columns.size(); ++i)
                line(s.id, s.columns[i].key, r.key, csv_value(r.values[i]));
    return out;
}

// --- markdown ------------------------------------------------------------------------------

std::string md_cell(std::string v) {
    std::string out;
    for (const char c : v)
        out += c == '|' ? std::string("\\|") : std::string(1, c);
    return out;
}

std::string md_row(const std::vector<std::string>& cells) {
    std::string out = "|";
    for (const auto& c : cells)
        out += " " + md_cell(c) + " |";
    return out + "\n";
}

std::string md_text(const Header& h, const std::vector<Section>& sections) {
    std::string out = "# " + title_line(h) + "\n\n" + scope_line(h) + "\n";
    for (const auto& s : sections) {
        out += "\n## " + s.title + "\n\n";
        if (s.rows.empty()) {
            out += "none\n";
            continue;
        }
        if (s.single()) {
            out += md_row({"metric", "value"}) + "| --- | ---: |\n";
            for (std::size_t i = 0; i < s.columns.size(); ++i)
                out += md_row(
                    {s.columns[i].label, cell_text(s.rows.front().values[i], s.columns[i].unit)});
            continue;
        }
        std::vector<std::string> head = {s.key_label};
        std::string rule = "| --- |";
        for (const auto& c : s.columns) {
            head.push_back(c.label);
            rule += c.unit == Unit::text ? " --- |" : " ---: |";
        }
        out += md_row(head) + rule + "\n";
        for (const auto& r : s.rows) {
            std::vector<std::string> cells = {r.key};
            for (std::size_t i = 0; i < s.columns.size(); ++i)
                cells.push_back(cell_text(r.values[i], s.columns[i].unit));
            out += md_row(cells);
        }
    }
    return out;
}

} // namespace

std::string duration_text(std::int64_t seconds) {
    const char* sign = seconds < 0 ? "-" : "";
    const std::int64_t s = seconds < 0 ? -seconds : seconds;
    char buf[48];
    if (s < 60)
        std::snprintf(buf, sizeof buf, "%s%llds", sign, static_cast<long long>(s));
    else if (s < 3600)
        std::snprintf(buf, sizeof buf, "%s%lldm%02llds", sign, static_cast<long long>(s / 60),
                      static_cast<long long>(s % 60));
    else
        std::snprintf(buf, sizeof buf, "%s%lldh%02lldm", sign, static_cast<long long>(s / 3600),
                      static_cast<long long>(s % 3600 / 60));
    return buf;
}

std::string cell_text(const Json& v, Unit unit) {
    if (v.is_null()) return "-";
    switch (unit) {
    case Unit::count:
        return std::to_string(v.get<std::int64_t>());
    case Unit::ratio:
        return printf_text("%.1f%%", v.get<double>() * 100.0);
    case Unit::seconds:
        return duration_text(v.get<std::int64_t>());
    case Unit::score:
        return printf_text("%.2f", v.get<double>());
    case Unit::text:
        break;
    }
    return v.is_string() ? v.get<std::string>() : v.dump();
}

Json to_json(const Header& h, const std::vector<Section>& sections) {
    Json doc = Json::object();
    doc["schema"] = "sop/v1";
    doc["period"] = Json{{"kind", h.period_kind}, {"name", h.period_name}, {"first", h.first},
                         {"last", h.last},        {"from", h.from},        {"to", h.to},
                         {"timezone", h.timezone}};
    doc["as_of"] = h.as_of;
    doc["backlog_at"] = h.backlog_at;
    doc["team"] = text_or_null(h.team);
    doc["commit"] = text_or_null(h.commit);
    for (const auto& s : sections) {
        Json* at = &doc;
        for (const auto& part : util::split(s.id, '.'))
            at = &(*at)[part];
        *at = Json::object();
        for (const auto& r : s.rows) {
            Json& target = s.single() ? *at : (*at)[r.key];
            target = Json::object();
            for (std::size_t i = 0; i < s.columns.size(); ++i)
                target[s.columns[i].key] = r.values[i];
        }
    }
    return doc;
}

std::string render(const Header& h, const std::vector<Section>& sections, const std::string& format,
                   const output::Style& style) {
    if (format == "table") return table_text(h, sections, style);
    if (format == "json") return to_json(h, sections).dump(2) + "\n";
    if (format == "csv") return csv_text(h, sections);
    if (format == "md") return md_text(h, sections);
    throw UsageError("unknown format '" + format + "'", "one of: table json csv md");
}

} // namespace sop::report
