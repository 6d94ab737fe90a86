#pragma once
// `sop init`: turns a directory (new, empty, or an existing git repository) into a support
// repository with one commit holding .sop/config.yaml and .gitattributes.
#include "git/repo.hpp"
#include "util/time.hpp"

#include <filesystem>
#include <string>

namespace sop::config {

struct InitOutcome {
    std::filesystem::path workdir;
    std::string commit; // empty when the repository was already initialised
};

InitOutcome init(const std::filesystem::path& dir, const std::optional<git::Identity>& actor,
                 const util::Timestamp& now);

} // namespace sop::config
