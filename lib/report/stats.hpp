#pragma once
// The few statistics a report needs, with definitions that are easy to check by hand
// (sop-report(1) DEFINITIONS).
#include <cstdint>
#include <optional>
#include <vector>

namespace sop::report {

// The nearest-rank percentile: the smallest value with at least p percent of the values at or
// below it, i.e. the value at rank ceil(p/100 * n) of the sorted values. Always one of the values;
// nullopt for no values. The median is the 50th percentile by the same rule (for an even count,
// the lower of the two middle values).
std::optional<std::int64_t> percentile(std::vector<std::int64_t> values, int p);

// part / whole rounded to 4 decimals (0.8571), nullopt when whole is 0.
std::optional<double> ratio(std::int64_t part, std::int64_t whole);

// sum / n rounded to 2 decimals (4.33), nullopt when n is 0.
std::optional<double> mean(std::int64_t sum, std::int64_t n);

} // namespace sop::report
