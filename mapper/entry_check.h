// Checking mapping entries against the policy before they are installed:
// the context each entry composes must be one the wrapper can run a
// script in.
#pragma once

#include <string>
#include <vector>

#include "mapping.h"
#include "policy.h"
#include "result.h"
#include "validate.h"

namespace secgi::map {

struct CheckSettings {
  std::string wrapper_context;  // the wrapper's context, with its clearance
  std::string file_context;     // a representative script label
};

// The context an entry gives for a script labelled FILE_CONTEXT, as the
// wrapper composes it: a full context as written, or the parts set over
// what security_compute_create() returns for the wrapper on that file.
struct Composed {
  std::string computed;  // from compute_create; empty for a full context
  std::string context;
};
Result<Composed> compose_target(const PolicyOracle& policy,
                                const Target& target,
                                const std::string& wrapper_context,
                                const std::string& file_context);

// Returns why ENTRY would be refused, or an empty string when it passes.
// Deny entries always pass. The entrypoint and read-execute checks on
// SETTINGS.file_context count only for entries without a type: an entry
// that sets the type names a domain whose scripts carry another label.
Result<std::string> check_entry(const PolicyOracle& policy,
                                const MappingEntry& entry,
                                const CheckSettings& settings);

// Checks every entry of FILE, once per distinct target, and returns one
// message per refused entry: "FILE:LINE: SELECTOR: REASON".
Result<std::vector<std::string>> check_entries(
    const PolicyOracle& policy, const std::vector<MappingEntry>& entries,
    const CheckSettings& settings, const std::string& file);

}  // namespace secgi::map
