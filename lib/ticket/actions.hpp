#pragma once
// Writing actions on tickets. Each is one commit through git::commit (the one way to write).
#include "git/repo.hpp"
#include "git/store.hpp"
#include "ticket/ticket.hpp"
#include "util/time.hpp"

#include <functional>
#include <string>
#include <vector>

namespace sop::ticket {

// Who acts, and when.
struct Actor {
    git::Identity who;
    util::Timestamp now;
};

struct Outcome {
    std::string id;
    Json ticket;         // the ticket as committed
    std::string commit;  // hex id of the commit, empty when nothing was committed
    std::string subject; // what happened: the commit subject after "<ID>: "
};

Outcome create(const git::Repo& repo, const Json& intake, const Actor& actor);
Outcome add_note(const git::Repo& repo, std::string_view id_input, std::string_view text,
                 const Actor& actor);

// `sop edit`: hands the ticket's YAML to `editor` (which returns the edited text), checks the
// result (schema; id, state and events unchanged; no new unknown fields) and commits it with
// an `edit` event naming the changed fields. A hand-edited working-tree file is the starting
// point when there is one. Merge conflicts left by lib/merge are named in comments at the top
// of the text, and saving settles them: the `edit` event lists their fields too, even when the
// person keeps the merged values. Outcome::commit is empty when nothing changed and nothing
// was settled. When the edited
// text is refused it is kept in `saved_to` and the error says so.
using Editor = std::function<std::string(const std::string& text)>;
Outcome edit(const git::Repo& repo, std::string_view id_input, const Editor& editor,
             const Actor& actor);

} // namespace sop::ticket
