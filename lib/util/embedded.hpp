#pragma once
// Files compiled into the binary (schemas, templates); see cmake/embed.cmake.
#include <optional>
#include <string_view>
#include <vector>

namespace sop::util {

struct EmbeddedFile {
    std::string_view name;
    std::string_view text;
};

const std::vector<EmbeddedFile>& embedded_files();

inline std::optional<std::string_view> embedded(std::string_view name) {
    for (const auto& f : embedded_files())
        if (f.name == name) return f.text;
    return std::nullopt;
}

} // namespace sop::util
