// The knowledge base's catalog (kb/catalog.hpp): articles of a snapshot, problems, the cache
// and the search index with its scopes (kb/search.hpp).
#include "fixture.hpp"
#include "git/store.hpp"
#include "kb/article.hpp"
#include "kb/catalog.hpp"
#include "kb/search.hpp"
#include "util/fs.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <vector>

using namespace sop;
using kb::Json;

namespace {

const git::Identity bo{"Bo Chen", "bo@example.com"};

constexpr const char* printer = "KB-000000000P01";
constexpr const char* outlook = "KB-000000000P02";
constexpr const char* vpn = "KB-000000000D01";     // a draft
constexpr const char* scanner = "KB-000000000R01"; // under revision

Json draft(const std::string& id, const std::string& title, const std::string& problem,
           const std::string& solution, std::vector<std::string> keywords = {},
           std::vector<std::string> tickets = {}) {
    Json fields{{"title", title},       {"category", "hardware"},
                {"problem", problem},   {"diagnosis_steps", {"check the cable", "ping the device"}},
                {"solution", solution}, {"scenarios", {"office"}}};
    if (!keywords.empty()) fields["keywords"] = keywords;
    if (!tickets.empty()) fields["links"] = Json{{"tickets", tickets}};
    return kb::new_article(fields, id, git::Identity{"Ann Lee", "ann@example.com"},
                           test::at("2026-11-24T09:30:00+08:00"));
}

void publish(Json& doc) {
    doc["status"] = "published";
    doc["reviewers"] = Json::array({{{"at", "2026-11-25T10:00:00+08:00"},
                                     {"by", bo.str()},
                                     {"verdict", "approved"},
                                     {"version", doc["version"]}}});
    doc["events"].push_back({{"at", "2026-11-25T10:00:00+08:00"},
                             {"by", bo.str()},
                             {"action", "approve"},
                             {"from", "in_review"},
                             {"to", "published"}});
}

Json published(const std::string& id, const std::string& title, const std::string& problem,
               const std::string& solution, std::vector<std::string> keywords = {},
               std::vector<std::string> tickets = {}) {
    Json doc = draft(id, title, problem, solution, std::move(keywords), std::move(tickets));
    publish(doc);
    return doc;
}

// Commits files (path → bytes; nullopt removes) in one commit.
void commit(const test::TempRepo& t,
            const std::map<std::string, std::optional<std::string>>& files) {
    const auto done = git::commit(
        t.r(),
        [&](const git::Snapshot&) {
            git::Change c;
            for (const auto& [path, bytes] : files)
                c.files.push_back({path, bytes});
            c.message = "kb test\n";
            return c;
        },
        t.ann, t.t0);
    REQUIRE(done);
}

void commit_articles(const test::TempRepo& t, const std::vector<Json>& docs) {
    std::map<std::string, std::optional<std::string>> files;
    for (const auto& d : docs)
        files[kb::path_of(kb::id_of(d))] = kb::to_yaml(d);
    commit(t, files);
}

std::filesystem::path cache_dir(const test::TempRepo& t) {
    return t.r().sop_dir() / "cache";
}

using Row = std::tuple<std::string, double, std::size_t, bool>;
std::vector<Row> rows(const std::vector<kb::Hit>& hits) {
    std::vector<Row> out;
    for (const auto& h : hits)
        out.emplace_back(h.id, h.score, h.matched, h.current);
    return out;
}

std::vector<std::string> ids(const std::vector<kb::Hit>& hits) {
    std::vector<std::string> out;
    for (const auto& h : hits)
        out.push_back(h.id);
    return out;
}

std::vector<Json> base_articles() {
    return {
        published(printer, "Printer cannot connect", "The network printer shows offline.",
                  "Re-add the printer and install the latest driver.", {"printer", "offline"},
                  {"T-4K7QX2M9ABCD"}),
        published(outlook, "Outlook keeps asking for the password",
                  "Outlook prompts for credentials after the mailbox moved.",
                  "Clear the cached credentials.", {"outlook"}),
        draft(vpn, "VPN 无法连接", "在家办公时 VPN 无法连接，提示超时。", "重新安装 VPN 客户端。"),
    };
}

// Every query of the tests, in both scopes.
std::vector<std::vector<Row>> all_results(const kb::Catalog& c) {
    std::vector<std::vector<Row>> out;
    for (const char* q : {"printer cannot connect", "无法 连接", "password outlook", "toner laser",
                          "scanner", "driver"})
        for (const auto scope : {kb::Scope::served, kb::Scope::current})
            out.push_back(rows(c.index().search(q, 0, scope)));
    return out;
}

} // namespace

