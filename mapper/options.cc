#include "options.h"

#include <selinux/selinux.h>

namespace secgi::map {

Result<std::unique_ptr<PolicyOracle>> open_policy(const Options& options) {
  if (!options.policy_file.empty()) {
    return load_policy_file(options.policy_file);
  }
  if (is_selinux_enabled() != 1) {
    return make_error("SELinux is disabled, so there is no policy to check "
                      "against; give --policy FILE, a binary policy such as "
                      "/etc/selinux/default/policy/policy.33");
  }
  return make_kernel_policy();
}

}  // namespace secgi::map
