#include "output/table.hpp"

#include "util/fs.hpp"
#include "util/text.hpp"

#include <cstdlib>
#include <cstring>
#include <sys/ioctl.h>
#include <unistd.h>

namespace sop::output {

Style terminal_style() {
    Style s;
    if (!util::stdout_is_terminal()) return s;
    const char* no_color = std::getenv("NO_COLOR");
    const char* term = std::getenv("TERM");
    s.color = !(no_color && *no_color) && !(term && std::strcmp(term, "dumb") == 0);
    winsize ws{};
    if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) s.width = ws.ws_col;
    return s;
}

std::string paint(const std::string& text, const char* color, bool on) {
    if (!on || text.empty()) return text;
    const char* code = "0";
    if (std::strcmp(color, "bold") == 0)
        code = "1";
    else if (std::strcmp(color, "dim") == 0)
        code = "2";
    else if (std::strcmp(color, "red") == 0)
        code = "31";
    else if (std::strcmp(color, "green") == 0)
        code = "32";
    else if (std::strcmp(color, "yellow") == 0)
        code = "33";
    else if (std::strcmp(color, "cyan") == 0)
        code = "36";
    return std::string("\033[") + code + "m" + text + "\033[0m";
}

std::string table(const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows, const Style& style) {
    std::vector<std::size_t> widths(header.size(), 0);
    for (std::size_t c = 0; c < header.size(); ++c)
        widths[c] = util::display_width(header[c]);
    for (const auto& r : rows)
        for (std::size_t c = 0; c < r.size() && c < widths.size(); ++c)
            widths[c] = std::max(widths[c], util::display_width(r[c]));
    std::size_t last_width = 0;
    if (style.width > 0 && !widths.empty()) {
        std::size_t used = 0;
        for (std::size_t c = 0; c + 1 < widths.size(); ++c)
            used += widths[c] + 2;
        last_width = style.width > used + 10 ? style.width - used : 10;
    }
    const auto line = [&](const std::vector<std::string>& cells, bool head) {
        std::string out;
        for (std::size_t c = 0; c < cells.size() && c < widths.size(); ++c) {
            const bool last = c + 1 == widths.size();
            std::string cell =
                last && last_width ? util::truncate_to_width(cells[c], last_width) : cells[c];
            const std::size_t w = util::display_width(cell);
            if (head) cell = paint(cell, "bold", style.color);
            out += cell;
            if (!last) out += std::string(widths[c] - w + 2, ' ');
        }
        while (!out.empty() && out.back() == ' ')
            out.pop_back();
        return out + "\n";
    };
    std::string out = line(header, true);
    for (const auto& r : rows)
        out += line(r, false);
    return out;
}

} // namespace sop::output
