#include "git/index_lock.hpp"

#include "util/error.hpp"
#include "util/fs.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace sop::git {

namespace fs = std::filesystem;

namespace {
constexpr std::string_view mark = "sop transaction\n";
} // namespace

std::string IndexLock::remove_if_stale(const fs::path& lock) {
    const auto text = util::read_file(lock);
    if (!text || !text->starts_with(mark)) return {};
    ::unlink(lock.c_str());
    return "removed '" + lock.string() + "' left by an interrupted sop command";
}

IndexLock::IndexLock(const Repo& repo, int timeout_ms, std::vector<std::string>* report)
    : lock_(fs::path(git_repository_path(repo.raw())) / "index.lock"),
      index_path_(fs::path(git_repository_path(repo.raw())) / "index"),
      work_(repo.sop_dir() / "index") {
    int waited = 0;
    for (;;) {
        const int fd = ::open(lock_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd >= 0) {
            [[maybe_unused]] const auto n = ::write(fd, mark.data(), mark.size());
            ::close(fd);
            held_ = true;
            break;
        }
        if (errno != EEXIST)
            throw Error("cannot create '" + lock_.string() + "': " + std::strerror(errno));
        if (auto removed = remove_if_stale(lock_); !removed.empty()) {
            if (report) report->push_back(std::move(removed));
            continue;
        }
        if (waited >= timeout_ms)
            throw ConflictError("cannot lock the index: '" + lock_.string() + "' exists",
                                "another git process is running (a commit waiting for its "
                                "message?); if none is, remove the file and try again");
        ::usleep(5000);
        waited += 5;
    }
    raw_ = IndexFile::load(index_path_);
    if (!raw_) open_libgit2();
}

IndexLock::~IndexLock() {
    if (held_) ::unlink(lock_.c_str());
    std::error_code ec;
    fs::remove(work_, ec);
}

std::optional<git_oid> IndexLock::id(const std::string& path) const {
    if (raw_) return raw_->id(path);
    const git_index_entry* e = git_index_get_bypath(index_.get(), path.c_str(), 0);
    if (!e) return std::nullopt;
    return e->id;
}

void IndexLock::set(const std::string& path, const std::optional<git_oid>& target,
                    const fs::path& file) {
    struct stat st {};
    if (target && ::lstat(file.c_str(), &st) != 0)
        throw Error("cannot stat '" + file.string() + "'");
    ops_.push_back({path, target, st});
    if (raw_ && (target ? raw_->set(path, *target, st) : raw_->remove(path))) return;
    if (raw_) { // the raw editor declined: redo every edit through libgit2
        raw_.reset();
        open_libgit2();
        for (const auto& op : ops_)
            apply(op);
        return;
    }
    apply(ops_.back());
}

void IndexLock::publish() {
    if (raw_) {
        raw_->write(work_);
    } else {
        check(git_index_write(index_.get()), "cannot write the index");
    }
    if (::rename(work_.c_str(), index_path_.c_str()) != 0)
        throw Error("cannot write '" + index_path_.string() + "': " + std::strerror(errno));
    ::unlink(lock_.c_str());
    held_ = false;
}

// libgit2 reads the index through a hard link in .git/sop/ and writes it there.
void IndexLock::open_libgit2() {
    std::error_code ec;
    fs::create_directories(work_.parent_path(), ec);
    fs::remove(work_, ec);
    if (::link(index_path_.c_str(), work_.c_str()) != 0 && errno != ENOENT)
        throw Error("cannot read the index: " + std::string(std::strerror(errno)));
    git_index* raw = nullptr;
    check(git_index_open(&raw, work_.c_str()), "cannot read the index");
    index_.reset(raw);
}

void IndexLock::apply(const Op& op) {
    if (!op.target) {
        check(git_index_remove(index_.get(), op.path.c_str(), 0),
              "cannot update the index for '" + op.path + "'");
        return;
    }
    git_index_entry e{};
    e.ctime.seconds = static_cast<int32_t>(op.st.st_ctim.tv_sec);
    e.ctime.nanoseconds = static_cast<uint32_t>(op.st.st_ctim.tv_nsec);
    e.mtime.seconds = static_cast<int32_t>(op.st.st_mtim.tv_sec);
    e.mtime.nanoseconds = static_cast<uint32_t>(op.st.st_mtim.tv_nsec);
    e.dev = static_cast<uint32_t>(op.st.st_dev);
    e.ino = static_cast<uint32_t>(op.st.st_ino);
    e.mode = GIT_FILEMODE_BLOB;
    e.uid = op.st.st_uid;
    e.gid = op.st.st_gid;
    e.file_size = static_cast<uint32_t>(op.st.st_size);
    e.id = *op.target;
    e.path = op.path.c_str();
    check(git_index_add(index_.get(), &e), "cannot update the index for '" + op.path + "'");
}

} // namespace sop::git
