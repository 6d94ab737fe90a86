#include "kb/catalog.hpp"

#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/text.hpp"
#include "yaml/yaml.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>

namespace sop::kb {
namespace {

// Bump a magic line whenever what its file holds would change for the same blobs or tree: the
// row layout, what kb::parse accepts, document_of, the tokenizer or the field weights (the
// index's own version is in search.cpp).
constexpr std::string_view catalog_magic = "sop-kb-catalog 1";
constexpr std::string_view text_magic = "sop-kb-text 1";

// ---- reading and writing rows ---------------------------------------------------------------

// The next complete line of `rest` (without its '\n'); false at the end or at a torn last line.
bool next_line(std::string_view& rest, std::string_view& line) {
    const auto nl = rest.find('\n');
    if (nl == std::string_view::npos) return false;
    line = rest.substr(0, nl);
    rest.remove_prefix(nl + 1);
    return true;
}

// The raw fields of a row; a raw tab always separates (util::tsv_escape writes tabs as "\t").
void split_fields(std::string_view line, std::vector<std::string_view>& out) {
    out.clear();
    for (std::size_t start = 0;;) {
        const std::size_t tab = line.find('\t', start);
        out.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
        if (tab == std::string_view::npos) return;
        start = tab + 1;
    }
}

// A damaged file: the caller starts over without it.
struct Damaged {};

template <class Int> Int number(std::string_view field) {
    Int v{};
    const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), v);
    if (ec != std::errc() || end != field.data() + field.size()) throw Damaged{};
    return v;
}

void add_field(std::string& out, std::string_view value) {
    out += '\t';
    out += util::tsv_escape(value);
}

