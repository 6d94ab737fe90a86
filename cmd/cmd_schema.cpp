#include "app.hpp"
#include "schema/schema.hpp"

#include <iostream>

namespace sop::cmd {

Action define_schema(CLI::App& sub) {
    auto name = std::make_shared<std::string>();
    sub.add_option("NAME", *name, "ticket, config or kb-article")->required();
    return [name](Session&) {
        std::cout << schema::text(*name);
        return 0;
    };
}

} // namespace sop::cmd
