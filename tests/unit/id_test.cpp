#include "ticket/id.hpp"
#include "util/error.hpp"

#include <doctest/doctest.h>

#include <regex>
#include <set>

using namespace sop::ticket;

TEST_CASE("new IDs are T- and 12 Crockford base32 characters, and do not repeat") {
    const std::regex pattern("T-[0-9A-HJKMNP-TV-Z]{12}");
    std::set<std::string> seen;
    for (int i = 0; i < 2000; ++i) {
        const auto id = new_id();
        CHECK(std::regex_match(id, pattern));
        CHECK(is_full_id(id));
        seen.insert(id);
    }
    CHECK(seen.size() == 2000);
}

TEST_CASE("prefixes are normalised: case, optional T-, and Crockford's confusables") {
    CHECK(normalize_prefix("T-4K7Q") == "4K7Q");
    CHECK(normalize_prefix("t-4k7q") == "4K7Q");
    CHECK(normalize_prefix("4k7q") == "4K7Q");
    CHECK(normalize_prefix("il0o") == "1100");
    CHECK(normalize_prefix("T-4K7QX2M9ABCD") == "4K7QX2M9ABCD");
}

TEST_CASE("anything that cannot be an ID is refused before it reaches a path") {
    for (const char* bad : {"", "T-", "../../etc/passwd", "T-../x", "T-4K7Q/..", "4K 7Q", "T-U",
                            "T-4K7QX2M9ABCDE", "T-4K7Q\n", "tickets/4K", "-", "T_4K"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(normalize_prefix(bad), sop::UsageError);
    }
    CHECK_FALSE(is_full_id("T-4K7QX2M9ABC"));
    CHECK_FALSE(is_full_id("T-4K7QX2M9ABCU"));
    CHECK_FALSE(is_full_id("X-4K7QX2M9ABCD"));
}

TEST_CASE("tickets live in two levels of one-character shards") {
    CHECK(shard_of("T-4K7QX2M9ABCD") == "4/K");
    CHECK(path_of("T-4K7QX2M9ABCD") == "tickets/4/K/T-4K7QX2M9ABCD.yaml");
}
