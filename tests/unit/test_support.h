// Helpers shared by the unit tests: error checks on Result values and a
// private directory tree for tests that need real files.
#pragma once

#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include "result.h"

namespace secgi::test {

// Returns the error message of RESULT, or a marker when the call succeeded,
// so that a failing check can print it without std::bad_variant_access.
template <typename T>
std::string error_text(const Result<T>& result) {
  return result.ok() ? std::string("(no error: the call succeeded)")
                     : result.error();
}

inline bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// Requires RESULT to be an error whose message contains PART.
#define SECGI_CHECK_ERROR(result, part)                                   \
  do {                                                                    \
    const auto& secgi_checked = (result);                                 \
    BOOST_TEST_REQUIRE(!secgi_checked.ok());                              \
    BOOST_TEST(::secgi::test::contains(secgi_checked.error(), (part)),    \
               "error message '" << secgi_checked.error()                 \
                                 << "' does not contain '" << (part)      \
                                 << "'");                                 \
  } while (false)

// Returns SECGI_TEST_POLICY, the binary policy that `make unit` builds
// and sets, or null when it is unset or empty.
inline const char* test_policy_path() {
  const char* path = std::getenv("SECGI_TEST_POLICY");
  return path != nullptr && *path != '\0' ? path : nullptr;
}

// Throws std::runtime_error naming WHAT and errno, for setup steps whose
// failure means the test itself is broken.
inline void check_setup(bool ok, const std::string& what) {
  if (!ok) throw std::runtime_error(what + ": " + std::strerror(errno));
}

// A directory under /tmp, created with mode 0755 and removed with all its
// contents when the object goes out of scope. Paths given to the member
// functions are relative to it.
class TempDir {
 public:
  TempDir() {
    char name[] = "/tmp/secgi-unit.XXXXXX";
    check_setup(::mkdtemp(name) != nullptr, "mkdtemp");
    path_ = name;
    check_setup(::chmod(path_.c_str(), 0755) == 0, "chmod " + path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string operator/(const std::string& relative) const {
    return path_ + "/" + relative;
  }

  // Creates a directory and sets MODE exactly, whatever the umask.
  std::string make_dir(const std::string& relative, mode_t mode) const {
    std::string path = *this / relative;
    check_setup(::mkdir(path.c_str(), 0700) == 0, "mkdir " + path);
    check_setup(::chmod(path.c_str(), mode) == 0, "chmod " + path);
    return path;
  }

  // Creates or replaces a file with TEXT and sets MODE exactly.
  std::string write_file(const std::string& relative, std::string_view text,
                         mode_t mode) const {
    std::string path = *this / relative;
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                    0600);
    check_setup(fd >= 0, "open " + path);
    bool written =
        ::write(fd, text.data(), text.size()) ==
        static_cast<ssize_t>(text.size());
    ::close(fd);
    check_setup(written, "write " + path);
    check_setup(::chmod(path.c_str(), mode) == 0, "chmod " + path);
    return path;
  }

 private:
  std::string path_;
};

}  // namespace secgi::test
