#include "app.hpp"
#include "output/ticket_text.hpp"
#include "ticket/archive.hpp"
#include "ticket/history.hpp"
#include "ticket/id.hpp"
#include "ticket/lookup.hpp"

#include <iostream>

namespace sop::cmd {

Action define_log(CLI::App& sub) {
    struct Options {
        std::string id, format;
        bool no_archive = false;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("ID", o->id, "ticket ID or unique prefix")->required();
    add_format(sub, o->format, {"text", "json"});
    sub.add_flag("--no-archive", o->no_archive, "do not look in the archive branch");
    return [o](Session& s) {
        const auto& repo = s.repo();
        const auto head = repo.head();
        const auto archive = ticket::archive_of(repo);
        const auto found = ticket::resolve_any(head, o->no_archive ? nullptr : &archive, o->id);
        const auto log = ticket::history(repo, head, found.id, ticket::path_of(found.id),
                                         found.archived ? &archive : nullptr);
        if (o->format == "json") {
            auto doc = output::envelope();
            doc["ticket"] = found.id;
            doc["archived"] = found.archived;
            doc["log"] = output::log_json(log);
            print_json(doc);
        } else {
            std::cout << output::log_text(log, s.style());
        }
        return 0;
    };
}

} // namespace sop::cmd