TEST_CASE("kb catalog: no kb/ folder is an empty catalog") {
    test::TempRepo t;
    const auto c = kb::Catalog::open(t.r(), t.r().head());
    CHECK(c.entries().empty());
    CHECK(c.problems().empty());
    CHECK(c.index().size() == 0);
    CHECK(c.index().search("printer", 10).empty());
    CHECK(c.served_documents().empty());
    CHECK(c.find(printer) == nullptr);
}

TEST_CASE(
    "kb catalog: entries, sorted by ID, with what list shows; unreadable files are problems") {
    test::TempRepo t;
    auto docs = base_articles();
    commit_articles(t, docs);
    const std::string good_yaml =
        kb::to_yaml(published("KB-000000000X03", "Other", "A problem.", "A solution."));
    commit(t, {{"kb/KB-000000000X01.yaml", std::string("id: KB-000000000X01\ntitle: [unclosed\n")},
               {"kb/KB-000000000X02.yaml", "<<<<<<< HEAD\n" + kb::to_yaml(docs[0]) + "=======\n" +
                                               kb::to_yaml(docs[1]) + ">>>>>>> theirs\n"},
               {"kb/KB-000000000X04.yaml", good_yaml}, // the ID of another path
               {"kb/KB-000000000X05.yaml", std::string("id: KB-000000000X05\nstatus: draft\n")},
               {"kb/README.md", std::string("not an article\n")}});

    const auto c = kb::Catalog::open(t.r(), t.r().head());
    REQUIRE(c.entries().size() == 3);
    CHECK(c.entries()[0].id == vpn);
    CHECK(c.entries()[1].id == printer);
    CHECK(c.entries()[2].id == outlook);
    const kb::Entry* p = c.find(printer);
    REQUIRE(p);
    CHECK(p->title == "Printer cannot connect");
    CHECK(p->status == "published");
    CHECK(p->category == "hardware");
    CHECK(p->author == "Ann Lee <ann@example.com>");
    CHECK(p->version == 1);
    CHECK(p->updated_at == "2026-11-25T10:00:00+08:00");
    CHECK(p->keywords == std::vector<std::string>{"printer", "offline"});
    CHECK(p->tickets == std::vector<std::string>{"T-4K7QX2M9ABCD"});
    CHECK(p->published_version == 0);
    CHECK(p->published_blob.empty());
    CHECK(p->served);
    CHECK(p->blob == git::oid_str(*t.r().head().entry_id(kb::path_of(printer))));
    CHECK_FALSE(c.find(vpn)->served);
    CHECK(c.find("KB-000000000P0") == nullptr);

    const auto& problems = c.problems();
    REQUIRE(problems.size() == 4);
    CHECK(problems[0].starts_with("kb/KB-000000000X01.yaml:"));
    CHECK(problems[1].starts_with("kb/KB-000000000X02.yaml:"));
    CHECK(problems[1].find("conflict") != std::string::npos);
    CHECK(problems[2].starts_with("kb/KB-000000000X04.yaml: "));
    CHECK(problems[2].find("path") != std::string::npos);
    CHECK(problems[3].starts_with("kb/KB-000000000X05.yaml: "));

    // Warm, an article looked up first (made from its row alone), then the whole list.
    const auto lookup = kb::Catalog::open(t.r(), t.r().head());
    const kb::Entry* first = lookup.find(outlook);
    REQUIRE(first);
    CHECK(first->title == "Outlook keeps asking for the password");
    CHECK(lookup.find("KB-000000000X01") == nullptr);
    CHECK(lookup.find("") == nullptr);
    REQUIRE(lookup.entries().size() == 3);
    CHECK(lookup.entries()[2].title == first->title);
    CHECK(first->keywords == std::vector<std::string>{"outlook"}); // still valid
    CHECK(lookup.find(outlook) == &lookup.entries()[2]);

    // Warm: the same, from the catalog file alone.
    const auto warm = kb::Catalog::open(t.r(), t.r().head());
    CHECK(warm.stats().tree_hit);
    CHECK(warm.stats().parsed == 0);
    CHECK(warm.problems() == problems);
    REQUIRE(warm.entries().size() == 3);
    const kb::Entry* w = warm.find(printer);
    REQUIRE(w);
    CHECK(w->keywords == p->keywords);
    CHECK(w->tickets == p->tickets);
    CHECK(w->updated_at == p->updated_at);
    CHECK(w->blob == p->blob);
    CHECK(w->served);
    // The broken files are not searched.
    CHECK(ids(c.index().search("Other problem solution", 0)).empty());
}

