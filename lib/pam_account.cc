#include "pam_account.h"

#include <dlfcn.h>
#include <security/pam_appl.h>

#include <cstdlib>
#include <new>
#include <vector>

#include "normalize.h"

namespace secgi {

namespace {

// libpam is loaded at run time by the first account check, because a
// linked libpam would make every exec of the wrapper load it and the
// libraries it links (libaudit, libcap-ng), even with `pam no`.
// Each function is looked up in the global scope, not in libpam's handle,
// so that a preloaded library defining the same function comes first. The
// tests preload pam_wrapper this way. The handle is never closed.
constexpr const char* kLibPam = "libpam.so.0";

struct PamFunctions {
  decltype(&::pam_start) start = nullptr;
  decltype(&::pam_start_confdir) start_confdir = nullptr;
  decltype(&::pam_set_item) set_item = nullptr;
  decltype(&::pam_get_item) get_item = nullptr;
  decltype(&::pam_acct_mgmt) acct_mgmt = nullptr;
  decltype(&::pam_end) end = nullptr;
  decltype(&::pam_strerror) strerror = nullptr;
};

// Appends dlerror()'s text to STEP, the description of what failed.
std::string dl_failure(const std::string& step) {
  const char* reason = dlerror();
  return step + ": " +
         (reason != nullptr ? reason : "dlerror() returned no text");
}

template <typename Function>
Status resolve(const char* name, Function& function) {
  dlerror();
  void* address = dlsym(RTLD_DEFAULT, name);
  if (address == nullptr) {
    return make_error(dl_failure(std::string("symbol ") + name +
                                 " not found after loading " + kLibPam));
  }
  function = reinterpret_cast<Function>(address);
  return Ok{};
}

Result<PamFunctions> load_pam() {
  if (dlopen(kLibPam, RTLD_NOW | RTLD_GLOBAL) == nullptr) {
    return make_error(dl_failure(std::string("cannot load ") + kLibPam +
                                 " for the PAM account check (install "
                                 "libpam0g, or set 'pam no')"));
  }
  PamFunctions pam;
  for (Status resolved :
       {resolve("pam_start", pam.start),
        resolve("pam_start_confdir", pam.start_confdir),
        resolve("pam_set_item", pam.set_item),
        resolve("pam_get_item", pam.get_item),
        resolve("pam_acct_mgmt", pam.acct_mgmt),
        resolve("pam_end", pam.end),
        resolve("pam_strerror", pam.strerror)}) {
    if (!resolved) return make_error(resolved.error());
  }
  return pam;
}

// Loads libpam on the first call only. Every call returns the functions,
// or the error, of that first call.
const Result<PamFunctions>& pam_functions() {
  static const Result<PamFunctions> loaded = load_pam();
  return loaded;
}

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

std::string describe(const PamFunctions& pam, pam_handle_t* handle, int rc,
                     const Conversation& conversation) {
  std::string text = pam.strerror(handle, rc);
  for (const std::string& message : conversation.messages) {
    text += " (" + message + ")";
  }
  return text;
}

Result<std::string> pam_user(const PamFunctions& pam,
                             pam_handle_t* handle) {
  const void* item = nullptr;
  int rc = pam.get_item(handle, PAM_USER, &item);
  if (rc != PAM_SUCCESS) {
    return make_error(std::string("cannot read PAM_USER: ") +
                      pam.strerror(handle, rc));
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
int start(const PamFunctions& pam, const AccountRequest& request,
          const struct pam_conv& conv, pam_handle_t*& handle) {
  if (request.confdir.empty()) {
    return pam.start(request.service.c_str(), request.user.c_str(), &conv,
                     &handle);
  }
  return pam.start_confdir(request.service.c_str(), request.user.c_str(),
                           &conv, request.confdir.c_str(), &handle);
}

// Runs pam_acct_mgmt() on a started HANDLE and leaves pam_end() to the
// caller.
Result<AccountVerdict> run_stack(const PamFunctions& pam,
                                 pam_handle_t* handle,
                                 const AccountRequest& request,
                                 const Conversation& conversation,
                                 int& status) {
  const std::string stack = "PAM service '" + request.service + "'";
  if (!request.remote_host.empty()) {
    status = pam.set_item(handle, PAM_RHOST, request.remote_host.c_str());
    if (status != PAM_SUCCESS) {
      return make_error("cannot set PAM_RHOST for " + stack + ": " +
                        pam.strerror(handle, status));
    }
  }
  status = pam.acct_mgmt(handle, 0);
  if (conversation.prompted) {
    return make_error("a module of " + stack + " prompted for input, which "
                      "an account check must not do");
  }
  AccountVerdict verdict;
  if (status == PAM_SUCCESS) {
    auto user = pam_user(pam, handle);
    if (!user) return make_error(user.error());
    verdict.permitted = true;
    verdict.user = std::move(*user);
    return verdict;
  }
  std::string reason = describe(pam, handle, status, conversation);
  if (!is_denial(status)) {
    return make_error("account check of " + stack + " failed: " + reason);
  }
  verdict.reason = stack + " denied the account '" + request.user + "': " +
                   reason;
  return verdict;
}

}  // namespace

Result<AccountVerdict> check_account(const AccountRequest& request) {
  const Result<PamFunctions>& loaded = pam_functions();
  if (!loaded) return make_error(loaded.error());
  const PamFunctions& pam = *loaded;
  Conversation conversation;
  const struct pam_conv conv = {converse, &conversation};
  pam_handle_t* handle = nullptr;
  int status = start(pam, request, conv, handle);
  if (status != PAM_SUCCESS) {
    return make_error("pam_start for service '" + request.service +
                      "' failed: " + pam.strerror(handle, status));
  }
  auto verdict = run_stack(pam, handle, request, conversation, status);
  int ended = pam.end(handle, status);
  if (ended != PAM_SUCCESS) {
    return make_error("pam_end for service '" + request.service +
                      "' failed: " + pam.strerror(nullptr, ended));
  }
  return verdict;
}

}  // namespace secgi
