#include "validate/files.hpp"

#include "config/config.hpp"
#include "git/handles.hpp"
#include "ticket/id.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "yaml/yaml.hpp"

#include <cstdlib>

namespace sop::validate::files {
namespace {

namespace fs = std::filesystem;

bool hidden(const fs::path& p) {
    const std::string name = p.filename().string();
    return !name.empty() && name[0] == '.';
}

} // namespace

Kind kind_of(const std::string& rel) {
    if (rel == config::path) return Kind::config;
    if (rel.starts_with(tickets_prefix)) return Kind::ticket;
    if (rel.starts_with(kb_prefix)) return Kind::article;
    return Kind::other;
}

std::string misplaced(const std::string& rel, Kind kind) {
    switch (kind) {
    case Kind::ticket:
        return rel.ends_with(".yaml") ? ""
                                      : "not a ticket file (tickets are "
                                        "tickets/<shard>/<ID>.yaml)";
    case Kind::article:
        return rel.ends_with(".yaml") && rel.find('/', kb_prefix.size()) == std::string::npos
                   ? ""
                   : "not an article file (articles are kb/<ID>.yaml)";
    case Kind::config:
        return "";
    case Kind::other:
        return "not a file sop validates (tickets/<shard>/<ID>.yaml, kb/<ID>.yaml, " +
               std::string(config::path) + ")";
    }
    return "";
}

Live live_from_worktree(const fs::path& top) {
    Live live;
    std::error_code ec;
    const fs::path tickets = top / "tickets";
    for (auto it = fs::recursive_directory_iterator(tickets, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (hidden(it->path())) {
            if (it->is_directory()) it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file() || it->is_symlink()) // a link is reported, not followed
            live.files.emplace(it->path().lexically_relative(top).generic_string(), std::nullopt);
    }
    ec.clear();
    for (const auto& e : fs::directory_iterator(top / "kb", ec))
        if (e.is_regular_file() && e.path().extension() == ".yaml" && !hidden(e.path()))
            live.files.emplace(e.path().lexically_relative(top).generic_string(), std::nullopt);
    if (fs::is_regular_file(top / config::path))
        live.files.emplace(std::string(config::path), std::nullopt);
    return live;
}

Live live_from_index(git_repository* repo) {
    Live live;
    git_index* raw = nullptr;
    // In a pre-commit hook git names the index the commit is made of in GIT_INDEX_FILE: not
    // .git/index for `git commit -a` (.git/index.lock) or `git commit PATH...` (a temporary
    // index); relative to the top of the working tree, where hooks run.
    if (const char* env = std::getenv("GIT_INDEX_FILE"); env && *env)
        git::check(git_index_open(&raw, env), "cannot read the index '" + std::string(env) + "'");
    else
        git::check(git_repository_index(&raw, repo), "cannot read the index");
    git::IndexPtr index(raw);
    const std::size_t n = git_index_entrycount(index.get());
    for (std::size_t i = 0; i < n; ++i) {
        const git_index_entry* e = git_index_get_byindex(index.get(), i);
        const std::string path = e->path;
        const Kind kind = kind_of(path);
        if (kind == Kind::other) continue;
        if (kind == Kind::article && !misplaced(path, kind).empty()) continue;
        if (git_index_entry_stage(e) != 0) {
            if (live.unmerged.empty() || live.unmerged.back() != path)
                live.unmerged.push_back(path);
            continue;
        }
        live.files.emplace(path, e->id);
    }
    return live;
}

std::map<std::string, git_oid> archive_tickets(const git::Snapshot& archive) {
    std::map<std::string, git_oid> out;
    const auto dir = archive.entry_id(std::string(ticket::tickets_dir));
    if (!dir) return out;
    git_tree* raw = nullptr;
    if (git_tree_lookup(&raw, archive.repo(), &*dir) != 0) return out;
    git::TreePtr tree(raw);
    git::check(git_tree_walk(
                   tree.get(), GIT_TREEWALK_PRE,
                   [](const char* root, const git_tree_entry* e, void* payload) {
                       if (git_tree_entry_type(e) != GIT_OBJECT_BLOB) return 0;
                       auto& files = *static_cast<std::map<std::string, git_oid>*>(payload);
                       files.emplace(std::string(tickets_prefix) + root + git_tree_entry_name(e),
                                     *git_tree_entry_id(e));
                       return 0;
                   },
                   &out),
               "cannot read the archive branch");
    return out;
}

std::vector<Item> given(const std::vector<std::string>& paths, const fs::path& top,
                        const fs::path& base, const Live& live, bool staged) {
    std::vector<Item> items;
    const fs::path cwd = fs::absolute(base.empty() ? fs::current_path() : base);
    for (const auto& p : paths) {
        const fs::path abs = (fs::path(p).is_absolute() ? fs::path(p) : cwd / p).lexically_normal();
        std::string rel = abs.lexically_relative(top).generic_string();
        if (rel == ".") rel.clear();
        if (rel.starts_with("../") || rel == ".." || abs.lexically_relative(top).empty()) {
            items.push_back({p, p, Kind::other, From::worktree, std::nullopt,
                             "outside the repository (" + top.generic_string() + ")"});
            continue;
        }
        std::string dir = rel;
        if (!dir.empty() && dir.back() == '/') dir.pop_back();
        const std::string prefix = dir.empty() ? "" : dir + "/";
        std::vector<std::string> under;
        for (const auto& [f, _] : live.files)
            if (f.starts_with(prefix)) under.push_back(f);
        const bool is_dir = staged ? !under.empty() && !live.has(rel) : fs::is_directory(abs);
        if (is_dir) {
            for (const auto& f : under)
                items.push_back({f, f, kind_of(f), staged ? From::index : From::worktree,
                                 live.files.at(f), ""});
            continue;
        }
        Item item{rel, rel, kind_of(rel), staged ? From::index : From::worktree, std::nullopt, ""};
        item.refused = misplaced(rel, item.kind);
        if (item.refused.empty()) {
            if (staged) {
                if (const auto it = live.files.find(rel); it != live.files.end())
                    item.oid = it->second;
                else
                    item.refused = "not in the index";
            } else if (!fs::exists(fs::symlink_status(abs))) {
                item.refused = "no such file";
            }
        }
        items.push_back(std::move(item));
    }
    return items;
}

Reader::Reader(fs::path top, std::string git_dir)
    : top_(std::move(top)), git_dir_(std::move(git_dir)) {}

std::string Reader::read(const Item& item) {
    if (item.from == From::worktree) {
        // Bounded before it is read (DESIGN §8): a link or a huge file is reported, not read.
        const fs::path path = top_ / item.rel;
        std::error_code ec;
        const auto st = fs::symlink_status(path, ec);
        if (ec || !fs::exists(st)) throw Error("no such file");
        if (fs::is_symlink(st)) throw Error("a symbolic link (sop reads regular files only)");
        if (!fs::is_regular_file(st)) throw Error("not a regular file");
        too_large(fs::file_size(path, ec));
        auto text = util::read_file(path);
        if (!text) throw Error("no such file");
        return std::move(*text);
    }
    if (!repo_) {
        git_repository* raw = nullptr;
        git::check(git_repository_open(&raw, git_dir_.c_str()), "cannot open the repository");
        repo_.reset(raw);
    }
    git_blob* raw = nullptr;
    git::check(git_blob_lookup(&raw, repo_.get(), &*item.oid), "cannot read the blob");
    git::BlobPtr blob(raw);
    too_large(static_cast<std::uintmax_t>(git_blob_rawsize(blob.get())));
    const auto* data = static_cast<const char*>(git_blob_rawcontent(blob.get()));
    return std::string(data, static_cast<std::size_t>(git_blob_rawsize(blob.get())));
}

void Reader::too_large(std::uintmax_t size) {
    const std::size_t limit = yaml::Limits{}.max_bytes;
    if (size > limit)
        throw Error("too large (" + std::to_string(size) + " bytes, the limit is " +
                    std::to_string(limit) + ")");
}

} // namespace sop::validate::files
