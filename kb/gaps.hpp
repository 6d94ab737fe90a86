#pragma once
// Knowledge gaps (`sop kb gaps`; SOP 4.6 "for high-frequency problems, create standard
// solutions"): frequent problems, i.e. clusters of similar tickets in one category over a
// period, that no published article of that category covers.
//
// Tickets: those received in [from, to) (received_at, RFC 3339, compared as instants; a ticket
// whose received_at does not parse is left out), except cancelled ones and ones without a
// category. A ticket listed twice (live and archived) counts once.
//
// Similarity: TF-IDF cosine as in `sop similar` (ticket/similar.hpp) over title, symptom and
// error, cut by ticket::tokenize, so that Chinese (character bigrams), English and mixed text
// need nothing special. A term weighs (1 + ln tf) × idf, an error code times code_boost, with
// idf = 1 + ln((1 + N) / (1 + df)) over the N tickets counted (all categories). The idf is not
// taken per category: a problem that makes up much of its category would then weigh its own
// words down to nothing.
//
// Clustering, within each category: agglomerative, by centroid cosine. Every ticket starts as
// a cluster of its own; a cluster is the sum of its tickets' unit vectors, and two clusters'
// similarity is the cosine of their sums. The most similar two clusters merge, as long as that
// similarity is at least GapOptions::similarity. This does not chain: a ticket joins a cluster
// only if it is like the cluster as a whole (its centroid), not like one of its tickets, as in
// connected components (single linkage), where VPN drops → VPN slow → Wi-Fi slow → Wi-Fi
// password would become one cluster. Unlike the average of pairwise similarities (average
// linkage), the centroid keeps what a problem's tickets share and averages out the incidental
// words each ticket has, so a large problem described in many ways is not split into pieces.
// For speed, two clusters are compared only if one holds a ticket that is among the
// gap_neighbours most similar tickets (similarity ≥ gap_pair_floor) of a ticket of the other;
// tickets with the very same terms are taken together from the start.
//
// Deterministic: tickets are ordered by ID before anything is computed, so the result does not
// depend on the input's order; of equally similar pairs, the one with the first ticket (by ID)
// merges first.
//
// A cluster's shared terms: the terms present in at least half of its tickets (2 × count ≥
// size). A published article of the cluster's category covers it when its title, keywords,
// problem, diagnosis steps, solution and scenarios (not notes, which mention neighbouring
// problems) together contain at least half of the shared terms (2 × contained ≥ shared). A
// cluster without shared terms is never covered.
//
// Gaps: the uncovered clusters of at least min_tickets tickets, largest first, then by
// category, then by first ticket ID.
//
// Cost: about 0.1-0.3 s for 10,000 tickets in an optimised build; memory linear in the tickets
// (at most gap_neighbours candidate links per ticket).
#include "kb/search.hpp"
#include "ticket/summary.hpp"
#include "util/time.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace sop::kb {

// An article readers are served (the caller chooses: published and flagged articles, the
// served version of one under revision), with its category. doc.id is the article's ID, and
// doc.text the fields compared; nothing else of doc is read.
struct Published {
    std::string category;
    Document doc;
};

// How many most similar tickets of each ticket are candidates for its cluster, and how similar
// a candidate must be at least.
inline constexpr std::size_t gap_neighbours = 32;
inline constexpr double gap_pair_floor = 0.1;

// The shared terms listed per gap (all of them count for coverage).
inline constexpr std::size_t gap_terms_shown = 8;

struct GapOptions {
    util::Timestamp from, to;    // tickets received in [from, to)
    std::size_t min_tickets = 3; // smallest cluster reported (0 counts as 1)
    double similarity = 0.3;     // centroid cosine at or above which clusters merge
};

struct Gap {
    std::string category;
    std::vector<std::string> tickets; // IDs, oldest received first (then by ID)
    // The shared terms, in the most tickets first, then the rarer in the period, then by bytes;
    // at most gap_terms_shown.
    std::vector<std::string> terms;
    std::string example; // the title of the most central ticket (the highest sum of
                         // similarities to the others; then the first by ID)
    std::string nearest; // the published article of the category that contains most shared
                         // terms (then the first by ID); "" when none contains any
    double coverage = 0; // the share of the shared terms `nearest` contains: < 0.5; 0 when none
};

std::vector<Gap> find_gaps(const std::vector<ticket::Summary>& tickets,
                           const std::vector<Published>& published, const GapOptions& options);

} // namespace sop::kb