bool is_hex_id(std::string_view s) {
    if (s.size() != 40) return false;
    unsigned bad = 0;
    for (const char c : s)
        bad |= static_cast<unsigned>(!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')));
    return bad == 0;
}

// ---- the files ------------------------------------------------------------------------------

// One article file as the catalog file records it.
struct Row {
    std::string file, blob;
    std::optional<Entry> entry; // nullopt: the file could not be read, `why` says why
    std::string why;
};

struct CatalogFile {
    std::string tree;
    std::vector<Row> rows;
    std::unordered_map<std::string, std::string> served; // published blob → why ("" = reads)
};

// a  FILE BLOB ID STATUS TITLE CATEGORY AUTHOR UPDATED VERSION PUB_VERSION PUB_BLOB SERVED
//    NK KEYWORD... NT TICKET...
// x  FILE BLOB WHY
// s  BLOB WHY
std::string catalog_bytes(const CatalogFile& c) {
    std::string out(catalog_magic);
    out += "\ntree " + c.tree + "\n";
    for (const auto& r : c.rows) {
        if (!r.entry) {
            out += "x";
            for (const auto& v : {r.file, r.blob, r.why})
                add_field(out, v);
            out += '\n';
            continue;
        }
        const Entry& e = *r.entry;
        out += "a";
        for (const auto& v :
             {r.file, r.blob, e.id, e.status, e.title, e.category, e.author, e.updated_at,
              std::to_string(e.version), std::to_string(e.published_version), e.published_blob,
              std::string(e.served ? "1" : "0")})
            add_field(out, v);
        add_field(out, std::to_string(e.keywords.size()));
        for (const auto& k : e.keywords)
            add_field(out, k);
        add_field(out, std::to_string(e.tickets.size()));
        for (const auto& t : e.tickets)
            add_field(out, t);
        out += '\n';
    }
    std::vector<std::pair<std::string, std::string>> served(c.served.begin(), c.served.end());
    std::sort(served.begin(), served.end());
    for (const auto& [blob, why] : served) {
        out += "s";
        add_field(out, blob);
        add_field(out, why);
        out += '\n';
    }
    out += "end\n";
    return out;
}

// The Entry of an 'a' row (its fields, the "a" first) into `e`; only checks the row when `e` is
// nullptr. Throws Damaged when the row is malformed.
void read_entry(const std::vector<std::string_view>& f, Entry* e) {
    if (f.size() < 15 || !is_hex_id(f[2]) || f[3].find('\\') != std::string_view::npos)
        throw Damaged{};
    const auto version = number<std::int64_t>(f[9]);
    const auto published_version = number<std::int64_t>(f[10]);
    std::size_t at = 13;
    const auto list = [&](std::vector<std::string>* out) {
        if (at >= f.size()) throw Damaged{};
        const auto n = number<std::size_t>(f[at++]);
        if (n > f.size() - at) throw Damaged{};
        if (out) {
            out->reserve(n);
            for (std::size_t i = 0; i < n; ++i)
                out->push_back(util::tsv_unescape(f[at + i]));
        }
        at += n;
    };
    list(e ? &e->keywords : nullptr);
    list(e ? &e->tickets : nullptr);
    if (at != f.size()) throw Damaged{};
    if (!e) return;
    e->blob = std::string(f[2]);
    e->id = std::string(f[3]);
    e->status = util::tsv_unescape(f[4]);
    e->title = util::tsv_unescape(f[5]);
    e->category = util::tsv_unescape(f[6]);
    e->author = util::tsv_unescape(f[7]);
    e->updated_at = util::tsv_unescape(f[8]);
    e->version = version;
    e->published_version = published_version;
    e->published_blob = util::tsv_unescape(f[11]);
    e->served = f[12] == "1";
}

// The catalog in `text`; nullopt when it is not a catalog file or is damaged.
std::optional<CatalogFile> read_catalog(std::string_view rest) {
    std::string_view line;
    if (!next_line(rest, line) || line != catalog_magic || !next_line(rest, line) ||
        !line.starts_with("tree "))
        return std::nullopt;
    CatalogFile c;
    c.tree = std::string(line.substr(5));
    c.rows.reserve(static_cast<std::size_t>(std::count(rest.begin(), rest.end(), '\n')));
    std::vector<std::string_view> f;
    try {
        while (next_line(rest, line)) {
            if (line == "end") return c;
            split_fields(line, f);
            if (f[0] == "a") {
                Row& r = c.rows.emplace_back();
                read_entry(f, &r.entry.emplace());
                r.file = util::tsv_unescape(f[1]);
                r.blob = r.entry->blob;
            } else if (f[0] == "x" && f.size() == 4) {
                c.rows.push_back({util::tsv_unescape(f[1]), std::string(f[2]), std::nullopt,
                                  util::tsv_unescape(f[3])});
            } else if (f[0] == "s" && f.size() == 3) {
                c.served.emplace(std::string(f[1]), util::tsv_unescape(f[2]));
            } else {
                return std::nullopt;
            }
        }
    } catch (const Damaged&) {
        return std::nullopt;
    }
    return std::nullopt; // no "end": truncated
}

// A catalog file read for a warm open: checked whole, but its articles' rows are kept as they
// are (views into the file's text) and made into entries only when asked for.
struct WarmCatalog {
    std::vector<std::pair<std::string_view, std::string_view>> rows; // (ID, row), by ID
    std::vector<std::string> problems;                               // of the 'x' rows
    std::unordered_map<std::string, std::string> served;             // as in CatalogFile
};

// The catalog of `tree` in `text`; nullopt when it is another tree's, or not a catalog file, or
// damaged.
std::optional<WarmCatalog> read_warm_catalog(std::string_view rest, std::string_view tree) {
    std::string_view line;
    if (!next_line(rest, line) || line != catalog_magic || !next_line(rest, line) ||
        line.substr(0, 5) != "tree " || line.substr(5) != tree)
        return std::nullopt;
    WarmCatalog c;
    c.rows.reserve(static_cast<std::size_t>(std::count(rest.begin(), rest.end(), '\n')));
    std::vector<std::string_view> f;
    try {
        while (next_line(rest, line)) {
            if (line == "end") {
                const auto by_id = [](const auto& a, const auto& b) { return a.first < b.first; };
                if (!std::is_sorted(c.rows.begin(), c.rows.end(), by_id))
                    std::sort(c.rows.begin(), c.rows.end(), by_id);
                return c;
            }
            split_fields(line, f);
            if (f[0] == "a") {
                read_entry(f, nullptr);
                c.rows.emplace_back(f[3], line);
            } else if (f[0] == "x" && f.size() == 4) {
                c.problems.push_back(util::tsv_unescape(f[3]));
            } else if (f[0] == "s" && f.size() == 3) {
                c.served.emplace(std::string(f[1]), util::tsv_unescape(f[2]));
            } else {
                return std::nullopt;
            }
        }
    } catch (const Damaged&) {
        return std::nullopt;
    }
    return std::nullopt;
}

// The Entry of a row that read_warm_catalog checked.
Entry entry_of_row(std::string_view line) {
    std::vector<std::string_view> f;
    split_fields(line, f);
    Entry e;
    read_entry(f, &e);
    return e;
}

// The searchable text of one blob: a Document without id or flags.
using Texts = std::unordered_map<std::string, Document>;

// BLOB STATUS TEXT×field_count
std::string text_bytes(const std::vector<std::pair<std::string, const Document*>>& texts) {
    std::string out(text_magic);
    out += '\n';
    for (const auto& [blob, doc] : texts) {
        out += blob;
        add_field(out, doc->status);
        for (const auto& t : doc->text)
            add_field(out, t);
        out += '\n';
    }
    out += "end\n";
    return out;
}

std::optional<Texts> read_texts(std::string_view rest) {
    std::string_view line;
    if (!next_line(rest, line) || line != text_magic) return std::nullopt;
    Texts out;
    std::vector<std::string_view> f;
    while (next_line(rest, line)) {
        if (line == "end") return out;
        split_fields(line, f);
        if (f.size() != 2 + field_count || !is_hex_id(f[0])) return std::nullopt;
        Document d;
        d.status = util::tsv_unescape(f[1]);
        for (std::size_t i = 0; i < field_count; ++i)
            d.text[i] = util::tsv_unescape(f[2 + i]);
        out.emplace(std::string(f[0]), std::move(d));
    }
    return std::nullopt;
}

std::optional<std::string> read_cache_file(const std::filesystem::path& path) {
    try {
        return util::read_file(path);
    } catch (const std::exception&) {
        return std::nullopt; // unreadable (a directory, say): rebuilt, as when it is missing
    }
}

void write_cache_file(const std::filesystem::path& path, std::string_view bytes) {
    try {
        util::write_file_atomic(path, bytes);
    } catch (const Error&) {
        // A read-only repository still searches; it just does not keep the cache.
    }
}

// ---- articles -------------------------------------------------------------------------------

std::optional<std::string> read_blob(git_repository* repo, const git_oid& id) {
    git_blob* raw = nullptr;
    if (git_blob_lookup(&raw, repo, &id) != 0) return std::nullopt;
    const git::BlobPtr blob(raw);
    return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                       static_cast<std::size_t>(git_blob_rawsize(blob.get())));
}

