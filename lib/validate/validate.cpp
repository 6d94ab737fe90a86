#include "validate/validate.hpp"

#include "calendar/calendar.hpp"
#include "config/config.hpp"
#include "git/handles.hpp"
#include "kb/article.hpp"
#include "kb/validate.hpp"
#include "schema/schema.hpp"
#include "ticket/archive.hpp"
#include "ticket/id.hpp"
#include "ticket/ticket.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/time.hpp"
#include "validate/files.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace sop::validate {
namespace {

namespace fs = std::filesystem;

// schema::problems keeps one compiled schema and one valijson::Validator (with its cache of
// compiled patterns) per schema for the process: not safe to use from two threads at once.
// Everything that reaches it (schema::problems, ticket::check, kb::validate_article) holds this.
std::mutex schema_mutex;

using files::From;
using files::Item;
using files::Kind;
using files::Live;
using files::Reader;

// What a ticket file holds that other files are checked against.
struct Facts {
    std::string id;
    std::string state;
    std::vector<std::string> related, kb;
    std::string duplicate_of;
    std::optional<git_oid> oid; // the blob's id (hashed for a working-tree file)
};

struct Result {
    std::vector<Problem> problems;
    std::optional<Facts> facts; // tickets that parsed
};

std::vector<std::string> strings(const Json& doc, const char* outer, const char* inner) {
    std::vector<std::string> out;
    const auto o = doc.find(outer);
    if (o == doc.end() || !o->is_object()) return out;
    const auto i = o->find(inner);
    if (i == o->end() || !i->is_array()) return out;
    for (const auto& v : *i)
        out.push_back(v.is_string() ? v.get<std::string>() : std::string());
    return out;
}

// ---- one file ------------------------------------------------------------------------------

std::string where_it_belongs(const std::string& rel, const std::string& id) {
    const std::string want = ticket::path_of(id);
    const fs::path have(rel);
    if (have.filename() == fs::path(want).filename())
        return "the file is in the wrong shard: " + id + " belongs in " + want;
    return "the file holds " + id + ", whose file is " + want;
}

// The file's YAML, or nullopt with the problem in `r`: conflict markers first (what parses
// around them is not the document), then a YAML error.
std::optional<Json> parse_document(const Item& item, const std::string& text, Result& r) {
    if (auto m = conflict_markers(item.display, text); !m.empty()) {
        r.problems = std::move(m);
        return std::nullopt;
    }
    try {
        return yaml::parse(text, item.display);
    } catch (const Error& e) {
        r.problems.push_back(split(item.display, e.what()));
        return std::nullopt;
    }
}

Result check_ticket(const Item& item, const std::string& text,
                    const std::map<std::string, git_oid>& archive) {
    Result r;
    auto& out = r.problems;
    const auto parsed = parse_document(item, text, r);
    if (!parsed) return r;
    Json doc = *parsed;
    // ticket::check first: for a valid ticket (the common case) that is the schema and its
    // invariants in one pass. It stops at the first problem, so a ticket it refuses is gone
    // over again to find all of them: the schema's, then the same invariants one by one.
    std::string refused;
    try {
        const std::lock_guard lock(schema_mutex);
        ticket::check(doc, item.display, item.rel);
    } catch (const std::exception& e) {
        refused = e.what();
    }
    Facts f;
    f.id = doc.contains("id") && doc["id"].is_string() ? doc["id"].get<std::string>() : "";
    if (!ticket::is_full_id(f.id)) f.id.clear(); // the schema says why
    if (!refused.empty()) {
        {
            const std::lock_guard lock(schema_mutex);
            for (const auto& p : schema::problems("ticket", doc))
                out.push_back(split(item.display, p));
        }
        if (!f.id.empty() && item.rel != ticket::path_of(f.id))
            out.push_back({item.display, "id", where_it_belongs(item.rel, f.id)});
        check_times(doc, item.display, out);
        // Whatever ticket::check is taught later is not missed here.
        if (out.empty()) out.push_back(split(item.display, refused));
    }
    check_events(doc, item.display, out);
    check_merge_conflicts(doc, item.display, "sop edit " + (f.id.empty() ? "ID" : f.id), out);
    f.state =
        doc.contains("state") && doc["state"].is_string() ? doc["state"].get<std::string>() : "";
    f.related = strings(doc, "links", "related");
    f.kb = strings(doc, "links", "kb");
    if (doc.contains("links") && doc["links"].is_object() &&
        doc["links"].contains("duplicate_of") && doc["links"]["duplicate_of"].is_string())
        f.duplicate_of = doc["links"]["duplicate_of"].get<std::string>();
    f.oid = item.oid;
    if (!f.oid && !f.id.empty() && archive.count(ticket::path_of(f.id))) {
        git_oid oid;
        if (git_odb_hash(&oid, text.data(), text.size(), GIT_OBJECT_BLOB) == 0) f.oid = oid;
    }
    r.facts = std::move(f);
    return r;
}

Result check_article(const Item& item, const std::string& text,
                     const std::function<bool(const std::string&)>& ticket_exists) {
    Result r;
    std::vector<kb::Problem> found;
    {
        const std::lock_guard lock(schema_mutex);
        found = kb::validate_article(item.rel, text, ticket_exists);
    }
    for (const auto& p : found)
        r.problems.push_back(split(item.display, p.message));
    // What the merge driver could not settle (rare: parsed again only then).
    if (text.find("merge-conflict") != std::string::npos && conflict_marker_lines(text).empty()) {
        try {
            const Json doc = yaml::parse(text, item.display);
            const std::string id = doc.value("id", std::string("ID"));
            check_merge_conflicts(doc, item.display, "sop kb edit " + id, r.problems);
        } catch (const std::exception&) {
            // reported above
        }
    }
    return r;
}

// What config::load checks (which reads HEAD; this reads the file being checked).
Result check_config(const Item& item, const std::string& text) {
    Result r;
    auto& out = r.problems;
    const auto parsed = parse_document(item, text, r);
    if (!parsed) return r;
    Json doc = *parsed;
    {
        const std::lock_guard lock(schema_mutex);
        for (const auto& p : schema::problems("config", doc))
            out.push_back(split(item.display, p));
    }
    if (!out.empty()) return r;
    try {
        calendar::check_config(doc, util::now().seconds);
    } catch (const Error& e) {
        out.push_back(split(item.display, e.what()));
    }
    const bool zone_reported =
        std::any_of(out.begin(), out.end(), [](const Problem& p) { return p.field == "timezone"; });
    if (!zone_reported && doc.contains("timezone") && doc["timezone"].is_string()) {
        const std::string zone = doc["timezone"].get<std::string>();
        if (zone != "UTC" &&
            (zone.find("..") != std::string::npos || !fs::exists("/usr/share/zoneinfo/" + zone)))
            out.push_back({item.display, "timezone", "unknown time zone '" + zone + "'"});
    }
    return r;
}

} // namespace

