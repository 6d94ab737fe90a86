#include "ticket/cache.hpp"

#include "ticket/id.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/text.hpp"

#include <iostream>
#include <unordered_map>

namespace sop::ticket {
namespace {

constexpr std::string_view magic = "sop-ticket-cache 5";

// Fields are separated by tabs; escaped tabs are "\\t", so a raw tab always separates.
std::vector<std::string> split_row(std::string_view line) {
    std::vector<std::string> out;
    out.reserve(Summary::columns().size() + 3);
    for (std::size_t start = 0;;) {
        const std::size_t tab = line.find('\t', start);
        out.push_back(util::tsv_unescape(line.substr(start, tab - start)));
        if (tab == std::string_view::npos) return out;
        start = tab + 1;
    }
}

struct Shard {
    std::string tree;                                     // hex id
    std::vector<std::pair<std::string, Summary>> tickets; // blob id, summary
};

struct CacheFile {
    std::string tickets_tree;
    std::vector<std::pair<std::string, Shard>> shards; // in tree order
};

// Splits a row into `out`, reusing its strings.
void split_into(std::string_view line, std::vector<std::string>& out) {
    std::size_t n = 0;
    for (std::size_t start = 0;; ++n) {
        const std::size_t tab = line.find('\t', start);
        const std::string_view field = line.substr(start, tab - start);
        if (n == out.size()) out.emplace_back();
        if (field.find('\\') == std::string_view::npos)
            out[n].assign(field);
        else
            out[n] = util::tsv_unescape(field);
        if (tab == std::string_view::npos) break;
        start = tab + 1;
    }
    out.resize(n + 1);
}

// The next complete line of `rest` (without its '\n'); false at the end or at a torn last line.
bool next_line(std::string_view& rest, std::string_view& line) {
    const auto nl = rest.find('\n');
    if (nl == std::string_view::npos) return false;
    line = rest.substr(0, nl);
    rest.remove_prefix(nl + 1);
    return true;
}

// A cache whose tree is `tree`, read straight into `out` (the rows `keep` accepts); false when
// the file is not that cache or is damaged (then `out` is left empty).
bool stream_cache(std::string_view rest, const std::string& tree, bool archived, const Keep& keep,
                  std::vector<Summary>& out, CacheStats& st) {
    auto next = [&](std::string_view& line) { return next_line(rest, line); };
    std::string_view line;
    if (!next(line) || line != magic || !next(line) || line.substr(0, 5) != "tree " ||
        line.substr(5) != tree)
        return false;
    const std::size_t columns = Summary::columns().size() + 2; // marks, incident
    std::vector<std::string> fields(columns + 1);
    Summary s;
    s.archived = archived;
    while (next(line)) {
        if (line == "end") return true;
        if (line.starts_with("shard\t")) continue;
        split_into(line, fields);
        if (fields.size() != columns + 1) break;
        s.set_values(fields, 1); // after the blob id
        ++st.reused;
        if (!keep || keep(s)) out.push_back(s);
    }
    out.clear();
    st.reused = 0;
    return false;
}

// Reads the cache; an empty result when it is missing, from another version, or damaged.
CacheFile read_cache(const std::optional<std::string>& text) {
    CacheFile c;
    if (!text) return c;
    std::string_view rest = *text;
    auto next = [&](std::string_view& line) { return next_line(rest, line); };
    std::string_view line;
    if (!next(line) || line != magic || !next(line) || !line.starts_with("tree ")) return {};
    c.tickets_tree = std::string(line.substr(5));
    const std::size_t columns = Summary::columns().size() + 2; // marks, incident
    while (next(line)) {
        if (line == "end") return c;
        const auto f = split_row(line);
        if (f.size() == 4 && f[0] == "shard") {
            Shard s{f[2], {}};
            const std::size_t count = std::stoul(f[3]);
            for (std::size_t i = 0; i < count; ++i) {
                if (!next(line)) return {};
                auto row = split_row(line);
                if (row.size() != columns + 1) return {};
                std::string blob = std::move(row.front());
                row.erase(row.begin());
                s.tickets.emplace_back(std::move(blob), Summary::from_values(row));
            }
            c.shards.emplace_back(f[1], std::move(s));
        } else {
            return {};
        }
    }
    return {}; // no "end": truncated
}

void write_cache(const std::filesystem::path& path, const CacheFile& c) {
    std::string out(magic);
    out += "\ntree " + c.tickets_tree + "\n";
    for (const auto& [name, shard] : c.shards) {
        out += "shard\t" + name + "\t" + shard.tree + "\t" + std::to_string(shard.tickets.size()) +
               "\n";
        for (const auto& [blob, s] : shard.tickets) {
            out += blob;
            for (const auto& v : s.stored_values())
                out += "\t" + util::tsv_escape(v);
            out += '\n';
        }
    }
    out += "end\n";
    try {
        util::write_file_atomic(path, out);
    } catch (const Error&) {
        // A read-only repository still lists; it just does not keep the cache.
    }
}

std::vector<Summary> cached_summaries(const git::Repo& repo, const git::Snapshot& branch,
                                      const std::filesystem::path& cache_path, bool archived,
                                      CacheStats* stats, const Keep& keep) {
    CacheStats local;
    CacheStats& st = stats ? *stats : local;
    std::vector<Summary> out;
    const auto tickets_id = branch.entry_id(std::string(tickets_dir));
    if (!tickets_id) return out;
    const std::string tickets_hex = git::oid_str(*tickets_id);

    std::optional<std::string> cache_text;
    try {
        cache_text = util::read_file(cache_path);
    } catch (const std::exception&) {
        // Unreadable (a directory, say): rebuilt, as when it is missing.
    }
    if (cache_text && stream_cache(*cache_text, tickets_hex, archived, keep, out, st)) {
        st.tree_hit = true;
        return out;
    }
    CacheFile cached;
    try {
        cached = read_cache(cache_text);
    } catch (const std::exception&) {
        cached = {};
    }

    std::unordered_map<std::string, const Shard*> old_shards;
    std::unordered_map<std::string, const Summary*> old_blobs;
    for (const auto& [name, shard] : cached.shards) {
        old_shards.emplace(name, &shard);
        for (const auto& [blob, s] : shard.tickets)
            old_blobs.emplace(blob, &s);
    }

    CacheFile fresh{tickets_hex, {}};
    const auto lookup_tree = [&](const git_oid* id, const std::string& what) {
        git_tree* raw = nullptr;
        git::check(git_tree_lookup(&raw, repo.raw(), id), "cannot read " + what);
        return git::TreePtr(raw);
    };
    const git::TreePtr tickets = lookup_tree(&*tickets_id, "tickets/");
    // tickets/<first>/<second>/<ID>.yaml; a shard is "<first>/<second>".
    for (std::size_t i = 0; i < git_tree_entrycount(tickets.get()); ++i) {
        const git_tree_entry* top = git_tree_entry_byindex(tickets.get(), i);
        if (git_tree_entry_type(top) != GIT_OBJECT_TREE) continue;
        const std::string first = git_tree_entry_name(top);
        const git::TreePtr level1 = lookup_tree(git_tree_entry_id(top), "tickets/" + first);
        for (std::size_t k = 0; k < git_tree_entrycount(level1.get()); ++k) {
            const git_tree_entry* e = git_tree_entry_byindex(level1.get(), k);
            if (git_tree_entry_type(e) != GIT_OBJECT_TREE) continue;
            const std::string name = first + "/" + git_tree_entry_name(e);
            const std::string shard_hex = git::oid_str(*git_tree_entry_id(e));
            if (auto it = old_shards.find(name);
                it != old_shards.end() && it->second->tree == shard_hex) {
                fresh.shards.emplace_back(name, *it->second);
                st.reused += it->second->tickets.size();
                continue;
            }
            Shard shard{shard_hex, {}};
            const git::TreePtr sub = lookup_tree(git_tree_entry_id(e), "tickets/" + name);
            for (std::size_t j = 0; j < git_tree_entrycount(sub.get()); ++j) {
                const git_tree_entry* te = git_tree_entry_byindex(sub.get(), j);
                const std::string file = git_tree_entry_name(te);
                if (git_tree_entry_type(te) != GIT_OBJECT_BLOB || !file.ends_with(".yaml"))
                    continue;
                const std::string blob_hex = git::oid_str(*git_tree_entry_id(te));
                if (auto it = old_blobs.find(blob_hex); it != old_blobs.end()) {
                    shard.tickets.emplace_back(blob_hex, *it->second);
                    ++st.reused;
                    continue;
                }
                const std::string path = std::string(tickets_dir) + "/" + name + "/" + file;
                try {
                    git_blob* braw = nullptr;
                    git::check(git_blob_lookup(&braw, repo.raw(), git_tree_entry_id(te)),
                               "cannot read " + path);
                    git::BlobPtr blob(braw);
                    const std::string_view text(
                        static_cast<const char*>(git_blob_rawcontent(blob.get())),
                        static_cast<std::size_t>(git_blob_rawsize(blob.get())));
                    // Listing parses but does not validate: `sop validate` is the place for that.
                    const Summary summary = summarize(yaml::parse(text, path));
                    if (summary.id + ".yaml" != file)
                        throw InvalidError(path + ": id '" + summary.id +
                                           "' does not match the path");
                    shard.tickets.emplace_back(blob_hex, summary);
                    ++st.parsed;
                } catch (const Error& err) {
                    ++st.invalid;
                    std::cerr << "sop: warning: " << err.what() << " (skipped)\n";
                }
            }
            fresh.shards.emplace_back(name, std::move(shard));
        }
    }
    write_cache(cache_path, fresh);
    for (auto& [_, shard] : fresh.shards)
        for (auto& [blob, s] : shard.tickets) {
            s.archived = archived;
            if (!keep || keep(s)) out.push_back(std::move(s));
        }
    return out;
}

// The cache file of `branch`: `name` for a branch at its tip, `name`-past for anything else (a
// past commit read by `sop report --at`), so that looking into the past leaves the cache of
// the present alone.
std::filesystem::path cache_file(const git::Repo& repo, const git::Snapshot& branch,
                                 const char* name) {
    git_oid tip;
    const bool current =
        !branch.commit() ||
        (git_reference_name_to_id(&tip, repo.raw(), branch.branch().c_str()) == 0 &&
         git_oid_equal(&tip, &*branch.commit()));
    return repo.sop_dir() / "cache" / (std::string(name) + (current ? "" : "-past"));
}

} // namespace

std::vector<Summary> summaries(const git::Repo& repo, const git::Snapshot& head,
                               CacheStats* stats) {
    return cached_summaries(repo, head, cache_file(repo, head, "tickets"), false, stats, {});
}

std::vector<Summary> archived_summaries(const git::Repo& repo, const git::Snapshot& archive,
                                        CacheStats* stats, const Keep& keep) {
    return cached_summaries(repo, archive, cache_file(repo, archive, "archive"), true, stats, keep);
}

} // namespace sop::ticket
