// PLACEHOLDER while being written (session 3); replaced before commit.
#include "workflow/postmortem.hpp"
namespace sop::workflow {
std::string postmortem_path(const std::string& id) { return "postmortems/" + id + ".md"; }
std::string postmortem(const ticket::Json& doc) { return "# " + doc.value("id", "") + "\n"; }
} // namespace sop::workflow
