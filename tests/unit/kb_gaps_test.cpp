// Knowledge gaps (kb/gaps.hpp): clusters of similar tickets that no published article covers.
#include "kb/gaps.hpp"
#include "util/time.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

using namespace sop;
using IDs = std::vector<std::string>;

namespace {

util::Timestamp at(const char* rfc3339) {
    return *util::parse_rfc3339(rfc3339);
}

std::string tid(std::size_t n) {
    char id[32];
    std::snprintf(id, sizeof id, "T-%012zu", n);
    return id;
}

// Tickets received one hour apart from 2026-11-02, IDs in order.
struct Tickets {
    std::vector<ticket::Summary> all;
    std::int64_t next_second = at("2026-11-02T08:00:00+08:00").seconds;

    // The new ticket's ID.
    std::string add(std::string category, std::string title, std::string symptom = "",
                    std::string error = "", std::string state = "new") {
        ticket::Summary s;
        s.id = tid(all.size() + 1);
        s.state = std::move(state);
        s.category = std::move(category);
        s.title = std::move(title);
        s.symptom = std::move(symptom);
        s.error = std::move(error);
        s.received_at = util::Timestamp{next_second, 480}.str();
        next_second += 3600;
        all.push_back(s);
        return s.id;
    }
};

const util::Timestamp november = at("2026-11-01T00:00:00+08:00");
const util::Timestamp december = at("2026-12-01T00:00:00+08:00");

kb::GapOptions in_november(std::size_t min_tickets = 3) {
    kb::GapOptions o;
    o.from = november;
    o.to = december;
    o.min_tickets = min_tickets;
    return o;
}

// About sixty tickets on distinct problems, a few in each category sharing a word or two.
void varied(Tickets& t) {
    const char* network[][2] = {
        {"VPN login fails with wrong password",
         "VPN client says the password is wrong after reset"},
        {"Wi-Fi slow in meeting room 3", "Video calls stutter on the meeting room wireless"},
        {"Cannot reach intranet portal", "Browser times out opening the intranet home page"},
        {"Ethernet port at desk 12 dead", "No link light when plugging the cable in"},
        {"DNS does not resolve internal hosts", "nslookup of fileserver fails from the laptop"},
        {"Proxy blocks GitHub", "Access to github.com denied by web filter"},
        {"Guest Wi-Fi voucher expired", "Visitor cannot join guest wireless network"},
        {"Firewall rule request for new server", "Please open port 8443 to the build server"},
        {"VPN certificate expires next week", "Reminder mail about the VPN certificate renewal"},
        {"Packet loss to branch office", "Pings to the Shanghai branch lose ten percent"},
        {"Static IP needed for lab printer", "Lab printer needs a reserved address"},
        {"Network drive mapping missing", "The S: drive is gone after login"},
    };
    const char* hardware[][2] = {
        {"Laptop battery drains fast", "Battery lasts only one hour"},
        {"Monitor flickers", "External screen flickers when docked"},
        {"Keyboard keys stuck", "Several keys do not respond"},
        {"Docking station not charging", "USB-C dock does not charge the notebook"},
        {"Mouse double clicks", "Single click registers as two"},
        {"Headset microphone silent", "Colleagues cannot hear me in Teams"},
        {"扫描仪卡纸", "扫描多页文件时经常卡纸"},
        {"投影仪没有信号", "会议室投影仪显示无信号"},
        {"Laptop fan very loud", "Fan runs at full speed all the time"},
        {"Webcam not detected", "Camera missing in device manager"},
        {"硬盘空间不足", "系统盘只剩下两百兆"},
        {"Phone handset broken", "Desk phone cord is torn"},
    };
    const char* software[][2] = {
        {
            "Excel crashes when opening large workbook",
            "Crash with error 0xc0000005",
        },
        {"Outlook search returns nothing", "Search index seems empty"},
        {"Need Visio licence", "Request for a Visio installation"},
        {"Teams status stuck on away", "Presence never updates"},
        {"Adobe Reader prints blank pages", "PDF prints come out empty"},
        {"SAP GUI update fails", "Installer stops with error 1603"},
        {"Chrome extensions blocked", "Policy blocks the password manager extension"},
        {"OneDrive sync conflict", "Files duplicated with the computer name"},
        {"Windows update stuck at 30 percent", "Update KB5031356 hangs"},
        {"Zoom plugin missing in Outlook", "The add-in disappeared after upgrade"},
        {"报销系统打不开", "浏览器提示证书错误"},
        {"Python not installed on build agent", "Build pipeline needs Python 3.12"},
    };
    const char* account[][2] = {
        {"Password expired", "Cannot log in, password expired over the weekend"},
        {"Account locked after holidays", "Too many attempts locked the domain account"},
        {"New hire needs accounts", "Onboarding for the finance team starting Monday"},
        {"MFA phone changed", "Authenticator app on the old phone"},
        {"Shared mailbox access", "Need access to the sales shared mailbox"},
        {"Leaver account disable", "Please disable the account of a leaving contractor"},
        {"邮箱密码忘记", "忘记了邮箱登录密码"},
        {"Group membership for project folder", "Add me to the project readers group"},
        {"Name change after marriage", "Update display name and mail alias"},
        {"Admin rights for installer", "Temporary local admin needed"},
        {"SSO loop on HR portal", "Login page keeps redirecting"},
        {"Badge does not open door", "Access card rejected at the third floor"},
    };
    const char* email[][2] = {
        {"Mailbox full", "Quota warning every morning"},
        {"Spam from supplier domain", "Phishing-looking mails from a supplier"},
        {"Calendar invites not received", "External invitations never arrive"},
        {"Distribution list request", "Create a list for the marketing team"},
        {"Signature template update", "New logo for mail signatures"},
        {"Mail to customer bounced", "NDR 550 5.7.1 when sending to a customer"},
        {"Auto-reply not working", "Out of office message is not sent"},
        {"邮件发送延迟", "外部邮件延迟半小时到达"},
        {"Archive folder missing", "Online archive disappeared"},
        {"Attachments blocked", "Zip attachments are stripped"},
        {"Delegate cannot send on behalf", "Assistant gets permission error"},
        {"Mobile mail app asks for password", "iPhone mail prompts repeatedly"},
    };
    for (const auto& [title, symptom] : network)
        t.add("network", title, symptom);
    for (const auto& [title, symptom] : hardware)
        t.add("hardware", title, symptom);
    for (const auto& [title, symptom] : software)
        t.add("software", title, symptom);
    for (const auto& [title, symptom] : account)
        t.add("account", title, symptom);
    for (const auto& [title, symptom] : email)
        t.add("email", title, symptom);
}

// Five variations of one VPN problem (network); their IDs.
IDs vpn_cluster(Tickets& t) {
    return {
        t.add("network", "VPN disconnects every 10 minutes",
              "The VPN connection drops every 10 minutes when working from home"),
        t.add("network", "VPN keeps disconnecting every 10 minutes",
              "Connected to the VPN but it disconnects after about 10 minutes"),
        t.add("network", "VPN drops every 10 minutes",
              "GlobalProtect VPN disconnects every 10 minutes, I have to reconnect"),
        t.add("network", "Frequent VPN disconnects",
              "VPN session disconnects every 10 minutes since Monday"),
        t.add("network", "VPN disconnected every ten minutes",
              "VPN disconnects every 10 minutes on home Wi-Fi", "GP-1012 tunnel closed"),
    };
}

IDs printer_cluster(Tickets& t) {
    return {
        t.add("hardware", "打印机无法连接", "三楼打印机无法连接，打印任务一直排队"),
        t.add("hardware", "财务部打印机连接不上", "打印机显示脱机，无法连接"),
        t.add("hardware", "无法连接网络打印机", "添加打印机时提示无法连接"),
        t.add("hardware", "打印机无法连接 0x0000011b", "连接打印机报错", "0x0000011b"),
    };
}

// The usual mix: varied tickets with both clusters spread among them.
struct Mix {
    Tickets tickets;
    IDs vpn, printer;
    Mix() {
        varied(tickets);
        vpn = vpn_cluster(tickets);
        printer = printer_cluster(tickets);
        // Interleave: the clusters' tickets are received among the others.
        std::mt19937 rng(7);
        std::vector<std::int64_t> times;
        for (const auto& s : tickets.all)
            times.push_back(util::parse_rfc3339(s.received_at)->seconds);
        std::shuffle(times.begin(), times.end(), rng);
        for (std::size_t i = 0; i < times.size(); ++i)
            tickets.all[i].received_at = util::Timestamp{times[i], 480}.str();
    }
    // `ids` ordered as a gap lists them: oldest received first.
    IDs by_received(IDs ids) const {
        const auto received = [&](const std::string& id) {
            for (const auto& s : tickets.all)
                if (s.id == id) return util::parse_rfc3339(s.received_at)->seconds;
            return std::int64_t{0};
        };
        std::sort(ids.begin(), ids.end(), [&](const auto& a, const auto& b) {
            return received(a) != received(b) ? received(a) < received(b) : a < b;
        });
        return ids;
    }
};

kb::Published article(std::string id, std::string category, std::string title, std::string keywords,
                      std::string problem, std::string solution, std::string notes = "") {
    kb::Published p;
    p.category = std::move(category);
    p.doc.id = std::move(id);
    p.doc.status = "published";
    p.doc.text[static_cast<std::size_t>(kb::Field::title)] = std::move(title);
    p.doc.text[static_cast<std::size_t>(kb::Field::keywords)] = std::move(keywords);
    p.doc.text[static_cast<std::size_t>(kb::Field::problem)] = std::move(problem);
    p.doc.text[static_cast<std::size_t>(kb::Field::steps)] = "Check the client log";
    p.doc.text[static_cast<std::size_t>(kb::Field::solution)] = std::move(solution);
    p.doc.text[static_cast<std::size_t>(kb::Field::scenarios)] = "Remote work";
    p.doc.text[static_cast<std::size_t>(kb::Field::notes)] = std::move(notes);
    return p;
}

kb::Published vpn_article(std::string category = "network") {
    return article("KB-VPNDR0PS0001", std::move(category), "VPN disconnects every 10 minutes",
                   "vpn\ndisconnect\nGlobalProtect", "The VPN connection drops every 10 minutes.",
                   "Update the VPN client and turn off Wi-Fi power saving.");
}

const kb::Gap* gap_with(const std::vector<kb::Gap>& gaps, const std::string& id) {
    for (const auto& g : gaps)
        if (std::find(g.tickets.begin(), g.tickets.end(), id) != g.tickets.end()) return &g;
    return nullptr;
}

bool has(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

} // namespace

TEST_CASE("gaps: a cluster of similar tickets among varied ones is found, with its tickets") {
    const Mix mix;
    const auto gaps = kb::find_gaps(mix.tickets.all, {}, in_november());
    const auto* vpn = gap_with(gaps, mix.vpn.front());
    REQUIRE(vpn);
    CHECK(vpn->category == "network");
    CHECK(vpn->tickets == mix.by_received(mix.vpn));
    // All five are in every ticket; of those, the rarer in the period first: "every" is in
    // one other ticket, "vpn" in two.
    CHECK(vpn->terms == IDs{"10", "disconnects", "minutes", "every", "vpn"});
    CHECK(vpn->example == "VPN disconnects every 10 minutes");
    CHECK(vpn->nearest.empty());
    CHECK(vpn->coverage == 0);
    // The other VPN tickets (password, certificate) are not drawn in, and the varied tickets
    // make no gap of their own: only the two planted clusters are found, largest first.
    REQUIRE(gaps.size() == 2);
    CHECK(&gaps[0] == vpn);
    CHECK(gaps[1].category == "hardware");
    CHECK(gaps[1].tickets == mix.by_received(mix.printer));
}

TEST_CASE("gaps: a published article of the category covers the cluster; one elsewhere does not") {
    const Mix mix;
    const auto other = article("KB-0THER000001", "network", "Guest Wi-Fi vouchers", "guest\nwifi",
                               "Visitors cannot join", "Print a new voucher");
    {
        const auto gaps = kb::find_gaps(mix.tickets.all, {vpn_article(), other}, in_november());
        CHECK_FALSE(gap_with(gaps, mix.vpn.front()));
        CHECK(gaps.size() == 1); // the printer cluster remains
    }
    {
        // The same article filed under another category covers nothing in network.
        const auto gaps =
            kb::find_gaps(mix.tickets.all, {vpn_article("software"), other}, in_november());
        const auto* vpn = gap_with(gaps, mix.vpn.front());
        REQUIRE(vpn);
        CHECK(vpn->nearest.empty()); // "other" shares none of the terms
        CHECK(vpn->coverage == 0);
    }
    {
        // An article that mentions the VPN only in passing (and in its notes, which do not
        // count) is the nearest, but covers less than half of the terms.
        const auto partial =
            article("KB-VPNPASSW0RD", "network", "VPN password reset", "vpn",
                    "The VPN rejects the password", "Reset the password in the portal",
                    "Not for VPN disconnects every 10 minutes");
        const auto gaps = kb::find_gaps(mix.tickets.all, {partial, other}, in_november());
        const auto* vpn = gap_with(gaps, mix.vpn.front());
        REQUIRE(vpn);
        CHECK(vpn->nearest == "KB-VPNPASSW0RD");
        CHECK(vpn->coverage > 0);
        CHECK(vpn->coverage < 0.5);
    }
}

TEST_CASE("gaps: only tickets of the period count; cancelled and uncategorised ones do not") {
    Tickets t;
    varied(t);
    const auto vpn = vpn_cluster(t);
    auto all = t.all;
    const auto find = [&](const std::string& id) -> ticket::Summary& {
        return *std::find_if(all.begin(), all.end(), [&](const auto& s) { return s.id == id; });
    };
    CHECK(kb::find_gaps(all, {}, in_november(5)).size() == 1);

    // One ticket received before the period, one exactly at its end: three remain.
    find(vpn[0]).received_at = "2026-10-31T23:59:59+08:00";
    find(vpn[1]).received_at = "2026-12-01T00:00:00+08:00";
    auto gaps = kb::find_gaps(all, {}, in_november(3));
    REQUIRE(gaps.size() == 1);
    CHECK(gaps[0].tickets == IDs{vpn[2], vpn[3], vpn[4]});
    CHECK(kb::find_gaps(all, {}, in_november(4)).empty());
    // The start of the period is in it (the same instant written in UTC).
    find(vpn[0]).received_at = "2026-10-31T16:00:00Z";
    gaps = kb::find_gaps(all, {}, in_november(3));
    REQUIRE(gaps.size() == 1);
    CHECK(gaps[0].tickets.size() == 4);

    find(vpn[2]).state = "cancelled";
    find(vpn[3]).category = "";
    find(vpn[4]).received_at = "not a time";
    CHECK(kb::find_gaps(all, {}, in_november(2)).empty());
    // With min_tickets 1 every ticket counted is in exactly one gap, and only those.
    IDs listed;
    for (const auto& g : kb::find_gaps(all, {}, in_november(1)))
        listed.insert(listed.end(), g.tickets.begin(), g.tickets.end());
    std::sort(listed.begin(), listed.end());
    IDs counted;
    for (const auto& s : all)
        if (s.id != vpn[1] && s.id != vpn[2] && s.id != vpn[3] && s.id != vpn[4])
            counted.push_back(s.id);
    CHECK(listed == counted);
}

TEST_CASE("gaps: a Chinese cluster is found") {
    const Mix mix;
    const auto gaps = kb::find_gaps(mix.tickets.all, {}, in_november(4));
    const auto* printer = gap_with(gaps, mix.printer.front());
    REQUIRE(printer);
    CHECK(printer->category == "hardware");
    CHECK(printer->tickets == mix.by_received(mix.printer));
    for (const char* term : {"打印", "印机", "无法", "连接"})
        CHECK(has(printer->terms, term));
    CHECK(printer->example == "打印机无法连接");

    // Covered by a Chinese article of the category.
    const auto covered =
        article("KB-PR1NTERCN001", "hardware", "打印机无法连接", "打印机\n网络打印机",
                "办公室的网络打印机无法连接，打印任务一直排队。", "重新添加打印机并安装最新驱动。");
    CHECK_FALSE(
        gap_with(kb::find_gaps(mix.tickets.all, {covered}, in_november(4)), mix.printer.front()));
}

TEST_CASE("gaps: results do not depend on the input's order") {
    const Mix mix;
    std::vector<kb::Published> articles = {
        article("KB-B00000000001", "network", "VPN password", "vpn", "password", "reset"),
        article("KB-A00000000001", "network", "VPN password", "vpn", "password", "reset"),
        article("KB-C00000000001", "hardware", "网络打印机", "打印机", "脱机", "重启")};
    const auto expected = kb::find_gaps(mix.tickets.all, articles, in_november(2));
    REQUIRE(expected.size() >= 2);
    // Of two articles covering as much, the first by ID is the nearest.
    const auto* vpn = gap_with(expected, mix.vpn.front());
    REQUIRE(vpn);
    CHECK(vpn->nearest == "KB-A00000000001");
    CHECK(vpn->coverage == doctest::Approx(0.2)); // "vpn" of five terms
    auto shuffled = mix.tickets.all;
    std::mt19937 rng(42);
    for (int round = 0; round < 5; ++round) {
        std::shuffle(shuffled.begin(), shuffled.end(), rng);
        std::shuffle(articles.begin(), articles.end(), rng);
        const auto gaps = kb::find_gaps(shuffled, articles, in_november(2));
        REQUIRE(gaps.size() == expected.size());
        for (std::size_t i = 0; i < gaps.size(); ++i) {
            CHECK(gaps[i].category == expected[i].category);
            CHECK(gaps[i].tickets == expected[i].tickets);
            CHECK(gaps[i].terms == expected[i].terms);
            CHECK(gaps[i].example == expected[i].example);
            CHECK(gaps[i].nearest == expected[i].nearest);
            CHECK(gaps[i].coverage == expected[i].coverage);
        }
    }
}

TEST_CASE("gaps: min_tickets, and a ticket listed live and archived counts once") {
    const Mix mix;
    CHECK(kb::find_gaps(mix.tickets.all, {}, in_november(3)).size() == 2);
    CHECK(kb::find_gaps(mix.tickets.all, {}, in_november(5)).size() == 1);
    CHECK(kb::find_gaps(mix.tickets.all, {}, in_november(6)).empty());
    auto twice = mix.tickets.all;
    for (const auto& s : mix.tickets.all)
        if (s.id == mix.printer[0]) {
            twice.push_back(s);
            twice.back().archived = true;
        }
    const auto gaps = kb::find_gaps(twice, {}, in_november(5));
    REQUIRE(gaps.size() == 1);
    CHECK(gaps[0].category == "network");
}

TEST_CASE("gaps: unrelated tickets are not chained into one cluster") {
    // Each ticket shares words with the next, but the first and last have nothing in common.
    Tickets t;
    t.add("network", "VPN drops every hour", "VPN connection drops every hour");
    t.add("network", "VPN slow every hour", "VPN very slow every hour");
    t.add("network", "VPN slow at home", "Slow VPN at home");
    t.add("network", "Wi-Fi slow at home", "Slow Wi-Fi at home office");
    t.add("network", "Wi-Fi password at office", "Need the office Wi-Fi password");
    t.add("network", "Guest password at office", "Guest needs an office password");
    const auto gaps = kb::find_gaps(t.all, {}, in_november(4));
    CHECK(gaps.empty());
}

TEST_CASE("gaps: two problems that share a word stay apart") {
    Tickets t;
    const auto drops = vpn_cluster(t);
    const IDs password = {
        t.add("network", "VPN password rejected", "The VPN says my password is wrong"),
        t.add("network", "VPN rejects new password",
              "After the password change the VPN rejects it"),
        t.add("network", "Cannot log in to VPN: password wrong", "VPN login says password wrong"),
        t.add("network", "VPN password not accepted", "New password is not accepted by the VPN"),
    };
    const auto gaps = kb::find_gaps(t.all, {}, in_november());
    REQUIRE(gaps.size() == 2);
    CHECK(gaps[0].tickets == drops);
    CHECK(gaps[1].tickets == password);
    CHECK(has(gaps[1].terms, "password"));
    CHECK_FALSE(has(gaps[1].terms, "minutes"));
}

TEST_CASE("gaps: identical tickets are a cluster; tickets without words are not") {
    Tickets t;
    IDs same;
    for (int i = 0; i < 6; ++i)
        same.push_back(t.add("email", "Mailbox full", "Quota exceeded"));
    same.push_back(t.add("email", "Mailbox full again", "Quota exceeded, cannot send"));
    for (int i = 0; i < 4; ++i)
        t.add("email", "?", "!!");
    t.add("email", "Signature template update", "New logo");
    const auto gaps = kb::find_gaps(t.all, {}, in_november());
    REQUIRE(gaps.size() == 1);
    CHECK(gaps[0].tickets == same);
    CHECK(gaps[0].terms == IDs{"exceeded", "full", "mailbox", "quota"});
    CHECK(gaps[0].example == "Mailbox full");
}

TEST_CASE("gaps: 10,000 tickets over 90 days") {
    // Generated: 8 categories, 400 recurring problems of 4-6 words from a 3,000-word
    // vocabulary (Latin words, Chinese bigram runs, error codes); each ticket takes most of its
    // problem's words plus noise, so problems recur with variations.
    std::mt19937 rng(2026);
    std::vector<std::string> words;
    const char* han[] = {"打印", "网络", "邮箱", "密码", "无法", "连接", "登录", "系统", "电脑",
                         "报错", "断开", "驱动", "更新", "权限", "文件", "共享", "会议", "投影"};
    for (std::size_t i = 0; i < 3000; ++i) {
        if (i % 10 == 0)
            words.push_back(std::string(han[i % 18]) + han[(i / 18) % 18]);
        else if (i % 10 == 1)
            words.push_back("e" + std::to_string(1000 + i));
        else {
            std::string w; // distinct: i in base 26, after a few letters
            for (std::size_t k = 0, n = 1 + i % 4; k < n; ++k)
                w += static_cast<char>('a' + (i * 7 + k * 13) % 26);
            for (std::size_t v = i; v; v /= 26)
                w += static_cast<char>('a' + v % 26);
            words.push_back(w);
        }
    }
    std::uniform_int_distribution<std::size_t> pick(0, words.size() - 1);
    struct Problem {
        std::string category;
        std::vector<std::string> words;
    };
    const char* categories[] = {"network", "hardware", "software", "account",
                                "email",   "printing", "access",   "other"};
    std::vector<Problem> problems;
    for (std::size_t p = 0; p < 400; ++p) {
        Problem problem{categories[p % 8], {}};
        for (std::size_t k = 0, n = 4 + p % 3; k < n; ++k)
            problem.words.push_back(words[pick(rng)]);
        problems.push_back(std::move(problem));
    }
    std::vector<ticket::Summary> tickets;
    const auto start = at("2026-09-01T00:00:00+08:00");
    std::uniform_int_distribution<std::int64_t> when(0, 90 * 86400 - 1);
    std::uniform_int_distribution<std::size_t> which(0, problems.size() - 1);
    std::bernoulli_distribution keep(0.8);
    for (std::size_t i = 0; i < 10000; ++i) {
        const auto& problem = problems[i % 5 == 0 ? which(rng) : which(rng) % 60];
        ticket::Summary s;
        s.id = tid(i);
        s.state = i % 50 == 0 ? "cancelled" : "closed";
        s.category = problem.category;
        for (const auto& w : problem.words)
            if (keep(rng)) s.title += w + " ";
        for (int k = 0; k < 3; ++k)
            s.symptom += words[pick(rng)] + " ";
        s.symptom += problem.words.front();
        s.received_at = util::Timestamp{start.seconds + when(rng), 480}.str();
        tickets.push_back(std::move(s));
    }
    kb::GapOptions options;
    options.from = start;
    options.to = util::Timestamp{start.seconds + 90 * 86400, 480};
    const auto started = std::chrono::steady_clock::now();
    const auto gaps = kb::find_gaps(tickets, {}, options);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    std::size_t clustered = 0;
    for (const auto& g : gaps)
        clustered += g.tickets.size();
    // A figure, not a check.
    MESSAGE("kb gaps over " << tickets.size() << " tickets: " << ms << " ms, " << gaps.size()
                            << " gaps holding " << clustered << " tickets");
    CHECK_FALSE(gaps.empty());
    CHECK(gaps.front().tickets.size() >= gaps.back().tickets.size());
}
