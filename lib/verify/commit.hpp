#pragma once
// Internal to lib/verify: one commit under check, the files it changed, and what the checks of
// tickets and articles share (the event log, the fields that changed).
#include "git/message.hpp"
#include "git/repo.hpp"
#include "verify/verify.hpp"
#include "verify/versions.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sop::verify {

// One commit: who made it, what its message says, the configuration it is judged by (its
// parent's), and where its problems go.
struct Commit {
    std::string id; // the full id
    git::Identity author;
    git::Message message;
    std::string action; // Sop-Action; "" when there is none
    Configs::Found config;
    std::vector<Problem>* out;

    void problem(const std::string& path, const std::string& field, const std::string& why) const;
    // Whether a problem of this commit names `field` of `path` already.
    bool reported(const std::string& path, const std::string& field) const;
    // Every value of the trailer `key`, in order.
    std::vector<std::string> trailers(std::string_view key) const;
    // Whether `who` ("Name <email>") is the author: the same e-mail address.
    bool is_author(const std::string& who) const;
};

// One file a commit changed: the ID its name gives, both versions (null where the file is
// absent or is not a YAML mapping) and whether it was there before and after.
struct FileStep {
    std::string path, id;
    std::shared_ptr<const Json> before, after;
    bool existed = false, exists = false;
};

// What a file changed alongside the one the action is about records: one event `action` whose
// `key` names the other file (`sop link --related`: link {related: T}; the article of `sop link
// --kb`: link {ticket: T}; `sop reopen`: flag {ticket: T}; `sop kb new --from-ticket`: link
// {kb: KB}).
struct Side {
    std::string action, key, value;
};

// The events the commit appended (all of them for a new file, whose `before` is null), with
// the index of the first in the log after; nullopt (reported) when the log before is not kept
// unchanged at the start of the log after. `after` must not be null.
struct Appended {
    std::size_t first = 0; // the index of the first appended event
    std::vector<Json> events;
};
std::optional<Appended> appended_events(const Commit& c, const FileStep& f);

// Each appended event is by the commit's author.
void check_event_authors(const Commit& c, const FileStep& f, const Appended& a);

// The side file's appended events are exactly `side`'s one event, by the author.
void check_side_events(const Commit& c, const FileStep& f, const Side& side, const Appended& a);

// The events that move the state (`key`: state, status) are `action`'s, by an `allowed` move,
// from the value before to the value after; and the value does not change without one.
using MoveAllowed = bool (*)(std::string_view action, std::string_view from, std::string_view to);
void check_moves(const Commit& c, const FileStep& f, const Appended& a, std::string_view key,
                 std::string_view action, MoveAllowed allowed);

// An edit event (`own`, events[own_at]) lists in `fields` exactly the fields it `changed`, and
// the merge conflicts of the version before that it settles (sop edit, sop-sync(1)).
void check_listed_fields(const Commit& c, const FileStep& f,
                         const std::vector<std::string>& changed, const Json& own,
                         std::size_t own_at);

// The top-level fields that differ between the versions, `events` and `state_key` aside.
std::vector<std::string> changed_fields(const Json& before, const Json& after,
                                        std::string_view state_key);

// "events[3]", "events[3].to".
std::string event_field(std::size_t i, std::string_view key = {});

std::string str(const Json& obj, std::string_view key); // "" when absent or not a string

} // namespace sop::verify
