// The lookup order for a client identity: user, then groups, then the
// authenticated default; a request without identity uses anonymous only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mapping.h"
#include "result.h"

namespace secgi {

struct Identity {
  bool authenticated = false;
  std::string user;                 // canonical name; empty when anonymous
  std::vector<std::string> groups;  // from NSS, any order
};

// Returns the entry that decides for IDENTITY, or no entry when none
// applies (the wrapper then refuses). Among the user's groups, the entry
// written first in the source wins, whatever order NSS returned.
Result<std::optional<MappingEntry>> lookup(const MappingSource& source,
                                           const Identity& identity);

// The place a request runs in: the virtual host from SECGI_VHOST and the
// script's path. Empty fields leave out the scopes that need them.
struct RequestScope {
  std::string vhost;
  std::string script;
};

// One find tried during a lookup, for secgi-map explain.
struct LookupAttempt {
  std::string step;  // "user", "group", "default" or "anonymous"
  Selector selector;
  Scope scope;
  std::optional<int> found_line;  // the entry's line when one was found
};

// Like lookup() above, but tries the scopes of REQUEST within each step, in
// the order scopes_by_precedence() gives, and stops at the first entry.
// Among groups, a more specific scope wins over an earlier line. Appends
// every find to TRACE when it is not null. A script path that is not
// absolute and normalized is an error.
Result<std::optional<MappingEntry>> lookup(
    const MappingSource& source, const Identity& identity,
    const RequestScope& request, std::vector<LookupAttempt>* trace = nullptr);

}  // namespace secgi
