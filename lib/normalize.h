// Normalisation of the client's name before the account and mapping
// lookups: Kerberos realms and e-mail domains (alice@EXAMPLE.ORG), Windows
// domains (EXAMPLE\alice), ASCII case folding, and the checks every name
// must pass. secgi.conf(5) describes the keys that set NameRules.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "result.h"

namespace secgi {

// Handling of a realm or domain that is not listed for stripping.
enum class ForeignName { keep, reject };

struct NameRules {
  // Realms removed from USER@REALM, compared byte for byte because
  // Kerberos realms are case-sensitive.
  std::vector<std::string> strip_realms;
  ForeignName foreign_realm = ForeignName::keep;
  // Domains removed from DOMAIN\USER, compared ignoring ASCII case as
  // Windows compares NetBIOS domain names.
  std::vector<std::string> strip_domains;
  ForeignName foreign_domain = ForeignName::keep;
  bool fold_case = false;  // ASCII letters only
};

// Maximum length of an account name in bytes: sysconf(_SC_LOGIN_NAME_MAX)
// less the terminating NUL it counts, or LOGIN_NAME_MAX - 1 when sysconf
// has no value.
size_t max_name_length();

// Checks that NAME could be an account name: not empty, no control
// characters, at most max_name_length() bytes. WHAT names the value in
// the error, for example "REMOTE_USER".
Status check_name(std::string_view name, std::string_view what);

// Returns NAME with a listed realm, then a listed domain, removed and,
// with fold_case, ASCII letters in lower case. The result passes
// check_name(). A realm or domain that is not listed is kept or rejected
// as RULES set.
Result<std::string> normalize_name(std::string_view name,
                                   const NameRules& rules);

}  // namespace secgi
