#include "git/store.hpp"

#include "git/index_lock.hpp"
#include "git/ref_move.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/text.hpp"

#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace sop::git {

namespace fs = std::filesystem;

namespace {

struct JournalEntry {
    std::string path;
    std::optional<git_oid> old_id;   // in HEAD before the change
    std::optional<git_oid> new_id;   // in the commit
    std::optional<git_oid> worktree; // in the working tree before the change (old_id unless
                                     // the change adopts a hand-edited file)
};

std::string id_or_dash(const std::optional<git_oid>& id) {
    return id ? oid_str(*id) : "-";
}

std::optional<git_oid> parse_id(const std::string& s) {
    if (s == "-") return std::nullopt;
    git_oid id;
    if (git_oid_fromstr(&id, s.c_str()) != 0)
        throw Error("corrupt sop journal: bad id '" + s + "'");
    return id;
}

bool same(const std::optional<git_oid>& a, const std::optional<git_oid>& b) {
    if (!a || !b) return !a && !b;
    return git_oid_equal(&*a, &*b) != 0;
}

fs::path journal_path(const Repo& repo) {
    return repo.sop_dir() / "journal";
}

// "commit <id>", a "file <old> <new> <worktree> <path>" line per file, and for a change that
// moves two branches a "ref <old> <new> <lock inode> <ref>" line per branch.
void write_journal(const Repo& repo, const git_oid& commit, const std::vector<JournalEntry>& es,
                   const RefMoves* moves = nullptr) {
    std::string text = "commit " + oid_str(commit) + "\n";
    for (const auto& e : es)
        text += "file " + id_or_dash(e.old_id) + " " + id_or_dash(e.new_id) + " " +
                id_or_dash(e.worktree) + " " + e.path + "\n";
    if (moves)
        for (std::size_t i = 0; i < moves->moves().size(); ++i) {
            const auto& m = moves->moves()[i];
            text += "ref " + id_or_dash(m.old_id) + " " + oid_str(m.new_id) + " " +
                    std::to_string(moves->lock_inodes()[i]) + " " + m.ref + "\n";
        }
    util::write_file_atomic(journal_path(repo), text);
}

// The blob id the working-tree file would have, or nullopt when there is no file.
std::optional<git_oid> worktree_id(const Repo& repo, const std::string& path) {
    const auto bytes = util::read_file(repo.workdir() / path);
    if (!bytes) return std::nullopt;
    git_oid id;
    check(git_odb_hash(&id, bytes->data(), bytes->size(), GIT_OBJECT_BLOB),
          "cannot hash '" + path + "'");
    return id;
}

// Sets the working-tree file and the index entry of `path` to blob `target` (or removes
// them), but only where they still hold `expected` (the blob before the change). Returns
// false when either held something else (hand edits), which is left untouched.
bool bring_to(const Repo& repo, IndexLock& index, const std::string& path,
              const std::optional<git_oid>& expected, const std::optional<git_oid>& target,
              const std::optional<git_oid>& expected_wt) {
    bool clean = true;
    const auto wt = worktree_id(repo, path);
    const fs::path file = repo.workdir() / path;
    if (!same(wt, target)) {
        if (same(wt, expected_wt)) {
            if (target) {
                git_blob* raw = nullptr;
                check(git_blob_lookup(&raw, repo.raw(), &*target), "cannot read '" + path + "'");
                BlobPtr blob(raw);
                util::write_file_atomic(
                    file,
                    std::string_view(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                                     static_cast<std::size_t>(git_blob_rawsize(blob.get()))));
            } else {
                ::unlink(file.c_str());
                // Empty directories go too, as git would leave them (remove fails on non-empty).
                std::error_code ec;
                for (fs::path dir = file.parent_path();
                     dir != repo.workdir() && dir.has_relative_path() && fs::remove(dir, ec);
                     dir = dir.parent_path()) {
                }
            }
        } else {
            clean = false;
        }
    }
    const auto ix = index.id(path);
    if (!same(ix, target)) {
        if (same(ix, expected))
            index.set(path, target, file);
        else
            clean = false;
    }
    return clean;
}

std::string short_name(const std::string& ref) {
    return ref.starts_with("refs/heads/") ? ref.substr(11) : ref;
}

// Fault injection for the crash tests: SOP_TEST_CRASH=<point> ends the process at that point
// the way kill -9 would (no destructors, no flush; the kernel drops the lock).
void crash_point(const char* point) {
    const char* want = std::getenv("SOP_TEST_CRASH");
    if (want && std::strcmp(want, point) == 0) std::_Exit(137);
}

struct Journal {
    std::optional<git_oid> commit;
    std::vector<JournalEntry> entries;
    std::vector<InterruptedMove> refs; // a change that moved two branches
};

// nullopt when the journal cannot be read (it is written by rename, so only a hand-made or
// damaged file can get here).
std::optional<Journal> read_journal(const std::string& text) {
    try {
        Journal j;
        std::istringstream in(text);
        std::string word, commit_hex, line;
        in >> word >> commit_hex;
        if (word != "commit") return std::nullopt;
        j.commit = parse_id(commit_hex);
        std::getline(in, line);
        while (std::getline(in, line)) {
            std::istringstream l(line);
            std::string tag, old_hex, new_hex, wt_hex, path;
            l >> tag >> old_hex >> new_hex >> wt_hex;
            std::getline(l >> std::ws, path);
            if (path.empty()) return std::nullopt;
            if (tag == "ref") {
                const auto target = parse_id(new_hex);
                if (!target || wt_hex.empty() ||
                    wt_hex.find_first_not_of("0123456789") != std::string::npos)
                    return std::nullopt;
                j.refs.push_back(
                    {{path, parse_id(old_hex), *target}, static_cast<ino_t>(std::stoull(wt_hex))});
                continue;
            }
            if (tag != "file") return std::nullopt;
            j.entries.push_back({path, parse_id(old_hex), parse_id(new_hex), parse_id(wt_hex)});
        }
        return j;
    } catch (const Error&) {
        return std::nullopt;
    }
}

// Under the sop lock: finishes or discards an interrupted transaction, and removes a
// git index lock that an interrupted sop left.
std::vector<std::string> recover_locked(const Repo& repo, int timeout_ms) {
    std::vector<std::string> report;
    const auto text = util::read_file(journal_path(repo));
    if (!text) return report;
    IndexLock index(repo, timeout_ms, &report);
    const auto journal = read_journal(*text);
    if (!journal) {
        ::unlink(journal_path(repo).c_str());
        report.push_back("removed a damaged journal '" + journal_path(repo).string() +
                         "'; check the working tree with git status");
        return report;
    }
    const auto& commit = journal->commit;
    const auto& entries = journal->entries;
    // Two branches moved together: first make them agree (forward, or back), so that the
    // working tree is then repaired against HEAD as for one branch.
    if (!journal->refs.empty()) settle_moves(repo.raw(), journal->refs, report);
    const Snapshot head = repo.head();
    const bool published = commit && head.commit() &&
                           (git_oid_equal(&*commit, &*head.commit()) ||
                            git_graph_descendant_of(repo.raw(), &*head.commit(), &*commit) == 1);
    if (published) {
        for (const auto& e : entries) {
            const auto now = head.entry_id(e.path);
            if (bring_to(repo, index, e.path, e.old_id, now, e.worktree))
                report.push_back("brought '" + e.path + "' up to date with " +
                                 short_name(head.branch()) + " after an interrupted sop command");
            else
                report.push_back("'" + e.path +
                                 "' was edited after an interrupted sop command; check it "
                                 "with git status");
        }
        index.publish();
    }
    ::unlink(journal_path(repo).c_str());
    return report;
}

// Refuses files with uncommitted or staged edits; returns each file's working-tree blob id.
std::vector<std::optional<git_oid>> refuse_dirty(const Repo& repo, const IndexLock& index,
                                                 const Snapshot& head, const Change& change) {
    std::vector<std::optional<git_oid>> worktree;
    for (const auto& f : change.files) {
        const auto committed = head.entry_id(f.path);
        const auto wt = worktree_id(repo, f.path);
        worktree.push_back(wt);
        const char* problem = nullptr;
        if (!same(wt, committed) && !(f.adopt_worktree && wt))
            problem = committed
                          ? (wt ? "has uncommitted changes" : "was deleted from the working tree")
                          : "exists but is not committed";
        else if (!same(index.id(f.path), committed))
            problem = "has staged changes";
        if (problem) {
            std::string hint = change.dirty_hint;
            if (hint.empty())
                hint = "commit or discard them first ('git checkout HEAD -- " + f.path + "')";
            throw ConflictError("'" + f.path + "' " + problem, hint);
        }
    }
    return worktree;
}

SignaturePtr signature(const Identity& who, const util::Timestamp& when) {
    git_signature* raw = nullptr;
    check(git_signature_new(&raw, who.name.c_str(), who.email.c_str(), when.seconds,
                            when.offset_minutes),
          "invalid identity '" + who.str() + "'");
    return SignaturePtr(raw);
}

// HEAD's tree, or none while the branch is unborn (git_tree_create_updated starts empty).
TreePtr base_tree(const Snapshot& head) {
    if (!head.tree()) return nullptr;
    git_tree* raw = nullptr;
    check(git_tree_lookup(&raw, head.repo(), git_tree_id(head.tree())), "cannot read HEAD");
    return TreePtr(raw);
}

// A commit object of `tree_id` with `parents`, in order; no branch moves.
git_oid commit_object(const Repo& repo, const git_oid& tree_id,
                      const std::vector<git_oid>& parent_ids, const std::string& message,
                      const git_signature* sig) {
    git_tree* t = nullptr;
    check(git_tree_lookup(&t, repo.raw(), &tree_id), "cannot read the new tree");
    TreePtr tree(t);
    std::vector<CommitPtr> owned;
    for (const auto& id : parent_ids) {
        git_commit* p = nullptr;
        check(git_commit_lookup(&p, repo.raw(), &id), "cannot read the parent " + oid_str(id));
        owned.emplace_back(p);
    }
    std::vector<const git_commit*> parents;
    for (const auto& p : owned)
        parents.push_back(p.get());
    git_oid commit_id;
    check(git_commit_create(&commit_id, repo.raw(), nullptr, sig, sig, nullptr, message.c_str(),
                            tree.get(), parents.size(), parents.data()),
          "cannot create the commit");
    return commit_id;
}

// A commit of `tree_id` on top of `base` (none while its branch is unborn), with `merged` as a
// second parent when there is one.
git_oid make_commit(const Repo& repo, const Snapshot& base, const git_oid& tree_id,
                    const std::string& message, const git_signature* sig,
                    const std::optional<git_oid>& merged = std::nullopt) {
    std::vector<git_oid> parents;
    for (const auto& id : {base.commit(), merged})
        if (id) parents.push_back(*id);
    return commit_object(repo, tree_id, parents, message, sig);
}

// The commit a joining change publishes: the fast-forward target, whose tree must be the one
// the files built, or a new merge commit.
git_oid joined_commit(const Repo& repo, const Snapshot& head, const Change& change,
                      const git_oid& tree_id, const git_signature* sig) {
    if (!change.fast_forward)
        return make_commit(repo, head, tree_id, change.message, sig, change.merge_parent);
    git_commit* raw = nullptr;
    check(git_commit_lookup(&raw, repo.raw(), &*change.fast_forward),
          "cannot read " + id_or_dash(change.fast_forward));
    const CommitPtr target(raw);
    if (!git_oid_equal(git_commit_tree_id(target.get()), &tree_id))
        throw Error("internal error: a fast-forward whose files do not give its tree");
    return *change.fast_forward;
}

// The commit for a side branch: its files applied to that branch's tree.
git_oid side_commit(const Repo& repo, const Snapshot& side, const SideChange& change,
                    const git_signature* sig) {
    std::vector<git_tree_update> updates;
    for (const auto& f : change.files) {
        git_tree_update u{};
        u.path = f.path.c_str();
        if (f.bytes) {
            check(git_blob_create_from_buffer(&u.id, repo.raw(), f.bytes->data(), f.bytes->size()),
                  "cannot write '" + f.path + "'");
            u.action = GIT_TREE_UPDATE_UPSERT;
            u.filemode = GIT_FILEMODE_BLOB;
        } else {
            if (!side.entry_id(f.path)) continue;
            u.action = GIT_TREE_UPDATE_REMOVE;
        }
        updates.push_back(u);
    }
    const TreePtr base = base_tree(side);
    git_oid tree_id;
    check(git_tree_create_updated(&tree_id, repo.raw(), base.get(), updates.size(), updates.data()),
          "cannot build the tree of '" + side.branch() + "'");
    return make_commit(repo, side, tree_id, change.message, sig);
}

} // namespace

