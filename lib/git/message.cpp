#include "git/message.hpp"

#include "util/text.hpp"

namespace sop::git {
namespace {

bool trailer_line(std::string_view line, std::pair<std::string, std::string>& out) {
    const auto colon = line.find(": ");
    if (colon == std::string_view::npos || colon == 0) return false;
    for (const char c : line.substr(0, colon))
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-')) return false;
    out = {std::string(line.substr(0, colon)), util::trim(line.substr(colon + 2))};
    return true;
}

} // namespace

std::string Message::trailer(std::string_view key) const {
    for (const auto& [k, v] : trailers)
        if (k == key) return v;
    return {};
}

Message parse_message(std::string_view text) {
    Message m;
    std::string trimmed = util::trim(text);
    std::string_view rest = trimmed;
    const auto nl = rest.find('\n');
    m.subject = std::string(rest.substr(0, nl));
    if (nl == std::string_view::npos) return m;
    rest.remove_prefix(nl + 1);
    const auto last_break = rest.rfind("\n\n");
    const std::string_view last =
        last_break == std::string_view::npos ? rest : rest.substr(last_break + 2);
    std::vector<std::pair<std::string, std::string>> found;
    bool all = !util::trim(last).empty();
    for (const auto& line : util::split(util::trim(last), '\n')) {
        std::pair<std::string, std::string> kv;
        if (!trailer_line(line, kv)) {
            all = false;
            break;
        }
        found.push_back(std::move(kv));
    }
    if (all) {
        m.trailers = std::move(found);
        rest =
            last_break == std::string_view::npos ? std::string_view() : rest.substr(0, last_break);
    }
    m.body = util::trim(rest);
    return m;
}

} // namespace sop::git
