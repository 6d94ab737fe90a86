#include "app.hpp"
#include "output/ticket_text.hpp"
#include "ticket/archive.hpp"
#include "ticket/id.hpp"
#include "ticket/lookup.hpp"

#include <iostream>

namespace sop::cmd {

Action define_show(CLI::App& sub) {
    struct Options {
        std::string id, format;
        bool no_archive = false;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("ID", o->id, "ticket ID or unique prefix")->required();
    add_format(sub, o->format, {"text", "yaml", "json"});
    sub.add_flag("--no-archive", o->no_archive, "do not look in the archive branch");
    return [o](Session& s) {
        const auto head = s.repo().head();
        const auto archive = ticket::archive_of(s.repo());
        const auto found = ticket::resolve_any(head, o->no_archive ? nullptr : &archive, o->id);
        const git::Snapshot& branch = found.archived ? archive : head;
        if (o->format == "yaml") {
            // The file's bytes as committed: what a reviewer sees in git.
            std::cout << *branch.read(ticket::path_of(found.id));
            return 0;
        }
        const auto doc = ticket::load(branch, found.id);
        if (o->format == "json") {
            auto out = output::envelope();
            out["archived"] = found.archived;
            out["ticket"] = doc;
            print_json(out);
        } else {
            if (found.archived)
                std::cout << output::paint("archived in " +
                                               std::string(ticket::archive_branch.substr(11)),
                                           "dim", s.style().color)
                          << "\n";
            std::cout << output::ticket_text(doc, s.style());
        }
        return 0;
    };
}

} // namespace sop::cmd