TEST_CASE("kb catalog: warm results equal cold ones; a damaged cache costs a rebuild only") {
    test::TempRepo t;
    auto docs = base_articles();
    for (int i = 0; i < 40; ++i) {
        char id[32];
        std::snprintf(id, sizeof id, "KB-0000000G%04d", i);
        docs.push_back(
            published(id, "Generated article " + std::to_string(i) + " 打印机卡纸",
                      "The printer jams on tray " + std::to_string(i % 7) + "; 打印到一半停止。",
                      i % 3 ? "Clean the rollers." : "Replace the driver and toner."));
    }
    commit_articles(t, docs);

    const auto cold = kb::Catalog::open(t.r(), t.r().head());
    CHECK_FALSE(cold.stats().tree_hit);
    CHECK(cold.stats().parsed == docs.size());
    const auto expected = all_results(cold);
    CHECK_FALSE(cold.stats().index_loaded);
    CHECK(cold.index().size() == docs.size());
    REQUIRE(!expected[0].empty());
    CHECK(std::get<0>(expected[0][0]) == printer);
    CHECK(std::get<2>(expected[0][0]) == 3); // printer, cannot, connect

    const auto warm = kb::Catalog::open(t.r(), t.r().head());
    CHECK(warm.stats().tree_hit);
    CHECK(all_results(warm) == expected);
    CHECK(warm.stats().index_loaded);
    CHECK(warm.stats().texts_parsed == 0);

    // Each cache file alone removed, truncated or filled with garbage: the same results.
    for (const char* name : {"kb", "kb-text", "kb-index"}) {
        const auto file = cache_dir(t) / name;
        REQUIRE(std::filesystem::exists(file));
        const std::string bytes = *util::read_file(file);
        const std::vector<std::string> damaged = {
            "", bytes.substr(0, bytes.size() / 2), bytes.substr(0, bytes.size() - 1),
            bytes.substr(0, 30) + std::string(200, '\x07') + bytes.substr(230), "garbage\n"};
        for (const auto& d : damaged) {
            util::write_file_atomic(file, d);
            const auto c = kb::Catalog::open(t.r(), t.r().head());
            CHECK_MESSAGE(all_results(c) == expected, name);
            CHECK(c.entries().size() == docs.size());
            CHECK(c.problems().empty());
        }
        std::filesystem::remove(file);
        CHECK(all_results(kb::Catalog::open(t.r(), t.r().head())) == expected);
    }
    // Everything removed: a cold rebuild, the same results.
    std::filesystem::remove_all(cache_dir(t));
    const auto again = kb::Catalog::open(t.r(), t.r().head());
    CHECK(again.stats().parsed == docs.size());
    CHECK(all_results(again) == expected);
    // Without kb-text, the index is rebuilt from the blobs.
    std::filesystem::remove(cache_dir(t) / "kb-text");
    std::filesystem::remove(cache_dir(t) / "kb-index");
    const auto reread = kb::Catalog::open(t.r(), t.r().head());
    CHECK(all_results(reread) == expected);
    CHECK(reread.stats().texts_parsed == docs.size());
}

