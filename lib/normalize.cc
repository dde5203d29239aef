#include "normalize.h"

#include <limits.h>
#include <unistd.h>

#include <algorithm>

#include "text.h"

namespace secgi {

namespace {

char lower_ascii(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equal_ignoring_ascii_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return lower_ascii(x) == lower_ascii(y);
         });
}

std::string quoted(std::string_view text) {
  return "'" + std::string(text) + "'";
}

// Removes "@REALM" from NAME when REALM is listed. The realm follows the
// last '@', so "alice@example.org@EXAMPLE.ORG" (an enterprise principal)
// keeps its first '@'.
Status strip_realm(std::string& name, const NameRules& rules) {
  size_t at = name.rfind('@');
  if (at == std::string::npos) return Ok{};
  std::string_view realm = std::string_view(name).substr(at + 1);
  const auto& listed = rules.strip_realms;
  if (std::find(listed.begin(), listed.end(), realm) != listed.end()) {
    name.erase(at);
    return Ok{};
  }
  if (rules.foreign_realm == ForeignName::keep) return Ok{};
  return make_error("the realm " + quoted(realm) + " of " + quoted(name) +
                    " is not listed in strip_realm, and foreign_realm is "
                    "reject");
}

// Removes "DOMAIN\" from NAME when DOMAIN is listed. The domain ends at the
// first backslash.
Status strip_domain(std::string& name, const NameRules& rules) {
  size_t slash = name.find('\\');
  if (slash == std::string::npos) return Ok{};
  std::string_view domain = std::string_view(name).substr(0, slash);
  for (const std::string& listed : rules.strip_domains) {
    if (equal_ignoring_ascii_case(domain, listed)) {
      name.erase(0, slash + 1);
      return Ok{};
    }
  }
  if (rules.foreign_domain == ForeignName::keep) return Ok{};
  return make_error("the domain " + quoted(domain) + " of " + quoted(name) +
                    " is not listed in strip_domain, and foreign_domain is "
                    "reject");
}

}  // namespace

size_t max_name_length() {
  long limit = ::sysconf(_SC_LOGIN_NAME_MAX);
  if (limit <= 1) limit = LOGIN_NAME_MAX;
  return static_cast<size_t>(limit) - 1;
}

Status check_name(std::string_view name, std::string_view what) {
  std::string label(what);
  if (name.empty()) return make_error(label + " is empty");
  if (has_control_char(name)) {
    return make_error(label + " contains a control character");
  }
  size_t max = max_name_length();
  if (name.size() > max) {
    return make_error(label + " is " + std::to_string(name.size()) +
                      " bytes long, more than the system's maximum of " +
                      std::to_string(max) + " (LOGIN_NAME_MAX)");
  }
  return Ok{};
}

Result<std::string> normalize_name(std::string_view name,
                                   const NameRules& rules) {
  std::string out(name);
  auto realm = strip_realm(out, rules);
  if (!realm) return make_error(realm.error());
  auto domain = strip_domain(out, rules);
  if (!domain) return make_error(domain.error());
  if (rules.fold_case) {
    std::transform(out.begin(), out.end(), out.begin(), lower_ascii);
  }
  // Only listed realms and domains, which hold no control characters, are
  // removed, so checking the result covers the input too.
  auto valid = check_name(out, out == name ? "the client's name"
                                           : "the client's normalised name");
  if (!valid) return make_error(valid.error());
  return out;
}

}  // namespace secgi
