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

// Longest accepted name, as sysconf(_SC_LOGIN_NAME_MAX) gives on Linux.
inline constexpr size_t kMaxUserName = 256;

// Reads the identity from REMOTE_USER only; REDIRECT_REMOTE_USER and other
// copies are never trusted. REMOTE_USER without AUTH_TYPE, empty, over
// kMaxUserName or with control characters is an error.
Result<Identity> read_identity(const Environment& env);

// Adds the groups of IDENTITY's account from NSS. An account NSS does not
// know gets no groups; an NSS failure is an error.
Status add_groups(Identity& identity);

struct Account {
  uid_t uid;
  gid_t gid;
};

// Looks NAME up in NSS; no such account is an error.
Result<Account> find_account(const std::string& name);

}  // namespace secgi
