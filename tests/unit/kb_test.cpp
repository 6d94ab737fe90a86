// The knowledge base's article model (kb/article.hpp) and search (kb/search.hpp).
#include "fixture.hpp"
#include "kb/article.hpp"
#include "kb/search.hpp"
#include "schema/schema.hpp"
#include "ticket/similar.hpp"
#include "util/error.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <regex>
#include <set>
#include <string>
#include <vector>

using namespace sop;
using kb::Json;
using Tokens = std::vector<std::string>;

namespace {

const git::Identity ann{"Ann Lee", "ann@example.com"};
const git::Identity bo{"Bo Chen", "bo@example.com"};
constexpr const char* printer_id = "KB-PR1NTERCN001";

Json fields() {
    return Json{{"title", "  打印机无法连接  "},
                {"category", "hardware"},
                {"keywords", {"打印机", "network printer", " ", "打印机", "0x0000011b"}},
                {"problem", "办公室的网络打印机无法连接，打印任务一直排队。\n错误 0x0000011b。"},
                {"diagnosis_steps", {"检查打印机是否在线", "ping 打印机的 IP 地址"}},
                {"solution", "重新添加打印机并安装最新驱动。"},
                {"notes", "不要在业务高峰期重启打印服务。"},
                {"scenarios", {"Windows 10/11 办公电脑", "共享网络打印机"}},
                {"links", {{"tickets", {"T-4K7QX2M9ABCD"}}}}};
}

Json article() {
    return kb::new_article(fields(), "KB-4K7QX2M9ABCD", ann, test::at("2026-11-24T09:30:00+08:00"));
}

// `doc` with `change` applied, checked; the InvalidError's message, or "" when valid.
template <class Change> std::string refusal(Change change) {
    Json doc = article();
    change(doc);
    try {
        kb::check(doc, "kb/x.yaml");
    } catch (const InvalidError& e) {
        return e.what();
    }
    return "";
}

void publish(Json& doc) {
    doc["status"] = "published";
    doc["reviewers"] = Json::array(
        {{{"at", "2026-11-25T10:00:00+08:00"}, {"by", bo.str()}, {"verdict", "approved"}}});
}

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

Json make(const std::string& id, const std::string& title, const std::string& problem,
          const std::string& solution, const Tokens& keywords = {}) {
    Json doc{
        {"id", id},
        {"title", title},
        {"status", "published"},
        {"category", "other"},
        {"version", 1},
        {"author", ann.str()},
        {"problem", problem},
        {"diagnosis_steps", {"check"}},
        {"solution", solution},
        {"scenarios", {"office"}},
        {"reviewers",
         {{{"at", "2026-11-25T10:00:00+08:00"}, {"by", bo.str()}, {"verdict", "approved"}}}},
        {"events", {{{"at", "2026-11-24T09:30:00+08:00"}, {"by", ann.str()}, {"action", "new"}}}}};
    if (!keywords.empty()) doc["keywords"] = keywords;
    return doc;
}

std::string nth_id(const char* tag, std::size_t i) {
    char id[32];
    std::snprintf(id, sizeof id, "KB-%s%011zu", tag, i);
    return id;
}

// A realistic knowledge base: the two articles the queries look for, their nearest neighbours
// in both languages, and generated articles about other devices with the same verbs.
std::vector<std::pair<std::string, Json>> corpus() {
    std::vector<std::pair<std::string, Json>> out;
    const auto add = [&](Json doc) {
        const std::string id = doc["id"];
        out.emplace_back(id, std::move(doc));
    };
    add(make(printer_id, "打印机无法连接",
             "网络打印机无法连接，电脑上显示打印机脱机，打印任务一直排队。",
             "检查打印机网线和 IP 地址，删除并重新添加打印机，安装最新驱动。", {"打印机", "脱机"}));
    add(make("KB-0VT100KPASSW", "Outlook keeps asking for the password",
             "Outlook prompts for credentials again and again after the mailbox moved to "
             "Exchange Online.",
             "Clear the cached credentials in Credential Manager and enable modern "
             "authentication.",
             {"outlook", "password prompt", "exchange"}));
    // Near neighbours: the same device, or the same verbs.
    add(make("KB-000000000A01", "打印机卡纸", "打印机频繁卡纸，打印到一半停止。",
             "清理进纸通道，更换搓纸轮。"));
    add(make("KB-000000000A02", "打印机打印空白页", "打印机可以打印但是输出空白页。",
             "更换硒鼓，检查墨粉。"));
    add(make("KB-000000000A03", "VPN 无法连接", "在家办公时 VPN 无法连接，提示超时。",
             "检查家庭网络，重新安装 VPN 客户端。"));
    add(make("KB-000000000A04", "Wi-Fi 无法连接到公司网络",
             "笔记本无法连接公司 Wi-Fi，提示密码错误。", "重新输入域账号密码，删除旧的网络配置。"));
    add(make("KB-000000000A05", "共享文件夹无法访问", "无法连接到共享文件夹 \\\\fs01\\share。",
             "检查权限和 SMB 服务。"));
    add(make("KB-000000000A06", "扫描仪无法连接电脑", "扫描仪通过 USB 无法连接电脑。",
             "更换 USB 线，重新安装扫描驱动。"));
    add(make("KB-000000000A07", "Printer prints garbled text",
             "The printer prints random characters instead of the document.",
             "Install the correct PCL driver for the printer."));
    add(make("KB-000000000A08", "Outlook crashes on start",
             "Outlook closes right after the splash screen.",
             "Start Outlook in safe mode and disable add-ins."));
    add(make("KB-000000000A09", "Reset a forgotten domain password",
             "A user forgot the password of the domain account and is locked out.",
             "Verify the user's identity and reset the password in Active Directory."));
    add(make("KB-000000000A10", "Mailbox asks for password on phone",
             "The phone's mail app asks for the password every day.",
             "Remove the account and add it again with the Outlook app."));
    // Generated articles: other devices and services with the same problems.
    const char* things[] = {"投影仪", "蓝牙耳机", "会议电话", "邮箱",   "ERP 系统", "考勤机",
                            "门禁",   "摄像头",   "路由器",   "交换机", "NAS",      "显示器"};
    const char* problems[] = {"无法连接", "运行缓慢", "无法登录", "频繁重启", "报错 0x80070005"};
    const char* english[] = {"projector", "headset",      "conference phone", "mailbox",
                             "ERP",       "badge reader", "door access",      "camera"};
    const char* english_problems[] = {"cannot connect", "is slow", "asks for the password again",
                                      "restarts"};
    std::size_t n = 0;
    for (const char* t : things)
        for (const char* p : problems) {
            const std::string title = std::string(t) + p;
            add(make(nth_id("C", n++), title, std::string("用户反馈") + t + p + "，影响日常办公。",
                     std::string("重启") + t + "，检查网络和配置，必要时联系厂商。"));
        }
    for (const char* t : english)
        for (const char* p : english_problems) {
            const std::string title = std::string("The ") + t + " " + p;
            add(make(nth_id("E", n++), title,
                     "Users report that the " + std::string(t) + " " + p + " in the meeting room.",
                     "Restart the " + std::string(t) + " and check its network settings."));
        }
    return out;
}

std::vector<std::string> ids(const std::vector<kb::Hit>& hits) {
    std::vector<std::string> out;
    for (const auto& h : hits)
        out.push_back(h.id);
    return out;
}

} // namespace

