#include "app.hpp"
#include "output/ticket_text.hpp"
#include "ticket/cache.hpp"
#include "ticket/query.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

#include <algorithm>
#include <iostream>

namespace sop::cmd {

Action define_list(CLI::App& sub) {
    struct Options {
        std::vector<std::string> query;
        std::string format;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("QUERY", o->query, "terms such as state:open level:>=3 team:ops printer");
    add_format(sub, o->format, {"table", "json", "tsv", "ids"});
    return [o](Session& s) {
        const auto& repo = s.repo();
        const bool wants_me =
            std::any_of(o->query.begin(), o->query.end(),
                        [](const std::string& t) { return t.find(":me") != std::string::npos; });
        const auto query =
            ticket::Query::parse(o->query, wants_me ? s.identity_if_any() : std::nullopt);
        auto all = ticket::summaries(repo, repo.head());
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
        if (o->format == "ids") {
            for (const auto& r : rows)
                std::cout << r.id << "\n";
        } else if (o->format == "json") {
            auto doc = output::envelope();
            doc["tickets"] = ticket::Json::array();
            for (const auto& r : rows)
                doc["tickets"].push_back(r.to_json());
            print_json(doc);
        } else if (o->format == "tsv") {
            std::string out;
            const auto& cols = ticket::Summary::columns();
            for (std::size_t i = 0; i < cols.size(); ++i)
                out += (i ? "\t" : "") + cols[i];
            out += "\n";
            for (const auto& r : rows) {
                const auto vals = r.values();
                for (std::size_t i = 0; i < vals.size(); ++i)
                    out += (i ? "\t" : "") + util::tsv_escape(vals[i]);
                out += "\n";
            }
            std::cout << out;
        } else {
            const auto dash = [](const std::string& v) { return v.empty() ? std::string("-") : v; };
            std::vector<std::vector<std::string>> table;
            for (const auto& r : rows)
                table.push_back({r.id, r.state, dash(r.level), dash(r.type), r.channel,
                                 dash(r.team), dash(r.assignee), r.received_at.substr(0, 16),
                                 r.title});
            if (table.empty()) {
                std::cerr << "no tickets match\n";
            } else {
                std::cout << output::table({"ID", "STATE", "LVL", "TYPE", "CHANNEL", "TEAM",
                                            "ASSIGNEE", "RECEIVED", "TITLE"},
                                           table, s.style());
            }
        }
        return 0;
    };
}

} // namespace sop::cmd
