#pragma once
// Ticket IDs: "T-" and 12 Crockford base32 characters (60 random bits), so clones never need
// to coordinate. Input is normalised (case, I/L→1, O→0) and checked against the pattern before
// it is ever used in a path.
#include <string>
#include <string_view>

namespace sop::ticket {

inline constexpr std::string_view id_prefix = "T-";
inline constexpr std::size_t id_digits = 12;

std::string new_id();
bool is_full_id(std::string_view s);
// A user's ID or prefix ("t-4k7q", "4K7Q") as the uppercase digits after "T-";
// UsageError when it cannot be (a prefix of) a ticket ID.
std::string normalize_prefix(std::string_view input);
// "tickets/4/K/T-4K7QX2M9ABCD.yaml": two levels of 32 directories, so that a commit rebuilds
// small trees (32 entries, 32 entries, ~10 tickets at 10,000) instead of one of 1,024.
std::string path_of(std::string_view id);
// "4/K"
std::string shard_of(std::string_view id);
inline constexpr std::string_view tickets_dir = "tickets";

} // namespace sop::ticket