std::vector<Problem> check_file(const std::string& path, const std::string& text) {
    const Kind kind = files::kind_of(path);
    const Item item{path, path, kind, From::index, std::nullopt, files::misplaced(path, kind)};
    if (!item.refused.empty()) return {{path, std::string(whole_file), item.refused}};
    switch (kind) {
    case Kind::ticket:
        return check_ticket(item, text, {}).problems;
    case Kind::article:
        return check_article(item, text, [](const std::string&) { return true; }).problems;
    case Kind::config:
        return check_config(item, text).problems;
    case Kind::other:
        break;
    }
    return {};
}

std::string archived_path(const std::string& path) {
    return "sop-archive:" + path;
}

Report run(const git::Repo& repo, const Options& options) {
    const fs::path top = repo.workdir();
    const git::Snapshot archive_snap = ticket::archive_of(repo);
    const auto archive = files::archive_tickets(archive_snap);
    const Live live =
        options.staged ? files::live_from_index(repo.raw()) : files::live_from_worktree(top);

    std::vector<Item> items;
    if (options.paths.empty()) {
        for (const auto& [rel, oid] : live.files) {
            Item item{rel, rel, files::kind_of(rel), options.staged ? From::index : From::worktree,
                      oid, ""};
            item.refused = files::misplaced(rel, item.kind);
            items.push_back(std::move(item));
        }
        if (!live.has(std::string(config::path)))
            items.push_back({std::string(config::path), std::string(config::path), Kind::config,
                             From::worktree, std::nullopt,
                             "missing: not a support repository (see 'sop init')"});
    } else {
        items = files::given(options.paths, top, options.base, live, options.staged);
        // A file named twice (itself and in a directory given) is checked once.
        std::unordered_set<std::string> seen;
        std::erase_if(items, [&](const Item& i) { return !seen.insert(i.display).second; });
    }
    for (const auto& u : live.unmerged)
        if (options.paths.empty() ||
            std::any_of(items.begin(), items.end(), [&](const Item& i) { return i.rel == u; }))
            items.push_back({u, u, files::kind_of(u), From::index, std::nullopt,
                             "unmerged in the index: a merge is in progress (resolve it, then "
                             "'git add')"});
    if (options.all)
        for (const auto& [rel, oid] : archive)
            items.push_back({rel, archived_path(rel), Kind::ticket, From::archive, oid,
                             files::misplaced(rel, Kind::ticket)});

    const auto ticket_exists = [&](const std::string& id) {
        if (!ticket::is_full_id(id)) return false;
        const std::string p = ticket::path_of(id);
        return live.has(p) || archive.count(p) > 0;
    };

    // Read and check every file, in parallel; results by position, so the order is fixed.
    std::vector<Result> results(items.size());
    std::atomic<std::size_t> next{0}, done{0};
    std::mutex finished_mutex; // with `finished`: the progress loop wakes when the work is done
    std::condition_variable finished;
    const std::string git_dir = git_repository_path(repo.raw());
    const auto check_one = [&](const Item& item, Reader& reader) -> Result {
        if (!item.refused.empty())
            return {{{item.display, std::string(whole_file), item.refused}}, std::nullopt};
        std::string text;
        try {
            text = reader.read(item);
        } catch (const Error& e) {
            return {{{item.display, std::string(whole_file), e.what()}}, std::nullopt};
        } catch (const std::exception& e) {
            return {{{item.display, std::string(whole_file),
                      std::string("cannot be read: ") + e.what()}},
                    std::nullopt};
        }
        try {
            switch (item.kind) {
            case Kind::ticket:
                return check_ticket(item, text, archive);
            case Kind::article:
                return check_article(item, text, ticket_exists);
            case Kind::config:
                return check_config(item, text);
            case Kind::other:
                break;
            }
        } catch (const std::exception& e) { // a bug, not a verdict: said, not hidden
            return {{{item.display, std::string(whole_file),
                      std::string("cannot be checked: ") + e.what()}},
                    std::nullopt};
        }
        return {};
    };
    const auto work = [&] {
        Reader reader(top, git_dir);
        for (std::size_t i = next++; i < items.size(); i = next++) {
            results[i] = check_one(items[i], reader);
            if (++done == items.size()) {
                const std::lock_guard lock(finished_mutex);
                finished.notify_all();
            }
        }
    };
    unsigned jobs = options.jobs ? options.jobs : std::max(2u, std::thread::hardware_concurrency());
    jobs =
        static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(items.size(), 1)));
    {
        std::vector<std::jthread> workers;
        for (unsigned j = options.progress ? 0 : 1; j < jobs; ++j)
            workers.emplace_back(work);
        if (options.progress) {
            std::unique_lock lock(finished_mutex);
            while (!finished.wait_for(lock, std::chrono::milliseconds(100),
                                      [&] { return done == items.size(); }))
                options.progress(done, items.size());
            options.progress(items.size(), items.size());
        } else {
            work();
        }
    }

    Report report;
    // IDs: one file per ID on each side, and not both live and archived (unless it is the very
    // same file: an interrupted `sop archive`).
    std::unordered_map<std::string, std::vector<std::size_t>> live_ids, archived_ids;
    for (std::size_t i = 0; i < items.size(); ++i)
        if (results[i].facts && !results[i].facts->id.empty())
            (items[i].from == From::archive ? archived_ids : live_ids)[results[i].facts->id]
                .push_back(i);
    for (std::size_t i = 0; i < items.size(); ++i) {
        const Item& item = items[i];
        Result& r = results[i];
        if (item.kind == Kind::ticket) {
            ++report.tickets;
            if (item.from == From::archive) ++report.archived;
        } else if (item.kind == Kind::article) {
            ++report.articles;
        } else if (item.kind == Kind::config) {
            report.config_checked = true;
            report.config_ok = r.problems.empty();
        }
        if (!r.facts) continue;
        const Facts& f = *r.facts;
        auto& out = r.problems;
        const bool archived = item.from == From::archive;
        if (!f.id.empty()) {
            const std::string home = ticket::path_of(f.id);
            std::vector<std::string> others;
            for (const auto j : (archived ? archived_ids : live_ids)[f.id])
                if (j != i) others.push_back(items[j].display);
            if (!archived && item.rel != home && live.has(home) &&
                std::find(others.begin(), others.end(), home) == others.end())
                others.push_back(home);
            if (archived && item.rel != home && archive.count(home) &&
                std::find(others.begin(), others.end(), archived_path(home)) == others.end())
                others.push_back(archived_path(home));
            if (!others.empty()) {
                std::string list;
                for (const auto& o : others)
                    list += (list.empty() ? "" : ", ") + o;
                out.push_back({item.display, "id",
                               f.id + " is also the ID of " + list + ": two tickets, one ID"});
            }
            if (const auto a = archive.find(home); !archived && a != archive.end()) {
                if (f.oid && git_oid_equal(&*f.oid, &a->second))
                    report.notes.push_back(
                        item.display + ": " + f.id +
                        " is both live and archived, as the same file: an interrupted 'sop "
                        "archive' (readers use the live copy; 'git rm " +
                        item.rel + "' and a commit finish it)");
                else
                    out.push_back({item.display, "id",
                                   f.id + " is also in the archive branch (" + archived_path(home) +
                                       ") with other content: two tickets, one ID"});
            }
        }
        if (archived && !f.state.empty() && !ticket::is_finished(f.state))
            out.push_back({item.display, "state",
                           "'" + f.state +
                               "', but an archived ticket is closed or cancelled ('sop archive' "
                               "moves only those)"});
        // References.
        const auto ref = [&](const std::string& field, const std::string& id) {
            if (!ticket::is_full_id(id)) return; // the schema says why
            if (id == f.id)
                out.push_back({item.display, field, "the ticket names itself"});
            else if (!ticket_exists(id))
                out.push_back({item.display, field, "no ticket " + id + ", live or archived"});
        };
        for (std::size_t k = 0; k < f.related.size(); ++k)
            ref("links.related[" + std::to_string(k) + "]", f.related[k]);
        if (!f.duplicate_of.empty()) ref("links.duplicate_of", f.duplicate_of);
        for (std::size_t k = 0; k < f.kb.size(); ++k)
            if (kb::is_full_id(f.kb[k]) && !live.has(kb::path_of(f.kb[k])))
                out.push_back({item.display, "links.kb[" + std::to_string(k) + "]",
                               "no article " + f.kb[k] + " in " + std::string(files::kb_prefix)});
    }

    for (auto& r : results)
        for (auto& p : r.problems)
            report.problems.push_back(std::move(p));
    std::stable_sort(report.problems.begin(), report.problems.end(),
                     [](const Problem& a, const Problem& b) { return a.path < b.path; });
    std::sort(report.notes.begin(), report.notes.end());
    return report;
}

} // namespace sop::validate
