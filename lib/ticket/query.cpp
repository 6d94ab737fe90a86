#include "ticket/query.hpp"

#include "ticket/id.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

#include <algorithm>
#include <map>

namespace sop::ticket {
namespace {

const std::map<std::string, std::vector<std::string>>& enums() {
    static const std::map<std::string, std::vector<std::string>> e = {
        {"state",
         {"new", "triaged", "diagnosing", "planned", "implementing", "resolved", "closed",
          "pending", "cancelled", "open"}},
        {"type", {"consultation", "configuration", "fault", "requirement"}},
        {"category", {"software", "hardware", "system", "network", "cloud", "other"}},
        {"channel", {"phone", "chat", "email", "im", "remote", "onsite"}},
        {"kind", {"internal", "customer", "partner"}},
        {"impact", {"none", "partial", "core"}},
        {"level", {"1", "2", "3", "4"}},
        {"sla", {"ok", "warn", "breached"}},
        {"incident", {"open", "resolved", "approved"}},
    };
    return e;
}

bool ordered_key(const std::string& k) {
    return k == "level" || k == "created" || k == "updated";
}

const std::string& field(const Summary& s, const std::string& key) {
    static const std::string none;
    if (key == "id") return s.id;
    if (key == "state") return s.state;
    if (key == "type") return s.type;
    if (key == "level") return s.level;
    if (key == "category") return s.category;
    if (key == "channel") return s.channel;
    if (key == "team") return s.team;
    if (key == "assignee") return s.assignee;
    if (key == "requester") return s.requester;
    if (key == "org") return s.org;
    if (key == "kind") return s.kind;
    if (key == "impact") return s.impact;
    if (key == "created") return s.received_at;
    if (key == "updated") return s.updated_at;
    if (key == "incident") return s.incident;
    return none;
}

// -1, 0, 1 comparing a ticket's value with a query value; nullopt when not comparable.
std::optional<int> compare(const std::string& key, const std::string& have,
                           const std::string& want) {
    if (have.empty()) return std::nullopt;
    if (key == "level") return (have > want) - (have < want); // single digits
    if (want.size() == 10) { // a date: compare the ticket's local date
        const std::string d = have.substr(0, 10);
        return (d > want) - (d < want);
    }
    const auto a = util::parse_rfc3339(have), b = util::parse_rfc3339(want);
    if (!a || !b) return std::nullopt;
    return (a->seconds > b->seconds) - (a->seconds < b->seconds);
}

bool value_holds(const std::string& key, Query::Op op, const std::string& have,
                 const std::string& want) {
    if (key == "state" && want == "open") return have != "closed" && have != "cancelled";
    if (key == "id") return have.starts_with(want);
    if (key == "requester" || key == "org")
        return util::to_lower(have).find(util::to_lower(want)) != std::string::npos;
    if (!ordered_key(key)) return have == want;
    const auto c = compare(key, have, want);
    if (!c) return false;
    switch (op) {
    case Query::Op::lt:
        return *c < 0;
    case Query::Op::le:
        return *c <= 0;
    case Query::Op::gt:
        return *c > 0;
    case Query::Op::ge:
        return *c >= 0;
    default:
        return *c == 0;
    }
}

bool term_holds(const Query::Term& t, const Summary& s, const Query::SlaStatus& sla) {
    std::string computed;
    if (t.key == "sla") {
        if (!sla) return false;
        computed = sla(s);
    }
    const std::string& have = t.key == "sla" ? computed : field(s, t.key);
    if (t.op == Query::Op::ne) {
        for (const auto& want : t.values)
            if (value_holds(t.key, Query::Op::eq, have, want)) return false;
        return true;
    }
    for (const auto& want : t.values)
        if (value_holds(t.key, t.op, have, want)) return true;
    return false;
}

} // namespace

const std::vector<std::string>& query_keys() {
    static const std::vector<std::string> k = {
        "id",        "state", "type", "level",  "category", "channel", "team", "assignee",
        "requester", "org",   "kind", "impact", "created",  "updated", "sla",  "incident"};
    return k;
}

Query Query::parse(const std::vector<std::string>& terms, const std::optional<git::Identity>& me) {
    Query q;
    for (const auto& raw : terms) {
        if (!util::is_valid_utf8(raw)) throw InvalidError("the query is not valid UTF-8");
        const auto colon = raw.find(':');
        if (colon == std::string::npos || colon == 0) {
            const std::string w = util::to_lower(util::trim(raw));
            if (!w.empty()) q.words_.push_back(w);
            continue;
        }
        Term t{util::to_lower(raw.substr(0, colon)), Op::eq, {}};
        const auto& keys = query_keys();
        if (std::find(keys.begin(), keys.end(), t.key) == keys.end()) {
            std::string list;
            for (const auto& k : keys)
                list += (list.empty() ? "" : " ") + k;
            throw UsageError("unknown query key '" + t.key + "'", "known keys: " + list);
        }
        std::string value = raw.substr(colon + 1);
        for (const auto& [sym, op] : std::vector<std::pair<std::string, Op>>{{">=", Op::ge},
                                                                             {"<=", Op::le},
                                                                             {"!", Op::ne},
                                                                             {">", Op::gt},
                                                                             {"<", Op::lt},
                                                                             {"=", Op::eq}}) {
            if (value.starts_with(sym)) {
                t.op = op;
                value = value.substr(sym.size());
                break;
            }
        }
        if (t.op != Op::eq && t.op != Op::ne && !ordered_key(t.key))
            throw UsageError("'" + raw + "': " + t.key + " takes no comparison",
                             "comparisons work on level, created and updated");
        for (auto v : util::split(value, ',')) {
            v = util::trim(v);
            if (v.empty()) throw UsageError("'" + raw + "': empty value");
            if (t.key == "assignee" && v == "me") {
                if (!me)
                    throw UsageError("'assignee:me' needs an actor identity",
                                     "set SOP_ACTOR or git config user.name/user.email");
                t.values.push_back(me->email);
                t.values.push_back(me->name);
                t.values.push_back(me->str());
                continue;
            }
            if (t.key == "id") v = "T-" + normalize_prefix(v);
            if (const auto it = enums().find(t.key); it != enums().end()) {
                v = util::to_lower(v);
                if (std::find(it->second.begin(), it->second.end(), v) == it->second.end()) {
                    std::string list;
                    for (const auto& e : it->second)
                        list += (list.empty() ? "" : " ") + e;
                    throw UsageError("'" + raw + "': unknown " + t.key + " '" + v + "'",
                                     "one of: " + list);
                }
            }
            if ((t.key == "created" || t.key == "updated") && !util::parse_date_or_time(v))
                throw UsageError("'" + raw + "': '" + v + "' is not a date or RFC 3339 date-time",
                                 "for example created:>=2026-11-01");
            t.values.push_back(v);
        }
        // Repeating a key adds alternatives to its earlier term.
        auto same = std::find_if(q.terms_.begin(), q.terms_.end(), [&](const Term& o) {
            return o.key == t.key && o.op == t.op && t.op == Op::eq;
        });
        if (same != q.terms_.end())
            same->values.insert(same->values.end(), t.values.begin(), t.values.end());
        else
            q.terms_.push_back(std::move(t));
    }
    return q;
}

bool Query::needs_sla() const {
    return std::any_of(terms_.begin(), terms_.end(), [](const Term& t) { return t.key == "sla"; });
}

bool Query::matches(const Summary& s) const {
    for (const auto& t : terms_)
        if (!term_holds(t, s, sla_)) return false;
    if (!words_.empty()) {
        const std::string hay = util::to_lower(s.id + "\n" + s.title + "\n" + s.symptom + "\n" +
                                               s.requester + "\n" + s.org);
        for (const auto& w : words_)
            if (hay.find(w) == std::string::npos) return false;
    }
    return true;
}

} // namespace sop::ticket
