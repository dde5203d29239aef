// The wrapper's SELinux surroundings. selinux_state.cc reads them from the
// kernel; selinux_offline.cc, linked only into a test build, takes them
// from a policy file so the wrapper runs on a host without SELinux.
#pragma once

#include <memory>
#include <string>

#include "config.h"
#include "policy.h"
#include "result.h"

namespace secgi {

// Ok when SELinux is enabled and enforcing, or permissive while the
// configuration allows it (WARNING is then set).
Status check_enforcing(const Config& config, std::string& warning);

// The wrapper's own context, which must be of type WRAPPER_TYPE: a caller
// with no_new_privs or a nosuid mount can keep the server's domain.
Result<std::string> own_context(const std::string& wrapper_type);

// The context of the process that executed the wrapper, which must have
// one of the configured server domains as type.
Result<std::string> caller_context(const Config& config);

Result<std::string> file_context(int fd);

// The oracle for the policy checks.
Result<std::unique_ptr<PolicyOracle>> make_policy();

// Sets the context of the next execve of this thread; an empty CONTEXT
// resets it.
Status set_exec_context(const std::string& context);

}  // namespace secgi
