// Class values and permission bits of the loaded policy, read from the
// class directory of selinuxfs one file each.
//
// libselinux's string_to_security_class() reads the index file of every
// permission of a class at its first use in a process, about thirty files
// for process or file. The wrapper is a new process for each request and
// needs a few permissions, so it reads only their files.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "result.h"

namespace secgi {

// The selinuxfs mount point, the one libselinux tries first.
// make_kernel_policy() checks that selinuxfs is mounted there.
inline constexpr const char* kSelinuxfs = "/sys/fs/selinux";

// Parses the content of an index file: a decimal number from 1 to MAX,
// optionally followed by a newline.
Result<uint32_t> parse_index(std::string_view text, uint32_t max);

// Returns the kernel's value for class TCLASS below ROOT (a selinuxfs
// mount point), from ROOT/class/TCLASS/index.
Result<uint16_t> class_value(const std::string& root,
                             const std::string& tclass);

// Returns the access vector bit of PERMISSION in TCLASS, from
// ROOT/class/TCLASS/perms/PERMISSION.
Result<uint32_t> permission_bit(const std::string& root,
                                const std::string& tclass,
                                const std::string& permission);

}  // namespace secgi
