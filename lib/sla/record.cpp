#include "sla/record.hpp"

#include "util/error.hpp"
#include "util/time.hpp"

#include <algorithm>
#include <charconv>

namespace sop::sla {
namespace {

// Marks: events separated by ';', fields by ',': "at±offset,action,from,to[,key=value...]".
// Values are percent-encoded where they hold one of ",;=%" (team names, in principle).
void put(std::string& out, std::string_view v) {
    for (const char c : v) {
        if (c == ',' || c == ';' || c == '=' || c == '%' || c == '\t' || c == '\n' || c == '\\') {
            static const char hex[] = "0123456789ABCDEF";
            out += '%';
            out += hex[(static_cast<unsigned char>(c) >> 4) & 0xF];
            out += hex[static_cast<unsigned char>(c) & 0xF];
        } else {
            out += c;
        }
    }
}

std::string take(std::string_view v) {
    if (v.find('%') == std::string_view::npos) return std::string(v);
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '%' && i + 2 < v.size()) {
            unsigned x = 0;
            std::from_chars(v.data() + i + 1, v.data() + i + 3, x, 16);
            out += static_cast<char>(x);
            i += 2;
        } else {
            out += v[i];
        }
    }
    return out;
}

std::string scalar(const yaml::Json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    if (v.is_number_integer()) return std::to_string(v.get<long long>());
    return {};
}

[[noreturn]] void damaged(const std::string& id) {
    throw InvalidError("the cached event marks of " + id + " are damaged",
                       "remove .git/sop/cache and run the command again");
}

std::int64_t number(std::string_view s, const std::string& id) {
    std::int64_t v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) damaged(id);
    return v;
}

} // namespace

const std::vector<std::string>& kept_keys() {
    static const std::vector<std::string> k = {
        "on",   "level", "previous", "via",         "result",  "first", "auto",     "team",
        "n",    "kb",    "related",  "speed",       "quality", "none",  "attitude", "duplicate_of",
        "kind", "due",   "held_at",  "impact_start"};
    return k;
}

std::string_view Event::get(std::string_view key) const {
    for (const auto& [k, v] : keys)
        if (k == key) return v;
    return {};
}

std::string encode_marks(const yaml::Json& events) {
    std::string out;
    if (!events.is_array()) return out;
    const auto& kept = kept_keys();
    for (const auto& e : events) {
        if (!e.is_object()) continue;
        const auto at = util::parse_rfc3339(e.value("at", std::string()));
        if (!at) continue; // the schema makes this impossible for a valid ticket
        if (!out.empty()) out += ';';
        out += std::to_string(at->seconds);
        if (at->offset_minutes >= 0) out += '+';
        out += std::to_string(at->offset_minutes);
        for (const char* f : {"action", "from", "to"}) {
            out += ',';
            put(out, scalar(e.value(f, yaml::Json())));
        }
        for (const auto& [k, v] : e.items()) {
            if (std::find(kept.begin(), kept.end(), k) == kept.end()) continue;
            out += ',';
            out += k;
            out += '=';
            put(out, k == "none" ? std::string("1") : scalar(v)); // `none` holds a reason
        }
    }
    return out;
}

Record from_summary(const ticket::Summary& s) {
    Record r;
    r.id = s.id;
    r.title = s.title;
    r.state = s.state;
    r.type = s.type;
    r.category = s.category;
    r.channel = s.channel;
    r.team = s.team;
    r.assignee = s.assignee;
    r.archived = s.archived;
    if (!s.level.empty()) r.level = static_cast<int>(number(s.level, s.id));
    if (const auto t = util::parse_rfc3339(s.received_at)) {
        r.received_at = t->seconds;
        r.offset_minutes = t->offset_minutes;
    }
    std::string_view rest = s.marks;
    while (!rest.empty()) {
        const auto semi = rest.find(';');
        std::string_view ev = rest.substr(0, semi);
        rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
        Event e;
        std::size_t field = 0;
        while (true) {
            const auto comma = ev.find(',');
            const std::string_view f = ev.substr(0, comma);
            if (field == 0) {
                const auto sign = f.find_first_of("+-", 1);
                if (sign == std::string_view::npos) damaged(s.id);
                e.at = number(f.substr(0, sign), s.id);
                const auto off = f.substr(sign + (f[sign] == '+' ? 1 : 0));
                e.offset_minutes = static_cast<int>(number(off, s.id));
            } else if (field == 1) {
                e.action = take(f);
            } else if (field == 2) {
                e.from = take(f);
            } else if (field == 3) {
                e.to = take(f);
            } else {
                const auto eq = f.find('=');
                if (eq == std::string_view::npos) damaged(s.id);
                e.keys.emplace_back(std::string(f.substr(0, eq)), take(f.substr(eq + 1)));
            }
            ++field;
            if (comma == std::string_view::npos) break;
            ev.remove_prefix(comma + 1);
        }
        if (field < 4) damaged(s.id);
        r.events.push_back(std::move(e));
    }
    return r;
}

} // namespace sop::sla
