// One syslog line per wrapper decision, as key=value pairs that no input
// can forge: values with spaces, quotes or other bytes are quoted and
// escaped, and long values are cut.
#pragma once

#include <string>
#include <string_view>

namespace secgi {

inline constexpr size_t kMaxLoggedValue = 256;

struct Decision {
  std::string result = "refused";  // "allowed" or "refused"
  std::string reason = "?";
  std::string user = "?";       // REMOTE_USER as received
  std::string canonical = "?";  // the identity used for the lookup
  std::string script = "?";
  std::string entry = "?";      // the mapping entry that matched
  std::string context = "?";    // the context the script runs in
  int dropped_variables = 0;
  unsigned suppressed = 0;  // identical refusals not logged before this
};

// Quotes VALUE when needed and escapes '"', '\\' and bytes outside
// printable ASCII as \xHH; an empty value becomes "".
std::string escape_value(std::string_view value);

std::string format_decision(const Decision& decision);

// Opens syslog as secgi-wrap on facility authpriv.
void open_log();
void close_log();
void log_decision(const Decision& decision);
// A line outside a decision, such as a warning about permissive mode.
void log_notice(std::string_view message);

}  // namespace secgi
