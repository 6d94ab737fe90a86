#include "app.hpp"
#include "output/ticket_text.hpp"
#include "ticket/history.hpp"
#include "ticket/id.hpp"
#include "ticket/lookup.hpp"

#include <iostream>

namespace sop::cmd {

Action define_log(CLI::App& sub) {
    struct Options {
        std::string id, format;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("ID", o->id, "ticket ID or unique prefix")->required();
    add_format(sub, o->format, {"text", "json"});
    return [o](Session& s) {
        const auto& repo = s.repo();
        const auto head = repo.head();
        const std::string id = ticket::resolve(head, o->id);
        const auto log = ticket::history(repo, head, id, ticket::path_of(id));
        if (o->format == "json") {
            auto doc = output::envelope();
            doc["ticket"] = id;
            doc["log"] = output::log_json(log);
            print_json(doc);
        } else {
            std::cout << output::log_text(log, s.style());
        }
        return 0;
    };
}

} // namespace sop::cmd
