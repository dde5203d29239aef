#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "test_support.h"
#include "trusted_file.h"

namespace secgi {
namespace {

using test::check_setup;
using test::error_text;

constexpr char kText[] = "server_domain httpd_t\nscript_root /srv/www\n";

}  // namespace

BOOST_AUTO_TEST_SUITE(trusted_file)

BOOST_AUTO_TEST_CASE(reads_root_owned_file) {
  test::TempDir dir;
  std::string path = dir.write_file("secgi.conf", kText, 0644);
  auto text = read_trusted_file(path);
  BOOST_TEST_REQUIRE(text.ok(), error_text(text));
  BOOST_TEST(*text == kText);
}

BOOST_AUTO_TEST_CASE(reads_empty_file) {
  test::TempDir dir;
  std::string path = dir.write_file("mappings", "", 0600);
  auto text = read_trusted_file(path);
  BOOST_TEST_REQUIRE(text.ok(), error_text(text));
  BOOST_TEST(text->empty());
}

BOOST_AUTO_TEST_CASE(reads_file_larger_than_one_read) {
  test::TempDir dir;
  std::string big(1 << 20, 'x');
  std::string path = dir.write_file("mappings", big, 0644);
  auto text = read_trusted_file(path);
  BOOST_TEST_REQUIRE(text.ok(), error_text(text));
  BOOST_TEST(text->size() == big.size());
}

BOOST_AUTO_TEST_CASE(rejects_non_root_owner) {
  test::TempDir dir;
  std::string path = dir.write_file("secgi.conf", kText, 0644);
  check_setup(::chown(path.c_str(), 12345, 0) == 0, "chown");
  auto text = read_trusted_file(path);
  BOOST_TEST_REQUIRE(!text.ok());
  BOOST_TEST(text.error() == "'" + path +
                                 "' is owned by uid 12345, not root; "
                                 "chown it to root");
}

BOOST_AUTO_TEST_CASE(rejects_group_writable_file) {
  test::TempDir dir;
  std::string path = dir.write_file("secgi.conf", kText, 0664);
  auto text = read_trusted_file(path);
  BOOST_TEST_REQUIRE(!text.ok());
  BOOST_TEST(text.error() ==
             "'" + path + "' is writable by group or others; chmod go-w it");
}

BOOST_AUTO_TEST_CASE(rejects_world_writable_file) {
  test::TempDir dir;
  std::string path = dir.write_file("secgi.conf", kText, 0646);
  SECGI_CHECK_ERROR(read_trusted_file(path), "writable by group or others");
}

BOOST_AUTO_TEST_CASE(rejects_symlink) {
  test::TempDir dir;
  std::string target = dir.write_file("real.conf", kText, 0644);
  std::string link = dir / "secgi.conf";
  check_setup(::symlink(target.c_str(), link.c_str()) == 0, "symlink");
  SECGI_CHECK_ERROR(read_trusted_file(link), "cannot open '" + link + "'");
}

BOOST_AUTO_TEST_CASE(rejects_directory) {
  test::TempDir dir;
  std::string path = dir.make_dir("conf.d", 0755);
  auto text = read_trusted_file(path);
  BOOST_TEST_REQUIRE(!text.ok());
  BOOST_TEST(text.error() == "'" + path + "' is not a regular file");
}

BOOST_AUTO_TEST_CASE(rejects_missing_file) {
  test::TempDir dir;
  std::string path = dir / "missing.conf";
  auto text = read_trusted_file(path);
  BOOST_TEST_REQUIRE(!text.ok());
  BOOST_TEST(text.error() ==
             "cannot open '" + path + "': No such file or directory");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace secgi
