#pragma once
// Text helpers that know nothing about tickets: UTF-8 checks, display width, splitting.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sop::util {

// The byte offset of the first invalid UTF-8 sequence, or npos when `s` is valid UTF-8.
std::size_t invalid_utf8_at(std::string_view s);
// Decodes the code point at s[i] into `cp`; returns its length in bytes, or 0 when the sequence
// is invalid (overlong forms, surrogates and values past U+10FFFF are invalid).
std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp);
bool is_valid_utf8(std::string_view s);

// The offset of the first control character (C0 or DEL; tab allowed, newline allowed when
// `multiline`), or npos. Such characters could drive the terminal of whoever reads the ticket.
std::size_t control_char_at(std::string_view s, bool multiline);

// Columns a terminal uses to show `s`: wide East Asian characters count 2, combining marks 0.
std::size_t display_width(std::string_view s);
// Cuts `s` to at most `width` columns, ending with "…" when something was cut.
std::string truncate_to_width(std::string_view s, std::size_t width);

// A TSV field: backslash, tab, newline and carriage return written as \\ \t \n \r.
std::string tsv_escape(std::string_view s);
// The field tsv_escape wrote; any other escaped character stands for itself.
std::string tsv_unescape(std::string_view field);

std::string to_lower(std::string_view s);
std::string to_upper(std::string_view s);
std::string trim(std::string_view s);
std::vector<std::string> split(std::string_view s, char sep);
bool starts_with_ci(std::string_view s, std::string_view prefix);
// The first line of `s`, cut to `width` columns.
std::string first_line(std::string_view s, std::size_t width);

} // namespace sop::util
