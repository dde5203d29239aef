#include "pam_account.h"

#include <security/pam_appl.h>

#include <cstdlib>
#include <new>
#include <vector>

#include "normalize.h"

namespace secgi {

namespace {

// Messages from the stack's conversation calls, and whether a module
// prompted.
struct Conversation {
  std::vector<std::string> messages;
  bool prompted = false;
};

bool is_message(int style) {
  return style == PAM_ERROR_MSG || style == PAM_TEXT_INFO;
}

// Records error and information messages and fails on any prompt, since
// no one could answer it. Linux-PAM frees the replies, which must come
// from malloc().
int converse(int count, const struct pam_message** messages,
             struct pam_response** replies, void* data) {
  auto* conversation = static_cast<Conversation*>(data);
  if (count <= 0 || count > PAM_MAX_NUM_MSG) return PAM_CONV_ERR;
  for (int i = 0; i < count; ++i) {
    if (!is_message(messages[i]->msg_style)) {
      conversation->prompted = true;
      return PAM_CONV_ERR;
    }
  }
  auto* empty = static_cast<struct pam_response*>(
      std::calloc(static_cast<size_t>(count), sizeof(struct pam_response)));
  if (empty == nullptr) return PAM_BUF_ERR;
  try {
    for (int i = 0; i < count; ++i) {
      const char* text = messages[i]->msg;
      conversation->messages.emplace_back(text != nullptr ? text : "");
    }
  } catch (const std::bad_alloc&) {
    std::free(empty);
    return PAM_BUF_ERR;
  }
  *replies = empty;
  return PAM_SUCCESS;
}

// The results of pam_acct_mgmt() that deny the account. Any other failure
// means that PAM itself failed.
bool is_denial(int rc) {
  switch (rc) {
    case PAM_ACCT_EXPIRED:
    case PAM_AUTHTOK_EXPIRED:
    case PAM_NEW_AUTHTOK_REQD:
    case PAM_PERM_DENIED:
    case PAM_USER_UNKNOWN:
    case PAM_AUTH_ERR:
      return true;
    default:
      return false;
  }
}

std::string describe(pam_handle_t* handle, int rc,
                     const Conversation& conversation) {
  std::string text = pam_strerror(handle, rc);
  for (const std::string& message : conversation.messages) {
    text += " (" + message + ")";
  }
  return text;
}

Result<std::string> pam_user(pam_handle_t* handle) {
  const void* item = nullptr;
  int rc = pam_get_item(handle, PAM_USER, &item);
  if (rc != PAM_SUCCESS) {
    return make_error(std::string("cannot read PAM_USER: ") +
                      pam_strerror(handle, rc));
  }
  if (item == nullptr) return make_error("the PAM stack cleared PAM_USER");
  std::string user(static_cast<const char*>(item));
  auto valid = check_name(user, "PAM_USER after the account stack");
  if (!valid) return make_error(valid.error());
  return user;
}

// Starts a PAM transaction. pam_start_confdir() (Linux-PAM 1.4 and later)
// is called only for a configured directory, because pam_wrapper, which
// the tests use, interposes pam_start() alone.
int start(const AccountRequest& request, const struct pam_conv& conv,
          pam_handle_t*& handle) {
  if (request.confdir.empty()) {
    return pam_start(request.service.c_str(), request.user.c_str(), &conv,
                     &handle);
  }
  return pam_start_confdir(request.service.c_str(), request.user.c_str(),
                           &conv, request.confdir.c_str(), &handle);
}

// Runs pam_acct_mgmt() on a started HANDLE and leaves pam_end() to the
// caller.
Result<AccountVerdict> run_stack(pam_handle_t* handle,
                                 const AccountRequest& request,
                                 const Conversation& conversation,
                                 int& status) {
  const std::string stack = "PAM service '" + request.service + "'";
  if (!request.remote_host.empty()) {
    status = pam_set_item(handle, PAM_RHOST, request.remote_host.c_str());
    if (status != PAM_SUCCESS) {
      return make_error("cannot set PAM_RHOST for " + stack + ": " +
                        pam_strerror(handle, status));
    }
  }
  status = pam_acct_mgmt(handle, 0);
  if (conversation.prompted) {
    return make_error("a module of " + stack + " prompted for input, which "
                      "an account check must not do");
  }
  AccountVerdict verdict;
  if (status == PAM_SUCCESS) {
    auto user = pam_user(handle);
    if (!user) return make_error(user.error());
    verdict.permitted = true;
    verdict.user = std::move(*user);
    return verdict;
  }
  std::string reason = describe(handle, status, conversation);
  if (!is_denial(status)) {
    return make_error("account check of " + stack + " failed: " + reason);
  }
  verdict.reason = stack + " denied the account '" + request.user + "': " +
                   reason;
  return verdict;
}

}  // namespace

Result<AccountVerdict> check_account(const AccountRequest& request) {
  Conversation conversation;
  const struct pam_conv conv = {converse, &conversation};
  pam_handle_t* handle = nullptr;
  int status = start(request, conv, handle);
  if (status != PAM_SUCCESS) {
    return make_error("pam_start for service '" + request.service +
                      "' failed: " + pam_strerror(handle, status));
  }
  auto verdict = run_stack(handle, request, conversation, status);
  int ended = pam_end(handle, status);
  if (ended != PAM_SUCCESS) {
    return make_error("pam_end for service '" + request.service +
                      "' failed: " + pam_strerror(nullptr, ended));
  }
  return verdict;
}

}  // namespace secgi
