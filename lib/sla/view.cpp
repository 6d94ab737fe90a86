#include "sla/view.hpp"

#include "util/text.hpp"
#include "util/time.hpp"

#include <algorithm>

namespace sop::sla {
namespace {

std::string status_cell(const Clock& c, const output::Style& style) {
    const std::string s = to_string(c.status);
    const char* color = c.status == Status::breached ? "red"
                        : c.status == Status::warn   ? "yellow"
                                                     : "green";
    return output::paint(s, color, style.color);
}

// What is left, or how late: "5h 10m", "overdue 2h", "paused (3h left)", "met (used 5m)".
std::string left_cell(const Clock& c) {
    const bool b = c.target.business;
    if (!c.running()) {
        if (c.status == Status::breached) return "late by " + human(c.elapsed - c.target_length, b);
        return "met in " + human(c.elapsed, b);
    }
    if (c.remaining() < 0) return "overdue " + human(-c.remaining(), b);
    if (c.paused) return "paused, " + human(c.remaining(), b) + " left";
    return human(c.remaining(), b);
}

std::string due_cell(const Clock& c, const calendar::Zone& zone) {
    if (!c.due) return "-";
    return local_time(*c.due, zone);
}

} // namespace

std::string human(std::int64_t seconds, bool business) {
    if (seconds < 0) seconds = -seconds;
    const std::int64_t d = business ? 0 : seconds / 86400;
    const std::int64_t h = (seconds - d * 86400) / 3600;
    const std::int64_t m = seconds % 3600 / 60;
    const std::int64_t s = seconds % 60;
    std::string out;
    auto part = [&](std::int64_t v, const char* unit) {
        if (!out.empty()) out += ' ';
        out += std::to_string(v) + unit;
    };
    if (d) part(d, "d");
    if (h) part(h, "h");
    if (m && !d) part(m, "m");
    if (s && !d && !h) part(s, "s");
    return out.empty() ? "0s" : out;
}

std::string rfc3339(std::int64_t t, const calendar::Zone& zone) {
    return util::Timestamp{t, zone.offset_at(t) / 60}.str();
}

std::string local_time(std::int64_t t, const calendar::Zone& zone, bool offset) {
    const std::string r = rfc3339(t, zone); // 2026-11-24T09:30:00+08:00
    std::string out = r.substr(0, 10) + " " + r.substr(11, 5);
    if (offset) out += " " + r.substr(19);
    return out;
}

void sort_board(std::vector<Clock>& board) {
    std::stable_sort(board.begin(), board.end(), [](const Clock& a, const Clock& b) {
        if (a.status != b.status) return a.status > b.status;
        if (a.due.has_value() != b.due.has_value()) return a.due.has_value();
        if (a.due && *a.due != *b.due) return *a.due < *b.due;
        if (a.ticket != b.ticket) return a.ticket < b.ticket;
        return a.name < b.name;
    });
}

std::string board_table(const std::vector<Clock>& board, const calendar::Zone& zone,
                        const output::Style& style) {
    std::vector<std::vector<std::string>> rows;
    rows.reserve(board.size());
    for (const auto& c : board)
        rows.push_back({c.ticket, c.name, c.detail, c.target.text, due_cell(c, zone), left_cell(c),
                        status_cell(c, style)});
    return output::table({"TICKET", "CLOCK", "FOR", "TARGET", "DUE", "LEFT", "STATUS"}, rows,
                         style);
}

yaml::Json clock_json(const Clock& c, const calendar::Zone& zone, bool segments) {
    auto instant = [&](const std::optional<std::int64_t>& t) {
        return t ? yaml::Json(rfc3339(*t, zone)) : yaml::Json(nullptr);
    };
    yaml::Json j = {
        {"ticket", c.ticket},
        {"clock", c.name},
        {"kind", c.kind},
        {"cycle", c.cycle},
        {"for", c.detail},
        {"calendar", c.calendar},
        {"target", c.target.text},
        {"business", c.target.business},
        {"target_seconds", c.target_length},
        {"start", rfc3339(c.start, zone)},
        {"stop", instant(c.stop)},
        {"stopped_by", c.stopped_by.empty() ? yaml::Json(nullptr) : yaml::Json(c.stopped_by)},
        {"due", instant(c.due)},
        {"elapsed_seconds", c.elapsed},
        {"remaining_seconds", c.remaining()},
        {"running", c.running()},
        {"paused", c.paused},
        {"status", to_string(c.status)}};
    if (segments) {
        yaml::Json segs = yaml::Json::array();
        for (const auto& s : c.segments)
            segs.push_back({{"from", rfc3339(s.from, zone)},
                            {"to", rfc3339(s.to, zone)},
                            {"running", s.running},
                            {"why", s.why}});
        j["segments"] = segs;
    }
    return j;
}

yaml::Json board_json(const std::vector<Clock>& board, const calendar::Zone& zone,
                      std::int64_t at) {
    yaml::Json clocks = yaml::Json::array();
    for (const auto& c : board)
        clocks.push_back(clock_json(c, zone, false));
    return {{"schema", "sop/v1"}, {"at", rfc3339(at, zone)}, {"clocks", clocks}};
}

std::string board_tsv(const std::vector<Clock>& board, const calendar::Zone& zone) {
    std::string out = "ticket\tclock\tfor\ttarget\tbusiness\tstart\tstop\tdue\telapsed_seconds\t"
                      "remaining_seconds\tpaused\tstatus\n";
    for (const auto& c : board) {
        const std::vector<std::string> cells = {c.ticket,
                                                c.name,
                                                c.detail,
                                                c.target.text,
                                                c.target.business ? "true" : "false",
                                                rfc3339(c.start, zone),
                                                c.stop ? rfc3339(*c.stop, zone) : "",
                                                c.due ? rfc3339(*c.due, zone) : "",
                                                std::to_string(c.elapsed),
                                                std::to_string(c.remaining()),
                                                c.paused ? "true" : "false",
                                                to_string(c.status)};
        for (std::size_t i = 0; i < cells.size(); ++i)
            out += (i ? "\t" : "") + util::tsv_escape(cells[i]);
        out += '\n';
    }
    return out;
}

std::string explain_text(const Record& r, const std::vector<Clock>& clocks,
                         const Settings& settings, const calendar::Zone& zone, std::int64_t at) {
    std::string out = r.id + ": " + r.title + "\n";
    out += "clocks as of " + local_time(at, zone, true) + "; state " + r.state +
           (r.level ? ", level " + std::to_string(r.level) : std::string(", not triaged")) +
           (r.team.empty() ? std::string() : ", team " + r.team) + "\n";
    if (clocks.empty()) out += "\nno clock has started\n";
    for (const auto& c : clocks) {
        const bool b = c.target.business;
        const std::string unit = b ? " of working time" : "";
        const bool met = !c.running() && c.status != Status::breached;
        out += "\n" + c.name + " (" + c.detail + "): " + (met ? "met" : to_string(c.status));
        if (c.running())
            out += c.paused ? ", paused" : ", running";
        else
            out += ", stopped by " + c.stopped_by;
        out += "\n  target " + c.target.text;
        if (b) out += " = " + human(c.target_length, true) + " of working time";
        out += " on the " + c.calendar + " calendar";
        if (!b) out += " (real time: nights, weekends and holidays count)";
        out += "\n";
        for (const auto& s : c.segments) {
            const bool open_end = c.running() && &s == &c.segments.back();
            out += "  " + std::string(s.running ? "running " : "paused  ") +
                   local_time(s.from, zone) + " → " +
                   (open_end ? std::string("now             ") : local_time(s.to, zone));
            if (s.running) {
                const auto& cal = settings.calendars.get(c.calendar);
                out += "  counts " + human(cal.elapsed(s.from, s.to, c.target), b) + unit + "\n";
            } else {
                out += "  " + s.why + "\n";
            }
        }
        out += "  used " + human(c.elapsed, b) + unit;
        if (!c.running()) {
            out += c.status == Status::breached
                       ? ", " + human(c.elapsed - c.target_length, b) + " over the target"
                       : ", within the target";
            if (c.due) out += std::string("; it was due ") + local_time(*c.due, zone);
        } else if (c.remaining() < 0) {
            out += "; overdue by " + human(-c.remaining(), b) + unit;
            if (c.due) out += " since " + local_time(*c.due, zone);
        } else {
            out += "; " + human(c.remaining(), b) + unit + " left";
            if (c.due)
                out += ", due " + local_time(*c.due, zone);
            else
                out += "; no due time while paused";
        }
        out += "\n";
    }
    return out;
}

} // namespace sop::sla
