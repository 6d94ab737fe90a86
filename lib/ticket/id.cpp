#include "ticket/id.hpp"

#include "util/base32_id.hpp"

namespace sop::ticket {
namespace {
constexpr util::IdScheme scheme{id_prefix, "ticket"};
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

std::string shard_of(std::string_view id) {
    return std::string(1, id[id_prefix.size()]) + "/" + id[id_prefix.size() + 1];
}

std::string path_of(std::string_view id) {
    return std::string(tickets_dir) + "/" + shard_of(id) + "/" + std::string(id) + ".yaml";
}

} // namespace sop::ticket
