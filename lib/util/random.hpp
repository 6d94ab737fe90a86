#pragma once
#include <cstdint>

namespace sop::util {
// 64 bits from the kernel's random source (getrandom); throws Error if it fails.
std::uint64_t random_u64();
} // namespace sop::util
