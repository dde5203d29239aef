// Who the client is: REMOTE_USER as set by the server's authentication,
// and the account's groups from NSS.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "environ.h"
#include "lookup.h"
#include "result.h"

namespace secgi {

// Largest buffer offered to getpwnam_r() and getgrgid_r(). A group entry
// lists its members, so a large directory group can need megabytes.
inline constexpr size_t kMaxNssBuffer = 4 << 20;

// Reads the identity from REMOTE_USER only. REDIRECT_REMOTE_USER and other
// copies are never trusted. REMOTE_USER without AUTH_TYPE, empty, with
// control characters, or dropped by parse_environment() for its value is
// an error. normalize_name() checks the length.
Result<Identity> read_identity(const Environment& env);

// Adds the groups of IDENTITY's account from NSS (getgrouplist()) and
// returns true, or returns false and adds none when NSS does not know the
// account. A failed NSS lookup, a group id without a name and more groups
// than sysconf(_SC_NGROUPS_MAX) are errors, never a shorter list.
Result<bool> add_groups(Identity& identity);

// Returns whether NSS finds the account NAME. A failed lookup is an error.
Result<bool> nss_has_account(const std::string& name);

struct Account {
  uid_t uid;
  gid_t gid;
};

// Looks NAME up in NSS; no such account is an error.
Result<Account> find_account(const std::string& name);

// The name and home directory of an account.
struct AccountHome {
  std::string name;
  std::string home;
};

// Looks UID up in NSS. Returns std::nullopt when NSS has no such account;
// a failed lookup is an error.
Result<std::optional<AccountHome>> find_account_by_uid(uid_t uid);

}  // namespace secgi