std::optional<std::string> read_blob(git_repository* repo, const std::string& hex) {
    git_oid id;
    if (!is_hex_id(hex) || git_oid_fromstr(&id, hex.c_str()) != 0) return std::nullopt;
    return read_blob(repo, id);
}

Entry entry_of(const Json& doc) {
    Entry e;
    e.id = id_of(doc);
    e.status = status_of(doc);
    e.title = str(doc, "title");
    e.category = str(doc, "category");
    e.author = str(doc, "author");
    if (const auto it = doc.find("events"); it != doc.end() && it->is_array() && !it->empty())
        e.updated_at = str(it->back(), "at");
    if (const auto it = doc.find("version"); it != doc.end() && it->is_number_integer())
        e.version = it->get<std::int64_t>();
    const auto strings = [](const Json& v, std::vector<std::string>& out) {
        if (v.is_array())
            for (const auto& item : v)
                if (item.is_string()) out.push_back(item.get<std::string>());
    };
    if (const auto it = doc.find("keywords"); it != doc.end()) strings(*it, e.keywords);
    if (const auto it = doc.find("links"); it != doc.end() && it->is_object())
        if (const auto t = it->find("tickets"); t != it->end()) strings(*t, e.tickets);
    if (const auto it = doc.find("published"); it != doc.end() && it->is_object()) {
        if (const auto v = it->find("version"); v != it->end() && v->is_number_integer())
            e.published_version = v->get<std::int64_t>();
        e.published_blob = str(*it, "blob");
    }
    e.served = serves_current_text(doc);
    return e;
}

// An error message that names `path` first.
std::string problem(const std::string& path, const std::string& what) {
    return what.starts_with(path + ":") ? what : path + ": " + what;
}

std::string published_problem(const Entry& e, const std::string& why) {
    return path_of(e.id) + ": published.blob: " + why;
}

// The cache file `name` of `snap`: `name` for a branch at its tip, `name`-past for anything
// else (a past commit), so that looking into the past leaves the cache of the present alone.
std::filesystem::path cache_file(const git::Repo& repo, const git::Snapshot& snap,
                                 const std::string& name) {
    git_oid tip;
    const bool current =
        !snap.commit() || (git_reference_name_to_id(&tip, repo.raw(), snap.branch().c_str()) == 0 &&
                           git_oid_equal(&tip, &*snap.commit()));
    return repo.sop_dir() / "cache" / (name + (current ? "" : "-past"));
}

} // namespace

