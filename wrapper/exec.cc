#include "exec.h"

#include <fcntl.h>
#include <linux/close_range.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

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
Status close_descriptors(const Script& script, int extra) {
  unsigned first = static_cast<unsigned>(script.fd.get());
  unsigned second = extra < 0 ? first : static_cast<unsigned>(extra);
  if (second < first) std::swap(first, second);
  auto below = close_from_to(3, first - 1);
  if (!below) return below;
  auto between = close_from_to(first + 1, second - 1);
  if (!between) return between;
  return close_from_to(second + 1, ~0U);
}

namespace {

// Executes the file open at FD with ARGV and ENV in CONTEXT; PATH names
// the file in the error.
Status exec_fd(int fd, const std::string& path, std::vector<char*> argv,
               const std::string& context,
               const std::vector<std::string>& env) {
  std::vector<char*> envp;
  for (const std::string& entry : env) envp.push_back(const_cast<char*>(entry.c_str()));
  envp.push_back(nullptr);
  argv.push_back(nullptr);

  auto set = set_exec_context(context);
  if (!set) return set;
  ::syscall(SYS_execveat, fd, "", argv.data(), envp.data(), AT_EMPTY_PATH);
  int saved = errno;
  auto reset = set_exec_context("");
  if (!reset) return reset;
  return make_error("cannot execute '" + path + "' in '" + context +
                    "': " + std::strerror(saved));
}

}  // namespace

Status exec_script(const Script& script, const std::string& context,
                   const std::vector<std::string>& env) {
  std::vector<char*> argv = {const_cast<char*>(script.path.c_str())};
  return exec_fd(script.fd.get(), script.path, argv, context, env);
}

Status exec_interpreter(const Interpreter& interpreter, const Script& script,
                        const std::string& context,
                        const std::vector<std::string>& env) {
  std::vector<char*> argv = {const_cast<char*>(interpreter.path.c_str()),
                             const_cast<char*>(script.path.c_str())};
  return exec_fd(interpreter.fd.get(), interpreter.path, argv, context, env);
}

}  // namespace secgi
