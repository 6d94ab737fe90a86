#include "config/init.hpp"

#include "config/config.hpp"
#include "git/store.hpp"
#include "util/error.hpp"

namespace sop::config {
namespace {

constexpr std::string_view attributes =
    "# Written by sop init. Ticket and knowledge-base files are UTF-8 YAML with LF endings.\n"
    "tickets/**/*.yaml text eol=lf\n"
    "kb/*.yaml text eol=lf\n"
    ".sop/*.yaml text eol=lf\n";

} // namespace

InitOutcome init(const std::filesystem::path& dir, const std::optional<git::Identity>& actor,
                 const util::Timestamp& now) {
    git::Repo repo = git::Repo::open_or_init(dir);
    InitOutcome out{repo.workdir(), {}};
    if (repo.head().read(std::string(path))) return out;
    const git::Identity who = actor ? *actor : repo.actor();
    const auto committed = git::commit(
        repo,
        [&](const git::Snapshot& head) {
            git::Change change;
            if (head.read(std::string(path))) return change; // initialised meanwhile
            change.files.push_back({std::string(path), std::string(template_text())});
            if (!head.entry_id(".gitattributes"))
                change.files.push_back({".gitattributes", std::string(attributes)});
            change.message = "sop: initialise support repository\n\nSop-Action: init\n";
            return change;
        },
        who, now);
    if (committed) out.commit = git::oid_str(committed->commit);
    return out;
}

} // namespace sop::config