struct Catalog::Impl {
    git_repository* repo = nullptr;
    std::filesystem::path catalog_path, text_path, index_path;
    std::string tree; // hex id of the kb/ tree; "" when there is none
    // The articles, by ID. After a warm open they are made from the rows of the catalog file
    // (`catalog_text`, kept; `lazy` holds each article's ID and row, by ID) when first asked
    // for: all of them by all(), or one at a time by find() (into `single`).
    std::string catalog_text;
    std::vector<std::pair<std::string_view, std::string_view>> lazy;
    mutable std::vector<Entry> entries;
    mutable bool complete = true; // entries holds every article
    mutable std::map<std::string, Entry, std::less<>> single;
    std::vector<std::string> problems;
    std::unordered_map<std::string, std::string> served_why; // published blob → why it fails
    Texts texts;                                             // blobs parsed by this process
    mutable Stats stats;
    mutable std::optional<Index> index;

    std::string index_key() const { return "tree " + tree; }

    const std::vector<Entry>& all() const {
        if (!complete) {
            entries.reserve(lazy.size());
            for (const auto& [id, row] : lazy)
                entries.push_back(entry_of_row(row));
            complete = true;
        }
        return entries;
    }

    const Entry* find(std::string_view id) const {
        if (complete) {
            const auto it =
                std::lower_bound(entries.begin(), entries.end(), id,
                                 [](const Entry& a, std::string_view b) { return a.id < b; });
            return it != entries.end() && it->id == id ? &*it : nullptr;
        }
        const auto it =
            std::lower_bound(lazy.begin(), lazy.end(), id,
                             [](const auto& a, std::string_view b) { return a.first < b; });
        if (it == lazy.end() || it->first != id) return nullptr;
        const auto [made, fresh] = single.try_emplace(std::string(id));
        if (fresh) made->second = entry_of_row(it->second);
        return &made->second;
    }

    // Problems of served versions that do not read: one per article that names them.
    void add_served_problems() {
        for (const auto& [blob, why] : served_why)
            for (const auto& e : all())
                if (e.published_blob == blob) problems.push_back(published_problem(e, why));
        std::sort(problems.begin(), problems.end());
    }

    // A warm open: true when the catalog file `text` is this tree's.
    bool take_warm(std::string&& text) {
        catalog_text = std::move(text);
        auto c = read_warm_catalog(catalog_text, tree);
        if (!c) {
            text = std::move(catalog_text); // for the caller to reuse its rows
            catalog_text.clear();
            return false;
        }
        lazy = std::move(c->rows);
        complete = lazy.empty();
        problems = std::move(c->problems);
        for (auto& [blob, why] : c->served)
            if (!why.empty()) served_why.emplace(blob, std::move(why));
        stats.tree_hit = true;
        stats.reused = lazy.size() + problems.size();
        add_served_problems();
        return true;
    }

    // Entries and problems from the rows of a catalog of this tree.
    void take(CatalogFile&& c) {
        entries.reserve(c.rows.size());
        for (auto& r : c.rows) {
            if (r.entry)
                entries.push_back(std::move(*r.entry));
            else
                problems.push_back(std::move(r.why));
        }
        const auto by_id = [](const Entry& a, const Entry& b) { return a.id < b.id; };
        if (!std::is_sorted(entries.begin(), entries.end(), by_id))
            std::sort(entries.begin(), entries.end(), by_id);
        for (const auto& [blob, why] : c.served)
            if (!why.empty()) served_why.emplace(blob, why);
        add_served_problems();
    }

    // Parses the text of the served version in `blob`: its text goes to `texts`; "" or why not.
    std::string parse_served(const Entry& e) {
        const std::string version = std::to_string(e.published_version);
        const std::string source = path_of(e.id) + " (published version " + version + ")";
        const auto text = read_blob(repo, e.published_blob);
        if (!text)
            return "no blob " + e.published_blob + " in this repository (fetch the history " +
                   "that holds version " + version + ")";
        try {
            Document d = document_of(yaml::parse(*text, source));
            texts.insert_or_assign(e.published_blob, std::move(d));
            return {};
        } catch (const std::exception& err) {
            return err.what();
        }
    }

