#include "ticket/requester.hpp"

#include <algorithm>

namespace sop::ticket {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Full-width ASCII (U+FF01..U+FF5E) as ASCII and the ideographic space (U+3000) as a space;
// every other byte as it is.
std::string fold_width(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto b0 = static_cast<unsigned char>(s[i]);
        if (i + 2 < s.size()) {
            const auto b1 = static_cast<unsigned char>(s[i + 1]);
            const auto b2 = static_cast<unsigned char>(s[i + 2]);
            if (b0 == 0xE3 && b1 == 0x80 && b2 == 0x80) {
                out += ' ';
                i += 2;
                continue;
            }
            if (b0 == 0xEF && ((b1 == 0xBC && b2 >= 0x81 && b2 <= 0xBF) ||
                               (b1 == 0xBD && b2 >= 0x80 && b2 <= 0x9E))) {
                // U+FF01..U+FF5E are '!'..'~' (0x21..0x7E).
                const int offset = (((b1 & 0x3F) << 6) | (b2 & 0x3F)) - 0xF00;
                out += static_cast<char>(offset + 0x20);
                i += 2;
                continue;
            }
        }
        out += static_cast<char>(b0);
    }
    return out;
}

std::string lower_ascii(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    return s;
}

bool separates_words(char c) {
    return is_space(c) || std::string_view(",;<>()[]\"'/|").find(c) != std::string_view::npos;
}

// The pieces of `s` between characters that never occur in an e-mail address, as (start, size).
std::vector<std::pair<std::size_t, std::size_t>> word_spans(std::string_view s) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (std::size_t i = 0; i < s.size();) {
        if (separates_words(s[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < s.size() && !separates_words(s[j]))
            ++j;
        out.emplace_back(i, j - i);
        i = j;
    }
    return out;
}

bool is_email(std::string_view w) {
    const auto at = w.find('@');
    return at != std::string_view::npos && at > 0 && at + 1 < w.size() &&
           w.find('@', at + 1) == std::string_view::npos;
}

void add_unique(std::vector<std::string>& v, std::string s) {
    if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

} // namespace

std::string fold_requester(std::string_view text) {
    std::string out;
    for (const char c : lower_ascii(fold_width(text)))
        if (!is_space(c)) out += c;
    return out;
}

std::vector<std::string> emails_in(std::string_view text) {
    std::vector<std::string> out;
    const std::string folded = lower_ascii(fold_width(text));
    for (const auto& [at, size] : word_spans(folded)) {
        std::string w = folded.substr(at, size);
        if (w.starts_with("mailto:")) w.erase(0, 7);
        while (!w.empty() && (w.back() == '.' || w.back() == ':'))
            w.pop_back();
        if (is_email(w)) add_unique(out, std::move(w));
    }
    return out;
}

std::vector<std::string> phones_in(std::string_view text) {
    // E-mail addresses blanked out first, so that digits inside them are not taken for a number.
    std::string rest = fold_width(text);
    for (const auto& [at, size] : word_spans(rest))
        if (is_email(std::string_view(rest).substr(at, size))) rest.replace(at, size, size, ',');
    std::vector<std::string> out;
    // A number is a run of digits, white space and + - . ( ) starting with a digit or "+".
    const std::string_view glue = " \t+-.()";
    std::size_t i = 0;
    while (i < rest.size()) {
        if (!is_digit(rest[i]) && rest[i] != '+') {
            ++i;
            continue;
        }
        std::string digits;
        const bool plus = rest[i] == '+';
        std::size_t j = i;
        for (; j < rest.size() && (is_digit(rest[j]) || glue.find(rest[j]) != std::string::npos);
             ++j)
            if (is_digit(rest[j])) digits += rest[j];
        i = j;
        bool international = plus;
        if (!plus && digits.starts_with("00")) {
            digits.erase(0, 2);
            international = true;
        }
        if (digits.size() < 5) continue;
        add_unique(out, (international ? "+" : "") + digits);
    }
    return out;
}

bool same_phone(std::string_view a, std::string_view b) {
    if (a == b) return true;
    const bool ia = a.starts_with('+'), ib = b.starts_with('+');
    if (ia == ib) return false;
    std::string_view intl = ia ? a.substr(1) : b.substr(1);
    std::string_view national = ia ? b : a;
    while (national.starts_with('0')) // the trunk prefix: 010 6552 1234 is +86 10 6552 1234
        national.remove_prefix(1);
    const std::size_t code = intl.size() - std::min(intl.size(), national.size());
    return national.size() >= 7 && code >= 1 && code <= 3 && intl.ends_with(national);
}

RequesterMatcher::RequesterMatcher(const std::vector<std::string>& probes) {
    for (const auto& p : probes) {
        auto whole = fold_requester(p);
        if (whole.empty()) continue;
        add_unique(whole_, std::move(whole));
        for (auto& e : emails_in(p))
            add_unique(emails_, std::move(e));
        for (auto& n : phones_in(p))
            add_unique(phones_, std::move(n));
    }
}

bool RequesterMatcher::matches(std::string_view name, std::string_view contact) const {
    if (whole_.empty()) return false;
    const std::string n = fold_requester(name), c = fold_requester(contact);
    for (const auto& w : whole_)
        if ((!n.empty() && w == n) || (!c.empty() && w == c)) return true;
    if (contact.empty() || (emails_.empty() && phones_.empty())) return false;
    if (!emails_.empty())
        for (const auto& e : emails_in(contact))
            if (std::find(emails_.begin(), emails_.end(), e) != emails_.end()) return true;
    if (!phones_.empty())
        for (const auto& have : phones_in(contact))
            for (const auto& want : phones_)
                if (same_phone(have, want)) return true;
    return false;
}

} // namespace sop::ticket
