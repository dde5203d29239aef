// PolicyOracle: the SELinux decisions the wrapper and secgi-map need, from
// the running kernel (libselinux) or from a binary policy file (libsepol).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "result.h"

namespace secgi {

struct AccessResult {
  std::vector<std::string> denied;  // requested permissions not allowed
  bool permissive = false;          // the source domain is permissive
};

class PolicyOracle {
 public:
  virtual ~PolicyOracle() = default;

  // The context a plain exec or create would give: type_transition and
  // range_transition rules applied to SCON acting on TCON.
  virtual Result<std::string> compute_create(const std::string& scon,
                                             const std::string& tcon,
                                             const std::string& tclass) const = 0;

  // Ok when the policy accepts CONTEXT as a valid context.
  virtual Status check_context(const std::string& context) const = 0;

  virtual Result<AccessResult> check_access(
      const std::string& scon, const std::string& tcon,
      const std::string& tclass,
      const std::vector<std::string>& permissions) const = 0;
};

// Decisions of the running kernel. Callers must first check that SELinux
// is enabled: libselinux returns "allowed" when it is not. Returns an
// error when kSelinuxfs (selinuxfs_class.h) is not a mounted selinuxfs.
Result<std::unique_ptr<PolicyOracle>> make_kernel_policy();

// Decisions computed by libsepol from a binary policy such as policy.33,
// with the policy's default boolean values. Every oracle returns the
// decisions of the file loaded last.
Result<std::unique_ptr<PolicyOracle>> load_policy_file(const std::string& path);

}  // namespace secgi
