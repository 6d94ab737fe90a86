#pragma once
// The fixed key order of sop's files (tickets, knowledge articles): a table from a path
// ("" for the top, "problem", "events[]" for the items of a list, "plan.window") to its keys.
#include "yaml/yaml.hpp"

#include <map>
#include <string>
#include <vector>

namespace sop::yaml {

using KeyOrders = std::map<std::string, std::vector<std::string>, std::less<>>;

// `v` with the keys of every mapping that `orders` knows in that order; keys it does not list
// keep their relative order after them, except that a top-level `events` always comes last.
Json reorder(const Json& v, const KeyOrders& orders, const std::string& path = {});

} // namespace sop::yaml