TEST_CASE("kb: IDs are KB- and 12 Crockford base32 characters; one file per article") {
    const std::regex pattern("KB-[0-9A-HJKMNP-TV-Z]{12}");
    std::set<std::string> seen;
    for (int i = 0; i < 500; ++i) {
        const auto id = kb::new_id();
        CHECK(std::regex_match(id, pattern));
        CHECK(kb::is_full_id(id));
        seen.insert(id);
    }
    CHECK(seen.size() == 500);
    CHECK_FALSE(kb::is_full_id("T-4K7QX2M9ABCD"));
    CHECK_FALSE(kb::is_full_id("KB-4K7QX2M9ABC"));
    CHECK_FALSE(kb::is_full_id("KB-4K7QX2M9ABCU"));
    CHECK(kb::normalize_prefix("kb-4k7q") == "4K7Q");
    CHECK(kb::normalize_prefix("il0o") == "1100");
    CHECK_THROWS_AS(kb::normalize_prefix("KB-../x"), UsageError);
    CHECK(kb::path_of("KB-4K7QX2M9ABCD") == "kb/KB-4K7QX2M9ABCD.yaml");
}

TEST_CASE("kb: a new article is a canonical, valid, byte-stable draft") {
    const Json doc = article();
    CHECK(schema::problems("kb-article", doc).empty());
    CHECK(doc["title"] == "打印机无法连接");
    CHECK(doc["keywords"] == Json({"打印机", "network printer", "0x0000011b"}));
    CHECK(kb::status_of(doc) == "draft");
    CHECK(doc["version"] == 1);
    CHECK(doc["author"] == "Ann Lee <ann@example.com>");
    CHECK(doc["events"] == Json::array({{{"at", "2026-11-24T09:30:00+08:00"},
                                         {"by", "Ann Lee <ann@example.com>"},
                                         {"action", "new"},
                                         {"to", "draft"}}}));
    const std::string text = kb::to_yaml(doc);
    CHECK(text.starts_with("id: KB-4K7QX2M9ABCD\ntitle: 打印机无法连接\nstatus: draft\n"
                           "category: hardware\nkeywords:\n"));
    CHECK(contains(text, "problem: |-\n  办公室的网络打印机无法连接，打印任务一直排队。\n"));
    CHECK(contains(text, "links:\n  tickets:\n    - T-4K7QX2M9ABCD\nevents:\n"));
    const Json back = kb::parse(text, "t", kb::path_of("KB-4K7QX2M9ABCD"));
    CHECK(back == doc);
    CHECK(kb::to_yaml(back) == text);

    // Key order does not depend on how the document was built; unknown fields survive,
    // before the event log.
    Json shuffled = Json::object();
    std::vector<std::string> keys;
    for (const auto& [k, _] : doc.items())
        keys.push_back(k);
    for (auto it = keys.rbegin(); it != keys.rend(); ++it)
        shuffled[*it] = doc[*it];
    CHECK(kb::to_yaml(shuffled) == text);
    shuffled["x_future"] = "kept";
    const std::string with_unknown = kb::to_yaml(shuffled);
    CHECK(contains(with_unknown, "x_future: kept\nevents:\n"));
    CHECK(kb::parse(with_unknown, "t")["x_future"] == "kept");
}