std::vector<std::string> recover(const Repo& repo) {
    const fs::path stale_index_lock = fs::path(git_repository_path(repo.raw())) / "index.lock";
    if (!fs::exists(journal_path(repo)) && !fs::exists(stale_index_lock)) return {};
    util::FileLock lock(repo.sop_dir() / "lock", StoreOptions{}.lock_timeout_ms,
                        "cannot repair an interrupted update");
    auto report = recover_locked(repo, 0);
    // No journal, but perhaps a lock from a sop that died before writing one.
    if (report.empty())
        if (auto removed = IndexLock::remove_if_stale(stale_index_lock); !removed.empty())
            report.push_back(std::move(removed));
    return report;
}

git_oid write_commit(const Repo& repo, const git_oid& tree_id, const std::vector<git_oid>& parents,
                     const std::string& message, const Identity& actor,
                     const util::Timestamp& when) {
    return commit_object(repo, tree_id, parents, message, signature(actor, when).get());
}

bool advance_branch(const Repo& repo, const std::string& ref, const std::optional<git_oid>& old_tip,
                    const git_oid& new_tip, const std::string& log, const StoreOptions& opts) {
    util::FileLock lock(repo.sop_dir() / "lock", opts.lock_timeout_ms, "cannot write");
    for (const auto& line : recover_locked(repo, opts.index_lock_timeout_ms))
        std::cerr << "sop: " << line << "\n";
    git_reference* raw = nullptr;
    const int rc =
        old_tip ? git_reference_create_matching(&raw, repo.raw(), ref.c_str(), &new_tip, 1,
                                                &*old_tip, log.c_str())
                : git_reference_create(&raw, repo.raw(), ref.c_str(), &new_tip, 0, log.c_str());
    ReferencePtr owned(raw);
    if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS || rc == GIT_ELOCKED) return false;
    check(rc, "cannot update '" + short_name(ref) + "'");
    return true;
}

