#include <selinux/selinux.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "policy.h"

namespace secgi {

namespace {

std::string errno_text() { return std::strerror(errno); }

class KernelPolicy final : public PolicyOracle {
 public:
  Result<std::string> compute_create(const std::string& scon,
                                     const std::string& tcon,
                                     const std::string& tclass) const override {
    security_class_t cls = string_to_security_class(tclass.c_str());
    if (cls == 0) return make_error("unknown class '" + tclass + "'");
    char* created = nullptr;
    if (security_compute_create_raw(scon.c_str(), tcon.c_str(), cls,
                                    &created) != 0) {
      return make_error("cannot compute the context for '" + scon +
                        "' on '" + tcon + "': " + errno_text());
    }
    std::string out(created);
    freecon(created);
    return out;
  }

  Status check_context(const std::string& context) const override {
    if (security_check_context_raw(context.c_str()) != 0) {
      return make_error("invalid context '" + context +
                        "' in the loaded policy");
    }
    return Ok{};
  }

  Result<AccessResult> check_access(
      const std::string& scon, const std::string& tcon,
      const std::string& tclass,
      const std::vector<std::string>& permissions) const override {
    security_class_t cls = string_to_security_class(tclass.c_str());
    if (cls == 0) return make_error("unknown class '" + tclass + "'");

    access_vector_t requested = 0;
    std::vector<access_vector_t> bits;
    for (const std::string& permission : permissions) {
      access_vector_t bit = string_to_av_perm(cls, permission.c_str());
      if (bit == 0) {
        return make_error("unknown permission '" + tclass + " " +
                          permission + "'");
      }
      bits.push_back(bit);
      requested |= bit;
    }

    struct av_decision avd;
    if (security_compute_av_flags_raw(scon.c_str(), tcon.c_str(), cls,
                                      requested, &avd) != 0) {
      return make_error("cannot compute access for '" + scon + "' on '" +
                        tcon + "': " + errno_text());
    }
    AccessResult result;
    result.permissive = (avd.flags & SELINUX_AVD_FLAGS_PERMISSIVE) != 0;
    for (size_t i = 0; i < bits.size(); ++i) {
      if ((avd.allowed & bits[i]) == 0) result.denied.push_back(permissions[i]);
    }
    return result;
  }
};

}  // namespace

std::unique_ptr<PolicyOracle> make_kernel_policy() {
  return std::make_unique<KernelPolicy>();
}

}  // namespace secgi
