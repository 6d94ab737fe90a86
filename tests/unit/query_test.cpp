#include "ticket/query.hpp"
#include "util/error.hpp"

#include <doctest/doctest.h>

using namespace sop::ticket;

namespace {
Summary row(std::string id, std::string state, std::string level, std::string received,
            std::string title = "Printer cannot connect") {
    Summary s;
    s.id = std::move(id);
    s.state = std::move(state);
    s.level = std::move(level);
    s.channel = "email";
    s.team = "ops";
    s.assignee = "ann@example.com";
    s.title = std::move(title);
    s.requester = "Wang Fang";
    s.org = "ACME Ltd";
    s.received_at = std::move(received);
    s.symptom = "打印机无法连接 error 0x1F";
    return s;
}
bool match(const std::vector<std::string>& q, const Summary& s) {
    return Query::parse(q, sop::git::Identity{"Ann Lee", "ann@example.com"}).matches(s);
}
} // namespace

TEST_CASE("keys, alternatives and negation") {
    const auto a = row("T-AAAAAAAAAAAA", "new", "", "2026-11-24T09:30:00+08:00");
    const auto c = row("T-CCCCCCCCCCCC", "closed", "3", "2026-10-01T09:30:00+08:00");
    CHECK(match({}, a));
    CHECK(match({"state:new"}, a));
    CHECK_FALSE(match({"state:new"}, c));
    CHECK(match({"state:new,closed"}, c));
    CHECK(match({"state:triaged", "state:closed"}, c));
    CHECK(match({"state:open"}, a));
    CHECK_FALSE(match({"state:open"}, c));
    CHECK(match({"state:!closed"}, a));
    CHECK_FALSE(match({"state:!closed"}, c));
    CHECK(match({"STATE:NEW"}, a));
    CHECK(match({"team:ops", "channel:email"}, a));
    CHECK_FALSE(match({"team:rnd"}, a));
    CHECK(match({"id:t-cc"}, c));
    CHECK(match({"requester:wang"}, a));
    CHECK(match({"org:acme"}, a));
    CHECK(match({"assignee:me"}, a));
}

TEST_CASE("comparisons on level and time; untriaged tickets have no level") {
    const auto a = row("T-AAAAAAAAAAAA", "new", "", "2026-11-24T09:30:00+08:00");
    const auto c = row("T-CCCCCCCCCCCC", "closed", "3", "2026-10-01T09:30:00+08:00");
    CHECK(match({"level:>=3"}, c));
    CHECK_FALSE(match({"level:>3"}, c));
    CHECK_FALSE(match({"level:>=3"}, a));
    CHECK(match({"level:3"}, c));
    CHECK(match({"created:>=2026-11-01"}, a));
    CHECK_FALSE(match({"created:>=2026-11-01"}, c));
    CHECK(match({"created:<2026-11-01"}, c));
    CHECK(match({"created:2026-11-24"}, a));
    // 09:30+08:00 is 01:30Z: an instant bound compares instants, not local clocks.
    CHECK(match({"created:>=2026-11-24T01:30:00Z"}, a));
    CHECK_FALSE(match({"created:>2026-11-24T01:30:00Z"}, a));
}

TEST_CASE("free text matches words anywhere, Chinese included, case-insensitively") {
    const auto a = row("T-AAAAAAAAAAAA", "new", "", "2026-11-24T09:30:00+08:00");
    CHECK(match({"printer"}, a));
    CHECK(match({"PRINTER", "connect"}, a));
    CHECK(match({"打印机"}, a));
    CHECK(match({"0x1f"}, a));
    CHECK_FALSE(match({"printer", "scanner"}, a));
}

TEST_CASE("bad queries are usage errors that say what is known") {
    CHECK_THROWS_AS(Query::parse({"colour:red"}), sop::UsageError);
    CHECK_THROWS_AS(Query::parse({"state:nonsense"}), sop::UsageError);
    CHECK_THROWS_AS(Query::parse({"team:>ops"}), sop::UsageError);
    CHECK_THROWS_AS(Query::parse({"created:>=yesterday"}), sop::UsageError);
    CHECK_THROWS_AS(Query::parse({"level:9"}), sop::UsageError);
    CHECK_THROWS_AS(Query::parse({"state:"}), sop::UsageError);
    CHECK_THROWS_AS(Query::parse({"assignee:me"}), sop::UsageError);
    try {
        Query::parse({"colour:red"});
    } catch (const sop::Error& e) {
        CHECK(std::string(e.hint()).find("state") != std::string::npos);
    }
}