TEST_CASE("kb catalog: a new commit is reflected; only the changed article is parsed") {
    test::TempRepo t;
    auto docs = base_articles();
    commit_articles(t, docs);
    const auto first = kb::Catalog::open(t.r(), t.r().head());
    CHECK(ids(first.index().search("printer", 0)) == std::vector<std::string>{printer});

    // The printer article becomes one about the scanner; a new article appears.
    Json changed = docs[0];
    changed["title"] = "Scanner cannot connect";
    changed["problem"] = "The network scanner shows offline.";
    changed["keywords"] = {"scanner"};
    changed["solution"] = "Re-add the scanner.";
    const Json extra = published("KB-000000000P03", "Toner low warning", "The toner is low.",
                                 "Replace the toner cartridge.");
    commit_articles(t, {changed, extra});

    const auto c = kb::Catalog::open(t.r(), t.r().head());
    CHECK_FALSE(c.stats().tree_hit);
    CHECK(c.stats().parsed == 2);
    CHECK(c.stats().reused == 2);
    CHECK(c.entries().size() == 4);
    CHECK(c.find(printer)->title == "Scanner cannot connect");
    CHECK(c.index().search("printer", 0).empty());
    CHECK(ids(c.index().search("scanner", 0)) == std::vector<std::string>{printer});
    CHECK(ids(c.index().search("toner", 0)) == std::vector<std::string>{"KB-000000000P03"});
    CHECK(c.stats().texts_parsed == 0);
    CHECK_FALSE(c.stats().index_loaded); // assembled from the previous tree's index
    // The same bytes as an index built from nothing.
    const std::string assembled = c.index().to_bytes("k");
    std::filesystem::remove_all(cache_dir(t));
    const auto rebuilt = kb::Catalog::open(t.r(), t.r().head());
    CHECK(rebuilt.index().to_bytes("k") == assembled);

    // Removing a file removes the article.
    commit(t, {{kb::path_of(outlook), std::nullopt}});
    const auto gone = kb::Catalog::open(t.r(), t.r().head());
    CHECK(gone.find(outlook) == nullptr);
    CHECK(gone.index().search("outlook", 0).empty());
    CHECK(gone.stats().parsed == 0);
    CHECK(gone.stats().texts_parsed == 0);

    // A past snapshot (not its branch's tip) uses cache files of its own and leaves the
    // present's alone.
    const auto present = *util::read_file(cache_dir(t) / "kb");
    git_oid past;
    REQUIRE(git_oid_fromstr(&past, t.shell("git rev-parse HEAD~2").substr(0, 40).c_str()) == 0);
    git_commit* raw_commit = nullptr;
    REQUIRE(git_commit_lookup(&raw_commit, t.r().raw(), &past) == 0);
    const git::CommitPtr past_commit(raw_commit);
    git_tree* raw_tree = nullptr;
    REQUIRE(git_commit_tree(&raw_tree, past_commit.get()) == 0);
    const git::Snapshot then(t.r().raw(), t.r().head().branch(), past, git::TreePtr(raw_tree));
    const auto old = kb::Catalog::open(t.r(), then);
    CHECK(old.entries().size() == 3);
    CHECK(old.find(printer)->title == "Printer cannot connect");
    CHECK(ids(old.index().search("outlook", 0)) == std::vector<std::string>{outlook});
    CHECK(*util::read_file(cache_dir(t) / "kb") == present);
    CHECK(std::filesystem::exists(cache_dir(t) / "kb-past"));
    CHECK(kb::Catalog::open(t.r(), t.r().head()).stats().tree_hit);
}