    void open(const git::Snapshot& snap) {
        const auto kb_id = snap.entry_id(std::string(kb_dir));
        git_tree* raw = nullptr;
        if (!kb_id || git_tree_lookup(&raw, repo, &*kb_id) != 0) return; // no kb/ folder
        const git::TreePtr kb_tree(raw);
        tree = git::oid_str(*kb_id);

        auto cached = read_cache_file(catalog_path);
        if (cached && take_warm(std::move(*cached))) return;
        CatalogFile old;
        if (cached)
            if (auto c = read_catalog(*cached)) old = std::move(*c);
        std::unordered_map<std::string, Row*> old_rows; // file + "\t" + blob
        for (auto& r : old.rows)
            old_rows.emplace(r.file + "\t" + r.blob, &r);

        CatalogFile fresh;
        fresh.tree = tree;
        fresh.rows.reserve(git_tree_entrycount(kb_tree.get()));
        for (std::size_t i = 0; i < git_tree_entrycount(kb_tree.get()); ++i) {
            const git_tree_entry* te = git_tree_entry_byindex(kb_tree.get(), i);
            const std::string file = git_tree_entry_name(te);
            if (git_tree_entry_type(te) != GIT_OBJECT_BLOB || !file.ends_with(".yaml")) continue;
            const std::string blob = git::oid_str(*git_tree_entry_id(te));
            if (const auto it = old_rows.find(file + "\t" + blob); it != old_rows.end()) {
                fresh.rows.push_back(std::move(*it->second));
                ++stats.reused;
                continue;
            }
            const std::string path = std::string(kb_dir) + "/" + file;
            Row row{file, blob, std::nullopt, {}};
            try {
                const auto text = read_blob(repo, *git_tree_entry_id(te));
                if (!text) throw Error(path + ": cannot read blob " + blob);
                const Json doc = parse(*text, path, path);
                row.entry = entry_of(doc);
                row.entry->blob = blob;
                texts.insert_or_assign(blob, document_of(doc));
            } catch (const std::exception& err) {
                row.why = problem(path, err.what());
            }
            ++stats.parsed;
            fresh.rows.push_back(std::move(row));
        }
        // The served earlier versions: known ones as they were, new ones parsed.
        for (const auto& r : fresh.rows) {
            if (!r.entry || r.entry->published_blob.empty()) continue;
            const std::string& blob = r.entry->published_blob;
            if (fresh.served.contains(blob)) continue;
            if (const auto it = old.served.find(blob); it != old.served.end()) {
                fresh.served.emplace(blob, it->second);
                continue;
            }
            fresh.served.emplace(blob, parse_served(*r.entry));
            ++stats.parsed;
        }
        write_cache_file(catalog_path, catalog_bytes(fresh));
        take(std::move(fresh));
    }

    // The documents of the index, in order: each article's current text, then its served
    // earlier version when it has one (at most one served document per article).
    std::vector<Index::Slot> slots() const {
        std::vector<Index::Slot> out;
        for (const auto& e : all()) {
            out.push_back({e.id, e.blob, true, e.served});
            if (!e.published_blob.empty() && !e.served && e.status != status_retired &&
                !served_why.contains(e.published_blob))
                out.push_back({e.id, e.published_blob, false, true});
        }
        return out;
    }

    // Texts by blob id: this process's parses, else the kb-text file (read on first need), else
    // the blob itself (a kb-text that is damaged, older, or was never written).
    class TextSource {
      public:
        explicit TextSource(const Impl& impl) : impl_(impl) {}

        const Document* get(const std::string& blob) {
            if (const auto it = impl_.texts.find(blob); it != impl_.texts.end()) return &it->second;
            load();
            if (const auto it = stored_.find(blob); it != stored_.end()) return &it->second;
            ++impl_.stats.texts_parsed;
            const auto text = read_blob(impl_.repo, blob);
            if (!text) return nullptr; // gone since the catalog was made: nothing to search
            try {
                return &reparsed_.insert_or_assign(blob, document_of(yaml::parse(*text, blob)))
                            .first->second;
            } catch (const std::exception&) {
                return nullptr;
            }
        }

        // Without reading or parsing anything: this process's parses, or kb-text if read.
        const Document* known(const std::string& blob) const {
            if (const auto it = impl_.texts.find(blob); it != impl_.texts.end()) return &it->second;
            if (const auto it = stored_.find(blob); it != stored_.end()) return &it->second;
            if (const auto it = reparsed_.find(blob); it != reparsed_.end()) return &it->second;
            return nullptr;
        }

