// Userdir scripts: code below an account's home (~alice/public_html) that
// belongs to that account, and the rule for the contexts it may run in.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

#include "lookup.h"
#include "mapping.h"
#include "result.h"

namespace secgi {

struct Userdir {
  std::string root;   // "/home/alice/public_html", the script root
  std::string owner;  // "alice", the account NSS gives for the root's uid
  uid_t uid = 0;
};

// Finds the userdir that contains PATH, an absolute path from the server.
// That is the first directory on PATH named NAME (such as public_html)
// that is not a symbolic link and whose owner has the directory above as
// home directory in NSS. Root and SERVER_UID never own a userdir.
// Returns nullopt when PATH is in no userdir. A failed NSS lookup is an
// error.
Result<std::optional<Userdir>> find_userdir(const std::string& path,
                                            const std::string& name,
                                            uid_t server_uid);

// Returns the entry that decides for OWNER's own code: lookup() as if
// OWNER were the client in SCOPE. Entries whose target is owner are
// passed over, because for OWNER they would name OWNER itself.
Result<std::optional<MappingEntry>> lookup_owner(const MappingSource& source,
                                                 const Identity& owner,
                                                 const RequestScope& scope);

// The contexts that decide whether a userdir script may run.
struct UserdirCode {
  std::string owner;           // the userdir's owner, for messages
  std::string owner_context;   // what the owner's own mapping entry gives
  std::string script_context;  // the script's file context
  std::string target;          // the context the request would run in
};

// Checks the userdir rule on the high levels of the contexts. The script
// must carry its owner's categories (its level dominates the owner's),
// and the target's level must dominate the script's. So a visitor whose
// context lacks the owner's categories cannot run the owner's code.
// Contexts without a range (no MLS or MCS) pass.
Status check_userdir_code(const UserdirCode& code);

}  // namespace secgi
