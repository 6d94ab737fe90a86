#pragma once
// A commit message read the way git reads trailers: the subject line, the body, and the
// trailers, which are only the lines of the final paragraph, and only when every line of it
// is "Key: value". A note that contains "Sop-Action: close" in its text is body, not a trailer.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sop::git {

struct Message {
    std::string subject;
    std::string body;
    std::vector<std::pair<std::string, std::string>> trailers;

    // The first trailer with this key, or "".
    std::string trailer(std::string_view key) const;
};

Message parse_message(std::string_view text);

} // namespace sop::git
