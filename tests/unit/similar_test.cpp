// sop similar's tokenizer and ranking, and sop history's requester matching.
#include "ticket/requester.hpp"
#include "ticket/similar.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

using namespace sop::ticket;
using Tokens = std::vector<std::string>;

namespace {

Summary ticket(std::string id, std::string title, std::string symptom = "", std::string error = "",
               std::string received = "2026-11-01T10:00:00+08:00") {
    Summary s;
    s.id = std::move(id);
    s.title = std::move(title);
    s.symptom = std::move(symptom);
    s.error = std::move(error);
    s.received_at = std::move(received);
    return s;
}

std::vector<std::string> ids(const std::vector<Similar>& ranked) {
    std::vector<std::string> out;
    for (const auto& r : ranked)
        out.push_back(r.summary.id);
    return out;
}

Summary requester(std::string name, std::string contact) {
    Summary s;
    s.id = "T-AAAAAAAAAAAA";
    s.requester = std::move(name);
    s.contact = std::move(contact);
    return s;
}

bool who(const std::string& probe, const Summary& s) {
    return RequesterMatcher({probe}).matches(s);
}

} // namespace

TEST_CASE("tokenize: English words lower-cased, without stop words and single letters") {
    CHECK(tokenize("The Printer cannot connect to the network!") ==
          Tokens{"printer", "cannot", "connect", "network"});
    CHECK(tokenize("I can't print a PDF") == Tokens{"print", "pdf"});
    CHECK(tokenize("Wi-Fi drops; VPN (IPsec) down.") ==
          Tokens{"wi", "fi", "drops", "vpn", "ipsec", "down"});
    CHECK(tokenize("printer printer") == Tokens{"printer", "printer"});
    CHECK(tokenize("") == Tokens{});
    CHECK(tokenize("  ,.;!?  ") == Tokens{});
    CHECK(tokenize("Café RÉSUMÉ") == Tokens{"café", "résumé"});
}

TEST_CASE("tokenize: error codes stay whole") {
    CHECK(tokenize("Error 0x1F, then E1234 and 404") == Tokens{"error", "0x1f", "e1234", "404"});
    CHECK(tokenize("code=0x8007000E") == Tokens{"code", "0x8007000e"});
    CHECK(is_code_token("0x1f"));
    CHECK(is_code_token("e1234"));
    CHECK(is_code_token("kb5031356"));
    CHECK(is_code_token("404"));
    CHECK_FALSE(is_code_token("printer"));
    CHECK_FALSE(is_code_token("11"));
    CHECK_FALSE(is_code_token("0x"));
    CHECK_FALSE(is_code_token("e1"));
    CHECK_FALSE(is_code_token("打印"));
}

TEST_CASE("tokenize: Chinese as overlapping bigrams, a lone character as itself") {
    CHECK(tokenize("打印机无法连接") == Tokens{"打印", "印机", "机无", "无法", "法连", "连接"});
    CHECK(tokenize("打印") == Tokens{"打印"});
    CHECK(tokenize("卡") == Tokens{"卡"});
    // Chinese punctuation and spaces separate runs.
    CHECK(tokenize("断网，重启") == Tokens{"断网", "重启"});
    CHECK(tokenize("断　网") == Tokens{"断", "网"});
}

TEST_CASE("tokenize: mixed Chinese and Latin text") {
    CHECK(tokenize("打印机报错 0x1F") == Tokens{"打印", "印机", "机报", "报错", "0x1f"});
    CHECK(tokenize("打印机报错0x1F") == Tokens{"打印", "印机", "机报", "报错", "0x1f"});
    CHECK(tokenize("VPN断开") == Tokens{"vpn", "断开"});
    CHECK(tokenize("Outlook 邮件发不出去 E1234") ==
          Tokens{"outlook", "邮件", "件发", "发不", "不出", "出去", "e1234"});
    // Full-width letters and digits are folded.
    CHECK(tokenize("错误ＶＰＮ０ｘ１Ｆ") == Tokens{"错误", "vpn0x1f"});
    CHECK(tokenize("プリンタ") == Tokens{"プリ", "リン", "ンタ"});
}

