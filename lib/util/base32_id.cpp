#include "util/base32_id.hpp"

#include "util/error.hpp"
#include "util/random.hpp"

namespace sop::util {
namespace {
constexpr std::string_view alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

bool is_digit(char c) {
    return alphabet.find(c) != std::string_view::npos;
}

char upper(char c) {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c;
}
} // namespace

std::string IdScheme::make() const {
    std::uint64_t bits = random_u64();
    std::string out(prefix);
    for (std::size_t i = 0; i < digits; ++i) {
        out += alphabet[bits & 31];
        bits >>= 5;
    }
    return out;
}

bool IdScheme::is_full(std::string_view s) const {
    if (s.size() != prefix.size() + digits || !s.starts_with(prefix)) return false;
    for (const char c : s.substr(prefix.size()))
        if (!is_digit(c)) return false;
    return true;
}

std::string IdScheme::normalize_prefix(std::string_view input) const {
    std::string_view rest = input;
    bool prefixed = rest.size() >= prefix.size();
    for (std::size_t i = 0; prefixed && i < prefix.size(); ++i)
        prefixed = upper(rest[i]) == prefix[i];
    if (prefixed) rest.remove_prefix(prefix.size());
    std::string out;
    for (char c : rest) {
        c = upper(c);
        if (c == 'I' || c == 'L') c = '1';
        if (c == 'O') c = '0';
        if (!is_digit(c) || out.size() >= digits) {
            out.clear();
            break;
        }
        out += c;
    }
    if (out.empty()) {
        std::string shown(input.substr(0, 64));
        for (char& c : shown)
            if (static_cast<unsigned char>(c) < 0x20) c = '?';
        const std::string article = noun.front() == 'a' ? "an " : "a ";
        throw UsageError("'" + shown + "' is not " + article + std::string(noun) + " ID",
                         article + std::string(noun) + " ID is " + std::string(prefix) +
                             " and 12 characters of 0-9 A-Z (no I L O U); any unique prefix "
                             "will do");
    }
    return out;
}

} // namespace sop::util