TEST_CASE("kb catalog: served and current scopes, with an article under revision") {
    test::TempRepo t;
    auto docs = base_articles();
    // Version 1 of the scanner article, published: about toner.
    Json v1 = published(scanner, "Scanner streaks", "Scanned pages show toner streaks.",
                        "Clean the glass and replace the toner.", {"toner"});
    docs.push_back(v1);
    commit_articles(t, docs);
    const std::string v1_blob = git::oid_str(*t.r().head().entry_id(kb::path_of(scanner)));

    // Version 2 under review: about the laser unit; readers are still served version 1.
    Json v2 = v1;
    v2["version"] = 2;
    v2["status"] = "in_review";
    v2["title"] = "Scanner lamp fails";
    v2["problem"] = "The laser lamp of the scanner fails to warm up.";
    v2["solution"] = "Replace the laser lamp.";
    v2["keywords"] = {"laser"};
    v2["published"] = Json{{"version", 1}, {"blob", v1_blob}};
    v2["events"].push_back({{"at", "2026-11-26T10:00:00+08:00"},
                            {"by", "Ann Lee <ann@example.com>"},
                            {"action", "edit"},
                            {"from", "published"},
                            {"to", "in_review"}});
    commit_articles(t, {v2});

    for (int pass = 0; pass < 2; ++pass) { // cold, then warm
        CAPTURE(pass);
        const auto c = kb::Catalog::open(t.r(), t.r().head());
        CHECK(c.stats().tree_hit == (pass == 1));
        CHECK(c.problems().empty());
        const kb::Entry* e = c.find(scanner);
        REQUIRE(e);
        CHECK(e->status == "in_review");
        CHECK(e->version == 2);
        CHECK(e->published_version == 1);
        CHECK(e->published_blob == v1_blob);
        CHECK_FALSE(e->served);

        const auto& index = c.index();
        CHECK(index.size() == 5); // four articles, and the scanner's version 1
        CHECK(index.count(kb::Scope::current) == 4);
        CHECK(index.count(kb::Scope::served) == 3); // printer, outlook, scanner v1

        // Readers: version 1 of the scanner article, not version 2, not the draft.
        const auto toner = index.search("toner", 0, kb::Scope::served);
        REQUIRE(toner.size() == 1);
        CHECK(toner[0].id == scanner);
        CHECK_FALSE(toner[0].current);
        CHECK(index.search("laser", 0, kb::Scope::served).empty());
        CHECK(index.search("vpn", 0, kb::Scope::served).empty());
        CHECK(ids(index.search("printer", 0, kb::Scope::served)) ==
              std::vector<std::string>{printer});
        // Writers (--all): every article's current text.
        const auto laser = index.search("laser lamp", 0, kb::Scope::current);
        REQUIRE(laser.size() == 1);
        CHECK(laser[0].id == scanner);
        CHECK(laser[0].current);
        CHECK(laser[0].matched == 2);
        CHECK(index.search("toner", 0, kb::Scope::current).empty());
        CHECK(ids(index.search("vpn", 0, kb::Scope::current)) == std::vector<std::string>{vpn});
        CHECK(ids(index.search("vpn", 0)) == std::vector<std::string>{vpn}); // default: current
        // The same document scores the same in either scope (statistics over the whole index).
        CHECK(index.search("printer", 0, kb::Scope::served)[0].score ==
              index.search("printer", 0, kb::Scope::current)[0].score);

        const auto served = c.served_documents();
        REQUIRE(served.size() == 3);
        for (const auto& d : served)
            CHECK(d.served);
        const auto old = std::find_if(served.begin(), served.end(),
                                      [](const kb::Document& d) { return d.id == scanner; });
        REQUIRE(old != served.end());
        CHECK(old->text[0] == "Scanner streaks");
        CHECK(old->status == "published");
        CHECK_FALSE(old->current);
        CHECK(c.documents().size() == 5);
    }

    // A served version whose blob is not in the repository: a problem; the article stays.
    Json lost = v2;
    lost["published"]["blob"] = std::string(40, 'a');
    commit_articles(t, {lost});
    for (int pass = 0; pass < 2; ++pass) {
        const auto c = kb::Catalog::open(t.r(), t.r().head());
        REQUIRE(c.problems().size() == 1);
        CHECK(c.problems()[0].starts_with(kb::path_of(scanner) + ": published.blob: "));
        CHECK(c.find(scanner) != nullptr);
        CHECK(c.index().size() == 4);
        CHECK(c.index().search("toner", 0, kb::Scope::served).empty());
    }
}

