#include "util/text.hpp"

#include <doctest/doctest.h>

using namespace sop::util;

TEST_CASE("UTF-8 validation finds the first bad byte") {
    CHECK(is_valid_utf8("plain"));
    CHECK(is_valid_utf8("打印机 ✓ 😀"));
    CHECK(invalid_utf8_at("ab\xff") == 2);
    CHECK(invalid_utf8_at("\xc0\xaf") == 0);         // overlong '/'
    CHECK(invalid_utf8_at("a\xed\xa0\x80") == 1);    // a surrogate
    CHECK(invalid_utf8_at("\xf4\x90\x80\x80") == 0); // past U+10FFFF
    CHECK(invalid_utf8_at("\xe6\x89") == 0);         // cut short
}

TEST_CASE("display width counts wide characters twice") {
    CHECK(display_width("abc") == 3);
    CHECK(display_width("打印机") == 6);
    CHECK(display_width("a打b") == 4);
    CHECK(display_width("e\xcc\x81") == 1); // e + combining acute
    CHECK(truncate_to_width("打印机无法连接", 7) == "打印机…");
    CHECK(truncate_to_width("short", 10) == "short");
}

TEST_CASE("small string helpers") {
    CHECK(trim("  a b \n") == "a b");
    CHECK(split("a,b,,c", ',') == std::vector<std::string>{"a", "b", "", "c"});
    CHECK(to_lower("AbC") == "abc");
    CHECK(first_line("one\ntwo", 10) == "one");
    CHECK(tsv_escape("a\tb\nc\\d\re") == "a\\tb\\nc\\\\d\\re");
}

#include "git/tls.hpp"

TEST_CASE("the CA bundle is not parsed at start-up, and loads when asked") {
    // libgit2 was initialised by main(); with Debian's mbedTLS build it asked for the bundle.
    if (sop::git::ca_certificates_deferred()) {
        CHECK(sop::git::load_ca_certificates() == 0);
        CHECK_FALSE(sop::git::ca_certificates_deferred());
    }
    CHECK(sop::git::load_ca_certificates() == 0); // idempotent
}
