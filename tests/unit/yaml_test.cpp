#include "util/error.hpp"
#include "yaml/detail.hpp"
#include "yaml/yaml.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

using sop::yaml::Json;

namespace {
Json roundtrip(const Json& doc) {
    return sop::yaml::parse(sop::yaml::emit(doc), "test");
}
int exit_of(const std::string& text) {
    try {
        sop::yaml::parse(text, "test");
    } catch (const sop::Error& e) {
        return static_cast<int>(e.code());
    }
    return 0;
}
std::string error_of(const std::string& text) {
    try {
        sop::yaml::parse(text, "in.yaml");
    } catch (const sop::Error& e) {
        return e.what();
    }
    return {};
}
} // namespace

TEST_CASE("strings a YAML reader could mistake are quoted and read back as strings") {
    for (const char* s : {"123",        "0x1F",
                          "1.5",        "-3",
                          "+7",         ".5",
                          "true",       "False",
                          "yes",        "No",
                          "on",         "OFF",
                          "y",          "n",
                          "null",       "~",
                          "",           " lead",
                          "trail ",     "a: b",
                          "a #b",       "#c",
                          "- x",        "? q",
                          "[x]",        "{x}",
                          "*star",      "&amp",
                          "!tag",       "|bar",
                          ">gt",        "'q",
                          "\"dq",       "%pct",
                          "@at",        "`bt",
                          "2026-11-24", "2026-11-24T09:30:00+08:00",
                          "12:30",      "tab\there",
                          "bell\x07",   "cr\rhere",
                          "<<",         "=",
                          "ends:"}) {
        CAPTURE(s);
        const Json doc = {{"k", s}};
        CHECK(roundtrip(doc) == doc);
    }
}

TEST_CASE("plain scalars stay plain where they are safe") {
    CHECK(sop::yaml::emit(Json{{"title", "Printer cannot connect"}}) ==
          "title: Printer cannot connect\n");
    CHECK(sop::yaml::emit(Json{{"t", "打印机无法连接"}}) == "t: 打印机无法连接\n");
    CHECK(sop::yaml::emit(Json{{"by", "Ann Lee <ann@example.com>"}}) ==
          "by: Ann Lee <ann@example.com>\n");
    CHECK(sop::yaml::emit(Json{{"at", "2026-11-24T09:30:00+08:00"}}) ==
          "at: \"2026-11-24T09:30:00+08:00\"\n");
}

TEST_CASE("multi-line text becomes a literal block with the right chomping") {
    CHECK(sop::yaml::emit(Json{{"s", "a\nb"}}) == "s: |-\n  a\n  b\n");
    CHECK(sop::yaml::emit(Json{{"s", "a\nb\n"}}) == "s: |\n  a\n  b\n");
    CHECK(sop::yaml::emit(Json{{"s", "a\n\n  b\n\n"}}) == "s: |+\n  a\n\n    b\n\n");
    for (const char* s : {"a\nb", "a\nb\n", "a\n\nb\n\n\n", "x\n  indented\n\ttab", " lead\nx",
                          "\nstarts with newline", "a\n", "一\n二\n"}) {
        CAPTURE(s);
        const Json doc = {{"k", s}, {"list", Json::array({s, Json{{"in", s}}})}};
        CHECK(roundtrip(doc) == doc);
    }
}

TEST_CASE("nesting, lists, numbers and empties round-trip and re-emit identically") {
    const Json doc = Json::parse(R"({"id":"T-1","level":3,"ratio":0.25,"ok":true,"none":null,
        "empty_list":[],"empty_map":{},"nested":{"a":{"b":["x",{"c":1,"d":[1,2]},[3,[4]]]}},
        "events":[{"at":"2026-11-24T09:30:00+08:00","by":"A <a@x>","action":"new"}]})");
    const Json ordered = roundtrip(Json(doc));
    CHECK(ordered == Json(doc));
    const std::string once = sop::yaml::emit(ordered);
    CHECK(sop::yaml::emit(sop::yaml::parse(once, "t")) == once);
}

TEST_CASE("key order is kept as written") {
    const std::string text = "zeta: 1\nalpha: 2\nmid: 3\n";
    CHECK(sop::yaml::emit(sop::yaml::parse(text, "t")) == text);
}

