#include "verify/versions.hpp"

#include "git/repo.hpp"
#include "util/error.hpp"
#include "verify/tree_diff.hpp"

namespace sop::verify {
namespace {

// Parsed versions kept at most; past it the cache starts again. Enough for the tickets a range
// of commits works on at a time, small against the memory budget (DESIGN §7).
constexpr std::size_t kept_documents = 4096;

} // namespace

std::string Versions::text(const git_oid& blob) const {
    git_blob* raw = nullptr;
    git::check(git_blob_lookup(&raw, repo_, &blob), "cannot read blob " + git::oid_str(blob));
    const git::BlobPtr b(raw);
    const auto size = static_cast<std::size_t>(git_blob_rawsize(b.get()));
    if (size > yaml::Limits{}.max_bytes)
        throw InvalidError("blob " + git::oid_str(blob) + " is too large (" + std::to_string(size) +
                           " bytes, the limit is " + std::to_string(yaml::Limits{}.max_bytes) +
                           ")");
    return std::string(static_cast<const char*>(git_blob_rawcontent(b.get())), size);
}

std::shared_ptr<const Json> Versions::doc(const git_oid& blob) {
    if (const auto it = docs_.find(blob); it != docs_.end()) return it->second;
    std::shared_ptr<const Json> parsed;
    try {
        auto d = std::make_shared<Json>(yaml::parse(text(blob), git::oid_str(blob)));
        if (d->is_object()) parsed = std::move(d);
    } catch (const Error&) {
        // null: the checks of the file report what is wrong with it
    }
    if (docs_.size() >= kept_documents) docs_.clear();
    docs_.emplace(blob, parsed);
    return parsed;
}

Configs::Found Configs::at(git_tree* tree) {
    const std::string path(config::path);
    const auto blob = blob_at(tree, path);
    if (!blob) return {nullptr, "the parent commit has no " + path};
    auto it = loaded_.find(*blob);
    if (it == loaded_.end()) {
        Entry e;
        try {
            git_tree* copy = nullptr;
            git::check(git_tree_dup(&copy, tree), "cannot read a tree");
            const git::Snapshot snap(repo_, "the parent commit", std::nullopt, git::TreePtr(copy));
            e.config = config::load(snap);
        } catch (const Error& err) {
            e.why = "the parent commit's " + path + " is invalid (" + err.what() + ")";
        }
        it = loaded_.emplace(*blob, std::move(e)).first;
    }
    if (!it->second.config) return {nullptr, it->second.why};
    return {&*it->second.config, {}};
}

} // namespace sop::verify
