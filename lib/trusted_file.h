// Reading files the wrapper trusts: configuration and mappings.
#pragma once

#include <sys/stat.h>

#include <string>

#include "result.h"

namespace secgi {

// Upper bound on a trusted file, far above any real configuration.
inline constexpr size_t kMaxTrustedFileSize = 64 << 20;

// Reads PATH when it is a regular file owned by root and writable by no one
// else; a symbolic link as the last component is rejected.
Result<std::string> read_trusted_file(const std::string& path);

// Like read_trusted_file(), and sets ST to the status of the file that was
// read, taken after reading.
Result<std::string> read_trusted_file(const std::string& path,
                                      struct stat& st);

// Ok when ST, the status of PATH, is a regular file owned by root and
// writable by no one else. No size limit applies.
Status check_trusted_owner(const struct stat& st, const std::string& path);

}  // namespace secgi