TEST_CASE("kb: new_article refuses fields an author does not set") {
    for (const char* field : {"id", "status", "version", "author", "reviewers", "events", "x"}) {
        Json f = fields();
        f[field] = "x";
        CHECK_THROWS_AS(
            kb::new_article(f, "KB-4K7QX2M9ABCD", ann, test::at("2026-11-24T09:30:00Z")),
            InvalidError);
    }
    Json f = fields();
    f["category"] = "printer";
    CHECK_THROWS_WITH_AS(
        kb::new_article(f, "KB-4K7QX2M9ABCD", ann, test::at("2026-11-24T09:30:00Z")),
        doctest::Contains("category: 'printer' is not one of software, hardware"), InvalidError);
    CHECK_THROWS_AS(kb::new_article(f, "../../etc", ann, test::at("2026-11-24T09:30:00Z")),
                    InvalidError);
    CHECK_THROWS_AS(
        kb::new_article(Json::array(), "KB-4K7QX2M9ABCD", ann, test::at("2026-11-24T09:30:00Z")),
        InvalidError);
}

TEST_CASE("kb: the schema and invariants refuse bad articles") {
    CHECK(refusal([](Json&) {}) == "");
    CHECK(contains(refusal([](Json& d) { d["id"] = "KB-../../x"; }), "kb/x.yaml: id:"));
    CHECK(contains(refusal([](Json& d) { d["status"] = "open"; }), "status: 'open' is not one of"));
    CHECK(contains(refusal([](Json& d) { d["version"] = 0; }), "version:"));
    CHECK(contains(refusal([](Json& d) { d.erase("problem"); }), "problem"));
    CHECK(contains(refusal([](Json& d) { d["title"] = "two\nlines"; }), "title:"));
    CHECK(contains(refusal([](Json& d) { d["keywords"] = {"a", "a"}; }), "keywords:"));
    CHECK(contains(refusal([](Json& d) { d["links"]["tickets"] = {"KB-4K7QX2M9ABCD"}; }),
                   "links.tickets[0]:"));
    CHECK(contains(refusal([](Json& d) { d["diagnosis_steps"] = Json::array(); }),
                   "diagnosis_steps:"));
    // Past draft, the whole fixed format is required.
    CHECK(refusal([](Json& d) { d["status"] = "in_review"; }) == "");
    CHECK(refusal([](Json& d) {
              d["status"] = "in_review";
              d.erase("solution");
          }) != "");
    CHECK(refusal([](Json& d) {
              d["status"] = "flagged";
              d.erase("scenarios");
          }) != "");
    CHECK(refusal([](Json& d) { d.erase("solution"); }) == ""); // a draft may be unfinished
    // Timestamps and the event log.
    CHECK(contains(refusal([](Json& d) { d["events"][0]["at"] = "2026-02-30T10:00:00+08:00"; }),
                   "events[0].at: '2026-02-30T10:00:00+08:00' is not a valid RFC 3339"));
    CHECK(contains(refusal([](Json& d) {
                       d["events"].push_back({{"at", "2026-11-24T01:00:00+00:00"},
                                              {"by", "x"},
                                              {"action", "submit"}});
                   }),
                   "events[1].at: events are out of time order"));
    CHECK(contains(refusal([](Json& d) { d["events"] = Json::array(); }), "events:"));
    CHECK(contains(refusal([](Json& d) {
                       d["reviewers"] = {{{"at", "yesterday"}, {"by", "x"}, {"verdict", "ok"}}};
                   }),
                   "reviewers[0]"));
}

