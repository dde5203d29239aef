// The SELinux surroundings of secgi-wrap-replay, a bench-only build that
// estimates on a host without SELinux what the kernel build costs. It
// differs from the offline test build in two places, both chosen to cost
// about what the kernel calls cost:
//  - file contexts come from the user.secgi_bench_context extended
//    attribute with one fgetxattr(2), as fgetfilecon() reads
//    security.selinux, instead of parsing a file_contexts file;
//  - policy decisions come from a decision file read once per exec.
//    A query missing from it is computed with libsepol from the offline
//    policy and appended, when the file is writable, so the first run
//    fills it and later runs only read it. The benchmark scripts create
//    it empty and writable by www-data, the account every run uses.
// NOTE: each kernel query costs an open, write, read and close on
// selinuxfs and the kernel's own computation, and each class and
// permission value an open, read and close, which this build does not
// pay, so its figures are a lower bound for the kernel build.
#include <fcntl.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "context.h"
#include "selinux_state.h"

#if !defined(SECGI_OFFLINE_POLICY) || !defined(SECGI_REPLAY_DECISIONS)
#error "the replay build needs SECGI_OFFLINE_POLICY and SECGI_REPLAY_DECISIONS"
#endif

namespace secgi {

namespace {

constexpr const char* kWrapperContext =
    "system_u:system_r:secgi_wrap_t:s0-s0:c0.c1023";
constexpr const char* kCallerContext = "system_u:system_r:httpd_t:s0";
constexpr const char* kContextAttribute = "user.secgi_bench_context";

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& word : words) {
    if (!out.empty()) out += ',';
    out += word;
  }
  return out.empty() ? "-" : out;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  if (text == "-") return out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

// One decision per line, tab-separated: the query (kind, then its
// arguments) and the result in the last field.
//   create SCON TCON CLASS  -> CONTEXT or "!" ERROR
//   valid CONTEXT           -> "ok" or "!" ERROR
//   access SCON TCON CLASS PERMS -> DENIED-PERMS "/" PERMISSIVE(0|1)
class ReplayPolicy final : public PolicyOracle {
 public:
  ReplayPolicy() { read_decisions(); }

  Result<std::string> compute_create(const std::string& scon,
                                     const std::string& tcon,
                                     const std::string& tclass) const override {
    std::string key = "create\t" + scon + "\t" + tcon + "\t" + tclass;
    auto decision = find(key);
    if (!decision) {
      auto oracle = sepol();
      if (!oracle) return make_error(oracle.error());
      auto computed = (*oracle)->compute_create(scon, tcon, tclass);
      decision = record(key, computed ? *computed : "!" + computed.error());
    }
    if (decision->front() == '!') return make_error(decision->substr(1));
    return *decision;
  }

  Status check_context(const std::string& context) const override {
    std::string key = "valid\t" + context;
    auto decision = find(key);
    if (!decision) {
      auto oracle = sepol();
      if (!oracle) return make_error(oracle.error());
      auto checked = (*oracle)->check_context(context);
      decision = record(key, checked ? "ok" : "!" + checked.error());
    }
    if (decision->front() == '!') return make_error(decision->substr(1));
    return Ok{};
  }

  Result<AccessResult> check_access(
      const std::string& scon, const std::string& tcon,
      const std::string& tclass,
      const std::vector<std::string>& permissions) const override {
    std::string key = "access\t" + scon + "\t" + tcon + "\t" + tclass + "\t" +
                      join(permissions);
    auto decision = find(key);
    if (!decision) {
      auto oracle = sepol();
      if (!oracle) return make_error(oracle.error());
      auto access = (*oracle)->check_access(scon, tcon, tclass, permissions);
      if (!access) return make_error(access.error());
      decision = record(key, join(access->denied) + "/" +
                               (access->permissive ? "1" : "0"));
    }
    size_t slash = decision->rfind('/');
    if (slash == std::string::npos) {
      return make_error("bad decision line for '" + key + "'");
    }
    AccessResult result;
    result.denied = split_list(decision->substr(0, slash));
    result.permissive = decision->substr(slash + 1) == "1";
    return result;
  }

 private:
  void read_decisions() {
    int fd = ::open(SECGI_REPLAY_DECISIONS, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    std::string text;
    char buffer[8192];
    ssize_t n;
    while ((n = ::read(fd, buffer, sizeof buffer)) > 0) {
      text.append(buffer, static_cast<size_t>(n));
    }
    ::close(fd);
    size_t start = 0;
    while (start < text.size()) {
      size_t newline = text.find('\n', start);
      if (newline == std::string::npos) newline = text.size();
      std::string line = text.substr(start, newline - start);
      size_t tab = line.rfind('\t');
      if (tab != std::string::npos) {
        decisions_[line.substr(0, tab)] = line.substr(tab + 1);
      }
      start = newline + 1;
    }
  }

  std::optional<std::string> find(const std::string& key) const {
    auto it = decisions_.find(key);
    if (it == decisions_.end()) return std::nullopt;
    return it->second;
  }

  // Appends the decision when the file is writable and returns its
  // result either way.
  std::optional<std::string> record(const std::string& key,
                                    const std::string& decision) const {
    std::string line = key + "\t" + decision + "\n";
    int fd = ::open(SECGI_REPLAY_DECISIONS,
                    O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0) {
      ssize_t written = ::write(fd, line.data(), line.size());
      (void)written;
      ::close(fd);
    }
    decisions_[key] = decision;
    return decision;
  }

  Result<PolicyOracle*> sepol() const {
    if (!sepol_) {
      auto loaded = load_policy_file(SECGI_OFFLINE_POLICY);
      if (!loaded) return make_error(loaded.error());
      sepol_ = std::move(*loaded);
    }
    return sepol_.get();
  }

  mutable std::map<std::string, std::string> decisions_;
  mutable std::unique_ptr<PolicyOracle> sepol_;
};

}  // namespace

Status check_enforcing(const Config&, std::string&) { return Ok{}; }

Result<std::string> own_context(const std::string& wrapper_type) {
  auto parsed = parse_context(kWrapperContext);
  if (!parsed || parsed->type != wrapper_type) {
    return make_error("replay wrapper context is not of type " + wrapper_type);
  }
  return std::string(kWrapperContext);
}

Result<std::string> caller_context(const Config& config) {
  auto parsed = parse_context(kCallerContext);
  const auto& domains = config.server_domains;
  if (!parsed ||
      std::find(domains.begin(), domains.end(), parsed->type) == domains.end()) {
    return make_error(std::string("caller '") + kCallerContext +
                      "' is not a server_domain");
  }
  return std::string(kCallerContext);
}

Result<std::string> file_context(int fd) {
  char buffer[256];
  ssize_t n = ::fgetxattr(fd, kContextAttribute, buffer, sizeof buffer);
  if (n <= 0) {
    return make_error(std::string("cannot read ") + kContextAttribute +
                      ": " + std::strerror(errno));
  }
  return std::string(buffer, static_cast<size_t>(n));
}

Result<std::unique_ptr<PolicyOracle>> make_policy() {
  return std::unique_ptr<PolicyOracle>(std::make_unique<ReplayPolicy>());
}

Status set_exec_context(const std::string&) { return Ok{}; }

}  // namespace secgi
