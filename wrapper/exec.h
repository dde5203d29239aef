// The last steps before the script runs: process limits, descriptors,
// the exec context and the exec itself.
#pragma once

#include <string>
#include <vector>

#include "config.h"
#include "interpreter.h"
#include "result.h"
#include "script.h"

namespace secgi {

// Sets the umask and the configured resource limits.
Status apply_limits(const Config& config);

// Closes every descriptor above stderr except the script's, which a "#!"
// script's interpreter reads through /dev/fd, and EXTRA unless it is -1:
// the interpreter's in handler mode.
Status close_descriptors(const Script& script, int extra = -1);

// Executes SCRIPT in CONTEXT with ENV. Returns only on failure, with the
// exec context reset.
Status exec_script(const Script& script, const std::string& context,
                   const std::vector<std::string>& env);

// Executes INTERPRETER in CONTEXT with ENV and the script's path as its
// only argument, the way a CGI handler such as php-cgi expects. Returns
// only on failure, with the exec context reset.
Status exec_interpreter(const Interpreter& interpreter, const Script& script,
                        const std::string& context,
                        const std::vector<std::string>& env);

}  // namespace secgi