TEST_CASE("kb: a published article needs an approved review of its current version") {
    CHECK(contains(refusal([](Json& d) { d["status"] = "published"; }),
                   "status: published without an approved review of version 1"));
    CHECK(refusal(publish) == "");
    CHECK(refusal([](Json& d) {
              publish(d);
              d["reviewers"].push_back({{"at", "2026-11-26T10:00:00+08:00"},
                                        {"by", "Cy"},
                                        {"verdict", "rejected"},
                                        {"reason", "steps are incomplete"}});
          }) != "");
    // Version 2 is not covered by the approval of version 1.
    CHECK(refusal([](Json& d) {
              publish(d);
              d["reviewers"][0]["version"] = 1;
              d["version"] = 2;
          }) != "");
    CHECK(refusal([](Json& d) {
              publish(d);
              d["reviewers"][0]["version"] = 2;
              d["version"] = 2;
          }) == "");
    // The file's path must match its ID.
    Json doc = article();
    CHECK_THROWS_WITH_AS(kb::check(doc, "kb/KB-0000000000AA.yaml", "kb/KB-0000000000AA.yaml"),
                         doctest::Contains("does not match the file's path"), InvalidError);
}

TEST_CASE("kb: what readers are served; a served earlier version only during a revision") {
    Json doc = article();
    CHECK_FALSE(kb::serves_current_text(doc)); // a draft never approved
    publish(doc);
    CHECK(kb::serves_current_text(doc));
    doc["status"] = "flagged"; // flagged is still approved text
    CHECK(kb::serves_current_text(doc));
    doc["status"] = "in_review"; // resubmitted unchanged: still the approved version
    CHECK(kb::serves_current_text(doc));
    doc["reviewers"][0]["version"] = 1;
    doc["version"] = 2; // a revision: not approved yet
    CHECK_FALSE(kb::serves_current_text(doc));
    doc["status"] = "retired";
    doc["version"] = 1;
    CHECK_FALSE(kb::serves_current_text(doc)); // retired: served in no version

    const std::string blob(40, 'a');
    CHECK(refusal([&](Json& d) {
              publish(d);
              d["status"] = "in_review";
              d["version"] = 2;
              d["reviewers"][0]["version"] = 1;
              d["published"] = Json{{"version", 1}, {"blob", blob}};
          }) == "");
    CHECK(contains(refusal([&](Json& d) {
                       publish(d);
                       d["published"] = Json{{"version", 1}, {"blob", blob}};
                   }),
                   "published: only a revision in draft or in_review"));
    CHECK(contains(refusal([&](Json& d) {
                       d["published"] = Json{{"version", 1}, {"blob", blob}};
                   }),
                   "published.version: not earlier than version 1"));
    CHECK(refusal([&](Json& d) {
              d["version"] = 2;
              d["published"] = Json{{"version", 1}, {"blob", "not-a-blob"}};
          }) != "");
}

