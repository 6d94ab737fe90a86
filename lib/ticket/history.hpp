#pragma once
// A ticket's history as git tells it (`sop log`): every commit made for it by sop, found by its
// Sop-Ticket trailer (one of them, for a commit made for several tickets such as
// `sop archive`), and every other commit that changed its file (a hand edit).
#include "git/repo.hpp"

#include <string>
#include <vector>

namespace sop::ticket {

struct LogEntry {
    std::string commit; // hex id
    std::string at;     // the commit's author time, RFC 3339
    std::string actor;  // "Name <email>"
    std::string action; // Sop-Action, or "hand-edit" for a commit not made by sop
    std::string from, to;
    std::string subject;
    std::string note; // the message body without the trailers
};

// Oldest first. `path` is the ticket's file. For an archived ticket give the archive branch as
// well: the story is then HEAD's history of the ticket (up to and including the commit that
// archived it), followed by what only the archive branch holds (commits made there later, such
// as hand edits; its own copy of the archive commit is the same action and is not repeated).
std::vector<LogEntry> history(const git::Repo& repo, const git::Snapshot& head,
                              const std::string& id, const std::string& path,
                              const git::Snapshot* archive = nullptr);

} // namespace sop::ticket
