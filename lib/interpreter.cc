#include "interpreter.h"

#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace secgi {

namespace {

std::string quoted(const std::string& path) { return "'" + path + "'"; }

std::string errno_text() { return std::strerror(errno); }

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() > suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Ok when ST belongs to root and group and others may not write it.
Status check_root_owned(const struct stat& st, const std::string& path) {
  if (st.st_uid != 0) {
    return make_error("interpreter " + quoted(path) + " is owned by uid " +
                      std::to_string(st.st_uid) + ", not by root");
  }
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    return make_error("interpreter " + quoted(path) +
                      " is writable by group or others");
  }
  return Ok{};
}

Status check_program(const struct stat& st, const std::string& path) {
  if (!S_ISREG(st.st_mode)) {
    return make_error("interpreter " + quoted(path) + " is not a regular file");
  }
  if ((st.st_mode & (S_ISUID | S_ISGID)) != 0) {
    return make_error("interpreter " + quoted(path) + " is setuid or setgid");
  }
  if ((st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)) == 0) {
    return make_error("interpreter " + quoted(path) + " is not executable");
  }
  return check_root_owned(st, path);
}

Result<std::string> resolved_path(int fd) {
  std::string link = "/proc/self/fd/" + std::to_string(fd);
  char buffer[PATH_MAX + 1];
  ssize_t n = ::readlink(link.c_str(), buffer, PATH_MAX);
  if (n < 0) {
    return make_error("cannot read " + quoted(link) + ": " + errno_text());
  }
  return std::string(buffer, static_cast<size_t>(n));
}

// Walks the directories of REAL, a path without symbolic links, from "/"
// down, each opened relative to the one above without following links.
Status check_directories(const std::string& real) {
  UniqueFd dir(::open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
  std::string dir_path = "/";
  size_t start = 1;
  while (dir.valid()) {
    struct stat st;
    if (::fstat(dir.get(), &st) != 0) {
      return make_error("cannot stat " + quoted(dir_path) + ": " + errno_text());
    }
    auto owned = check_root_owned(st, dir_path);
    if (!owned) return owned;
    size_t slash = real.find('/', start);
    if (slash == std::string::npos) return Ok{};
    std::string name = real.substr(start, slash - start);
    dir_path = real.substr(0, slash);
    dir.reset(::openat(dir.get(), name.c_str(),
                       O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    start = slash + 1;
  }
  return make_error("cannot open " + quoted(dir_path) + ": " + errno_text());
}

Status check_not_script(const Interpreter& interpreter) {
  char magic[2] = {0, 0};
  ssize_t n = ::pread(interpreter.fd.get(), magic, sizeof magic, 0);
  if (n < 0) {
    return make_error("cannot read interpreter " + quoted(interpreter.path) +
                      ": " + errno_text());
  }
  if (n == 2 && magic[0] == '#' && magic[1] == '!') {
    return make_error("interpreter " + quoted(interpreter.path) +
                      " is a \"#!\" script; name the program it runs");
  }
  return Ok{};
}

}  // namespace

const InterpreterRule* find_interpreter(const std::vector<InterpreterRule>& rules,
                                        std::string_view script_path) {
  const InterpreterRule* best = nullptr;
  for (const InterpreterRule& rule : rules) {
    if (!ends_with(script_path, rule.suffix)) continue;
    if (best == nullptr || rule.suffix.size() > best->suffix.size()) best = &rule;
  }
  return best;
}

Result<Interpreter> open_interpreter(const std::string& path) {
  if (path.empty() || path.front() != '/') {
    return make_error("interpreter path " + quoted(path) + " is not absolute");
  }
  Interpreter interpreter;
  interpreter.path = path;
  interpreter.fd.reset(::open(path.c_str(), O_RDONLY | O_NOCTTY | O_CLOEXEC));
  if (!interpreter.fd.valid()) {
    return make_error("cannot open interpreter " + quoted(path) + ": " +
                      errno_text());
  }
  if (::fstat(interpreter.fd.get(), &interpreter.st) != 0) {
    return make_error("cannot stat interpreter " + quoted(path) + ": " +
                      errno_text());
  }
  auto program = check_program(interpreter.st, path);
  if (!program) return make_error(program.error());
  auto real = resolved_path(interpreter.fd.get());
  if (!real) return make_error(real.error());
  auto dirs = check_directories(*real);
  if (!dirs) return make_error(dirs.error());
  auto elf = check_not_script(interpreter);
  if (!elf) return make_error(elf.error());
  return interpreter;
}

}  // namespace secgi
