#include "sync/remote.hpp"

#include "git/tls.hpp"
#include "util/error.hpp"

#include <filesystem>

namespace sop::sync {
namespace {

std::string config_string(git_repository* repo, const std::string& key) {
    git_config* raw = nullptr;
    if (git_repository_config_snapshot(&raw, repo) < 0) return {};
    git::ConfigPtr cfg(raw);
    const char* value = nullptr;
    if (git_config_get_string(&value, cfg.get(), key.c_str()) < 0) return {};
    return value;
}

std::vector<std::string> remote_names(git_repository* repo) {
    git_strarray list{};
    git::check(git_remote_list(&list, repo), "cannot list the remotes");
    std::vector<std::string> names(list.strings, list.strings + list.count);
    git_strarray_dispose(&list);
    return names;
}

// Whether `text` names a repository rather than a remote: a URL or an existing path.
bool looks_like_location(const std::string& text) {
    if (text.find("://") != std::string::npos) return true;
    std::error_code ec;
    return std::filesystem::exists(text, ec);
}

int credentials(git_credential** out, const char*, const char* user_from_url, unsigned int allowed,
                void*) {
    if (allowed & GIT_CREDENTIAL_SSH_KEY)
        return git_credential_ssh_key_from_agent(out, user_from_url ? user_from_url : "git");
    return GIT_PASSTHROUGH;
}

struct PushStatus {
    std::vector<std::string> refused; // "<ref>: <why>"
};

int push_update(const char* ref, const char* status, void* payload) {
    if (status)
        static_cast<PushStatus*>(payload)->refused.push_back(std::string(ref) + ": " + status);
    return 0;
}

// Whether the remote's answer for a refused branch means that it moved (fetch and merge again)
// rather than a refusal that no retry can change (a hook, permissions).
bool moved_there(const std::string& why) {
    return why.find("fetch first") != std::string::npos ||
           why.find("non-fast-forward") != std::string::npos ||
           why.find("failed to lock") != std::string::npos ||
           why.find("failed to update ref") != std::string::npos ||
           why.find("stale info") != std::string::npos;
}

// The repository a local URL (a path or file://) names, or null for any other URL.
git::RepositoryPtr local_repository(const std::string& url) {
    std::string path = url;
    if (path.rfind("file://", 0) == 0)
        path = path.substr(7);
    else if (path.find("://") != std::string::npos)
        return nullptr;
    git_repository* raw = nullptr;
    if (git_repository_open_ext(&raw, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) < 0)
        return nullptr;
    return git::RepositoryPtr(raw);
}

// git refuses to move the branch a non-bare repository has checked out (receive.denyCurrentBranch):
// its working tree and index would no longer match. libgit2's local transport does not ask, so
// sop does.
void refuse_checked_out(const std::string& url, const std::vector<std::string>& branches) {
    const git::RepositoryPtr there = local_repository(url);
    if (!there || git_repository_is_bare(there.get())) return;
    git_reference* raw = nullptr;
    if (git_repository_head(&raw, there.get()) < 0) return;
    const git::ReferencePtr head(raw);
    for (const auto& b : branches)
        if (std::string(git_reference_name(head.get())) == "refs/heads/" + b)
            throw RefusedError("sync: refusing to update the checked-out branch '" + b + "' of '" +
                                   url + "'",
                               "its working tree would not follow; share work through a bare "
                               "repository ('git init --bare'), or sync from that clone");
}

void prepare_transport(git_remote* remote) {
    const std::string url = git_remote_url(remote) ? git_remote_url(remote) : "";
    if (url.rfind("https://", 0) == 0) git::load_ca_certificates();
}

} // namespace

Remote::Remote(git_repository* repo, RemotePtr remote, std::string name, std::string label)
    : repo_(repo), remote_(std::move(remote)), name_(std::move(name)), label_(std::move(label)) {}

Remote Remote::open(git_repository* repo, const std::string& branch,
                    const std::string& name_or_url) {
    std::string name = name_or_url;
    if (name.empty()) {
        name = config_string(repo, "branch." + branch + ".remote");
        const auto names = remote_names(repo);
        if (name.empty() || name == ".") {
            name.clear();
            for (const auto& n : names)
                if (n == "origin") name = n;
            if (name.empty() && names.size() == 1) name = names.front();
        }
        if (name.empty())
            throw UsageError(names.empty() ? "sync: this clone has no remote"
                                           : "sync: which remote? this clone has several",
                             names.empty() ? "add one with 'git remote add origin URL', or name a "
                                             "URL: 'sop sync URL'"
                                           : "name one: 'sop sync REMOTE'");
    }
    git_remote* raw = nullptr;
    const int rc = git_remote_lookup(&raw, repo, name.c_str());
    if (rc == 0) return Remote(repo, RemotePtr(raw), name, name);
    if (rc != GIT_ENOTFOUND && rc != GIT_EINVALIDSPEC)
        git::check(rc, "sync: cannot read the remote '" + name + "'");
    if (!looks_like_location(name))
        throw NotFoundError("sync: '" + name + "' is neither a remote nor a repository",
                            "list the remotes with 'git remote -v'");
    git::check(git_remote_create_anonymous(&raw, repo, name.c_str()),
               "sync: cannot use '" + name + "' as a remote");
    return Remote(repo, RemotePtr(raw), std::string(), name);
}

std::string Remote::tracking_ref(const std::string& branch) const {
    return name_.empty() ? std::string() : "refs/remotes/" + name_ + "/" + branch;
}

std::string Remote::describe(const std::string& branch) const {
    return name_.empty() ? branch + " of " + label_ : name_ + "/" + branch;
}

std::map<std::string, std::optional<git_oid>>
Remote::fetch(const std::vector<std::string>& branches) {
    std::vector<std::string> specs;
    for (const auto& b : branches)
        specs.push_back(name_.empty() ? "refs/heads/" + b
                                      : "+refs/heads/" + b + ":" + tracking_ref(b));
    std::vector<char*> ptrs;
    for (auto& s : specs)
        ptrs.push_back(s.data());
    const git_strarray refspecs{ptrs.data(), ptrs.size()};

    git_fetch_options opts = GIT_FETCH_OPTIONS_INIT;
    opts.callbacks.credentials = credentials;
    opts.prune = GIT_FETCH_NO_PRUNE;
    opts.update_fetchhead = 0;
    opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
    prepare_transport(remote_.get());
    const std::string log = "sop sync: fetch " + label_;
    git::check(git_remote_fetch(remote_.get(), &refspecs, &opts, log.c_str()),
               "sync: cannot fetch from '" + label_ + "'");

    const git_remote_head** heads = nullptr;
    size_t count = 0;
    git::check(git_remote_ls(&heads, &count, remote_.get()),
               "sync: cannot list the branches of '" + label_ + "'");
    std::map<std::string, std::optional<git_oid>> tips;
    for (const auto& b : branches)
        tips[b] = std::nullopt;
    for (size_t i = 0; i < count; ++i) {
        const std::string ref = heads[i]->name;
        for (const auto& b : branches)
            if (ref == "refs/heads/" + b) tips[b] = heads[i]->oid;
    }
    return tips;
}

bool Remote::push(const std::vector<std::string>& branches) {
    if (branches.empty()) return true;
    std::vector<std::string> specs;
    for (const auto& b : branches)
        specs.push_back("refs/heads/" + b + ":refs/heads/" + b);
    std::vector<char*> ptrs;
    for (auto& s : specs)
        ptrs.push_back(s.data());
    const git_strarray refspecs{ptrs.data(), ptrs.size()};

    refuse_checked_out(git_remote_url(remote_.get()) ? git_remote_url(remote_.get()) : "",
                       branches);
    PushStatus status;
    git_push_options opts = GIT_PUSH_OPTIONS_INIT;
    opts.callbacks.credentials = credentials;
    opts.callbacks.push_update_reference = push_update;
    opts.callbacks.payload = &status;
    prepare_transport(remote_.get());
    const int rc = git_remote_push(remote_.get(), &refspecs, &opts);
    if (rc == GIT_ENONFASTFORWARD) return false;
    git::check(rc, "sync: cannot push to '" + label_ + "'");
    if (status.refused.empty()) return true;
    for (const auto& why : status.refused)
        if (!moved_there(why))
            throw Error("sync: '" + label_ + "' refused the push: " + why,
                        "a hook or the permissions there refused it; nothing was lost here");
    return false;
}

} // namespace sop::sync
