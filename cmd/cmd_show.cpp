#include "app.hpp"
#include "output/ticket_text.hpp"
#include "ticket/id.hpp"
#include "ticket/lookup.hpp"

#include <iostream>

namespace sop::cmd {

Action define_show(CLI::App& sub) {
    struct Options {
        std::string id, format;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("ID", o->id, "ticket ID or unique prefix")->required();
    add_format(sub, o->format, {"text", "yaml", "json"});
    return [o](Session& s) {
        const auto head = s.repo().head();
        const std::string id = ticket::resolve(head, o->id);
        if (o->format == "yaml") {
            // The file's bytes as committed: what a reviewer sees in git.
            std::cout << *head.read(ticket::path_of(id));
            return 0;
        }
        const auto doc = ticket::load(head, id);
        if (o->format == "json") {
            auto out = output::envelope();
            out["ticket"] = doc;
            print_json(out);
        } else {
            std::cout << output::ticket_text(doc, s.style());
        }
        return 0;
    };
}

} // namespace sop::cmd
