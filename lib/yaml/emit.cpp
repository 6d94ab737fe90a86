#include "util/text.hpp"
#include "yaml/yaml.hpp"

#include <array>
#include <cstdio>

namespace sop::yaml {
namespace {

bool has_forbidden_control(std::string_view s, bool allow_newline_tab) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == '\n' || c == '\t') {
            if (!allow_newline_tab) return true;
            continue;
        }
        if (c < 0x20 || c == 0x7F) return true;
        // NEL, LS, PS and BOM are line breaks or markers to some YAML readers.
        if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x85)
            return true;
        if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
            (static_cast<unsigned char>(s[i + 2]) == 0xA8 ||
             static_cast<unsigned char>(s[i + 2]) == 0xA9))
            return true;
        if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBB &&
            static_cast<unsigned char>(s[i + 2]) == 0xBF)
            return true;
    }
    return false;
}

std::string double_quoted(std::string_view s) {
    std::string out = "\"";
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (ch) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (c < 0x20 || c == 0x7F) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\x%02X", c);
                out += buf;
            } else {
                out += ch;
            }
        }
    }
    // NEL, LS, PS and BOM stay readable as escapes. (NEL is not written "\N": yaml-cpp 0.7
    // decodes that escape to a lone 0x85 byte, which is not UTF-8.)
    for (const auto& [raw, esc] : std::array<std::pair<std::string_view, std::string_view>, 4>{
             {{"\xC2\x85", "\\u0085"},
              {"\xE2\x80\xA8", "\\L"},
              {"\xE2\x80\xA9", "\\P"},
              {"\xEF\xBB\xBF", "\\uFEFF"}}}) {
        for (std::size_t pos = 0; (pos = out.find(raw, pos)) != std::string::npos;) {
            out.replace(pos, raw.size(), esc);
            pos += esc.size();
        }
    }
    return out + "\"";
}

bool literal_ok(std::string_view s) {
    if (s.find('\n') == std::string_view::npos) return false;
    if (has_forbidden_control(s, true)) return false;
    // The first line fixes the block's indentation: it must not start with white space,
    // and the text must not be only line breaks.
    if (s.front() == ' ' || s.front() == '\t' || s.front() == '\n') return false;
    return true;
}

std::string scalar(const Json& v) {
    switch (v.type()) {
    case Json::value_t::null:
        return "null";
    case Json::value_t::boolean:
        return v.get<bool>() ? "true" : "false";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
        return v.dump();
    case Json::value_t::string: {
        const auto& s = v.get_ref<const std::string&>();
        return plain_safe(s) ? s : double_quoted(s);
    }
    default:
        return v.dump();
    }
}

void emit_value(std::string& out, const Json& v, int indent);
void emit_map(std::string& out, const Json& obj, int indent, bool first_inline);
void emit_seq(std::string& out, const Json& arr, int indent);

void emit_literal(std::string& out, std::string_view s, int indent) {
    std::size_t end = s.size();
    while (end > 0 && s[end - 1] == '\n')
        --end;
    const std::size_t trailing = s.size() - end;
    out += trailing == 0 ? "|-\n" : trailing == 1 ? "|\n" : "|+\n";
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    std::string_view body = s.substr(0, end);
    for (std::size_t pos = 0;;) {
        const std::size_t nl = body.find('\n', pos);
        const std::string_view line = body.substr(pos, nl - pos);
        if (!line.empty()) out.append(pad).append(line);
        out += '\n';
        if (nl == std::string_view::npos) break;
        pos = nl + 1;
    }
    for (std::size_t i = 1; i < trailing; ++i)
        out += '\n';
}

// Writes what follows "key:" or "-": a space and a scalar, or a nested block on new lines.
void emit_value(std::string& out, const Json& v, int indent) {
    if (v.is_object() && !v.empty()) {
        out += '\n';
        emit_map(out, v, indent + 2, false);
    } else if (v.is_array() && !v.empty()) {
        out += '\n';
        emit_seq(out, v, indent + 2);
    } else if (v.is_object()) {
        out += " {}\n";
    } else if (v.is_array()) {
        out += " []\n";
    } else if (v.is_string() && literal_ok(v.get_ref<const std::string&>())) {
        out += ' ';
        emit_literal(out, v.get_ref<const std::string&>(), indent + 2);
    } else {
        out += ' ';
        out += scalar(v);
        out += '\n';
    }
}

void emit_map(std::string& out, const Json& obj, int indent, bool first_inline) {
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    bool first = true;
    for (const auto& [key, value] : obj.items()) {
        if (!(first && first_inline)) out += pad;
        first = false;
        out += scalar(Json(key));
        out += ':';
        emit_value(out, value, indent);
    }
}

void emit_seq(std::string& out, const Json& arr, int indent) {
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    for (const auto& item : arr) {
        out += pad;
        out += '-';
        if (item.is_object() && !item.empty()) {
            out += ' ';
            emit_map(out, item, indent + 2, true);
        } else {
            emit_value(out, item, indent);
        }
    }
}

} // namespace

bool plain_safe(std::string_view s) {
    if (s.empty() || has_forbidden_control(s, false)) return false;
    static constexpr std::string_view indicators = "-?:,[]{}#&*!|>'\"%@`<=~+. \t";
    if (indicators.find(s.front()) != std::string_view::npos) return false;
    if (s.front() >= '0' && s.front() <= '9') return false; // numbers, dates, times
    if (s.back() == ' ' || s.back() == ':') return false;
    if (s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos)
        return false;
    static constexpr std::array<std::string_view, 9> words = {"null", "true", "false", "yes", "no",
                                                              "on",   "off",  "y",     "n"};
    const std::string lower = util::to_lower(s);
    for (const auto w : words)
        if (lower == w) return false;
    return true;
}

std::string emit(const Json& document) {
    std::string out;
    if (document.is_object() && !document.empty()) {
        emit_map(out, document, 0, false);
    } else {
        out = document.is_object() ? "{}\n" : scalar(document) + "\n";
    }
    return out;
}

} // namespace sop::yaml
