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

}  // namespace secgi
