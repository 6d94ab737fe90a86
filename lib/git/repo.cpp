#include "git/repo.hpp"

#include "util/error.hpp"
#include "util/text.hpp"

#include <cstdlib>

namespace sop::git {

namespace fs = std::filesystem;

std::optional<Identity> parse_identity(const std::string& text) {
    const auto lt = text.rfind('<');
    const auto gt = text.rfind('>');
    if (lt == std::string::npos || gt == std::string::npos || gt < lt || gt != text.size() - 1)
        return std::nullopt;
    Identity id{util::trim(text.substr(0, lt)), util::trim(text.substr(lt + 1, gt - lt - 1))};
    if (id.name.empty() || id.email.empty() || id.name.find_first_of("<>\n") != std::string::npos ||
        id.email.find_first_of("<> \n") != std::string::npos)
        return std::nullopt;
    return id;
}

Snapshot::Snapshot(git_repository* repo, std::string branch, std::optional<git_oid> commit,
                   TreePtr tree)
    : repo_(repo), branch_(std::move(branch)), commit_(commit), tree_(std::move(tree)) {}

std::optional<git_oid> Snapshot::entry_id(const std::string& path) const {
    if (!tree_) return std::nullopt;
    git_tree_entry* raw = nullptr;
    const int rc = git_tree_entry_bypath(&raw, tree_.get(), path.c_str());
    if (rc == GIT_ENOTFOUND) return std::nullopt;
    check(rc, "cannot look up '" + path + "'");
    TreeEntryPtr entry(raw);
    return *git_tree_entry_id(entry.get());
}

std::optional<std::string> Snapshot::read(const std::string& path) const {
    const auto id = entry_id(path);
    if (!id) return std::nullopt;
    git_blob* raw = nullptr;
    check(git_blob_lookup(&raw, repo_, &*id), "cannot read '" + path + "'");
    BlobPtr blob(raw);
    const auto* data = static_cast<const char*>(git_blob_rawcontent(blob.get()));
    return std::string(data, static_cast<std::size_t>(git_blob_rawsize(blob.get())));
}

std::vector<std::string> Snapshot::list(const std::string& dir) const {
    std::vector<std::string> out;
    if (!tree_) return out;
    git_tree* tree = tree_.get();
    TreePtr sub;
    if (!dir.empty()) {
        const auto id = entry_id(dir);
        if (!id) return out;
        git_tree* raw = nullptr;
        if (git_tree_lookup(&raw, repo_, &*id) != 0) return out; // not a tree
        sub.reset(raw);
        tree = raw;
    }
    const std::size_t n = git_tree_entrycount(tree);
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        out.emplace_back(git_tree_entry_name(git_tree_entry_byindex(tree, i)));
    return out;
}

Repo::Repo(RepositoryPtr repo) : repo_(std::move(repo)) {
    const char* wd = git_repository_workdir(repo_.get());
    if (!wd)
        throw Error("'" + std::string(git_repository_path(repo_.get())) + "' is a bare repository",
                    "sop needs a working tree; clone it first");
    workdir_ = fs::path(wd);
}

RepositoryPtr discover_repository(const fs::path& start) {
    git_repository* raw = nullptr;
    const int rc = git_repository_open_ext(&raw, start.c_str(), 0, nullptr);
    if (rc == GIT_ENOTFOUND)
        throw Error("not a git repository (or any parent up to /): '" + start.string() + "'",
                    "run 'sop init' to create a support repository, or use -C DIR");
    check(rc, "cannot open repository at '" + start.string() + "'");
    return RepositoryPtr(raw);
}

Repo Repo::discover(const fs::path& start) {
    return Repo(discover_repository(start));
}

Repo Repo::open_or_init(const fs::path& dir) {
    git_repository* raw = nullptr;
    if (git_repository_open_ext(&raw, dir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) == 0)
        return Repo(RepositoryPtr(raw));
    git_repository_init_options opts = GIT_REPOSITORY_INIT_OPTIONS_INIT;
    opts.flags = GIT_REPOSITORY_INIT_MKPATH;
    // git's init.defaultBranch is honoured; without it sop uses "main", not libgit2's "master".
    std::string initial = "main";
    git_config* cfg = nullptr;
    if (git_config_open_default(&cfg) == 0) {
        ConfigPtr owned(cfg);
        git_buf buf = GIT_BUF_INIT;
        if (git_config_get_string_buf(&buf, cfg, "init.defaultBranch") == 0 && buf.size > 0)
            initial = buf.ptr;
        git_buf_dispose(&buf);
    }
    opts.initial_head = initial.c_str();
    check(git_repository_init_ext(&raw, dir.c_str(), &opts),
          "cannot create a repository in '" + dir.string() + "'");
    return Repo(RepositoryPtr(raw));
}

fs::path Repo::sop_dir() const {
    return fs::path(git_repository_commondir(repo_.get())) / "sop";
}

Snapshot Repo::head() const {
    git_reference* raw = nullptr;
    check(git_reference_lookup(&raw, repo_.get(), "HEAD"), "cannot read HEAD");
    ReferencePtr head(raw);
    if (git_reference_type(head.get()) != GIT_REFERENCE_SYMBOLIC)
        throw Error("HEAD is detached", "check out a branch first (git switch <branch>)");
    std::string branch = git_reference_symbolic_target(head.get());
    git_oid commit_id;
    const int rc = git_reference_name_to_id(&commit_id, repo_.get(), branch.c_str());
    if (rc == GIT_ENOTFOUND) return Snapshot(repo_.get(), branch, std::nullopt, nullptr);
    check(rc, "cannot resolve '" + branch + "'");
    git_commit* c = nullptr;
    check(git_commit_lookup(&c, repo_.get(), &commit_id), "cannot read HEAD's commit");
    CommitPtr commit(c);
    git_tree* t = nullptr;
    check(git_commit_tree(&t, commit.get()), "cannot read HEAD's tree");
    return Snapshot(repo_.get(), branch, commit_id, TreePtr(t));
}

Snapshot snapshot_of(git_repository* repo, const std::string& ref) {
    git_oid commit_id;
    const int rc = git_reference_name_to_id(&commit_id, repo, ref.c_str());
    if (rc == GIT_ENOTFOUND) return Snapshot(repo, ref, std::nullopt, nullptr);
    check(rc, "cannot resolve '" + ref + "'");
    git_commit* c = nullptr;
    check(git_commit_lookup(&c, repo, &commit_id), "cannot read '" + ref + "'");
    CommitPtr commit(c);
    git_tree* t = nullptr;
    check(git_commit_tree(&t, commit.get()), "cannot read the tree of '" + ref + "'");
    return Snapshot(repo, ref, commit_id, TreePtr(t));
}

Identity Repo::actor() const {
    if (const char* env = std::getenv("SOP_ACTOR"); env && *env) {
        if (auto id = parse_identity(env)) return *id;
        throw UsageError("SOP_ACTOR '" + std::string(env) + "' is not of the form 'Name <email>'");
    }
    git_config* raw = nullptr;
    check(git_repository_config_snapshot(&raw, repo_.get()), "cannot read git config");
    ConfigPtr cfg(raw);
    const char* name = nullptr;
    const char* email = nullptr;
    git_config_get_string(&name, cfg.get(), "user.name");
    git_config_get_string(&email, cfg.get(), "user.email");
    if (name && *name && email && *email) return Identity{name, email};
    throw Error("no actor identity: who is making this change?",
                "set SOP_ACTOR=\"Name <email>\", or git config user.name and user.email");
}

} // namespace sop::git
