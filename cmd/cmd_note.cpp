#include "app.hpp"
#include "ticket/actions.hpp"

#include <iostream>

namespace sop::cmd {

Action define_note(CLI::App& sub) {
    struct Options {
        std::string id, text;
    };
    auto o = std::make_shared<Options>();
    sub.add_option("ID", o->id, "ticket ID or unique prefix")->required();
    sub.add_option("TEXT", o->text, "the note: reasoning, steps, test results, data")->required();
    return [o](Session& s) {
        const auto out = ticket::add_note(s.repo(), o->id, o->text, s.actor());
        std::cout << out.id << ": note recorded\n";
        return 0;
    };
}

} // namespace sop::cmd