TEST_CASE("tokenize: invalid UTF-8 only separates") {
    CHECK(tokenize(std::string("abc\xff\xfe"
                               "def")) == Tokens{"abc", "def"});
    CHECK(tokenize(std::string("打\xe6印")) == Tokens{"打", "印"});
}

TEST_CASE("rank: best first, the ticket itself and unrelated tickets left out") {
    const auto target = ticket("T-0000000000AA", "打印机报错 0x1F", "打印时报错 0x1F，队列卡住",
                               "0x1F: printer offline");
    const std::vector<Summary> all = {
        target,
        ticket("T-0000000000BB", "Printer offline", "printer shows error 0x1F",
               "0x1F: printer offline"),
        ticket("T-0000000000CC", "打印机卡纸", "打印机经常卡纸"),
        ticket("T-0000000000DD", "VPN 断开", "VPN 每小时断开一次"),
        ticket("T-0000000000EE", "打印机报错 0x1F", "打印时报错 0x1F，队列卡住",
               "0x1F: printer offline"),
        ticket("T-0000000000FF", "Mail quota", "mailbox full"),
    };
    const auto ranked = rank(target, all, 0);
    CHECK(ids(ranked) ==
          std::vector<std::string>{"T-0000000000EE", "T-0000000000BB", "T-0000000000CC"});
    REQUIRE(ranked.size() == 3);
    CHECK(ranked[0].score == doctest::Approx(1.0));
    CHECK(ranked[1].score < 1.0);
    CHECK(ranked[1].score > ranked[2].score);
    CHECK(ranked[2].score > 0);
    CHECK(ids(rank(target, all, 2)) ==
          std::vector<std::string>{"T-0000000000EE", "T-0000000000BB"});
}

TEST_CASE("rank: an error code weighs more than a common word") {
    const auto target = ticket("T-0000000000AA", "scanner error E1234 on startup");
    const std::vector<Summary> all = {
        target,
        ticket("T-0000000000BB", "scanner jams on startup"),
        ticket("T-0000000000CC", "laptop shows E1234"),
        ticket("T-0000000000DD", "scanner is slow"),
        ticket("T-0000000000EE", "startup takes ages"),
    };
    const auto ranked = rank(target, all, 0);
    REQUIRE_FALSE(ranked.empty());
    CHECK(ranked.front().summary.id == "T-0000000000CC");
}

TEST_CASE("rank: equal scores newest first, then by ID; no text, no result") {
    const auto target = ticket("T-0000000000AA", "VPN 断开");
    const std::vector<Summary> all = {
        target,
        ticket("T-0000000000CC", "VPN 断开", "", "", "2026-11-01T10:00:00+08:00"),
        ticket("T-0000000000BB", "VPN 断开", "", "", "2026-11-01T10:00:00+08:00"),
        // Later as an instant although its text sorts first.
        ticket("T-0000000000DD", "VPN 断开", "", "", "2026-11-01T03:00:00+00:00"),
    };
    CHECK(ids(rank(target, all, 0)) ==
          std::vector<std::string>{"T-0000000000DD", "T-0000000000BB", "T-0000000000CC"});
    CHECK(rank(ticket("T-0000000000ZZ", "", "!!!"), all, 0).empty());
    // A target that is not among `all` is ranked against all of them.
    CHECK(rank(ticket("T-0000000000ZZ", "vpn"), all, 0).size() == 4);
}

