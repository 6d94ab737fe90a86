#pragma once
// `sop report` as one call: the period, the tickets (now, or at a commit), the figures and the
// output, as sop-report(1) describes them.
#include "git/repo.hpp"
#include "output/table.hpp"
#include "report/period.hpp"
#include "yaml/yaml.hpp"

#include <optional>
#include <string>

namespace sop::report {

struct Request {
    PeriodRequest period;
    std::string team;              // "": every team
    std::optional<std::string> at; // a revision: compute the report from that commit
    std::string format = "table";  // table, json, csv or md
};

// The report, ready for stdout. `config` is HEAD's configuration (`--at` reads the commit's
// own). UsageError for a bad period or an unknown team, NotFoundError when `at` names no
// commit.
std::string run(const git::Repo& repo, const yaml::Json& config, const Request& request,
                const output::Style& style);

} // namespace sop::report
