#include "kb/validate.hpp"

#include "kb/article.hpp"
#include "ticket/archive.hpp"
#include "ticket/id.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

#include <algorithm>

namespace sop::kb {
namespace {

// The line numbers (1-based) of git's conflict markers.
std::vector<std::size_t> conflict_markers(const std::string& text) {
    std::vector<std::size_t> out;
    std::size_t line = 1;
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t end = std::min(text.find('\n', at), text.size());
        const std::string_view l(text.data() + at, end - at);
        if (l.starts_with("<<<<<<<") || l.starts_with(">>>>>>>") || l.starts_with("|||||||") ||
            l == "=======")
            out.push_back(line);
        at = end + 1;
        ++line;
    }
    return out;
}

// "kb/KB-X.yaml: field: why" from check() → "field: why".
std::string without_source(const std::string& message, const std::string& path) {
    return message.starts_with(path + ": ") ? message.substr(path.size() + 2) : message;
}

} // namespace

std::vector<Problem>
validate_article(const std::string& path, const std::string& text,
                 const std::function<bool(const std::string&)>& ticket_exists) {
    std::vector<Problem> out;
    if (const auto lines = conflict_markers(text); !lines.empty()) {
        std::string list;
        for (const auto n : lines)
            list += (list.empty() ? "" : ", ") + std::to_string(n);
        out.push_back({path, "git conflict markers at line" +
                                 std::string(lines.size() > 1 ? "s " : " ") + list +
                                 " (resolve the merge, then 'sop kb validate')"});
        return out; // what parses around the markers is not the article
    }
    Json doc;
    try {
        doc = parse(text, path, path);
    } catch (const Error& e) {
        out.push_back({path, without_source(e.what(), path)});
        return out;
    }
    if (doc.contains("links") && doc["links"].contains("tickets")) {
        std::size_t i = 0;
        for (const auto& t : doc["links"]["tickets"]) {
            const std::string id = t.get<std::string>();
            if (!ticket_exists(id))
                out.push_back({path, "links.tickets[" + std::to_string(i) + "]: no ticket " + id +
                                         " in HEAD or the archive branch"});
            ++i;
        }
    }
    return out;
}

Validation validate_files(const git::Repo& repo, const std::vector<std::string>& paths) {
    namespace fs = std::filesystem;
    const fs::path top = repo.workdir();
    std::vector<std::string> files; // relative to the top
    if (paths.empty()) {
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(top / kb_dir, ec))
            if (entry.path().extension() == ".yaml")
                files.push_back(std::string(kb_dir) + "/" + entry.path().filename().string());
        std::sort(files.begin(), files.end());
    } else {
        for (const auto& p : paths) {
            fs::path abs = fs::path(p).is_absolute() ? fs::path(p) : fs::current_path() / p;
            files.push_back(abs.lexically_normal().lexically_relative(top).generic_string());
        }
    }
    const auto head = repo.head();
    const auto archive = ticket::archive_of(repo);
    const auto ticket_exists = [&](const std::string& id) {
        if (!ticket::is_full_id(id)) return false;
        const std::string path = ticket::path_of(id);
        return head.entry_id(path).has_value() || archive.entry_id(path).has_value();
    };
    Validation v;
    for (const auto& rel : files) {
        ++v.files;
        if (!rel.starts_with(std::string(kb_dir) + "/") || !rel.ends_with(".yaml") ||
            rel.find('/', kb_dir.size() + 1) != std::string::npos) {
            v.problems.push_back({rel, "not an article file (articles are kb/<ID>.yaml)"});
            continue;
        }
        const auto text = util::read_file(top / rel);
        if (!text) {
            v.problems.push_back({rel, "cannot be read"});
            continue;
        }
        for (auto& p : validate_article(rel, *text, ticket_exists))
            v.problems.push_back(std::move(p));
    }
    return v;
}

} // namespace sop::kb