TEST_CASE("kb: the tokenizer: English, Chinese bigrams, mixed text and error codes") {
    using ticket::tokenize;
    CHECK(tokenize("The Printer CANNOT connect to Wi-Fi!") ==
          Tokens{"printer", "cannot", "connect", "wi", "fi"});
    CHECK(tokenize("打印机无法连接") == Tokens{"打印", "印机", "机无", "无法", "法连", "连接"});
    CHECK(tokenize("打印机 无法 连接") == Tokens{"打印", "印机", "无法", "连接"});
    CHECK(tokenize("Outlook无法登录，报错0x8004010F") ==
          Tokens{"outlook", "无法", "法登", "登录", "报错", "0x8004010f"});
    CHECK(tokenize("错误 0x1F: E1234 / 80070005") == Tokens{"错误", "0x1f", "e1234", "80070005"});
    CHECK(tokenize("ＶＰＮ 断") == Tokens{"vpn", "断"});
    CHECK(ticket::is_code_token("0x1f"));
    // An article's fields as searched: list fields joined.
    const auto d = kb::document_of(article());
    CHECK(d.id == "KB-4K7QX2M9ABCD");
    CHECK(d.status == "draft");
    CHECK(d.text[static_cast<std::size_t>(kb::Field::title)] == "打印机无法连接");
    CHECK(d.text[static_cast<std::size_t>(kb::Field::steps)] ==
          "检查打印机是否在线\nping 打印机的 IP 地址");
    CHECK(d.text[static_cast<std::size_t>(kb::Field::keywords)] ==
          "打印机\nnetwork printer\n0x0000011b");
}

TEST_CASE("kb: search ranks the right article first among 50+, in Chinese and English") {
    const auto all = corpus();
    REQUIRE(all.size() >= 50);
    for (const auto& [id, doc] : all)
        CHECK_MESSAGE(schema::problems("kb-article", doc).empty(), id);
    const kb::Index index(all);
    CHECK(index.size() == all.size());

    const auto zh = index.search("打印机 无法 连接", 5);
    REQUIRE(!zh.empty());
    CHECK(zh[0].id == printer_id);
    CHECK(zh.size() == 5);
    const auto zh_joined = index.search("打印机无法连接", 5);
    REQUIRE(!zh_joined.empty());
    CHECK(zh_joined[0].id == printer_id);

    const auto en = index.search("outlook keeps asking for password", 5);
    REQUIRE(!en.empty());
    CHECK(en[0].id == "KB-0VT100KPASSW");

    // Mixed queries.
    const auto mixed = index.search("Outlook 密码 password prompt", 3);
    REQUIRE(!mixed.empty());
    CHECK(mixed[0].id == "KB-0VT100KPASSW");
    const auto mixed_zh = index.search("printer 打印机 脱机", 3);
    REQUIRE(!mixed_zh.empty());
    CHECK(mixed_zh[0].id == printer_id);

    // Best first, every hit scored, nothing for a query with no known term.
    for (std::size_t i = 1; i < zh.size(); ++i)
        CHECK(zh[i - 1].score >= zh[i].score);
    for (const auto& h : index.search("打印机", 0))
        CHECK(h.score > 0);
    CHECK(index.search("kubernetes", 10).empty());
    CHECK(index.search("，。!?", 10).empty());
    CHECK(kb::Index().search("打印机", 10).empty());
}

