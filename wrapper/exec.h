// The last steps before the script runs: process limits, descriptors,
// the exec context and the exec itself.
#pragma once

#include <string>
#include <vector>

#include "config.h"
#include "result.h"
#include "script.h"

namespace secgi {

// Sets the umask and the configured resource limits.
Status apply_limits(const Config& config);

// Closes every descriptor above stderr except the script's, which a "#!"
// script's interpreter reads through /dev/fd.
Status close_descriptors(const Script& script);

// Executes SCRIPT in CONTEXT with ENV. Returns only on failure, with the
// exec context reset.
Status exec_script(const Script& script, const std::string& context,
                   const std::vector<std::string>& env);

}  // namespace secgi
