// OpenSSL 3 deprecates the SHA1_* functions in favour of EVP, but EVP's first use loads the
// provider machinery: 1.5 ms against 0.5 ms for the whole 1 MB index, on every write.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "git/index_file.hpp"

#include "util/fs.hpp"

#include <algorithm>
#include <cstring>
#include <openssl/sha.h>

namespace sop::git {
namespace {

std::uint32_t be32(const char* p) {
    const auto* u = reinterpret_cast<const unsigned char*>(p);
    return (std::uint32_t(u[0]) << 24) | (std::uint32_t(u[1]) << 16) | (std::uint32_t(u[2]) << 8) |
           u[3];
}
std::uint16_t be16(const char* p) {
    const auto* u = reinterpret_cast<const unsigned char*>(p);
    return static_cast<std::uint16_t>((u[0] << 8) | u[1]);
}
void put32(std::string& out, std::uint32_t v) {
    const char b[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
    out.append(b, 4);
}
void set32(std::string& s, std::size_t at, std::uint32_t v) {
    s[at] = char(v >> 24), s[at + 1] = char(v >> 16), s[at + 2] = char(v >> 8), s[at + 3] = char(v);
}

constexpr std::size_t header_size = 12, fixed_size = 62, hash_size = 20;

// An on-disk entry of version 2/3 without extended flags: fixed part, path, 1-8 NULs to a
// multiple of 8.
std::size_t entry_size(std::size_t path_len) {
    return (fixed_size + path_len + 8) & ~std::size_t(7);
}

std::string make_entry(const std::string& path, const git_oid& oid, const struct stat& st) {
    std::string e;
    e.reserve(entry_size(path.size()));
    put32(e, static_cast<std::uint32_t>(st.st_ctim.tv_sec));
    put32(e, static_cast<std::uint32_t>(st.st_ctim.tv_nsec));
    put32(e, static_cast<std::uint32_t>(st.st_mtim.tv_sec));
    put32(e, static_cast<std::uint32_t>(st.st_mtim.tv_nsec));
    put32(e, static_cast<std::uint32_t>(st.st_dev));
    put32(e, static_cast<std::uint32_t>(st.st_ino));
    put32(e, 0100644);
    put32(e, st.st_uid);
    put32(e, st.st_gid);
    put32(e, static_cast<std::uint32_t>(st.st_size));
    e.append(reinterpret_cast<const char*>(oid.id), hash_size);
    const std::uint16_t flags =
        static_cast<std::uint16_t>(std::min<std::size_t>(path.size(), 0xFFF));
    e += char(flags >> 8);
    e += char(flags & 0xFF);
    e += path;
    e.append(entry_size(path.size()) - e.size(), '\0');
    return e;
}

// The cache-tree (TREE extension): nodes in pre-order, each "name\0count subtrees\n" and, when
// count >= 0, a 20-byte tree id. Invalidating a node sets count to -1 and drops the id. One pass
// over the bytes: nodes off the changed paths are copied as they are. nullopt when malformed.
std::optional<std::string> invalidate_tree(std::string_view in,
                                           const std::vector<std::string>& paths) {
    struct Level {
        long children_left;
        std::string path; // of the node whose children these are; "" for the root
        bool on_path;     // that node is on a changed path, so its children may be
    };
    std::string out;
    out.reserve(in.size());
    std::vector<Level> stack;
    bool first = true;
    while (first || !stack.empty()) {
        const auto nul = in.find('\0');
        if (nul == std::string_view::npos) return std::nullopt;
        const std::string_view name = in.substr(0, nul);
        const auto nl = in.find('\n', nul);
        if (nl == std::string_view::npos) return std::nullopt;
        long count = 0, subtrees = 0;
        const std::string counts(in.substr(nul + 1, nl - nul - 1));
        if (std::sscanf(counts.c_str(), "%ld %ld", &count, &subtrees) != 2 || subtrees < 0)
            return std::nullopt;
        const std::size_t size = nl + 1 + (count >= 0 ? hash_size : 0);
        if (size > in.size()) return std::nullopt;

        bool on_path = false;
        std::string path;
        if (first) {
            on_path = !paths.empty();
        } else if (stack.back().on_path) {
            path = stack.back().path.empty() ? std::string(name)
                                             : stack.back().path + "/" + std::string(name);
            for (const auto& p : paths)
                if (p.starts_with(path + "/")) on_path = true;
        }
        if (on_path) {
            out.append(name).append(1, '\0').append("-1 " + std::to_string(subtrees) + "\n");
        } else {
            out.append(in.substr(0, size));
        }
        in.remove_prefix(size);
        if (!first) --stack.back().children_left;
        first = false;
        stack.push_back({subtrees, std::move(path), on_path});
        while (!stack.empty() && stack.back().children_left == 0)
            stack.pop_back();
    }
    if (!in.empty()) return std::nullopt;
    return out;
}

} // namespace

std::optional<IndexFile> IndexFile::load(const std::filesystem::path& path) {
    auto text = util::read_file(path);
    if (!text || text->size() < header_size + hash_size || text->compare(0, 4, "DIRC") != 0)
        return std::nullopt;
    IndexFile f;
    f.version_ = be32(text->data() + 4);
    if (f.version_ != 2 && f.version_ != 3) return std::nullopt;
    const std::uint32_t count = be32(text->data() + 8);
    const std::size_t end = text->size() - hash_size;
    std::size_t pos = header_size;
    for (std::uint32_t i = 0; i < count; ++i) {
        if (pos + fixed_size > end) return std::nullopt;
        const std::uint16_t flags = be16(text->data() + pos + 60);
        if (flags & 0x4000) return std::nullopt; // extended flags (skip-worktree, intent-to-add)
        const char* name = text->data() + pos + fixed_size;
        const void* nul = std::memchr(name, '\0', end - pos - fixed_size);
        if (!nul) return std::nullopt;
        const std::size_t len = static_cast<std::size_t>(static_cast<const char*>(nul) - name);
        pos += entry_size(len);
        if (pos > end) return std::nullopt;
    }
    const std::size_t entries_end = pos;
    while (pos < end) {
        if (pos + 8 > end) return std::nullopt;
        const std::string sig = text->substr(pos, 4);
        const std::size_t size = be32(text->data() + pos + 4);
        if (pos + 8 + size > end) return std::nullopt;
        const std::string payload = text->substr(pos + 8, size);
        if (sig == "TREE") {
            f.tree_ = payload;
        } else if (sig == "REUC" || sig == "UNTR") {
            f.kept_.push_back(text->substr(pos, 8 + size));
        } else if (sig[0] < 'A' || sig[0] > 'Z') {
            return std::nullopt; // a required extension (split index "link", sparse "sdir", ...)
        } // other optional extensions index entries by position or are unknown: dropped
        pos += 8 + size;
    }
    text->resize(entries_end); // the buffer becomes the entries, without a copy
    f.data_ = std::move(*text);
    if (!f.index_entries()) return std::nullopt;
    return f;
}

bool IndexFile::index_entries() {
    entries_.clear();
    std::size_t pos = header_size;
    while (pos < data_.size()) {
        const char* name = data_.data() + pos + fixed_size;
        const std::size_t len = std::strlen(name);
        const unsigned stage = (be16(data_.data() + pos + 60) >> 12) & 3;
        entries_.push_back({pos, entry_size(len), std::string_view(name, len), stage});
        pos += entry_size(len);
    }
    for (std::size_t i = 1; i < entries_.size(); ++i)
        if (entries_[i - 1].path > entries_[i].path) return false; // not sorted: not ours to edit
    return true;
}

std::size_t IndexFile::lower_bound(std::string_view path) const {
    return static_cast<std::size_t>(
        std::lower_bound(entries_.begin(), entries_.end(), path,
                         [](const Entry& e, std::string_view p) { return e.path < p; }) -
        entries_.begin());
}

std::optional<git_oid> IndexFile::id(const std::string& path) const {
    const std::size_t i = lower_bound(path);
    if (i == entries_.size() || entries_[i].path != path || entries_[i].stage != 0)
        return std::nullopt;
    git_oid oid;
    std::memcpy(oid.id, data_.data() + entries_[i].offset + 40, hash_size);
    return oid;
}

bool IndexFile::set(const std::string& path, const git_oid& oid, const struct stat& st) {
    if (path.size() >= 0xFFF) return false;
    const std::size_t i = lower_bound(path);
    const std::string entry = make_entry(path, oid, st);
    if (i < entries_.size() && entries_[i].path == path) {
        if (entries_[i].stage != 0) return false; // a conflict: libgit2 resolves it properly
        data_.replace(entries_[i].offset, entries_[i].size, entry);
    } else {
        // A file cannot also be a directory in the index, nor the other way round.
        if (i < entries_.size() && entries_[i].path.starts_with(path + "/")) return false;
        for (std::size_t slash = path.find('/'); slash != std::string::npos;
             slash = path.find('/', slash + 1)) {
            const std::size_t j = lower_bound(std::string_view(path).substr(0, slash));
            if (j < entries_.size() && entries_[j].path == std::string_view(path).substr(0, slash))
                return false;
        }
        const std::size_t at = i < entries_.size() ? entries_[i].offset : data_.size();
        data_.insert(at, entry);
        set32(data_, 8, be32(data_.data() + 8) + 1);
    }
    invalid_.push_back(path);
    return index_entries();
}

bool IndexFile::remove(const std::string& path) {
    const std::size_t i = lower_bound(path);
    if (i == entries_.size() || entries_[i].path != path) return true;
    if (entries_[i].stage != 0) return false;
    data_.erase(entries_[i].offset, entries_[i].size);
    set32(data_, 8, be32(data_.data() + 8) - 1);
    invalid_.push_back(path);
    return index_entries();
}

std::vector<std::string_view> IndexFile::pieces(std::vector<std::string>& storage) const {
    storage.clear();
    storage.reserve(3); // at most three strings: the views below must not move
    std::vector<std::string_view> out{data_};
    if (!tree_.empty()) {
        // A damaged cache-tree is dropped: git rebuilds it.
        if (auto payload = invalidate_tree(tree_, invalid_)) {
            std::string head = "TREE";
            put32(head, static_cast<std::uint32_t>(payload->size()));
            storage.push_back(std::move(head));
            storage.push_back(std::move(*payload));
            out.emplace_back(storage[0]);
            out.emplace_back(storage[1]);
        }
    }
    for (const auto& ext : kept_)
        out.emplace_back(ext);
    unsigned char digest[SHA_DIGEST_LENGTH];
    SHA_CTX ctx;
    SHA1_Init(&ctx);
    for (const auto piece : out)
        SHA1_Update(&ctx, piece.data(), piece.size());
    SHA1_Final(digest, &ctx);
    storage.emplace_back(reinterpret_cast<const char*>(digest), sizeof digest);
    out.emplace_back(storage.back());
    return out;
}

void IndexFile::write(const std::filesystem::path& path) const {
    std::vector<std::string> storage;
    util::write_file_atomic(path, pieces(storage));
}

std::string IndexFile::bytes() const {
    std::vector<std::string> storage;
    std::string out;
    for (const auto piece : pieces(storage))
        out.append(piece);
    return out;
}

} // namespace sop::git
