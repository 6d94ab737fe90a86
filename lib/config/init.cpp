#include "config/init.hpp"

#include "config/config.hpp"
#include "git/store.hpp"
#include "util/error.hpp"
#include "util/program.hpp"

#include <sstream>

namespace sop::config {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view attributes_head =
    "# Written by sop init. Ticket and knowledge-base files are UTF-8 YAML with LF endings.\n"
    "tickets/**/*.yaml text eol=lf\n"
    "kb/*.yaml text eol=lf\n"
    ".sop/*.yaml text eol=lf\n";
constexpr std::string_view merge_comment =
    "# Written by sop init: tickets and articles merge with 'sop merge-driver' (see\n"
    "# sop-merge-driver(1)); clones without it configured fall back to git's text merge.\n";

constexpr const char* driver_name = "sop: semantic merge of ticket and knowledge-article files";

// Whether `text` gives files matching `pattern` the attribute merge=sop.
bool assigns_driver(const std::string& text, std::string_view pattern) {
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream words(line);
        std::string word;
        if (!(words >> word) || word != pattern) continue;
        while (words >> word)
            if (word == "merge=sop") return true;
    }
    return false;
}

// The .gitattributes text that registers the driver, starting from `current` (nullopt when
// there is no such file); nullopt when `current` already does.
std::optional<std::string> attributes_with_driver(const std::optional<std::string>& current) {
    if (!current)
        return std::string(attributes_head) + std::string(merge_comment) +
               std::string(merge_attributes);
    std::string missing;
    std::istringstream wanted{std::string(merge_attributes)};
    std::string line;
    while (std::getline(wanted, line))
        if (!assigns_driver(*current, line.substr(0, line.find(' ')))) missing += line + "\n";
    if (missing.empty()) return std::nullopt;
    std::string text = *current;
    if (!text.empty() && text.back() != '\n') text += '\n';
    return text + std::string(merge_comment) + missing;
}

} // namespace

std::string merge_driver_command() {
    return util::self_command("sop") + " merge-driver %O %A %B %P";
}

void register_merge_driver(const git::Repo& repo) {
    git_config* raw = nullptr;
    git::check(git_repository_config(&raw, repo.raw()), "cannot read the repository's config");
    git::ConfigPtr all(raw);
    git::check(git_config_open_level(&raw, all.get(), GIT_CONFIG_LEVEL_LOCAL),
               "cannot open the repository's config");
    git::ConfigPtr local(raw);
    const auto set = [&](const char* key, const std::string& value) {
        git_buf buf = GIT_BUF_INIT;
        const bool same = git_config_get_string_buf(&buf, local.get(), key) == 0 &&
                          std::string(buf.ptr, buf.size) == value;
        git_buf_dispose(&buf);
        if (!same)
            git::check(git_config_set_string(local.get(), key, value.c_str()),
                       "cannot set " + std::string(key) + " in the repository's config");
    };
    set("merge.sop.name", driver_name);
    set("merge.sop.driver", merge_driver_command());
    // Tickets look alike: git's rename detection would take a ticket archived on one side for
    // one added on the other and merge them into each other. sop sync merges without it too,
    // so that both give the same result.
    set("merge.renames", "false");
}

InitOutcome init(const std::filesystem::path& dir, const std::optional<git::Identity>& actor,
                 const util::Timestamp& now) {
    git::Repo repo = git::Repo::open_or_init(dir);
    InitOutcome out{repo.workdir(), {}, {}};
    const bool initialised = repo.head().read(std::string(path)).has_value();
    if (initialised) {
        register_merge_driver(repo);
        if (!attributes_with_driver(repo.head().read(".gitattributes"))) return out;
    }
    const git::Identity who = actor ? *actor : repo.actor();
    const auto committed = git::commit(
        repo,
        [&](const git::Snapshot& head) {
            git::Change change;
            const bool fresh = !head.read(std::string(path));
            if (fresh != !initialised) return change; // initialised meanwhile
            if (fresh) change.files.push_back({std::string(path), std::string(template_text())});
            if (auto text = attributes_with_driver(head.read(".gitattributes")))
                change.files.push_back({".gitattributes", std::move(*text)});
            change.message = fresh ? "sop: initialise support repository\n\nSop-Action: init\n"
                                   : "sop: merge tickets and articles with sop merge-driver\n\n"
                                     "Sop-Action: init\n";
            change.dirty_hint = "commit or discard the edits to .gitattributes, then run "
                                "'sop init' again";
            return change;
        },
        who, now);
    if (!initialised) register_merge_driver(repo);
    if (committed)
        (initialised ? out.attributes_commit : out.commit) = git::oid_str(committed->commit);
    return out;
}

} // namespace sop::config