std::optional<Committed> commit(const Repo& repo, const Planner& plan, const Identity& actor,
                                const util::Timestamp& when, const StoreOptions& opts) {
    return commit(
        repo, std::string(), [&](const Snapshot& head, const Snapshot&) { return plan(head); },
        actor, when, opts);
}

std::optional<Committed> commit(const Repo& repo, const std::string& side_ref,
                                const PairPlanner& plan, const Identity& actor,
                                const util::Timestamp& when, const StoreOptions& opts) {
    util::FileLock lock(repo.sop_dir() / "lock", opts.lock_timeout_ms, "cannot write");
    for (const auto& line : recover_locked(repo, opts.index_lock_timeout_ms))
        std::cerr << "sop: " << line << "\n";
    IndexLock index(repo, opts.index_lock_timeout_ms, nullptr);
    const SignaturePtr sig = signature(actor, when);

    int locked_waits = 0;
    for (int attempt = 1;; ++attempt) {
        const Snapshot head = repo.head();
        const Snapshot side = side_ref.empty() ? Snapshot(repo.raw(), {}, std::nullopt, nullptr)
                                               : repo.snapshot(side_ref);
        const Change change = plan(head, side);
        if (change.files.empty() && !change.joins()) return std::nullopt;
        if (change.side && side_ref.empty())
            throw Error("internal error: a side change without a side branch");
        const auto worktree = refuse_dirty(repo, index, head, change);

        std::vector<git_tree_update> updates;
        std::vector<JournalEntry> journal;
        updates.reserve(change.files.size());
        for (std::size_t i = 0; i < change.files.size(); ++i) {
            const auto& f = change.files[i];
            JournalEntry e{f.path, head.entry_id(f.path), std::nullopt, worktree[i]};
            git_tree_update u{};
            u.path = f.path.c_str();
            if (f.bytes) {
                git_oid blob;
                check(git_blob_create_from_buffer(&blob, repo.raw(), f.bytes->data(),
                                                  f.bytes->size()),
                      "cannot write '" + f.path + "'");
                e.new_id = blob;
                u.action = GIT_TREE_UPDATE_UPSERT;
                u.id = blob;
                u.filemode = GIT_FILEMODE_BLOB;
            } else {
                if (!e.old_id) continue; // removing what is not there
                u.action = GIT_TREE_UPDATE_REMOVE;
            }
            updates.push_back(u);
            journal.push_back(std::move(e));
        }
        const TreePtr base = base_tree(head);
        git_oid tree_id;
        check(git_tree_create_updated(&tree_id, repo.raw(), base.get(), updates.size(),
                                      updates.data()),
              "cannot build the new tree");
        if (!change.joins() && head.tree() && git_oid_equal(&tree_id, git_tree_id(head.tree()))) {
            // Nothing changes in HEAD: no commit (and none on a side branch either). An adopted
            // hand-edited file still goes back to its committed form, which is what the change
            // asked for.
            for (const auto& e : journal)
                bring_to(repo, index, e.path, e.old_id, e.new_id, e.worktree);
            index.publish();
            return std::nullopt;
        }
        const git_oid commit_id = change.joins()
                                      ? joined_commit(repo, head, change, tree_id, sig.get())
                                      : make_commit(repo, head, tree_id, change.message, sig.get());
        std::optional<git_oid> side_id;
        if (change.side) side_id = side_commit(repo, side, *change.side, sig.get());

        const std::string subject = change.message.substr(0, change.message.find('\n'));
        const std::string log = "sop: " + subject;
        int rc = 0;
        if (!side_id) {
            write_journal(repo, commit_id, journal);
            crash_point("before-publish");
            git_reference* ref = nullptr;
            rc = head.commit()
                     ? git_reference_create_matching(&ref, repo.raw(), head.branch().c_str(),
                                                     &commit_id, 1, &*head.commit(), log.c_str())
                     : git_reference_create(&ref, repo.raw(), head.branch().c_str(), &commit_id, 0,
                                            log.c_str());
            ReferencePtr owned(ref);
        } else {
            // The side branch first: between the two moves a ticket is in both, never in none.
            RefMoves moves(
                repo.raw(),
                {{side_ref, side.commit(), *side_id}, {head.branch(), head.commit(), commit_id}},
                sig.get(), log);
            const auto state = moves.lock();
            if (state == RefMoves::Lock::held) {
                write_journal(repo, commit_id, journal, &moves);
                crash_point("before-publish");
                moves.move(0);
                crash_point("between-refs");
                moves.move(1);
            } else {
                rc = state == RefMoves::Lock::busy ? GIT_ELOCKED : GIT_EMODIFIED;
            }
        }
        if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS || rc == GIT_ELOCKED) {
            ::unlink(journal_path(repo).c_str());
            // A branch that is only locked for a moment (git update-ref) is waited for;
            // a branch that moved is planned again, a bounded number of times.
            if (rc == GIT_ELOCKED && locked_waits++ < opts.lock_timeout_ms / 5) {
                --attempt;
                ::usleep(5000);
                continue;
            }
            if (attempt >= opts.max_attempts) {
                const std::string what = side_id ? "'" + head.branch() + "' and '" + side_ref + "'"
                                                 : "'" + head.branch() + "'";
                throw ConflictError("cannot update " + what + ": concurrent update",
                                    "another process kept changing the branch; try again");
            }
            usleep(static_cast<useconds_t>(1000 * attempt));
            continue;
        }
        check(rc, "cannot update '" + head.branch() + "'");
        crash_point("after-publish");

        for (const auto& e : journal)
            if (!bring_to(repo, index, e.path, e.old_id, e.new_id, e.worktree))
                throw ConflictError("'" + e.path + "' changed while sop was writing it",
                                    "the commit is made; check the file with git status");
        crash_point("before-index");
        index.publish();
        ::unlink(journal_path(repo).c_str());
        return Committed{commit_id, head.branch(), side_id};
    }
}

} // namespace sop::git
