#pragma once
// A ticket and its history as people read them (`sop show`, `sop log`).
#include "output/table.hpp"
#include "ticket/history.hpp"
#include "ticket/ticket.hpp"

#include <string>
#include <vector>

namespace sop::output {

std::string ticket_text(const ticket::Json& doc, const Style& style);
std::string log_text(const std::vector<ticket::LogEntry>& log, const Style& style);
ticket::Json log_json(const std::vector<ticket::LogEntry>& log);

// Every JSON document sop prints starts with "schema": "sop/v1".
ticket::Json envelope();

} // namespace sop::output
