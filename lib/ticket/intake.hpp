#pragma once
// Intake (SOP §4.1): the fields a new ticket is created with, from options or a YAML file.
#include "git/repo.hpp"
#include "ticket/ticket.hpp"
#include "util/time.hpp"

#include <string>
#include <utility>
#include <vector>

namespace sop::ticket {

struct IntakeField {
    std::string_view path;   // dotted: "requester.name"
    std::string_view option; // "--requester-name"
    bool required;
    enum Kind { line, text, choice, instant, date_or_instant } kind;
};

const std::vector<IntakeField>& intake_fields();

// Builds an intake document from dotted-path values (the CLI options). Refuses invalid UTF-8.
Json intake_from_pairs(const std::vector<std::pair<std::string, std::string>>& values);
// Reads an intake document: YAML with the ticket's field names, intake fields only
// (InvalidError names an unknown or misplaced field).
Json intake_from_yaml(std::string_view text, const std::string& source);
// The required fields that `intake` lacks, as "requester.contact (--requester-contact)".
std::vector<std::string> missing_required(const Json& intake);

// A complete new ticket: the intake, normalised, plus id, state `new`, received_at (default
// `now`) and the first event. Throws InvalidError when a value is malformed.
Json new_ticket(const Json& intake, const std::string& id, const git::Identity& by,
                const util::Timestamp& now);

// The YAML template `sop new --edit` opens: every intake field, commented.
std::string intake_template();

} // namespace sop::ticket
