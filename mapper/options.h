// Options that every secgi-map verb shares, and the policy they select.
#pragma once

#include <memory>
#include <string>

#include "entry_check.h"
#include "policy.h"
#include "result.h"

namespace secgi::map {

inline constexpr const char* kDefaultMappings = "/etc/secgi/mappings";
inline constexpr const char* kDefaultWrapperContext =
    "system_u:system_r:secgi_wrap_t:s0-s0:c0.c1023";
inline constexpr const char* kDefaultFileContext =
    "system_u:object_r:secgi_app_exec_t:s0";

struct Options {
  std::string mappings = kDefaultMappings;
  std::string policy_file;  // empty: the running kernel's policy
  std::string wrapper_context = kDefaultWrapperContext;
  std::string file_context = kDefaultFileContext;

  CheckSettings check_settings() const {
    return {wrapper_context, file_context};
  }
};

// The policy to check against: POLICY_FILE through libsepol when set, else
// the kernel's, which requires SELinux to be enabled.
Result<std::unique_ptr<PolicyOracle>> open_policy(const Options& options);

}  // namespace secgi::map
