#include "util/random.hpp"

#include "util/error.hpp"

#include <cerrno>
#include <cstring>
#include <sys/random.h>

namespace sop::util {

std::uint64_t random_u64() {
    std::uint64_t value = 0;
    auto* p = reinterpret_cast<unsigned char*>(&value);
    std::size_t got = 0;
    while (got < sizeof value) {
        const ssize_t n = ::getrandom(p + got, sizeof value - got, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw Error(std::string("cannot get random bytes: ") + std::strerror(errno));
        }
        got += static_cast<std::size_t>(n);
    }
    return value;
}

} // namespace sop::util
