#include "script.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>

#include <algorithm>
#include <climits>
#include <cerrno>
#include <cstring>

#include "text.h"

namespace secgi {

namespace {

constexpr unsigned long kResolve =
    RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV;

std::string quoted(const std::string& path) { return "'" + path + "'"; }

std::string errno_text() { return std::strerror(errno); }

// Returns DIR/RELATIVE, without a doubled slash when DIR is "/".
std::string child_path(const std::string& dir, const std::string& relative) {
  return dir == "/" ? "/" + relative : dir + "/" + relative;
}

int open_beneath(int dirfd, const std::string& relative, unsigned long flags,
                 unsigned long resolve) {
  struct open_how how;
  std::memset(&how, 0, sizeof how);
  how.flags = flags | O_CLOEXEC;
  how.resolve = resolve;
  return static_cast<int>(
      ::syscall(SYS_openat2, dirfd, relative.c_str(), &how, sizeof how));
}

Result<std::vector<std::string>> split_path(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 1;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    std::string part = path.substr(start, slash - start);
    if (part == "." || part == "..") {
      return make_error("path " + quoted(path) + " contains '" + part + "'");
    }
    if (!part.empty()) parts.push_back(part);
    start = slash + 1;
  }
  return parts;
}

const std::string* find_root(const std::vector<std::string>& roots,
                             const std::string& path) {
  const std::string* best = nullptr;
  for (const std::string& root : roots) {
    bool inside = root == "/" || path == root ||
                  (path.compare(0, root.size(), root) == 0 &&
                   path.size() > root.size() && path[root.size()] == '/');
    if (inside && (!best || root.size() > best->size())) best = &root;
  }
  return best;
}

std::string join_parts(const std::vector<std::string>& parts, size_t count) {
  std::string out;
  for (size_t i = 0; i < count; ++i) {
    if (i > 0) out += '/';
    out += parts[i];
  }
  return out;
}

Status check_owner(const struct stat& st, const std::string& path,
                   const ScriptRequest& request) {
  const auto& owners = request.owners;
  if (owners.empty() ||
      std::find(owners.begin(), owners.end(), st.st_uid) != owners.end()) {
    return Ok{};
  }
  return make_error(quoted(path) + " is owned by uid " +
                    std::to_string(st.st_uid) + ", not by a script_owner");
}

Status check_not_writable(const struct stat& st, const std::string& path,
                          const ScriptRequest& request) {
  if (st.st_uid == request.server_uid) {
    return make_error(quoted(path) + " is owned by the server user (uid " +
                      std::to_string(st.st_uid) + ")");
  }
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    return make_error(quoted(path) + " is writable by group or others");
  }
  return Ok{};
}

Status check_script_file(const struct stat& st, const std::string& path,
                         const ScriptRequest& request) {
  if (!S_ISREG(st.st_mode)) {
    return make_error(quoted(path) + " is not a regular file");
  }
  if ((st.st_mode & (S_ISUID | S_ISGID)) != 0) {
    return make_error(quoted(path) + " is setuid or setgid");
  }
  if (st.st_nlink != 1) {
    return make_error(quoted(path) + " has " + std::to_string(st.st_nlink) +
                      " hard links; a script must have exactly one");
  }
  auto owner = check_owner(st, path, request);
  if (!owner) return owner;
  return check_not_writable(st, path, request);
}

Result<std::string> fd_path(int fd) {
  std::string link = "/proc/self/fd/" + std::to_string(fd);
  char buffer[PATH_MAX + 1];
  ssize_t n = ::readlink(link.c_str(), buffer, PATH_MAX);
  if (n < 0) return make_error("cannot read " + quoted(link) + ": " + errno_text());
  return std::string(buffer, static_cast<size_t>(n));
}

