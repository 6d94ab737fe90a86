// Article IDs: "KB-" and the ticket ID scheme (util/base32_id.hpp).
#include "kb/article.hpp"
#include "util/base32_id.hpp"

namespace sop::kb {
namespace {
constexpr util::IdScheme scheme{id_prefix, "article"};
} // namespace

std::string new_id() {
    return scheme.make();
}

bool is_full_id(std::string_view s) {
    return scheme.is_full(s);
}

std::string normalize_prefix(std::string_view input) {
    return scheme.normalize_prefix(input);
}

std::string path_of(std::string_view id) {
    return std::string(kb_dir) + "/" + std::string(id) + ".yaml";
}

} // namespace sop::kb
