#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "interpreter.h"
#include "test_support.h"

// open_interpreter() on programs of the host: the tests run as root on
// Debian, where /usr/bin belongs to root and /usr/bin/ldd is a bash script.

namespace secgi {
namespace {

using test::error_text;

const std::vector<InterpreterRule> kRules = {
    {".php", "/usr/bin/php-cgi8.2"},
    {".cgi.php", "/usr/local/bin/other"},
    {".pl", "/usr/bin/perl"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(interpreter)

BOOST_AUTO_TEST_CASE(finds_rule_by_suffix) {
  const InterpreterRule* rule = find_interpreter(kRules, "/srv/www/a.php");
  BOOST_TEST_REQUIRE(rule != nullptr);
  BOOST_TEST(rule->path == "/usr/bin/php-cgi8.2");
}

BOOST_AUTO_TEST_CASE(longest_suffix_wins) {
  const InterpreterRule* rule = find_interpreter(kRules, "/srv/www/a.cgi.php");
  BOOST_TEST_REQUIRE(rule != nullptr);
  BOOST_TEST(rule->path == "/usr/local/bin/other");
}

BOOST_AUTO_TEST_CASE(no_rule_for_other_suffixes) {
  BOOST_TEST(find_interpreter(kRules, "/srv/www/a.php.txt") == nullptr);
  BOOST_TEST(find_interpreter(kRules, "/srv/www/a.cgi") == nullptr);
  BOOST_TEST(find_interpreter(kRules, "/srv/www/aphp") == nullptr);
  // The suffix alone is a hidden file's name, not a suffix.
  BOOST_TEST(find_interpreter(kRules, ".php") == nullptr);
  BOOST_TEST(find_interpreter({}, "/srv/www/a.php") == nullptr);
}

BOOST_AUTO_TEST_CASE(opens_root_owned_program) {
  auto interpreter = open_interpreter("/usr/bin/true");
  BOOST_TEST_REQUIRE(interpreter.ok(), error_text(interpreter));
  BOOST_TEST(interpreter->path == "/usr/bin/true");
  BOOST_TEST(interpreter->fd.valid());
  BOOST_TEST((::fcntl(interpreter->fd.get(), F_GETFD) & FD_CLOEXEC) != 0);
}

BOOST_AUTO_TEST_CASE(follows_symbolic_link) {
  test::TempDir dir;
  std::string link = dir / "true";
  test::check_setup(::symlink("/usr/bin/true", link.c_str()) == 0, "symlink");
  // The link's own directory does not count: the program is checked
  // where it lies.
  auto interpreter = open_interpreter(link);
  BOOST_TEST(interpreter.ok(), error_text(interpreter));
}

BOOST_AUTO_TEST_CASE(rejects_relative_path) {
  SECGI_CHECK_ERROR(open_interpreter("usr/bin/true"), "is not absolute");
}

BOOST_AUTO_TEST_CASE(rejects_missing_file) {
  SECGI_CHECK_ERROR(open_interpreter("/usr/bin/no-such-secgi-interpreter"),
                    "cannot open interpreter");
}

BOOST_AUTO_TEST_CASE(rejects_directory) {
  SECGI_CHECK_ERROR(open_interpreter("/usr/bin"), "is not a regular file");
}

BOOST_AUTO_TEST_CASE(rejects_script) {
  SECGI_CHECK_ERROR(open_interpreter("/usr/bin/ldd"),
                    "is a \"#!\" script");
}

BOOST_AUTO_TEST_CASE(rejects_group_writable_file) {
  test::TempDir dir;
  std::string path = dir.write_file("php", "\x7f" "ELF", 0775);
  SECGI_CHECK_ERROR(open_interpreter(path), "is writable by group or others");
}

BOOST_AUTO_TEST_CASE(rejects_file_not_executable) {
  test::TempDir dir;
  std::string path = dir.write_file("php", "\x7f" "ELF", 0644);
  SECGI_CHECK_ERROR(open_interpreter(path), "is not executable");
}

BOOST_AUTO_TEST_CASE(rejects_setuid_file) {
  test::TempDir dir;
  std::string path = dir.write_file("php", "\x7f" "ELF", 04755);
  SECGI_CHECK_ERROR(open_interpreter(path), "is setuid or setgid");
}

BOOST_AUTO_TEST_CASE(rejects_file_of_other_owner) {
  test::TempDir dir;
  std::string path = dir.write_file("php", "\x7f" "ELF", 0755);
  test::check_setup(::chown(path.c_str(), 33, 33) == 0, "chown");
  SECGI_CHECK_ERROR(open_interpreter(path), "is owned by uid 33, not by root");
}

// /tmp, the test directory's parent, may be written by anyone.
BOOST_AUTO_TEST_CASE(rejects_writable_directory) {
  test::TempDir dir;
  std::string path = dir.write_file("php", "\x7f" "ELF", 0755);
  SECGI_CHECK_ERROR(open_interpreter(path),
                    "interpreter '/tmp' is writable by group or others");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace secgi
