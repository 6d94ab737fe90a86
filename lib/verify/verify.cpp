#include "verify/verify.hpp"

#include "util/error.hpp"
#include "validate/validate.hpp"
#include "verify/action.hpp"
#include "verify/commit.hpp"
#include "verify/merge_check.hpp"
#include "verify/range.hpp"
#include "verify/tree_diff.hpp"

#include <algorithm>
#include <map>

namespace sop::verify {
namespace {

std::string id_of_path(const std::string& path) {
    const auto slash = path.rfind('/');
    std::string name = path.substr(slash == std::string::npos ? 0 : slash + 1);
    return name.substr(0, name.size() - std::string_view(".yaml").size());
}

git::TreePtr tree_of(git_commit* commit) {
    git_tree* raw = nullptr;
    git::check(git_commit_tree(&raw, commit),
               "cannot read the tree of " + git::oid_str(*git_commit_id(commit)));
    return git::TreePtr(raw);
}

std::string abbreviated(git_commit* commit) {
    git_buf buf = GIT_BUF_INIT;
    std::string out = git::oid_str(*git_commit_id(commit)).substr(0, 7);
    if (git_object_short_id(&buf, reinterpret_cast<const git_object*>(commit)) == 0)
        out.assign(buf.ptr, buf.size);
    git_buf_dispose(&buf);
    return out;
}

class Verifier {
  public:
    explicit Verifier(git_repository* repo) : repo_(repo), versions_(repo), configs_(repo) {}

    void check(const git_oid& id, std::vector<Problem>& out) {
        git_commit* raw = nullptr;
        git::check(git_commit_lookup(&raw, repo_, &id), "cannot read commit " + git::oid_str(id));
        const git::CommitPtr commit(raw);
        const git_signature* author = git_commit_author(commit.get());
        Commit c{git::oid_str(id),
                 {author->name ? author->name : "", author->email ? author->email : ""},
                 git::parse_message(git_commit_message(commit.get())),
                 {},
                 {},
                 &out};
        c.action = c.message.trailer("Sop-Action");
        const std::size_t first = out.size();
        const git::TreePtr tree = tree_of(commit.get());
        std::vector<git::TreePtr> parents;
        for (unsigned i = 0; i < git_commit_parentcount(commit.get()); ++i) {
            git_commit* p = nullptr;
            git::check(git_commit_parent(&p, commit.get(), i), "cannot read a parent of " + c.id);
            const git::CommitPtr parent(p);
            parents.push_back(tree_of(parent.get()));
        }
        try {
            if (parents.size() > 1)
                merge_commit(c, commit.get(), tree.get(), parents);
            else
                single_parent(c, parents.empty() ? nullptr : parents.front().get(), tree.get());
        } catch (const std::exception& e) {
            // A version broken in a way no check foresaw (a value of the wrong type that the
            // schema would report, in a parent that was never verified): said, not hidden, and
            // the next commit is checked all the same.
            c.problem("", "", std::string("cannot be checked: ") + e.what());
        }
        if (out.size() > first) {
            const std::string abbrev = abbreviated(commit.get());
            for (auto p = out.begin() + static_cast<std::ptrdiff_t>(first); p != out.end(); ++p)
                p->abbrev = abbrev;
        }
    }

  private:
    FileStep step_of(const FileChange& f) {
        FileStep s{f.path,  id_of_path(f.path),   nullptr,
                   nullptr, f.before.has_value(), f.after.has_value()};
        if (f.before) s.before = versions_.doc(*f.before);
        if (f.after) s.after = versions_.doc(*f.after);
        return s;
    }

    // The one-file checks of `sop validate` on the version a commit writes, once per blob.
    // Merge conflicts left to settle are not this commit's doing: a file may carry one through
    // many legal commits until someone chooses.
    void check_version(const Commit& c, const FileChange& f) {
        if (!f.after) return;
        auto it = checked_.find(*f.after);
        if (it == checked_.end()) {
            std::vector<validate::Problem> found;
            try {
                found = validate::check_file(f.path, versions_.text(*f.after));
            } catch (const Error& e) {
                found.push_back({f.path, std::string(validate::whole_file), e.what()});
            }
            std::erase_if(found, [](const validate::Problem& p) { return p.unsettled_merge; });
            it = checked_.emplace(*f.after, std::move(found)).first;
        }
        for (const auto& p : it->second)
            c.problem(f.path, p.field == validate::whole_file ? std::string() : p.field, p.message);
    }

    void config_changed(const Commit& c, const FileChange& f) {
        if (!f.after)
            c.problem(f.path, "", "removed: without it this is no longer a support repository");
        check_version(c, f);
    }

    void single_parent(Commit& c, git_tree* parent, git_tree* tree) {
        std::vector<FileStep> tickets, articles;
        std::vector<const FileChange*> owned;
        const auto changes = sop_files_changed(repo_, parent, tree);
        for (const auto& f : changes) {
            if (f.kind == FileKind::config) {
                config_changed(c, f);
                continue;
            }
            owned.push_back(&f);
            (f.kind == FileKind::ticket ? tickets : articles).push_back(step_of(f));
        }
        if (c.action.empty()) {
            for (const auto* f : owned)
                c.problem(f->path, "", "changed outside sop (no Sop-Action trailer)");
            return;
        }
        for (const auto* f : owned)
            check_version(c, *f);
        c.config = configs_.at(parent);
        check_action(c, tickets, articles);
    }

    void merge_commit(const Commit& c, git_commit* merge, git_tree* tree,
                      const std::vector<git::TreePtr>& parents) {
        // The files that differ from every parent: the merge's own doing.
        std::vector<FileChange> own = sop_files_changed(repo_, parents.front().get(), tree);
        for (std::size_t i = 1; i < parents.size(); ++i) {
            const auto other = sop_files_changed(repo_, parents[i].get(), tree);
            std::erase_if(own, [&](const FileChange& f) {
                return std::none_of(other.begin(), other.end(),
                                    [&](const FileChange& o) { return o.path == f.path; });
            });
        }
        std::vector<FileChange> files;
        for (auto& f : own)
            if (f.kind == FileKind::config)
                config_changed(c, f);
            else
                files.push_back(std::move(f));
        check_merge(c, repo_, versions_, merge, parents, files);
    }

    git_repository* repo_;
    Versions versions_;
    Configs configs_;
    std::map<git_oid, std::vector<validate::Problem>, OidLess> checked_;
};

} // namespace

Report run(git_repository* repo, const Options& options) {
    Range range = range_of(repo, options.revisions);
    Report report;
    report.range = std::move(range.described);
    Verifier verifier(repo);
    git_oid id;
    int rc = 0;
    while ((rc = git_revwalk_next(&id, range.walk.get())) == 0) {
        ++report.commits;
        verifier.check(id, report.problems);
    }
    if (rc != GIT_ITEROVER) git::check(rc, "cannot walk " + report.range);
    return report;
}

} // namespace sop::verify
