#include "verify/tree_diff.hpp"

#include "config/config.hpp"

#include <algorithm>
#include <string_view>

namespace sop::verify {
namespace {

// Where sop's files live under one top-level directory.
struct Scope {
    FileKind kind;
    bool recurse;          // tickets/<shard>/...: every level; kb/: the top only
    std::string_view only; // one file name (config.yaml), or "" for every *.yaml
};

bool wanted(const Scope& scope, std::string_view name) {
    return scope.only.empty() ? name.ends_with(".yaml") : name == scope.only;
}

git::TreePtr subtree(git_repository* repo, const git_tree_entry* e) {
    if (!e || git_tree_entry_type(e) != GIT_OBJECT_TREE) return nullptr;
    git_tree* raw = nullptr;
    git::check(git_tree_lookup(&raw, repo, git_tree_entry_id(e)), "cannot read a tree");
    return git::TreePtr(raw);
}

std::optional<git_oid> blob_of(const git_tree_entry* e) {
    if (!e || git_tree_entry_type(e) != GIT_OBJECT_BLOB) return std::nullopt;
    return *git_tree_entry_id(e);
}

bool same(const git_tree_entry* a, const git_tree_entry* b) {
    return a && b && git_tree_entry_filemode(a) == git_tree_entry_filemode(b) &&
           git_oid_equal(git_tree_entry_id(a), git_tree_entry_id(b));
}

class Differ {
  public:
    Differ(git_repository* repo, std::vector<FileChange>& out) : repo_(repo), out_(out) {}

    // Compares two versions of one directory (either may be null).
    void trees(git_tree* a, git_tree* b, const std::string& prefix, const Scope& scope) {
        const auto visit = [&](const char* name, const git_tree_entry* ea,
                               const git_tree_entry* eb) {
            if (same(ea, eb)) return;
            const std::string path = prefix + name;
            const auto before = blob_of(ea), after = blob_of(eb);
            if ((before || after) && wanted(scope, name))
                out_.push_back({path, scope.kind, before, after});
            if (scope.recurse) {
                const auto ta = subtree(repo_, ea), tb = subtree(repo_, eb);
                if (ta || tb) trees(ta.get(), tb.get(), path + "/", scope);
            }
        };
        const std::size_t na = a ? git_tree_entrycount(a) : 0;
        for (std::size_t i = 0; i < na; ++i) {
            const git_tree_entry* ea = git_tree_entry_byindex(a, i);
            const char* name = git_tree_entry_name(ea);
            visit(name, ea, b ? git_tree_entry_byname(b, name) : nullptr);
        }
        const std::size_t nb = b ? git_tree_entrycount(b) : 0;
        for (std::size_t i = 0; i < nb; ++i) {
            const git_tree_entry* eb = git_tree_entry_byindex(b, i);
            const char* name = git_tree_entry_name(eb);
            if (!a || !git_tree_entry_byname(a, name)) visit(name, nullptr, eb);
        }
    }

    // The top level: only the directories that hold sop's files are looked into.
    void top(git_tree* a, git_tree* b) {
        const std::string config(config::path);
        const std::string sop_dir = config.substr(0, config.find('/'));
        const std::string config_name = config.substr(config.find('/') + 1);
        const Scope tickets{FileKind::ticket, true, ""};
        const Scope articles{FileKind::article, false, ""};
        const Scope settings{FileKind::config, false, config_name};
        for (const auto& [dir, scope] : {std::pair<std::string, const Scope*>{"tickets", &tickets},
                                         {"kb", &articles},
                                         {sop_dir, &settings}}) {
            const git_tree_entry* ea = a ? git_tree_entry_byname(a, dir.c_str()) : nullptr;
            const git_tree_entry* eb = b ? git_tree_entry_byname(b, dir.c_str()) : nullptr;
            if (same(ea, eb)) continue;
            const auto ta = subtree(repo_, ea), tb = subtree(repo_, eb);
            if (ta || tb) trees(ta.get(), tb.get(), dir + "/", *scope);
        }
    }

  private:
    git_repository* repo_;
    std::vector<FileChange>& out_;
};

} // namespace

std::vector<FileChange> sop_files_changed(git_repository* repo, git_tree* before, git_tree* after) {
    std::vector<FileChange> out;
    Differ(repo, out).top(before, after);
    std::sort(out.begin(), out.end(),
              [](const FileChange& x, const FileChange& y) { return x.path < y.path; });
    return out;
}

std::optional<git_oid> blob_at(git_tree* tree, const std::string& path) {
    if (!tree) return std::nullopt;
    git_tree_entry* raw = nullptr;
    if (git_tree_entry_bypath(&raw, tree, path.c_str()) != 0) return std::nullopt;
    const git::TreeEntryPtr entry(raw);
    if (git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB) return std::nullopt;
    return *git_tree_entry_id(entry.get());
}

} // namespace sop::verify