TEST_CASE("kb: equal scores are ordered by ID; the title weighs more than the body") {
    const std::vector<std::pair<std::string, Json>> docs = {
        {"KB-00000000000C", make("KB-00000000000C", "same", "vpn drops", "fix")},
        {"KB-00000000000A", make("KB-00000000000A", "same", "vpn drops", "fix")},
        {"KB-00000000000B", make("KB-00000000000B", "same", "vpn drops", "fix")},
        {"KB-00000000000D", make("KB-00000000000D", "other", "unrelated words", "fix")},
    };
    const kb::Index index(docs);
    const auto hits = index.search("vpn", 0);
    CHECK(ids(hits) == Tokens{"KB-00000000000A", "KB-00000000000B", "KB-00000000000C"});
    CHECK(hits[0].score == hits[2].score);
    CHECK(ids(index.search("vpn", 2)) == Tokens{"KB-00000000000A", "KB-00000000000B"});

    const kb::Index weighted(std::vector<std::pair<std::string, Json>>{
        {"KB-00000000000A", make("KB-00000000000A", "Printer", "mail is slow", "restart")},
        {"KB-00000000000B", make("KB-00000000000B", "Mail", "the printer is slow", "restart")},
        {"KB-00000000000C", make("KB-00000000000C", "Other", "nothing here", "restart")}});
    CHECK(ids(weighted.search("printer", 0)) == Tokens{"KB-00000000000A", "KB-00000000000B"});
}

TEST_CASE("kb: suggest looks a ticket up by its title, symptom and error") {
    const kb::Index index(corpus());
    const Json t{
        {"id", "T-4K7QX2M9ABCD"},
        {"title", "财务部打印机连不上"},
        {"problem", {{"symptom", "打印机显示脱机，无法连接，任务排队"}, {"error", "0x0000011b"}}}};
    CHECK(kb::suggestion_query(t) ==
          "财务部打印机连不上\n打印机显示脱机，无法连接，任务排队\n0x0000011b");
    const auto hits = kb::suggest(index, t, 3);
    REQUIRE(!hits.empty());
    CHECK(hits[0].id == printer_id);
    CHECK(kb::suggest(index, Json{{"title", "?"}}, 3).empty());
}

TEST_CASE("kb: search over 5,000 articles, index built in-process") {
    std::vector<kb::Document> docs;
    const char* words[] = {"printer", "scanner", "vpn",  "mail",    "laptop", "打印机", "邮箱",
                           "网络",    "卡纸",    "断开", "0x1F",    "E1234",  "slow",   "offline",
                           "无法",    "连接",    "登录", "restart", "driver", "驱动",   "密码"};
    constexpr std::size_t count = 5000;
    for (std::size_t i = 0; i < count; ++i) {
        kb::Document d;
        d.id = nth_id("P", i);
        d.status = "published";
        for (std::size_t f = 0; f < kb::field_count; ++f) {
            const std::size_t length = f == 0 ? 4 : f == 1 ? 3 : 40;
            for (std::size_t k = 0; k < length; ++k)
                d.text[f] += std::string(words[(i * 7 + k * (f + 3) + i / 13) % std::size(words)]) +
                             (k % 5 ? "，" : std::to_string(i % 89) + " ");
        }
        docs.push_back(std::move(d));
    }
    const auto started = std::chrono::steady_clock::now();
    const kb::Index index(docs);
    const auto built = std::chrono::steady_clock::now();
    const auto hits = index.search("打印机 无法 连接 printer offline 0x1F", 10);
    const auto done = std::chrono::steady_clock::now();
    const auto ms = [](auto a, auto b) {
        return std::chrono::duration<double, std::milli>(b - a).count();
    };
    // Figures, not checks.
    MESSAGE("kb index of " << count << " articles: " << ms(started, built) << " ms; query "
                           << ms(built, done) << " ms");
    CHECK(index.size() == count);
    CHECK(hits.size() == 10);
    for (std::size_t i = 1; i < hits.size(); ++i)
        CHECK(hits[i - 1].score >= hits[i].score);
}
