// The SELinux surroundings of the offline test build, secgi-wrap-offline:
// decisions come from a binary policy through libsepol and file contexts
// from a file_contexts file the test writes, so the wrapper runs unchanged
// on a host without SELinux. It is never installed: nothing here confines
// a script, and the caller's and the wrapper's contexts are fixed.
#include <selinux/label.h>
#include <selinux/selinux.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>

#include "context.h"
#include "selinux_state.h"

#if !defined(SECGI_OFFLINE_POLICY) || !defined(SECGI_OFFLINE_FILE_CONTEXTS)
#error "the offline build needs SECGI_OFFLINE_POLICY and SECGI_OFFLINE_FILE_CONTEXTS"
#endif

#ifndef SECGI_OFFLINE_WRAPPER
#define SECGI_OFFLINE_WRAPPER "system_u:system_r:secgi_wrap_t:s0-s0:c0.c1023"
#endif

#ifndef SECGI_OFFLINE_CALLER
#define SECGI_OFFLINE_CALLER "system_u:system_r:httpd_t:s0"
#endif

namespace secgi {

namespace {

Result<std::string> fd_path(int fd) {
  std::string link = "/proc/self/fd/" + std::to_string(fd);
  char buffer[PATH_MAX + 1];
  ssize_t n = ::readlink(link.c_str(), buffer, PATH_MAX);
  if (n < 0) return make_error("cannot read '" + link + "': " + std::strerror(errno));
  return std::string(buffer, static_cast<size_t>(n));
}

}  // namespace

Status check_enforcing(const Config&, std::string&) { return Ok{}; }

Result<std::string> own_context(const std::string& wrapper_type) {
  auto parsed = parse_context(SECGI_OFFLINE_WRAPPER);
  if (!parsed || parsed->type != wrapper_type) {
    return make_error("offline wrapper context is not of type " + wrapper_type);
  }
  return std::string(SECGI_OFFLINE_WRAPPER);
}

Result<std::string> caller_context(const Config& config) {
  auto parsed = parse_context(SECGI_OFFLINE_CALLER);
  const auto& domains = config.server_domains;
  if (!parsed ||
      std::find(domains.begin(), domains.end(), parsed->type) == domains.end()) {
    return make_error("caller '" SECGI_OFFLINE_CALLER "' is not a server_domain");
  }
  return std::string(SECGI_OFFLINE_CALLER);
}

Result<std::string> file_context(int fd) {
  auto path = fd_path(fd);
  if (!path) return make_error(path.error());
  struct stat st;
  if (::fstat(fd, &st) != 0) return make_error("cannot stat '" + *path + "'");

  struct selinux_opt option = {SELABEL_OPT_PATH, SECGI_OFFLINE_FILE_CONTEXTS};
  struct selabel_handle* handle = selabel_open(SELABEL_CTX_FILE, &option, 1);
  if (handle == nullptr) {
    return make_error("cannot open '" SECGI_OFFLINE_FILE_CONTEXTS "'");
  }
  char* raw = nullptr;
  int rc = selabel_lookup_raw(handle, &raw, path->c_str(), st.st_mode);
  selabel_close(handle);
  if (rc != 0) return make_error("no file context for '" + *path + "'");
  std::string out(raw);
  freecon(raw);
  return out;
}

Result<std::unique_ptr<PolicyOracle>> make_policy() {
  return load_policy_file(SECGI_OFFLINE_POLICY);
}

// Writes the context the kernel build would set to stderr (the Apache
// error log under mod_cgi and mod_cgid), so that tests see the decision.
Status set_exec_context(const std::string& context) {
  if (context.empty()) return Ok{};
  if (std::fprintf(stderr, "secgi-wrap-offline: exec context %s\n",
                   context.c_str()) < 0) {
    return make_error("cannot write the exec context to stderr");
  }
  return Ok{};
}

}  // namespace secgi
