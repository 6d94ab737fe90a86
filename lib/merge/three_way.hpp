#pragma once
// The generic machinery of merge.hpp: canonical texts, the union of two ordered sequences, and
// the recursive three-way merge of values under a per-kind policy. Everything here is symmetric
// in `ours` and `theirs`.
#include "merge/merge.hpp"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace sop::merge::detail {

// JSON text with the keys of every mapping sorted: equal values give equal texts whatever the
// order of their keys. The identity of events and list items, and the tie-breaker of last resort.
std::string key_text(const Json& v);
// Equal as JSON (mappings compared whatever the order of their keys); null pointers are absent
// values, equal only to each other.
bool same(const Json* a, const Json* b);
// Of two values that are the same(), the one to write: its keys may be in another order, so
// take the one whose text is less, whichever side it is on.
const Json& either(const Json& a, const Json& b);

// An element of one side's sequence: its identity (a key_text) and the instant it sorts by.
struct Item {
    std::string id;
    std::int64_t time = 0;
    const Json* value = nullptr;
};

// An element of the union: the k-th element with identity `id` on each side that has one.
struct Node {
    std::string id;
    int occurrence = 0;
    std::int64_t time = 0;
    const Json* base = nullptr;
    const Json* ours = nullptr;
    const Json* theirs = nullptr;
};

// The elements of `ours` and `theirs` (matched by identity and occurrence; an element of `base`
// only is dropped) in an order that keeps the order of each side and otherwise goes by
// (time, identity): the least such topological order. When the sides order shared elements
// differently the least remaining element breaks the cycle.
std::vector<Node> union_sequence(const std::vector<Item>* base, const std::vector<Item>& ours,
                                 const std::vector<Item>& theirs);

// How the items of a list at one place are merged.
struct ListRule {
    std::vector<std::string> identity; // fields that identify an item; empty: the whole item
    std::string time;                  // the field holding the item's instant; empty: none
    bool numbered = false;             // items carry `n`, their position from 1
};

// What differs between the kinds of file.
struct Policy {
    std::string state_field;                            // "state" or "status"
    std::map<std::string, ListRule, std::less<>> lists; // "diagnosis", "incident.actions"
    std::map<std::string, std::vector<std::string>, std::less<>> records; // mappings replaced
    // as a whole: merged field by field only when these fields agree (none: never)
    std::set<std::string, std::less<>> earliest; // instants where the earlier wins
    // The top-level fields an action sets ("incident-" for every action of that prefix; "?team":
    // only when the event has the key `team`); `new` and unknown actions count as touching
    // every field, `edit` and `merge-conflict` the fields they name.
    std::map<std::string, std::vector<std::string>, std::less<>> touches;
};

const Policy& policy_of(Kind kind);

// One side's events that the other side does not have, for "whose change is later".
struct Side {
    std::vector<const Json*> own_events;
    std::int64_t last = 0; // the instant of the side's last event
};

class FieldMerge {
  public:
    FieldMerge(const Policy& policy, Side ours, Side theirs, std::vector<Conflict>& conflicts)
        : policy_(policy), ours_(std::move(ours)), theirs_(std::move(theirs)),
          conflicts_(conflicts) {}

    // The merged mapping of the top level, without the keys in `skip`.
    Json top(const Json* base, const Json& ours, const Json& theirs,
             const std::set<std::string>& skip);
    // The merged value at `schema_path` (e.g. "collaboration[].state"), shown as `field`
    // (e.g. "collaboration[1].state"); nullopt when absent.
    std::optional<Json> value(const std::string& schema_path, const std::string& field,
                              const std::string& top_field, const Json* base, const Json* ours,
                              const Json* theirs);

  private:
    Json object(const std::string& schema_path, const std::string& field,
                const std::string& top_field, const Json* base, const Json& ours,
                const Json& theirs, const std::set<std::string>& skip);
    Json list(const ListRule& rule, const std::string& schema_path, const std::string& field,
              const std::string& top_field, const Json* base, const Json& ours, const Json& theirs);
    std::optional<Json> pick(const std::string& field, const std::string& top_field,
                             const Json* ours, const Json* theirs);
    std::int64_t touched(const Side& side, const std::string& top_field) const;
    bool touches(const Json& event, const std::string& top_field) const;

    const Policy& policy_;
    Side ours_, theirs_;
    std::vector<Conflict>& conflicts_;
};

} // namespace sop::merge::detail
