#include "git/ref_move.hpp"

#include "util/error.hpp"

#include <sys/stat.h>

namespace sop::git {

std::optional<git_oid> ref_value(git_repository* repo, const std::string& ref) {
    git_oid id;
    const int rc = git_reference_name_to_id(&id, repo, ref.c_str());
    if (rc == GIT_ENOTFOUND) return std::nullopt;
    check(rc, "cannot resolve '" + ref + "'");
    return id;
}

std::string RefMoves::lock_path(git_repository* repo, const std::string& ref) {
    return std::string(git_repository_commondir(repo)) + ref + ".lock";
}

RefMoves::RefMoves(git_repository* repo, std::vector<RefMove> moves, const git_signature* sig,
                   std::string log_message)
    : repo_(repo), moves_(std::move(moves)), sig_(sig), log_(std::move(log_message)) {}

RefMoves::~RefMoves() {
    release();
}

void RefMoves::release() {
    for (auto* tx : txs_)
        if (tx) git_transaction_free(tx); // unlocks what was not committed
    txs_.clear();
}

RefMoves::Lock RefMoves::lock() {
    release();
    inodes_.clear();
    for (const auto& m : moves_) {
        git_transaction* tx = nullptr;
        check(git_transaction_new(&tx, repo_), "cannot start updating '" + m.ref + "'");
        txs_.push_back(tx);
        const int rc = git_transaction_lock_ref(tx, m.ref.c_str());
        if (rc == GIT_ELOCKED) {
            release();
            return Lock::busy;
        }
        check(rc, "cannot lock '" + m.ref + "'");
        const auto now = ref_value(repo_, m.ref);
        const bool same =
            now.has_value() == m.old_id.has_value() && (!now || git_oid_equal(&*now, &*m.old_id));
        if (!same) {
            release();
            return Lock::moved;
        }
        check(git_transaction_set_target(tx, m.ref.c_str(), &m.new_id, sig_, log_.c_str()),
              "cannot update '" + m.ref + "'");
        struct stat st {};
        if (::stat(lock_path(repo_, m.ref).c_str(), &st) != 0)
            throw Error("cannot lock '" + m.ref + "': its lock file is missing");
        inodes_.push_back(st.st_ino);
    }
    return Lock::held;
}

void RefMoves::move(std::size_t i) {
    check(git_transaction_commit(txs_.at(i)), "cannot update '" + moves_.at(i).ref + "'");
    git_transaction_free(txs_[i]);
    txs_[i] = nullptr;
}

} // namespace sop::git

namespace sop::git {
namespace {

bool equal(const std::optional<git_oid>& a, const std::optional<git_oid>& b) {
    if (!a || !b) return !a && !b;
    return git_oid_equal(&*a, &*b) != 0;
}

std::string short_ref(const std::string& ref) {
    return ref.starts_with("refs/heads/") ? ref.substr(11) : ref;
}

// Sets `ref` from `from` to `to` (nullopt: create / delete) if it is still at `from`.
bool swap_ref(git_repository* repo, const std::string& ref, const std::optional<git_oid>& from,
              const std::optional<git_oid>& to, const char* log) {
    git_reference* raw = nullptr;
    int rc = 0;
    if (to && from) {
        rc = git_reference_create_matching(&raw, repo, ref.c_str(), &*to, 1, &*from, log);
    } else if (to) {
        rc = git_reference_create(&raw, repo, ref.c_str(), &*to, 0, log);
    } else {
        rc = git_reference_lookup(&raw, repo, ref.c_str());
        if (rc == 0 && (!from || !git_reference_target(raw) ||
                        !git_oid_equal(git_reference_target(raw), &*from)))
            rc = GIT_EMODIFIED;
        if (rc == 0) rc = git_reference_delete(raw);
    }
    ReferencePtr owned(raw);
    return rc == 0;
}

} // namespace

bool settle_moves(git_repository* repo, const std::vector<InterruptedMove>& moves,
                  std::vector<std::string>& report) {
    for (const auto& m : moves) {
        const std::string lock = RefMoves::lock_path(repo, m.move.ref);
        struct stat st {};
        if (m.lock_inode && ::stat(lock.c_str(), &st) == 0 && st.st_ino == *m.lock_inode &&
            st.st_size == 0 && ::unlink(lock.c_str()) == 0)
            report.push_back("removed '" + lock + "' left by an interrupted sop command");
    }
    enum class At { old_value, new_value, elsewhere };
    std::vector<At> at;
    bool any_new = false, any_old = false, any_elsewhere = false;
    for (const auto& m : moves) {
        const auto now = ref_value(repo, m.move.ref);
        const std::optional<git_oid> target = m.move.new_id;
        At a = At::elsewhere;
        if (equal(now, target) ||
            (now && git_graph_descendant_of(repo, &*now, &m.move.new_id) == 1))
            a = At::new_value;
        else if (equal(now, m.move.old_id))
            a = At::old_value;
        any_new |= a == At::new_value;
        any_old |= a == At::old_value;
        any_elsewhere |= a == At::elsewhere;
        at.push_back(a);
    }
    if (!any_new) return false;                  // nothing was published
    if (!any_old && !any_elsewhere) return true; // everything was
    for (std::size_t i = 0; i < moves.size(); ++i) {
        const auto& m = moves[i].move;
        if (!any_elsewhere && at[i] == At::old_value) {
            if (!swap_ref(repo, m.ref, m.old_id, m.new_id, "sop: finish an interrupted update"))
                throw ConflictError("cannot finish an interrupted update of '" + short_ref(m.ref) +
                                        "'",
                                    "see 'git log " + short_ref(m.ref) + "', then try again");
            report.push_back("moved '" + short_ref(m.ref) +
                             "' to finish an interrupted sop command");
        } else if (any_elsewhere && at[i] == At::new_value) {
            if (swap_ref(repo, m.ref, m.new_id, m.old_id, "sop: undo an interrupted update"))
                report.push_back("put '" + short_ref(m.ref) +
                                 "' back: another branch of an interrupted sop command moved "
                                 "meanwhile");
            else
                report.push_back("could not finish an interrupted sop command: '" +
                                 short_ref(m.ref) + "' moved meanwhile; check 'git log " +
                                 short_ref(m.ref) + "'");
        }
    }
    return !any_elsewhere;
}

} // namespace sop::git
