#include "app.hpp"
#include "output/summary_list.hpp"
#include "sla/clocks.hpp"
#include "ticket/archive.hpp"
#include "ticket/cache.hpp"
#include "ticket/query.hpp"
#include "util/time.hpp"

#include <algorithm>
#include <iostream>

namespace sop::cmd {

Action define_list(CLI::App& sub) {
    struct Options {
        std::vector<std::string> query;
        std::string format;
        bool no_archive = false;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("QUERY", o->query, "terms such as state:open level:>=3 team:ops printer");
    add_format(sub, o->format, {"table", "json", "tsv", "ids"});
    sub.add_flag("--no-archive", o->no_archive,
                 "only the live tickets in HEAD, not the archive branch");
    return [o](Session& s) {
        const auto& repo = s.repo();
        const bool wants_me =
            std::any_of(o->query.begin(), o->query.end(),
                        [](const std::string& t) { return t.find(":me") != std::string::npos; });
        auto query = ticket::Query::parse(o->query, wants_me ? s.identity_if_any() : std::nullopt);
        std::optional<sla::Settings> settings;
        if (query.needs_sla()) {
            settings.emplace(s.config().doc);
            query.set_sla([&, at = util::now().seconds](const ticket::Summary& t) {
                return std::string(sla::to_string(sla::worst(sla::from_summary(t), *settings, at)));
            });
        }
        auto all = ticket::summaries(repo, repo.head());
        if (!o->no_archive) {
            // A ticket in both branches (an interrupted archive) is listed once, as HEAD's.
            std::vector<std::string> live;
            live.reserve(all.size());
            for (const auto& t : all)
                live.push_back(t.id);
            std::sort(live.begin(), live.end());
            const auto keep = [&](const ticket::Summary& t) {
                return query.matches(t) && !std::binary_search(live.begin(), live.end(), t.id);
            };
            for (auto& t :
                 ticket::archived_summaries(repo, ticket::archive_of(repo), nullptr, keep))
                all.push_back(std::move(t));
        }
        // Oldest first, by the instant received (not the text: offsets differ).
        std::vector<std::pair<std::int64_t, ticket::Summary>> keyed;
        for (auto& t : all) {
            if (!query.matches(t)) continue;
            const auto at = util::parse_rfc3339(t.received_at);
            keyed.emplace_back(at ? at->seconds : 0, std::move(t));
        }
        std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
            return a.first != b.first ? a.first < b.first : a.second.id < b.second.id;
        });
        std::vector<ticket::Summary> rows;
        rows.reserve(keyed.size());
        for (auto& [_, t] : keyed)
            rows.push_back(std::move(t));
        const std::string out = output::summary_list(rows, o->format, s.style());
        if (out.empty() && o->format == "table") std::cerr << "no tickets match\n";
        std::cout << out;
        return 0;
    };
}

} // namespace sop::cmd
