#include "app.hpp"
#include "ticket/actions.hpp"
#include "util/editor.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

#include <iostream>

namespace sop::cmd {

Action define_edit(CLI::App& sub) {
    auto id = std::make_shared<std::string>();
    sub.add_option("ID", *id, "ticket ID or unique prefix")->required();
    return [id](Session& s) {
        if (!util::stdin_is_terminal() && !util::editor_configured())
            throw UsageError(
                "no editor: stdin is not a terminal and neither VISUAL nor EDITOR is set");
        const auto out = ticket::edit(
            s.repo(), *id, [&](const std::string& text) { return util::edit_text(text, "edit"); },
            s.actor());
        if (out.commit.empty())
            std::cout << out.id << ": no changes\n";
        else
            std::cout << out.id << ": " << out.subject << "\n";
        return 0;
    };
}

} // namespace sop::cmd
