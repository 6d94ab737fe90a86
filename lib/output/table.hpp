#pragma once
// Output for people: aligned columns that count wide (CJK) characters as two, and colour
// only on a terminal and never with NO_COLOR.
#include <string>
#include <vector>

namespace sop::output {

struct Style {
    bool color = false;
    std::size_t width = 0; // 0: no limit; otherwise the last column is cut to fit
};

// Colour when stdout is a terminal, NO_COLOR is unset and TERM is not "dumb".
Style terminal_style();

std::string table(const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows, const Style& style);

// Wraps `text` in an SGR colour when `on`: "bold", "dim", "red", "green", "yellow", "cyan".
std::string paint(const std::string& text, const char* color, bool on);

} // namespace sop::output
