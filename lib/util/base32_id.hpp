#pragma once
// The ID scheme of tickets ("T-") and knowledge articles ("KB-"): a prefix and 12 Crockford
// base32 characters (60 random bits), so that clones never need to coordinate. Input is
// normalised (case, I/L→1, O→0) and checked before it is ever used in a path.
#include <string>
#include <string_view>

namespace sop::util {

struct IdScheme {
    std::string_view prefix; // "T-"
    std::string_view noun;   // "ticket", for messages
    static constexpr std::size_t digits = 12;

    std::string make() const;
    bool is_full(std::string_view s) const;
    // A user's ID or prefix ("t-4k7q", "4K7Q") as the uppercase digits after the prefix;
    // UsageError when it cannot be (a prefix of) such an ID.
    std::string normalize_prefix(std::string_view input) const;
};

} // namespace sop::util
