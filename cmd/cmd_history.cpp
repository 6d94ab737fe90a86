#include "app.hpp"
#include "output/summary_list.hpp"
#include "ticket/archive.hpp"
#include "ticket/lookup.hpp"
#include "ticket/requester.hpp"
#include "util/error.hpp"
#include "util/time.hpp"

#include <algorithm>
#include <iostream>

namespace sop::cmd {
namespace {

// Newest first by the instant received (not the text: offsets differ), then by ID.
void sort_newest_first(std::vector<ticket::Summary>& rows) {
    std::vector<std::pair<std::int64_t, ticket::Summary>> keyed;
    keyed.reserve(rows.size());
    for (auto& r : rows) {
        const auto at = util::parse_rfc3339(r.received_at);
        keyed.emplace_back(at ? at->seconds : 0, std::move(r));
    }
    std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second.id < b.second.id;
    });
    rows.clear();
    for (auto& [_, r] : keyed)
        rows.push_back(std::move(r));
}

const ticket::Summary& find_summary(const std::vector<ticket::Summary>& all,
                                    const std::string& id) {
    const auto it =
        std::find_if(all.begin(), all.end(), [&](const ticket::Summary& t) { return t.id == id; });
    if (it == all.end())
        throw InvalidError("ticket '" + id + "' cannot be read", "see 'sop show " + id + "'");
    return *it;
}

} // namespace

Action define_history(CLI::App& sub) {
    struct Options {
        std::string who, id, format;
    };
    auto o = std::make_shared<Options>();
    auto* requester = sub.add_option("--requester", o->who,
                                     "the requester: a name, a contact, an e-mail address or "
                                     "a phone number (case and spaces ignored)")
                          ->option_text("WHO");
    auto* id = sub.add_option("ID", o->id, "a ticket: look up the tickets of its requester");
    add_format(sub, o->format, {"table", "json", "tsv", "ids"});
    return [o, requester, id](Session& s) {
        if (requester->count() && id->count())
            throw UsageError("give either --requester WHO or a ticket ID, not both");
        if (!requester->count() && !id->count())
            throw UsageError("whose tickets? give --requester WHO or a ticket ID",
                             "for example: sop history --requester wang@example.com");
        const auto& repo = s.repo();
        const auto head = repo.head();
        const auto archive = ticket::archive_of(repo);
        const std::string own =
            id->count() ? ticket::resolve_any(head, &archive, o->id).id : std::string();
        auto all = output::listable_summaries(repo, head, archive);

        std::vector<std::string> probes = {o->who};
        std::string whose = "'" + o->who + "'";
        if (!own.empty()) {
            const auto& t = find_summary(all, own);
            probes = {t.requester, t.contact};
            whose = "the requester of " + own;
        }
        const ticket::RequesterMatcher matcher(probes);
        if (matcher.empty()) {
            if (own.empty()) throw UsageError("--requester WHO is empty");
            throw InvalidError("ticket '" + own + "' names no requester",
                               "use --requester WHO, or record one with 'sop edit " + own + "'");
        }
        std::vector<ticket::Summary> rows;
        for (auto& t : all)
            if (t.id != own && matcher.matches(t)) rows.push_back(std::move(t));
        sort_newest_first(rows);
        std::cout << output::summary_list(rows, o->format, s.style());
        if (rows.empty() && o->format == "table")
            std::cerr << "no " << (own.empty() ? "" : "other ") << "tickets of " << whose << "\n";
        return 0;
    };
}

} // namespace sop::cmd