TEST_CASE("kb index: the compact form reads back as the same index; damage never crashes") {
    std::vector<kb::Document> docs;
    const char* words[] = {"printer", "scanner", "打印机", "无法", "连接", "0x1F", "driver", "慢"};
    for (int i = 0; i < 300; ++i) {
        kb::Document d;
        char id[32];
        std::snprintf(id, sizeof id, "KB-%012d", i);
        d.id = id;
        for (std::size_t f = 0; f < kb::field_count; ++f)
            for (int k = 0; k < 5 + i % 7; ++k)
                d.text[f] += std::string(words[(i * 3 + k * (f + 1)) % 8]) + " ";
        d.current = i % 5 != 0;
        d.served = i % 3 == 0;
        docs.push_back(std::move(d));
    }
    const kb::Index built(docs);
    const std::string bytes = built.to_bytes("tree abc");
    const auto loaded = kb::Index::from_bytes(bytes, "tree abc");
    REQUIRE(loaded);
    CHECK(loaded->size() == 300);
    CHECK_FALSE(kb::Index::from_bytes(bytes, "tree abd"));
    CHECK_FALSE(kb::Index::from_bytes(bytes.substr(0, bytes.size() - 1), "tree abc"));
    CHECK_FALSE(kb::Index::from_bytes(bytes + "x", "tree abc"));
    CHECK_FALSE(kb::Index::from_bytes("", "tree abc"));
    for (const char* q : {"printer 打印机 无法连接", "0x1f driver", "慢", "nothing"})
        for (const auto scope : {kb::Scope::served, kb::Scope::current}) {
            const auto a = built.search(q, 0, scope);
            CHECK(rows(a) == rows(loaded->search(q, 0, scope)));
            for (const auto& h : a)
                CHECK((scope == kb::Scope::served ? docs[std::stoul(h.id.substr(3))].served
                                                  : docs[std::stoul(h.id.substr(3))].current));
        }
    CHECK(built.count(kb::Scope::served) == 100);
    CHECK(built.count(kb::Scope::current) == 240);

    // Assembled from an older index: the documents whose key it holds are copied, the others
    // tokenized; the result is the index built from scratch, byte for byte.
    std::vector<kb::Index::Slot> slots;
    for (int i = 0; i < 300; ++i)
        slots.push_back({docs[i].id, "k" + std::to_string(i), docs[i].current, docs[i].served});
    const auto by_slot = [&](std::size_t i) { return &docs[i]; };
    const auto keyed = kb::Index::assemble(slots, nullptr, by_slot);
    CHECK(rows(keyed.search("printer", 0)) == rows(built.search("printer", 0)));
    // Changed: document 7's text (new key), 8 removed, a new one at the end, 9's flags.
    auto changed_docs = docs;
    changed_docs[7].text[0] = "scanner offline 扫描仪";
    auto changed = slots;
    changed[7].key = "k7-v2";
    changed[9].served = !changed[9].served;
    changed_docs.erase(changed_docs.begin() + 8);
    changed.erase(changed.begin() + 8);
    kb::Document extra;
    extra.id = "KB-999999999999";
    extra.text[2] = "a brand new word: zyxwvut 新词";
    changed_docs.push_back(extra);
    changed.push_back({extra.id, "k-new", true, true});
    std::size_t asked = 0;
    const auto incremental = kb::Index::assemble(changed, &keyed, [&](std::size_t i) {
        ++asked;
        return &changed_docs[i];
    });
    CHECK(asked == 2); // document 7 and the new one
    const auto scratch =
        kb::Index::assemble(changed, nullptr, [&](std::size_t i) { return &changed_docs[i]; });
    CHECK(incremental.to_bytes("x") == scratch.to_bytes("x"));
    CHECK(ids(incremental.search("zyxwvut", 0)) == std::vector<std::string>{"KB-999999999999"});
    CHECK(incremental.size() == 300);
    // Leaving a slot out (no text).
    const auto fewer = kb::Index::assemble(
        changed, &keyed, [&](std::size_t i) { return i == 7 ? nullptr : &changed_docs[i]; });
    CHECK(fewer.size() == 299);
    CHECK(kb::Index::key_of(bytes) == "tree abc");
    CHECK_FALSE(kb::Index::key_of("nonsense"));

    // Random damage is refused (the checksum); an index that loads searches in bounds.
    std::mt19937 rng(7);
    std::size_t loaded_damaged = 0;
    for (int i = 0; i < 300; ++i) {
        std::string d = bytes;
        bool differs = false;
        for (int k = 0; k < 1 + i % 4; ++k) {
            const auto at = std::uniform_int_distribution<std::size_t>(0, d.size() - 1)(rng);
            const auto c = static_cast<char>(rng());
            differs = differs || d[at] != c;
            d[at] = c;
        }
        if (const auto index = kb::Index::from_bytes(d, "tree abc")) {
            loaded_damaged += differs;
            for (const char* q : {"printer 打印机", "0x1f driver 连接"})
                for (const auto& h : index->search(q, 5, kb::Scope::served))
                    CHECK(h.score > 0);
        }
    }
    CHECK(loaded_damaged == 0);
}