TEST_CASE("core-schema typing of plain scalars; quoted scalars are strings") {
    const Json doc =
        sop::yaml::parse("a: 12\nb: '12'\nc: true\nd: \"true\"\ne: 1.5\nf: ~\ng:\nh: x1\n", "t");
    CHECK(doc["a"] == 12);
    CHECK(doc["b"] == "12");
    CHECK(doc["c"] == true);
    CHECK(doc["d"] == "true");
    CHECK(doc["e"] == 1.5);
    CHECK(doc["f"].is_null());
    CHECK(doc["g"].is_null());
    CHECK(doc["h"] == "x1");
}

TEST_CASE("plain numbers follow the core schema exactly") {
    const auto v = [](const std::string& text) {
        return sop::yaml::parse("k: " + text + "\n", "t")["k"];
    };
    CHECK(v("0") == 0);
    CHECK(v("-7") == -7);
    CHECK(v("+7") == 7);
    CHECK(v("1.") == 1.0);
    CHECK(v(".5") == 0.5);
    CHECK(v("-1.5e3") == -1500.0);
    CHECK(v("2E-2") == 0.02);
    CHECK(v("99999999999999999999") == "99999999999999999999");
    for (const char* s : {"1e", "e5", ".", "+.", "1.2.3", "1e+", "0x1F", "1_000", "12a", "--1"}) {
        CAPTURE(s);
        CHECK(v(s).is_string());
    }
}

TEST_CASE("hostile or malformed YAML is refused as invalid data, with a position") {
    CHECK(exit_of("a: &x 1\nb: *x\n") == 5);
    CHECK(exit_of("a: !!binary aGk=\n") == 5);
    CHECK(exit_of("a: !custom x\n") == 5);
    CHECK(exit_of("a: 1\na: 2\n") == 5);
    CHECK(exit_of("? [a, b]\n: c\n") == 5);
    CHECK(exit_of("a: 1\n---\nb: 2\n") == 5);
    CHECK(exit_of("- a\n- b\n") == 5);
    CHECK(exit_of("just text\n") == 5);
    CHECK(exit_of("") == 5);
    CHECK(exit_of("a: [1, 2\n") == 5);
    CHECK(exit_of("a: \"\xff\"\n") == 5);
    CHECK(exit_of(std::string("a: b\0c\n", 7)) == 5);
    CHECK(exit_of(std::string(200, '[')) == 5);
    CHECK(exit_of("a: " + std::string(2 << 20, 'x') + "\n") == 5);
    CHECK(error_of("a: 1\na: 2\n").find("in.yaml:2:") == 0);
    CHECK(error_of("a: 1\na: 2\n").find("duplicate key 'a'") != std::string::npos);
    CHECK(error_of("a: \"\xff\"\n").find("invalid UTF-8 at byte 4") != std::string::npos);
}

TEST_CASE("git conflict markers are reported as such") {
    const std::string text = "id: T-1\n<<<<<<< HEAD\ntitle: a\n=======\ntitle: b\n>>>>>>> other\n";
    CHECK(error_of(text).find("in.yaml:2: git conflict markers") == 0);
}

TEST_CASE("nesting deeper than the limit is refused") {
    std::string deep;
    for (int i = 0; i < 40; ++i)
        deep += std::string(static_cast<std::size_t>(i) * 2, ' ') + "k:\n";
    CHECK(error_of(deep).find("nested deeper than 32 levels") != std::string::npos);
}

