#pragma once
// Errors that reach the user. Each kind maps to one documented exit code (sop(1), EXIT STATUS);
// main() holds the only catch that prints them as "sop: error: <what>" plus an optional hint.
#include <stdexcept>
#include <string>

namespace sop {

enum class Exit : int {
    ok = 0,
    failure = 1,
    usage = 2,
    refused = 3,   // the workflow refused the action (a guard failed)
    not_found = 4, // unknown or ambiguous ID
    invalid = 5,   // invalid data: YAML, schema, UTF-8, invariants
    conflict = 6,  // concurrent update, dirty file, lock held
    breached = 7,  // `sop sla --check` found a breached clock
};

class Error : public std::runtime_error {
  public:
    explicit Error(const std::string& what, std::string hint = {}, Exit code = Exit::failure)
        : std::runtime_error(what), hint_(std::move(hint)), code_(code) {}
    const std::string& hint() const { return hint_; }
    Exit code() const { return code_; }

  private:
    std::string hint_;
    Exit code_;
};

struct UsageError : Error {
    explicit UsageError(const std::string& what, std::string hint = {})
        : Error(what, std::move(hint), Exit::usage) {}
};
struct RefusedError : Error {
    explicit RefusedError(const std::string& what, std::string hint = {})
        : Error(what, std::move(hint), Exit::refused) {}
};
struct NotFoundError : Error {
    explicit NotFoundError(const std::string& what, std::string hint = {})
        : Error(what, std::move(hint), Exit::not_found) {}
};
struct InvalidError : Error {
    explicit InvalidError(const std::string& what, std::string hint = {})
        : Error(what, std::move(hint), Exit::invalid) {}
};
struct ConflictError : Error {
    explicit ConflictError(const std::string& what, std::string hint = {})
        : Error(what, std::move(hint), Exit::conflict) {}
};

} // namespace sop