        // Rewrites kb-text to hold exactly the texts of `slots` when it does not already, and
        // all of them are at hand (then nothing is read or parsed for it).
        void refresh(const std::vector<Index::Slot>& slots) {
            if (!loaded_ && std::filesystem::exists(impl_.text_path)) return; // not ours to judge
            std::vector<std::pair<std::string, const Document*>> used;
            for (const auto& slot : slots) {
                const Document* d = known(slot.key);
                if (!d) return;
                used.emplace_back(slot.key, d);
            }
            std::sort(used.begin(), used.end());
            used.erase(std::unique(used.begin(), used.end(),
                                   [](const auto& a, const auto& b) { return a.first == b.first; }),
                       used.end());
            if (loaded_ && stored_ok_ && stored_.size() == used.size() &&
                std::all_of(used.begin(), used.end(),
                            [&](const auto& u) { return stored_.contains(u.first); }))
                return;
            write_cache_file(impl_.text_path, text_bytes(used));
        }

      private:
        void load() {
            if (loaded_) return;
            loaded_ = true;
            if (const auto bytes = read_cache_file(impl_.text_path))
                if (auto t = read_texts(*bytes)) {
                    stored_ = std::move(*t);
                    stored_ok_ = true;
                }
        }

        const Impl& impl_;
        Texts stored_, reparsed_;
        bool loaded_ = false, stored_ok_ = false;
    };

    std::vector<Document> documents() const {
        std::vector<Document> out;
        if (tree.empty()) return out;
        const auto wanted = slots();
        TextSource source(*this);
        out.reserve(wanted.size());
        for (const auto& slot : wanted) {
            const Document* t = source.get(slot.key);
            if (!t) continue;
            Document d = *t;
            d.id = slot.id;
            if (slot.current)
                if (const Entry* e = find(slot.id)) d.status = e->status;
            d.current = slot.current;
            d.served = slot.served;
            out.push_back(std::move(d));
        }
        source.refresh(wanted);
        return out;
    }

    // The cached index of this tree; else one assembled from the cached index of another tree
    // (only the documents whose blob changed are tokenized), or built from the texts.
    const Index& get_index() const {
        if (index) return *index;
        if (tree.empty()) return index.emplace();
        std::optional<Index> base;
        if (auto bytes = read_cache_file(index_path)) {
            if (const auto key = Index::key_of(*bytes)) {
                const bool ours = *key == index_key();
                base = Index::from_bytes(std::move(*bytes), *key);
                if (base && ours) {
                    stats.index_loaded = true;
                    return index.emplace(std::move(*base));
                }
            }
        }
        const auto wanted = slots();
        TextSource source(*this);
        index.emplace(Index::assemble(wanted, base ? &*base : nullptr,
                                      [&](std::size_t i) { return source.get(wanted[i].key); }));
        write_cache_file(index_path, index->to_bytes(index_key()));
        source.refresh(wanted);
        return *index;
    }
};

Catalog Catalog::open(const git::Repo& repo, const git::Snapshot& snap) {
    Catalog c;
    c.d_->repo = repo.raw();
    c.d_->catalog_path = cache_file(repo, snap, "kb");
    c.d_->text_path = cache_file(repo, snap, "kb-text");
    c.d_->index_path = cache_file(repo, snap, "kb-index");
    c.d_->open(snap);
    return c;
}

Catalog::Catalog() : d_(std::make_unique<Impl>()) {}
Catalog::~Catalog() = default;
Catalog::Catalog(Catalog&&) noexcept = default;
Catalog& Catalog::operator=(Catalog&&) noexcept = default;

const std::vector<Entry>& Catalog::entries() const {
    return d_->all();
}

const Entry* Catalog::find(std::string_view id) const {
    return d_->find(id);
}

const std::vector<std::string>& Catalog::problems() const {
    return d_->problems;
}

const Index& Catalog::index() const {
    return d_->get_index();
}

std::vector<Document> Catalog::documents() const {
    return d_->documents();
}

std::vector<Document> Catalog::served_documents() const {
    auto all = d_->documents();
    std::erase_if(all, [](const Document& d) { return !d.served; });
    return all;
}

const Catalog::Stats& Catalog::stats() const {
    return d_->stats;
}

} // namespace sop::kb
