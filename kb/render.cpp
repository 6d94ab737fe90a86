#include "kb/render.hpp"

#include "output/ticket_text.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace sop::kb {
namespace {

using output::paint;

std::vector<std::string> items(const Json& doc, const char* key) {
    std::vector<std::string> out;
    if (doc.contains(key) && doc[key].is_array())
        for (const auto& v : doc[key])
            out.push_back(v.is_string() ? v.get<std::string>() : v.dump());
    return out;
}

std::string joined(const std::vector<std::string>& v, const std::string& sep) {
    std::string out;
    for (const auto& s : v)
        out += (out.empty() ? "" : sep) + s;
    return out;
}

void indented(std::string& out, const std::string& text, const std::string& pad) {
    for (const auto& line : util::split(util::trim(text), '\n'))
        out += pad + line + "\n";
}

// "draft → in_review", "→ draft", or "" when the event kept the status.
std::string transition(const Json& e) {
    const std::string from = str(e, "from"), to = str(e, "to");
    if (to.empty()) return {};
    return from.empty() ? "→ " + to : from + " → " + to;
}

// The sections of the fixed format (SOP 4.6), in order, with their headings.
struct Section {
    const char* key;
    const char* heading;
    enum { text, numbered, bullets } kind;
};
constexpr Section sections[] = {
    {"problem", "Problem", Section::text},
    {"diagnosis_steps", "Diagnosis steps", Section::numbered},
    {"solution", "Solution", Section::text},
    {"notes", "Notes and cautions", Section::text},
    {"scenarios", "Applicable scenarios", Section::bullets},
};

} // namespace

std::string article_text(const Json& doc, const output::Style& style, const std::string& served) {
    std::string out = paint(str(doc, "id"), "yellow", style.color) + "  " +
                      paint(str(doc, "title"), "bold", style.color) + "\n";
    out += paint("status:", "dim", style.color) + " " + status_of(doc) + "  " +
           paint("version:", "dim", style.color) + " " + str(doc, "version") + "  " +
           paint("category:", "dim", style.color) + " " + str(doc, "category") + "\n";
    out += paint("author:", "dim", style.color) + " " + str(doc, "author") + "\n";
    if (const auto k = items(doc, "keywords"); !k.empty())
        out += paint("keywords:", "dim", style.color) + " " + joined(k, ", ") + "\n";
    if (!served.empty()) out += paint(served, "yellow", style.color) + "\n";
    for (const auto& s : sections) {
        if (!doc.contains(s.key)) continue;
        out += "\n" + paint(s.heading, "bold", style.color) + "\n";
        if (s.kind == Section::text) {
            indented(out, str(doc, s.key), "  ");
            continue;
        }
        std::size_t n = 0;
        for (const auto& item : items(doc, s.key)) {
            const std::string mark =
                s.kind == Section::numbered ? std::to_string(++n) + ". " : "- ";
            const auto lines = util::split(util::trim(item), '\n');
            for (std::size_t i = 0; i < lines.size(); ++i)
                out += "  " + (i ? std::string(mark.size(), ' ') : mark) + lines[i] + "\n";
        }
    }
    if (doc.contains("links") && doc["links"].contains("tickets"))
        out += "\n" + paint("tickets:", "dim", style.color) + " " +
               joined(items(doc["links"], "tickets"), ", ") + "\n";
    if (doc.contains("reviewers")) {
        out += "\n" + paint("Reviews", "bold", style.color) + "\n";
        for (const auto& r : doc["reviewers"]) {
            out += "  " + str(r, "at") + "  " + str(r, "verdict") + " version " +
                   str(r, "version") + " by " + str(r, "by") + "\n";
            if (r.contains("reason")) indented(out, str(r, "reason"), "    ");
        }
    }
    out += "\n" + paint("History", "bold", style.color) + "\n";
    for (const auto& e : doc["events"]) {
        std::string line = "  " + str(e, "at") + "  " + str(e, "action");
        if (const auto t = transition(e); !t.empty()) line += " (" + t + ")";
        if (e.contains("ticket")) line += " " + str(e, "ticket");
        line += " by " + str(e, "by");
        out += line + "\n";
        if (e.contains("note")) indented(out, str(e, "note"), "    ");
    }
    return out;
}

std::string article_markdown(const Json& doc) {
    std::string out = "# " + str(doc, "title") + "\n\n";
    out += "- **ID:** " + str(doc, "id") + "\n";
    out += "- **Status:** " + status_of(doc) + " (version " + str(doc, "version") + ")\n";
    out += "- **Category:** " + str(doc, "category") + "\n";
    out += "- **Author:** " + str(doc, "author") + "\n";
    if (const auto k = items(doc, "keywords"); !k.empty())
        out += "- **Keywords:** " + joined(k, ", ") + "\n";
    for (const auto& s : sections) {
        if (!doc.contains(s.key)) continue;
        out += "\n## " + std::string(s.heading) + "\n\n";
        if (s.kind == Section::text) {
            out += util::trim(str(doc, s.key)) + "\n";
            continue;
        }
        std::size_t n = 0;
        for (const auto& item : items(doc, s.key)) {
            const std::string mark =
                s.kind == Section::numbered ? std::to_string(++n) + ". " : "- ";
            const auto lines = util::split(util::trim(item), '\n');
            for (std::size_t i = 0; i < lines.size(); ++i)
                out += (i ? std::string(mark.size(), ' ') : mark) + lines[i] + "\n";
        }
    }
    if (doc.contains("links") && doc["links"].contains("tickets"))
        out += "\n## Tickets\n\n" + joined(items(doc["links"], "tickets"), ", ") + "\n";
    return out;
}

std::string listing(const Listing& l, const std::string& list_key, const std::string& format,
                    const output::Style& style) {
    if (format == "table") return l.cells.empty() ? "" : output::table(l.headers, l.cells, style);
    if (format == "ids") {
        std::string out;
        for (const auto& row : l.cells)
            out += row.front() + "\n";
        return out;
    }
    if (format == "tsv") {
        std::string out = joined(l.keys, "\t") + "\n";
        for (const auto& row : l.cells) {
            std::string line;
            for (std::size_t i = 0; i < row.size(); ++i)
                line += (i ? "\t" : "") + util::tsv_escape(row[i]);
            out += line + "\n";
        }
        return out;
    }
    if (format == "json") {
        Json doc = output::envelope();
        doc[list_key] = Json::array();
        for (const auto& v : l.values)
            doc[list_key].push_back(v);
        return doc.dump(2) + "\n";
    }
    throw UsageError("unknown format '" + format + "'", "one of: table json tsv ids");
}

} // namespace sop::kb
