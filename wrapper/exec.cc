#include "exec.h"

#include <fcntl.h>
#include <linux/close_range.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "selinux_state.h"

namespace secgi {

namespace {

Status set_limit(int resource, const std::optional<unsigned long>& value,
                 unsigned long unit, const char* name) {
  if (!value) return Ok{};
  rlim_t limit = static_cast<rlim_t>(*value) * unit;
  struct rlimit rl = {limit, limit};
  if (::setrlimit(resource, &rl) != 0) {
    return make_error(std::string("cannot set ") + name + ": " +
                      std::strerror(errno));
  }
  return Ok{};
}

Status close_from_to(unsigned first, unsigned last) {
  if (first > last) return Ok{};
  if (::syscall(SYS_close_range, first, last, 0) != 0) {
    return make_error(std::string("cannot close descriptors: ") +
                      std::strerror(errno));
  }
  return Ok{};
}

}  // namespace

Status apply_limits(const Config& config) {
  ::umask(config.umask);
  const Limits& limits = config.limits;
  const unsigned long mib = 1024 * 1024;
  Status steps[] = {
      set_limit(RLIMIT_CPU, limits.cpu_seconds, 1, "limit_cpu"),
      set_limit(RLIMIT_AS, limits.address_space_mib, mib, "limit_address_space"),
      set_limit(RLIMIT_NPROC, limits.processes, 1, "limit_processes"),
      set_limit(RLIMIT_FSIZE, limits.file_size_mib, mib, "limit_file_size"),
  };
  for (Status& step : steps) {
    if (!step) return step;
  }
  return Ok{};
}

// The script's own descriptor stays open for execveat() in both cases:
// without "#!" it is close-on-exec, and with "#!" the interpreter reads
// the script through it as /dev/fd/N.
Status close_descriptors(const Script& script) {
  unsigned keep = static_cast<unsigned>(script.fd.get());
  auto below = close_from_to(3, keep - 1);
  if (!below) return below;
  return close_from_to(keep + 1, ~0U);
}

Status exec_script(const Script& script, const std::string& context,
                   const std::vector<std::string>& env) {
  std::vector<char*> envp;
  for (const std::string& entry : env) envp.push_back(const_cast<char*>(entry.c_str()));
  envp.push_back(nullptr);
  char* argv[] = {const_cast<char*>(script.path.c_str()), nullptr};

  auto set = set_exec_context(context);
  if (!set) return set;
  ::syscall(SYS_execveat, script.fd.get(), "", argv, envp.data(), AT_EMPTY_PATH);
  int saved = errno;
  auto reset = set_exec_context("");
  if (!reset) return reset;
  return make_error("cannot execute '" + script.path + "' in '" + context +
                    "': " + std::strerror(saved));
}

}  // namespace secgi
