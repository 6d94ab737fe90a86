#pragma once
// `sop kb validate`: every problem of article files, one line each, none skipped: git conflict
// markers, YAML that does not parse, the schema, the invariants of check() (path and ID, time
// order, published only after approval), and links to tickets that exist in neither HEAD nor
// the archive branch.
#include "git/repo.hpp"

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace sop::kb {

struct Problem {
    std::string path;    // relative to the top of the working tree: "kb/KB-….yaml"
    std::string message; // "field: why", or why for the whole file
};

// The problems of one article file's `text`; `path` is where it lives ("kb/<ID>.yaml").
// `ticket_exists` answers for links.tickets.
std::vector<Problem> validate_article(const std::string& path, const std::string& text,
                                      const std::function<bool(const std::string&)>& ticket_exists);

struct Validation {
    std::size_t files = 0;
    std::vector<Problem> problems;
};

// The working-tree files `paths` (relative to the top or absolute), or every kb/*.yaml in the
// working tree when `paths` is empty. A path outside kb/ or not a .yaml file is a problem too.
Validation validate_files(const git::Repo& repo, const std::vector<std::string>& paths);

} // namespace sop::kb
