#include "selinux_state.h"

#include <selinux/selinux.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "context.h"

namespace secgi {

namespace {

std::string take_context(char* raw) {
  std::string out(raw);
  freecon(raw);
  return out;
}

}  // namespace

Status check_enforcing(const Config& config, std::string& warning) {
  if (is_selinux_enabled() != 1) return make_error("SELinux is disabled");
  int mode = security_getenforce();
  if (mode < 0) {
    return make_error(std::string("cannot read the enforcing mode: ") +
                      std::strerror(errno));
  }
  if (mode == 1) return Ok{};
  if (!config.allow_permissive) {
    return make_error("SELinux is permissive; set it enforcing, or set "
                      "'allow_permissive yes' to run unconfined for testing");
  }
  warning = "SELinux is permissive: scripts run without confinement";
  return Ok{};
}

Result<std::string> own_context(const std::string& wrapper_type) {
  char* raw = nullptr;
  if (getcon_raw(&raw) != 0) {
    return make_error(std::string("cannot read own context: ") +
                      std::strerror(errno));
  }
  std::string own = take_context(raw);
  auto parsed = parse_context(own);
  if (!parsed || parsed->type != wrapper_type) {
    return make_error("running in '" + own + "', not in " + wrapper_type +
                      "; check the file label of secgi-wrap and that the "
                      "server does not set no_new_privs");
  }
  return own;
}

Result<std::string> caller_context(const Config& config) {
  char* raw = nullptr;
  if (getprevcon_raw(&raw) != 0) {
    return make_error(std::string("cannot read the caller's context: ") +
                      std::strerror(errno));
  }
  std::string caller = take_context(raw);
  auto parsed = parse_context(caller);
  const auto& domains = config.server_domains;
  if (!parsed ||
      std::find(domains.begin(), domains.end(), parsed->type) == domains.end()) {
    return make_error("caller '" + caller + "' is not a server_domain");
  }
  return caller;
}

Result<std::string> file_context(int fd) {
  char* raw = nullptr;
  if (fgetfilecon_raw(fd, &raw) < 0) {
    return make_error(std::string("cannot read the script's file context: ") +
                      std::strerror(errno));
  }
  return take_context(raw);
}

Result<std::unique_ptr<PolicyOracle>> make_policy() {
  return make_kernel_policy();
}

Status set_exec_context(const std::string& context) {
  const char* raw = context.empty() ? nullptr : context.c_str();
  if (setexeccon_raw(raw) != 0) {
    return make_error("cannot set the exec context '" + context + "': " +
                      std::strerror(errno));
  }
  return Ok{};
}

}  // namespace secgi
