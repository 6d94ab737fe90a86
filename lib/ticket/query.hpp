#pragma once
// The query language of `sop list` (sop(1), QUERIES):
//   key:value        equal (values separated by commas are alternatives)
//   key:!value       not equal
//   key:>=value      also >, <, <= for level, created and updated
//   word             free text, matched case-insensitively in ID, title, symptom, requester, org
// Terms on different keys must all hold; repeating a key is an alternative (state:new
// state:triaged). `state:open` is every state but closed and cancelled; `assignee:me` is the actor.
// `sla:breached|warn|ok` is the worst status of the ticket's SLA clocks (sla/clocks.hpp); the
// caller supplies it (set_sla) because it needs the configuration and the instant.
#include "git/repo.hpp"
#include "ticket/summary.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sop::ticket {

class Query {
  public:
    // UsageError for an unknown key, a malformed value or an operator the key does not take.
    static Query parse(const std::vector<std::string>& terms,
                       const std::optional<git::Identity>& me = std::nullopt);
    bool matches(const Summary& s) const;
    bool empty() const { return terms_.empty() && words_.empty(); }
    // Whether a term asks for the SLA status, and the function that tells it: "ok", "warn" or
    // "breached" for a ticket. Without one, an `sla:` term matches nothing.
    bool needs_sla() const;
    using SlaStatus = std::function<std::string(const Summary&)>;
    void set_sla(SlaStatus f) { sla_ = std::move(f); }

    enum class Op { eq, ne, lt, le, gt, ge };
    struct Term {
        std::string key;
        Op op;
        std::vector<std::string> values;
    };

  private:
    std::vector<Term> terms_;
    std::vector<std::string> words_; // lowercased
    SlaStatus sla_;
};

const std::vector<std::string>& query_keys();

} // namespace sop::ticket
