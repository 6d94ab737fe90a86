#pragma once
// Whose tickets are these (`sop history`; SOP 4.2 "look up the user's earlier tickets"):
// matching what a person typed against a ticket's requester name and contact.
//
// A probe matches a ticket when, with ASCII case and full-width forms folded and all white
// space removed (so "Wang  Fang", "wangfang" and "ＷＡＮＧ Fang" are one name):
//   - it equals the requester's name, or the whole contact field; or
//   - an e-mail address in the probe equals one in the contact field ("mailto:" dropped); or
//   - a phone number in the probe (five digits or more) has the same digits as one in the
//     contact field, whatever the spaces, dashes, dots and parentheses between them; a
//     number with a country code (+86 or 0086) also matches the same number written
//     without it, with or without its trunk 0.
// Nothing else: no substrings, no fuzzy names (`sop list requester:TEXT` finds substrings).
#include "ticket/summary.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace sop::ticket {

// Lower-cased ASCII, full-width forms folded to ASCII, white space removed.
std::string fold_requester(std::string_view text);

// The e-mail addresses in `text`, folded.
std::vector<std::string> emails_in(std::string_view text);

// The phone numbers in `text` as their digits, with a leading "+" when the number was written
// with a country code ("+86 138-0013-8000" gives "+8613800138000").
std::vector<std::string> phones_in(std::string_view text);

// Whether two numbers from phones_in() are the same number.
bool same_phone(std::string_view a, std::string_view b);

class RequesterMatcher {
  public:
    // Each probe is matched on its own (any one matching is enough); blank probes are ignored.
    explicit RequesterMatcher(const std::vector<std::string>& probes);
    bool empty() const { return whole_.empty(); }
    bool matches(std::string_view name, std::string_view contact) const;
    bool matches(const Summary& s) const { return matches(s.requester, s.contact); }

  private:
    std::vector<std::string> whole_, emails_, phones_;
};

} // namespace sop::ticket
