// Article IDs. The ticket ID functions (ticket/id.hpp) are fixed to "T-"; these follow the same
// scheme with "KB-": 60 random bits from util::random_u64 in Crockford base32.
#include "kb/article.hpp"
#include "util/error.hpp"
#include "util/random.hpp"

namespace sop::kb {
namespace {
constexpr std::string_view alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

bool is_digit(char c) {
    return alphabet.find(c) != std::string_view::npos;
}
} // namespace

std::string new_id() {
    std::uint64_t bits = util::random_u64();
    std::string out(id_prefix);
    for (std::size_t i = 0; i < id_digits; ++i) {
        out += alphabet[bits & 31];
        bits >>= 5;
    }
    return out;
}

bool is_full_id(std::string_view s) {
    if (s.size() != id_prefix.size() + id_digits || !s.starts_with(id_prefix)) return false;
    for (const char c : s.substr(id_prefix.size()))
        if (!is_digit(c)) return false;
    return true;
}

std::string normalize_prefix(std::string_view input) {
    std::string_view digits = input;
    if (digits.size() >= 3 && (digits[0] == 'K' || digits[0] == 'k') &&
        (digits[1] == 'B' || digits[1] == 'b') && digits[2] == '-')
        digits.remove_prefix(3);
    std::string out;
    for (char c : digits) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
        if (c == 'I' || c == 'L') c = '1';
        if (c == 'O') c = '0';
        if (!is_digit(c) || out.size() >= id_digits) {
            out.clear();
            break;
        }
        out += c;
    }
    if (out.empty()) {
        std::string shown(input.substr(0, 64));
        for (char& c : shown)
            if (static_cast<unsigned char>(c) < 0x20) c = '?';
        throw UsageError("'" + shown + "' is not an article ID",
                         "an article ID is KB- and 12 characters of 0-9 A-Z (no I L O U); "
                         "any unique prefix will do");
    }
    return out;
}

std::string path_of(std::string_view id) {
    return std::string(kb_dir) + "/" + std::string(id) + ".yaml";
}

} // namespace sop::kb
