#include "selinuxfs_class.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace secgi {

namespace {

// Class and permission names come from the wrapper's own checks, but a
// name with a slash or a dot could leave the class directory.
bool is_plain_name(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name) {
    bool lower = c >= 'a' && c <= 'z';
    bool digit = c >= '0' && c <= '9';
    if (!lower && !digit && c != '_') return false;
  }
  return true;
}

// Reads PATH, an index file of at most a few bytes.
Result<std::string> read_small_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return make_error("cannot open '" + path + "': " + std::strerror(errno));
  }
  char text[32];
  ssize_t length = ::read(fd, text, sizeof text);
  int read_errno = errno;
  ::close(fd);
  if (length < 0) {
    return make_error("cannot read '" + path + "': " +
                      std::strerror(read_errno));
  }
  return std::string(text, static_cast<size_t>(length));
}

Result<uint32_t> read_index(const std::string& path, uint32_t max) {
  auto text = read_small_file(path);
  if (!text) return make_error(text.error());
  auto index = parse_index(*text, max);
  if (!index) return make_error("'" + path + "': " + index.error());
  return *index;
}

}  // namespace

Result<uint32_t> parse_index(std::string_view text, uint32_t max) {
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  uint32_t value = 0;
  const char* end = text.data() + text.size();
  auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end || value == 0 ||
      value > max) {
    return make_error("expected an index from 1 to " + std::to_string(max) +
                      ", found '" + std::string(text) + "'");
  }
  return value;
}

Result<uint16_t> class_value(const std::string& root,
                             const std::string& tclass) {
  if (!is_plain_name(tclass)) {
    return make_error("invalid class name '" + tclass + "'");
  }
  auto index = read_index(root + "/class/" + tclass + "/index", UINT16_MAX);
  if (!index) return make_error("unknown class '" + tclass + "': " +
                                index.error());
  return static_cast<uint16_t>(*index);
}

Result<uint32_t> permission_bit(const std::string& root,
                                const std::string& tclass,
                                const std::string& permission) {
  if (!is_plain_name(tclass) || !is_plain_name(permission)) {
    return make_error("invalid permission name '" + tclass + " " +
                      permission + "'");
  }
  std::string path = root + "/class/" + tclass + "/perms/" + permission;
  auto index = read_index(path, 32);
  if (!index) {
    return make_error("unknown permission '" + tclass + " " + permission +
                      "': " + index.error());
  }
  return uint32_t{1} << (*index - 1);
}

}  // namespace secgi
