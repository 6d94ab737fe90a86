#pragma once
// Internal to lib/verify: a commit with a Sop-Action trailer and the ticket and article files it
// changed. The trailers name exactly those files, as the commit contract of sop(1) says, and
// each file is checked for its part in the action (verify/ticket_step.hpp,
// verify/article_step.hpp):
//   ticket verbs   the first Sop-Ticket is the ticket acted on; `link --related` also changes
//                  the ticket it links (not named); `link --kb` and `reopen` also change the
//                  articles named by Sop-Article trailers
//   kb-<verb>      the Sop-Article is the article acted on; `kb-new --from-ticket` also changes
//                  the ticket named by Sop-Ticket
//   archive        removes the closed or cancelled tickets named by Sop-Ticket (and writes them
//                  into the archive branch)
//   init           changes no ticket or article
//   sync           (a commit with one parent, on the archive branch) merges tickets archived in
//                  one clone and changed in another with their archived copy, keeping every event
#include "verify/commit.hpp"

#include <vector>

namespace sop::verify {

void check_action(const Commit& c, const std::vector<FileStep>& tickets,
                  const std::vector<FileStep>& articles);

} // namespace sop::verify
