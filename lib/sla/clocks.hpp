#pragma once
// SLA clocks (SOP §4.1, 4.4, 4.5, 4.7; DESIGN §4), computed from a ticket's event log at an
// instant, never stored. sop(1) SLA CLOCKS documents every rule; in short:
//   response      received_at → the first `respond` (or a direct answer, `resolve`);
//                 target sla.first_response.<channel>
//   resolution    received_at (cycle 1) or a reopen (cycle n+1) → the ticket becomes resolved
//                 or cancelled; paused while pending on the customer; target
//                 sla.resolution.<level>, the level at the cycle's end (or now)
//   update        a major incident (level 4) between customer updates: from the declaration
//                 or the last update to the next; warns at sla.incident_update.warn, breaches at
//                 .breach; ends when the incident is resolved
//   collab-ack    a collaboration request → its acknowledgement; the requested team's calendar
//   review        the end of a major incident → its review meeting
#include "calendar/calendar.hpp"
#include "sla/record.hpp"
#include "yaml/yaml.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sop::sla {

// The targets of .sop/config.yaml `sla`, with the shipped defaults for keys left out.
struct Settings {
    explicit Settings(const yaml::Json& cfg);
    calendar::Calendars calendars;
    std::map<std::string, calendar::Duration, std::less<>> first_response; // by channel
    std::map<int, calendar::Duration> resolution;                          // by level 1..4
    calendar::Duration update_warn, update_breach, collab_ack, review, recent;
    int warn_at = 80; // percent
};

enum class Status { ok, warn, breached };
const char* to_string(Status s); // "ok", "warn", "breached"

struct Segment {
    std::int64_t from = 0, to = 0; // UTC; `to` is the clock's stop or the evaluation instant
    bool running = true;
    std::string why; // "running", "pending on the customer", "outside working hours" is not a
                     // segment: working time is counted inside running segments
};

struct Clock {
    std::string ticket;
    std::string kind;   // response, resolution, update, collab-ack, review
    int cycle = 1;      // resolution cycle, update gap, collaboration request number
    std::string name;   // "response", "resolution", "resolution#2", "update#3", "collab-ack#1"
    std::string detail; // what the target depends on: "phone", "level 2", "team ops"
    std::string calendar;
    calendar::Duration target;
    std::int64_t target_length = 0; // in the target's units (real or business seconds)
    std::int64_t start = 0;
    std::optional<std::int64_t> stop; // when it stopped (met or not)
    std::string stopped_by;           // the action that stopped it
    std::int64_t elapsed = 0;         // counted time up to stop or the evaluation instant
    // When it breaches (or breached) if it runs on from the evaluation instant without a pause;
    // unset while paused.
    std::optional<std::int64_t> due;
    bool paused = false;
    Status status = Status::ok;
    std::vector<Segment> segments;

    bool running() const { return !stop.has_value(); }
    std::int64_t remaining() const { return target_length - elapsed; } // < 0: overdue
};

// Every clock of `r` as of `at`: events after `at` are ignored, so a past instant shows the
// clocks as they stood then.
std::vector<Clock> clocks(const Record& r, const Settings& s, std::int64_t at);

// What `sop sla` lists: running clocks, and stopped ones that breached within sla.recent of `at`.
bool listed(const Clock& c, const Settings& s, std::int64_t at);

// The worst status among the listed clocks of `r` at `at` (ok when there are none): what the
// query term sla:breached|warn|ok matches.
Status worst(const Record& r, const Settings& s, std::int64_t at);

} // namespace sop::sla