TEST_CASE("rank: ten thousand tickets without parsing any") {
    std::vector<Summary> all;
    const char* words[] = {"printer", "scanner", "vpn",  "mail", "laptop", "打印机", "邮箱",
                           "网络",    "卡纸",    "断开", "0x1F", "E1234",  "slow",   "offline"};
    for (std::size_t i = 0; i < 20000; ++i) {
        std::string title, symptom;
        for (std::size_t k = 0; k < 4; ++k)
            title += std::string(words[(i * 7 + k * 3 + i / 13) % std::size(words)]) + " ";
        for (std::size_t k = 0; k < 12; ++k)
            symptom += std::string(words[(i * 5 + k * 11 + i / 7) % std::size(words)]) +
                       std::to_string(k % 3 ? 0 : i % 97) + "，";
        char id[16];
        std::snprintf(id, sizeof id, "T-%012zu", i);
        all.push_back(ticket(id, title, symptom, i % 5 ? "" : "0x1F: printer offline"));
    }
    const auto started = std::chrono::steady_clock::now();
    const auto ranked = rank(all[42], all, 10);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
    MESSAGE("rank over " << all.size() << " tickets: " << ms << " ms"); // a figure, not a check
    CHECK(ranked.size() == 10);
    for (const auto& r : ranked)
        CHECK(r.summary.id != all[42].id);
    for (std::size_t i = 1; i < ranked.size(); ++i)
        CHECK(ranked[i - 1].score >= ranked[i].score);
}

TEST_CASE("requester: name or whole contact, ignoring case and white space") {
    const auto s = requester("Wang Fang", "wang@example.com");
    CHECK(who("Wang Fang", s));
    CHECK(who("wang fang", s));
    CHECK(who("  WANG   FANG ", s));
    CHECK(who("wangfang", s));
    CHECK(who("ＷＡＮＧ Ｆａｎｇ", s)); // full-width
    CHECK(who("WANG@EXAMPLE.COM", s));
    CHECK_FALSE(who("Wang", s)); // no substrings
    CHECK_FALSE(who("Fang Wang", s));
    CHECK_FALSE(who("", s));
    CHECK_FALSE(who("   ", s));
    CHECK(who("王 芳", requester("王芳", "")));
    CHECK_FALSE(who("王", requester("王芳", "")));
    CHECK_FALSE(who("Wang Fang", requester("", "")));
}

TEST_CASE("requester: e-mail addresses and phone numbers within the contact") {
    const auto s = requester(
        "王芳", "Wang <Wang@Example.com>; mobile +86 138-0013-8000, desk (010) 6552 1234");
    CHECK(who("wang@example.com", s));
    CHECK(who("mailto:WANG@example.com", s));
    CHECK_FALSE(who("fang@example.com", s));
    CHECK_FALSE(who("example.com", s));
    CHECK(who("+86 13800138000", s));
    CHECK(who("138 0013 8000", s));      // without the country code
    CHECK(who("0086-138-0013-8000", s)); // 00 for +
    CHECK(who("010-65521234", s));
    CHECK(who("+86 10 6552 1234", s)); // trunk 0 dropped with the country code
    CHECK_FALSE(who("13800138001", s));
    CHECK_FALSE(who("8000", s)); // too short to be a number on its own
    CHECK_FALSE(who("+1 138 0013 8000", requester("", "+86 138 0013 8000")));
    CHECK(who("１３８００１３８０００", requester("", "138 0013 8000")));
    // Digits inside an e-mail address are not a phone number.
    CHECK_FALSE(who("13800138000", requester("", "u13800138000@example.com")));
}

TEST_CASE("requester: the parts of a contact") {
    CHECK(emails_in("A <A@B.CN>, c@d.org.") == std::vector<std::string>{"a@b.cn", "c@d.org"});
    CHECK(emails_in("no address here @ all") == std::vector<std::string>{});
    CHECK(phones_in("+86 138-0013-8000 / 010 6552 1234 ext 12") ==
          std::vector<std::string>{"+8613800138000", "01065521234"});
    CHECK(same_phone("+8613800138000", "13800138000"));
    CHECK(same_phone("01065521234", "+861065521234"));
    CHECK_FALSE(same_phone("+8613800138000", "+4413800138000"));
    CHECK_FALSE(same_phone("13800138000", "23800138000"));
}

TEST_CASE("requester: several probes, any one matching") {
    const RequesterMatcher m({"王芳", "wang@example.com"});
    CHECK(m.matches(requester("王芳", "")));
    CHECK(m.matches(requester("Fang W.", "WANG@example.com")));
    CHECK_FALSE(m.matches(requester("Li Lei", "li@example.com")));
    CHECK(RequesterMatcher({"", " "}).empty());
}