namespace {

// Strings that exercise every way emit() writes a scalar: plain, double-quoted with each
// escape, literal blocks with each chomping, leading spaces inside blocks, wide characters.
const std::vector<std::string>& tricky_strings() {
    static const std::vector<std::string> v = {"plain words",
                                               "打印机无法连接",
                                               "a: b",
                                               "ends:",
                                               "- dash",
                                               "#hash",
                                               "x #y",
                                               "\"q\"",
                                               "back\\slash",
                                               "tab\there",
                                               "cr\rhere",
                                               "bell\x07",
                                               "nel\xC2\x85x",
                                               "ls\xE2\x80\xA8x",
                                               "ps\xE2\x80\xA9x",
                                               "\xEF\xBB\xBF"
                                               "bom",
                                               "true",
                                               "null",
                                               "12",
                                               "1.5",
                                               "",
                                               " lead",
                                               "trail ",
                                               "a\nb",
                                               "a\nb\n",
                                               "a\n\nb\n\n\n",
                                               "x\n  indented\n\ttab",
                                               " lead\nx",
                                               "\nfirst",
                                               "一\n二\n",
                                               "line\n   \nspaces only line",
                                               "k: v\n- x\n",
                                               "|\n>",
                                               "{}",
                                               "[]"};
    return v;
}

// A deterministic pseudo-random document (linear congruential; no wall clock, no seed drift).
Json random_doc(std::uint32_t& state, int depth) {
    const auto next = [&] {
        state = state * 1664525u + 1013904223u;
        return state >> 8;
    };
    const auto& strings = tricky_strings();
    Json doc = Json::object();
    const unsigned n = 1 + next() % 5;
    for (unsigned i = 0; i < n; ++i) {
        const std::string key =
            (next() % 4 == 0 ? strings[next() % strings.size()] : "k") + std::to_string(i);
        switch (next() % (depth > 3 ? 5 : 8)) {
        case 0:
            doc[key] = strings[next() % strings.size()];
            break;
        case 1:
            doc[key] = static_cast<int>(next() % 2000) - 1000;
            break;
        case 2:
            doc[key] = (next() % 2) == 0;
            break;
        case 3:
            doc[key] = nullptr;
            break;
        case 4:
            doc[key] = (next() % 2) ? Json::array() : Json::object();
            break;
        case 5:
            doc[key] = random_doc(state, depth + 1);
            break;
        default: {
            Json list = Json::array();
            const unsigned m = 1 + next() % 4;
            for (unsigned j = 0; j < m; ++j) {
                const unsigned kind = next() % 4;
                if (kind == 0)
                    list.push_back(random_doc(state, depth + 1));
                else if (kind == 1)
                    list.push_back(Json::array({strings[next() % strings.size()]}));
                else
                    list.push_back(strings[next() % strings.size()]);
            }
            doc[key] = list;
        }
        }
    }
    return doc;
}

} // namespace

TEST_CASE("the canonical reader reads what emit() writes, as yaml-cpp does") {
    std::uint32_t state = 20261124;
    sop::yaml::Limits limits;
    for (int i = 0; i < 400; ++i) {
        const Json doc = random_doc(state, 0);
        const std::string text = sop::yaml::emit(doc);
        CAPTURE(text);
        const auto fast = sop::yaml::detail::read_canonical(text, limits.max_depth);
        REQUIRE(fast.has_value()); // the fast path is really taken
        CHECK(*fast == doc);
        CHECK(sop::yaml::detail::read_general(text, "t", limits) == doc);
        CHECK(sop::yaml::parse(text, "t") == doc);
    }
}

TEST_CASE("text sop did not write goes to yaml-cpp, which reads it the same way or refuses it") {
    sop::yaml::Limits limits;
    for (const std::string text :
         {"a:   1\n", "a: ~\n", "a: 1 # comment\n", "a: [1, 2]\n", "a: 'x'\n", "a:\n- 1\n",
          "a: >\n  folded\n", "a: 1\na: 2\n", "a:\n    b: 1\n", "a: |2\n   x\n", "a: Null\n",
          "a: 1e3\n", "a: |-\n  x\n b: 1\n", "a: \"unterminated\n", "a: \"\\q\"\n", "? a\n: b\n"}) {
        CAPTURE(text);
        const auto fast = sop::yaml::detail::read_canonical(text, limits.max_depth);
        // Either the fast reader declines, or what it read does not write back the same bytes
        // (so parse() does not use it).
        CHECK((!fast || sop::yaml::emit(*fast) != text));
        Json general;
        int general_code = 0;
        try {
            general = sop::yaml::detail::read_general(text, "t", limits);
        } catch (const sop::Error& e) {
            general_code = static_cast<int>(e.code());
        }
        Json parsed;
        int parsed_code = 0;
        try {
            parsed = sop::yaml::parse(text, "t");
        } catch (const sop::Error& e) {
            parsed_code = static_cast<int>(e.code());
        }
        CHECK(parsed_code == general_code);
        CHECK(parsed == general);
    }
}

TEST_CASE("the canonical reader respects the depth limit") {
    Json doc = "leaf";
    for (int i = 0; i < 40; ++i)
        doc = Json{{"k", doc}};
    const std::string text = sop::yaml::emit(doc);
    CHECK_FALSE(sop::yaml::detail::read_canonical(text, 32).has_value());
    CHECK(exit_of(text) == 5);
}
