#include <linux/magic.h>
#include <selinux/selinux.h>
#include <sys/statfs.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>

#include "policy.h"
#include "selinuxfs_class.h"

namespace secgi {

namespace {

std::string errno_text() { return std::strerror(errno); }

// Classes and permissions are given to libselinux as the kernel's own
// values (selinuxfs_class.h), which it passes on unchanged as long as no
// code in the process has called selinux_set_mapping().
class KernelPolicy final : public PolicyOracle {
 public:
  Result<std::string> compute_create(const std::string& scon,
                                     const std::string& tcon,
                                     const std::string& tclass) const override {
    auto cls = cached_class_value(tclass);
    if (!cls) return make_error(cls.error());
    char* created = nullptr;
    if (security_compute_create_raw(scon.c_str(), tcon.c_str(), *cls,
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
    auto cls = cached_class_value(tclass);
    if (!cls) return make_error(cls.error());

    access_vector_t requested = 0;
    std::vector<access_vector_t> bits;
    for (const std::string& permission : permissions) {
      auto bit = permission_bit(kSelinuxfs, tclass, permission);
      if (!bit) return make_error(bit.error());
      bits.push_back(*bit);
      requested |= *bit;
    }

    struct av_decision avd;
    if (security_compute_av_flags_raw(scon.c_str(), tcon.c_str(), *cls,
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

 private:
  // Returns the value of TCLASS, read from selinuxfs once per process:
  // a request looks up each class two or three times.
  Result<uint16_t> cached_class_value(const std::string& tclass) const {
    auto known = classes_.find(tclass);
    if (known != classes_.end()) return known->second;
    auto value = class_value(kSelinuxfs, tclass);
    if (!value) return make_error(value.error());
    classes_.emplace(tclass, *value);
    return *value;
  }

  mutable std::map<std::string, uint16_t> classes_;
};

}  // namespace

Result<std::unique_ptr<PolicyOracle>> make_kernel_policy() {
  struct statfs fs;
  if (::statfs(kSelinuxfs, &fs) != 0) {
    return make_error(std::string("cannot read the file system of '") +
                      kSelinuxfs + "': " + errno_text());
  }
  if (static_cast<unsigned long>(fs.f_type) != SELINUX_MAGIC) {
    return make_error(std::string("'") + kSelinuxfs +
                      "' is not selinuxfs; mount selinuxfs there");
  }
  return std::unique_ptr<PolicyOracle>(std::make_unique<KernelPolicy>());
}

}  // namespace secgi
