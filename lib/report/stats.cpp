#include "report/stats.hpp"

#include <algorithm>
#include <cmath>

namespace sop::report {

std::optional<std::int64_t> percentile(std::vector<std::int64_t> values, int p) {
    if (values.empty()) return std::nullopt;
    std::sort(values.begin(), values.end());
    // ceil(p * n / 100) in integers, at least rank 1.
    const std::size_t n = values.size();
    const std::size_t rank = std::max<std::size_t>(1, (static_cast<std::size_t>(p) * n + 99) / 100);
    return values[std::min(rank, n) - 1];
}

namespace {
// Rounded half away from zero, so that the same inputs print the same digits everywhere.
double rounded(double v, double scale) {
    return std::round(v * scale) / scale;
}
} // namespace

std::optional<double> ratio(std::int64_t part, std::int64_t whole) {
    if (whole == 0) return std::nullopt;
    return rounded(static_cast<double>(part) / static_cast<double>(whole), 10000.0);
}

std::optional<double> mean(std::int64_t sum, std::int64_t n) {
    if (n == 0) return std::nullopt;
    return rounded(static_cast<double>(sum) / static_cast<double>(n), 100.0);
}

} // namespace sop::report
