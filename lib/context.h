// SELinux security contexts as text, and the partial contexts a mapping
// entry may give.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "result.h"

namespace secgi {

struct Context {
  std::string user;
  std::string role;
  std::string type;
  std::string range;  // empty on a policy without MLS or MCS

  std::string str() const;
};

// Splits "user:role:type[:range]"; the range keeps its own colons.
Result<Context> parse_context(std::string_view text);

// The parts a mapping entry sets; unset parts come from the policy.
struct ContextParts {
  std::optional<std::string> user;
  std::optional<std::string> role;
  std::optional<std::string> type;
  std::optional<std::string> range;

  bool empty() const { return !user && !role && !type && !range; }
};

// Checks one part: names are letters, digits, '_' and '.'; a range also
// allows ':', ',', '-'.
Status check_context_part(std::string_view part, std::string_view value);

// Returns the low level of a range: "s0" for "s0-s0:c0.c1023".
std::string low_level(std::string_view range);

// Fills the unset PARTS from COMPUTED, the context a plain exec would give.
// An unset range becomes the computed low level, so that an entry without
// range= never inherits the wrapper's whole clearance.
Context compose_context(const Context& computed, const ContextParts& parts);

}  // namespace secgi
