#include "util/text.hpp"

#include <algorithm>
#include <cstdint>

namespace sop::util {

// Decodes one code point at s[i]; returns its length, or 0 when the sequence is invalid
// (overlong forms, surrogates and values past U+10FFFF are invalid).
std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        cp = b0;
        return 1;
    }
    std::size_t len = 0;
    char32_t min = 0;
    if ((b0 & 0xE0) == 0xC0) {
        len = 2, cp = b0 & 0x1F, min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        len = 3, cp = b0 & 0x0F, min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        len = 4, cp = b0 & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (i + len > s.size()) return 0;
    for (std::size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

namespace {

bool in(char32_t c, char32_t lo, char32_t hi) {
    return c >= lo && c <= hi;
}

int code_point_width(char32_t c) {
    if (c == 0) return 0;
    if (in(c, 0x0300, 0x036F) || in(c, 0x200B, 0x200F) || in(c, 0xFE00, 0xFE0F) ||
        in(c, 0x20D0, 0x20FF))
        return 0;
    if (in(c, 0x1100, 0x115F) || in(c, 0x2E80, 0x303E) || in(c, 0x3041, 0x33FF) ||
        in(c, 0x3400, 0x4DBF) || in(c, 0x4E00, 0x9FFF) || in(c, 0xA000, 0xA4CF) ||
        in(c, 0xAC00, 0xD7A3) || in(c, 0xF900, 0xFAFF) || in(c, 0xFE30, 0xFE4F) ||
        in(c, 0xFF00, 0xFF60) || in(c, 0xFFE0, 0xFFE6) || in(c, 0x1F300, 0x1F64F) ||
        in(c, 0x1F900, 0x1F9FF) || in(c, 0x20000, 0x3FFFD))
        return 2;
    return 1;
}

} // namespace

std::size_t invalid_utf8_at(std::string_view s) {
    char32_t cp = 0;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = decode_utf8(s, i, cp);
        if (n == 0) return i;
        i += n;
    }
    return std::string_view::npos;
}

std::size_t control_char_at(std::string_view s, bool multiline) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == '\t' || (multiline && c == '\n')) continue;
        if (c < 0x20 || c == 0x7F) return i;
    }
    return std::string_view::npos;
}

bool is_valid_utf8(std::string_view s) {
    return invalid_utf8_at(s) == std::string_view::npos;
}

std::size_t display_width(std::string_view s) {
    std::size_t width = 0;
    char32_t cp = 0;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t n = decode_utf8(s, i, cp);
        if (n == 0) n = 1, cp = 0xFFFD;
        width += static_cast<std::size_t>(code_point_width(cp));
        i += n;
    }
    return width;
}

std::string truncate_to_width(std::string_view s, std::size_t width) {
    if (display_width(s) <= width) return std::string(s);
    if (width == 0) return {};
    std::string out;
    std::size_t used = 0;
    char32_t cp = 0;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t n = decode_utf8(s, i, cp);
        if (n == 0) n = 1, cp = 0xFFFD;
        const auto w = static_cast<std::size_t>(code_point_width(cp));
        if (used + w > width - 1) break;
        out.append(s.substr(i, n));
        used += w;
        i += n;
    }
    return out + "…";
}

std::string tsv_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (const char c : s) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\t')
            out += "\\t";
        else if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else
            out += c;
    }
    return out;
}

std::string tsv_unescape(std::string_view field) {
    if (field.find('\\') == std::string_view::npos) return std::string(field);
    std::string out;
    out.reserve(field.size());
    for (std::size_t i = 0; i < field.size(); ++i) {
        char c = field[i];
        if (c == '\\' && i + 1 < field.size()) {
            const char n = field[++i];
            c = n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n;
        }
        out += c;
    }
    return out;
}

std::string to_lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; });
    return out;
}

std::string to_upper(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; });
    return out;
}

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const auto pos = s.find(sep, start);
        out.emplace_back(s.substr(start, pos - start));
        if (pos == std::string_view::npos) break;
        start = pos + 1;
    }
    return out;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && to_lower(s.substr(0, prefix.size())) == to_lower(prefix);
}

std::string first_line(std::string_view s, std::size_t width) {
    return truncate_to_width(s.substr(0, s.find('\n')), width);
}

} // namespace sop::util