// Checks every directory from the root down to the script's own, by its
// resolved path, and that the last one really contains the open file.
Status check_directories(int root_fd, const std::string& root_real,
                         const Script& script, const ScriptRequest& request) {
  auto real = fd_path(script.fd.get());
  if (!real) return make_error(real.error());
  if (real->compare(0, root_real.size(), root_real) != 0) {
    return make_error(quoted(*real) + " is outside " + quoted(root_real));
  }
  auto parts =
      split_path(root_real == "/" ? *real : real->substr(root_real.size()));
  if (!parts || parts->empty()) {
    return make_error("cannot resolve " + quoted(script.path));
  }

  std::string dir_path = root_real;
  UniqueFd dir(::fcntl(root_fd, F_DUPFD_CLOEXEC, 3));
  for (size_t i = 0; dir.valid(); ++i) {
    struct stat st;
    if (::fstat(dir.get(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      return make_error(quoted(dir_path) + " is not a directory");
    }
    auto writable = check_not_writable(st, dir_path, request);
    if (!writable) return writable;
    if (i > 0) {
      auto owner = check_owner(st, dir_path, request);
      if (!owner) return owner;
    }
    if (i + 1 == parts->size()) break;
    dir_path = child_path(dir_path, (*parts)[i]);
    dir.reset(open_beneath(dir.get(), (*parts)[i], O_PATH | O_DIRECTORY,
                           kResolve | RESOLVE_NO_SYMLINKS));
  }
  if (!dir.valid()) return make_error("cannot open " + quoted(dir_path));

  struct stat entry;
  if (::fstatat(dir.get(), parts->back().c_str(), &entry,
                AT_SYMLINK_NOFOLLOW) != 0 ||
      entry.st_dev != script.st.st_dev || entry.st_ino != script.st.st_ino) {
    return make_error(quoted(*real) + " changed while it was checked");
  }
  return Ok{};
}

// Opens the first regular file along PARTS below ROOT_FD; what follows it
// becomes the path info.
Status open_first_file(int root_fd, const std::vector<std::string>& parts,
                       const std::string& root, Script& script) {
  for (size_t count = 1; count <= parts.size(); ++count) {
    std::string relative = join_parts(parts, count);
    std::string path = child_path(root, relative);
    UniqueFd probe(open_beneath(root_fd, relative, O_PATH, kResolve));
    if (!probe.valid()) {
      if (errno == EXDEV) return make_error(quoted(path) + " escapes " + quoted(root));
      return make_error("cannot open " + quoted(path) + ": " + errno_text());
    }
    struct stat st;
    if (::fstat(probe.get(), &st) != 0) {
      return make_error("cannot stat " + quoted(path) + ": " + errno_text());
    }
    if (S_ISDIR(st.st_mode) && count < parts.size()) continue;
    if (!S_ISREG(st.st_mode)) {
      return make_error(quoted(path) + " is not a regular file");
    }

    // Opened without O_CLOEXEC: the kernel hands a "#!" script's
    // interpreter the script as /dev/fd/N, so the descriptor must survive.
    struct open_how how;
    std::memset(&how, 0, sizeof how);
    how.flags = O_RDONLY | O_NOCTTY;
    how.resolve = kResolve;
    script.fd.reset(static_cast<int>(
        ::syscall(SYS_openat2, root_fd, relative.c_str(), &how, sizeof how)));
    if (!script.fd.valid() || ::fstat(script.fd.get(), &script.st) != 0 ||
        script.st.st_dev != st.st_dev || script.st.st_ino != st.st_ino) {
      return make_error("cannot open " + quoted(path) + " for reading");
    }
    script.path = path;
    for (size_t i = count; i < parts.size(); ++i) script.path_info += "/" + parts[i];
    return Ok{};
  }
  return make_error(quoted(root) + " is a directory, not a script");
}

Status mark_interpreted(Script& script) {
  char magic[2] = {0, 0};
  ssize_t n = ::pread(script.fd.get(), magic, sizeof magic, 0);
  if (n < 0) return make_error("cannot read " + quoted(script.path) + ": " + errno_text());
  script.interpreted = n == 2 && magic[0] == '#' && magic[1] == '!';
  if (!script.interpreted &&
      ::fcntl(script.fd.get(), F_SETFD, FD_CLOEXEC) != 0) {
    return make_error("cannot set close-on-exec: " + errno_text());
  }
  return Ok{};
}

}  // namespace

Result<Script> open_script(const ScriptRequest& request) {
  const std::string& path = request.path;
  if (path.empty()) return make_error("no script path (PATH_TRANSLATED unset)");
  if (path.front() != '/') return make_error("script path " + quoted(path) + " is not absolute");
  if (has_control_char(path)) return make_error("script path contains a control character");
  auto parts = split_path(path);
  if (!parts) return make_error(parts.error());

  const std::string* root = find_root(request.roots, path);
  if (root == nullptr) {
    return make_error(quoted(path) + " is not under any script_root");
  }
  auto root_parts = split_path(*root);
  if (!root_parts) return make_error(root_parts.error());
  std::vector<std::string> below(parts->begin() + root_parts->size(), parts->end());
  if (below.empty()) return make_error(quoted(path) + " is a script_root, not a script");

  UniqueFd root_fd(::open(root->c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root_fd.valid()) {
    return make_error("cannot open script_root " + quoted(*root) + ": " + errno_text());
  }
  auto root_real = fd_path(root_fd.get());
  if (!root_real) return make_error(root_real.error());

  Script script;
  script.root = *root;
  auto opened = open_first_file(root_fd.get(), below, *root, script);
  if (!opened) return make_error(opened.error());
  auto file = check_script_file(script.st, script.path, request);
  if (!file) return make_error(file.error());
  auto dirs = check_directories(root_fd.get(), *root_real, script, request);
  if (!dirs) return make_error(dirs.error());
  auto magic = mark_interpreted(script);
  if (!magic) return make_error(magic.error());
  return script;
}

}  // namespace secgi
