// PAM account management for the client's name. The server has already
// authenticated the client, so only pam_acct_mgmt() runs, never
// pam_authenticate(), and a module that prompts for input fails the check.
#pragma once

#include <string>

#include "result.h"

namespace secgi {

struct AccountRequest {
  std::string service;      // PAM service: the file CONFDIR/SERVICE
  std::string confdir;      // empty: libpam's own, /etc/pam.d
  std::string user;         // the normalised name, as PAM_USER
  std::string remote_host;  // REMOTE_ADDR, as PAM_RHOST; empty: unset
};

struct AccountVerdict {
  bool permitted = false;
  std::string user;    // PAM_USER after the stack: the canonical name
  std::string reason;  // pam_strerror() and the modules' messages
};

// Runs the account stack of REQUEST.service for REQUEST.user. A stack that
// denies the account (expired, locked, access rules, unknown user) returns
// permitted = false; other PAM failures, a prompt, or a PAM_USER that
// fails check_name() afterwards are errors. The first call loads libpam
// with dlopen(), and a failure to load it or to resolve one of its
// functions is an error on this and every later call.
Result<AccountVerdict> check_account(const AccountRequest& request);

}  // namespace secgi
