#include "app.hpp"
#include "config/init.hpp"
#include "util/time.hpp"

#include <iostream>

namespace sop::cmd {

Action define_init(CLI::App& sub) {
    auto target = std::make_shared<std::string>(".");
    sub.add_option("DIR", *target, "directory to initialise (created if missing)");
    return [target](Session& s) {
        const std::filesystem::path dir = std::filesystem::path(s.dir()) / *target;
        const auto out = config::init(dir, std::nullopt, util::now());
        if (out.commit.empty())
            std::cout << "sop: '" << out.workdir.string() << "' is already a support repository\n";
        else
            std::cout << "Initialised support repository in " << out.workdir.string() << "\n";
        return 0;
    };
}

} // namespace sop::cmd
