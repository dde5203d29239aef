#include "trusted_file.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "fd.h"

namespace secgi {

namespace {

std::string describe_errno(const std::string& what, const std::string& path) {
  return "cannot " + what + " '" + path + "': " + std::strerror(errno);
}

Status check_owner_and_mode(const struct stat& st, const std::string& path) {
  auto owner = check_trusted_owner(st, path);
  if (!owner) return owner;
  if (st.st_size > static_cast<off_t>(kMaxTrustedFileSize)) {
    return make_error("'" + path + "' is larger than " +
                      std::to_string(kMaxTrustedFileSize) + " bytes");
  }
  return Ok{};
}

}  // namespace

Status check_trusted_owner(const struct stat& st, const std::string& path) {
  if (!S_ISREG(st.st_mode)) {
    return make_error("'" + path + "' is not a regular file");
  }
  if (st.st_uid != 0) {
    return make_error("'" + path + "' is owned by uid " +
                      std::to_string(st.st_uid) + ", not root; chown it to root");
  }
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    return make_error("'" + path +
                      "' is writable by group or others; chmod go-w it");
  }
  return Ok{};
}

Result<std::string> read_trusted_file(const std::string& path) {
  struct stat st;
  return read_trusted_file(path, st);
}

Result<std::string> read_trusted_file(const std::string& path,
                                      struct stat& st) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd.valid()) return make_error(describe_errno("open", path));

  if (::fstat(fd.get(), &st) != 0) return make_error(describe_errno("stat", path));
  auto trusted = check_owner_and_mode(st, path);
  if (!trusted) return make_error(trusted.error());

  std::string text(static_cast<size_t>(st.st_size), '\0');
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::read(fd.get(), text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return make_error(describe_errno("read", path));
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  text.resize(done);
  if (::fstat(fd.get(), &st) != 0) {
    return make_error(describe_errno("stat", path));
  }
  return text;
}

}  // namespace secgi
