#include "app.hpp"
#include "output/summary_list.hpp"
#include "ticket/archive.hpp"
#include "ticket/lookup.hpp"
#include "ticket/similar.hpp"
#include "util/error.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace sop::cmd {
namespace {

std::string fixed(double v, int decimals) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

} // namespace

Action define_similar(CLI::App& sub) {
    struct Options {
        std::string id, format;
        std::size_t limit = 10;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("ID", o->id, "ticket ID or unique prefix")->required();
    sub.add_option("--limit", o->limit, "list at most N tickets (default 10)")
        ->check(CLI::PositiveNumber)
        ->option_text("N");
    add_format(sub, o->format, {"table", "json", "tsv", "ids"});
    return [o](Session& s) {
        const auto& repo = s.repo();
        const auto head = repo.head();
        const auto archive = ticket::archive_of(repo);
        const std::string id = ticket::resolve_any(head, &archive, o->id).id;
        const auto all = output::listable_summaries(repo, head, archive);
        const auto target = std::find_if(all.begin(), all.end(),
                                         [&](const ticket::Summary& t) { return t.id == id; });
        if (target == all.end())
            throw InvalidError("ticket '" + id + "' cannot be read", "see 'sop show " + id + "'");
        const auto ranked = ticket::rank(*target, all, o->limit);

        std::vector<ticket::Summary> rows;
        output::ExtraColumn score{"score", "SCORE", {}, {}};
        for (const auto& r : ranked) {
            rows.push_back(r.summary);
            score.cells.push_back(fixed(r.score, o->format == "table" ? 2 : 3));
            score.values.push_back(r.score);
        }
        std::cout << output::summary_list(rows, o->format, s.style(), &score);
        if (rows.empty() && o->format == "table") std::cerr << "no ticket is like " << id << "\n";
        return 0;
    };
}

} // namespace sop::cmd
