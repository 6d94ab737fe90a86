#pragma once
// Writing articles: `sop kb new` (from options, a closed ticket's summary, or the editor) and
// `sop kb edit`. The lifecycle rules are in kb/lifecycle.hpp.
#include "kb/lifecycle.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace sop::kb {

// What `sop kb new` is given: content fields as options (empty = not given).
struct Draft {
    std::string title, category, problem, solution, notes;
    std::vector<std::string> steps, scenarios, keywords;
    std::string from_ticket; // a closed ticket to pre-fill from and link
};

// The content fields `draft` pre-fills: the closed ticket's summary first (when from_ticket is
// given), the options over it. `ticket` is that ticket (null when none).
Json prefill(const Draft& draft, const Json& ticket);
// The text `sop kb new --edit` hands to the editor: a comment saying what to fill in, then
// every content field (the pre-filled ones with their values).
std::string editor_text(const Json& fields);
// The content fields of an editor's text: comments dropped, empty values left out.
Json fields_from_editor(const std::string& text);

// Creates the article from `fields` (content fields), linking `from_ticket` both ways when it
// is given: a live ticket gains links.kb and a `link` event in the same commit; an archived
// one is only named in the article's links.tickets (the archive branch is read-only).
Outcome create(const Context& ctx, const Json& fields, std::string_view from_ticket);

// `sop kb edit`: the editor gets the article's YAML (or a hand-edited working-tree file);
// only content fields may change. Refused text is kept under .git/sop/edit/<ID>.yaml.
using Editor = std::function<std::string(const std::string& text)>;
Outcome edit(const Context& ctx, std::string_view id, const Editor& editor);

} // namespace sop::kb
