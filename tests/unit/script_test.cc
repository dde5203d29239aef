#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "script.h"
#include "test_support.h"

// These tests create files owned by root and chown some of them, so they
// expect to run as root. The server uid and gid own nothing on the host.

namespace secgi {
namespace {

using test::check_setup;
using test::error_text;

constexpr uid_t kServerUid = 12345;
constexpr gid_t kServerGid = 12345;

constexpr char kShellScript[] = "#!/bin/sh\necho ok\n";
constexpr char kElfStart[] = "\x7f" "ELF\x02\x01\x01";

// TMP/root (0755) contains sub/ (0755) and sub/a.cgi (0755, a "#!"
// script), all owned by root. TMP/outside contains evil.cgi.
struct ScriptTree {
  test::TempDir tmp;
  std::string root;

  ScriptTree() {
    root = tmp.make_dir("root", 0755);
    tmp.make_dir("root/sub", 0755);
    tmp.write_file("root/sub/a.cgi", kShellScript, 0755);
    tmp.make_dir("outside", 0755);
    tmp.write_file("outside/evil.cgi", kShellScript, 0755);
  }

  std::string operator/(const std::string& relative) const {
    return root + "/" + relative;
  }

  ScriptRequest request(const std::string& path) const {
    return ScriptRequest{path, {root}, kServerUid, {}};
  }

  Result<Script> open(const std::string& relative) const {
    return open_script(request(*this / relative));
  }
};

void change_mode(const std::string& path, mode_t mode) {
  check_setup(::chmod(path.c_str(), mode) == 0, "chmod " + path);
}

void change_owner(const std::string& path, uid_t uid, gid_t gid) {
  check_setup(::lchown(path.c_str(), uid, gid) == 0, "chown " + path);
}

void make_symlink(const std::string& target, const std::string& path) {
  check_setup(::symlink(target.c_str(), path.c_str()) == 0,
              "symlink " + path);
}

bool close_on_exec(int fd) {
  int flags = ::fcntl(fd, F_GETFD);
  check_setup(flags >= 0, "fcntl F_GETFD");
  return (flags & FD_CLOEXEC) != 0;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(script, ScriptTree)

BOOST_AUTO_TEST_CASE(accepts_good_script) {
  auto script = open("sub/a.cgi");
  BOOST_TEST_REQUIRE(script.ok(), error_text(script));
  BOOST_TEST(script->path == *this / "sub/a.cgi");
  BOOST_TEST(script->path_info.empty());
  BOOST_TEST(script->root == root);
  BOOST_TEST(script->fd.valid());
  BOOST_TEST(S_ISREG(script->st.st_mode));
}

BOOST_AUTO_TEST_CASE(open_descriptor_is_the_checked_file) {
  auto script = open("sub/a.cgi");
  BOOST_TEST_REQUIRE(script.ok(), error_text(script));
  struct stat on_disk;
  check_setup(::stat((*this / "sub/a.cgi").c_str(), &on_disk) == 0, "stat");
  struct stat opened;
  check_setup(::fstat(script->fd.get(), &opened) == 0, "fstat");
  BOOST_TEST(opened.st_ino == on_disk.st_ino);
  BOOST_TEST(opened.st_dev == on_disk.st_dev);
  char first[2] = {0, 0};
  BOOST_TEST(::pread(script->fd.get(), first, 2, 0) == 2);
  BOOST_TEST(first[0] == '#');
}

BOOST_AUTO_TEST_CASE(splits_path_info) {
  tmp.write_file("root/a.cgi", kShellScript, 0755);
  auto script = open("a.cgi/extra/x");
  BOOST_TEST_REQUIRE(script.ok(), error_text(script));
  BOOST_TEST(script->path == *this / "a.cgi");
  BOOST_TEST(script->path_info == "/extra/x");
}

BOOST_AUTO_TEST_CASE(path_info_below_subdirectory) {
  auto script = open("sub/a.cgi/page");
  BOOST_TEST_REQUIRE(script.ok(), error_text(script));
  BOOST_TEST(script->path == *this / "sub/a.cgi");
  BOOST_TEST(script->path_info == "/page");
}

BOOST_AUTO_TEST_CASE(rejects_relative_path) {
  SECGI_CHECK_ERROR(open_script(request("sub/a.cgi")), "is not absolute");
}

BOOST_AUTO_TEST_CASE(rejects_empty_path) {
  SECGI_CHECK_ERROR(open_script(request("")), "no script path");
}

BOOST_AUTO_TEST_CASE(rejects_dot_dot) {
  SECGI_CHECK_ERROR(open("sub/../sub/a.cgi"), "contains '..'");
  SECGI_CHECK_ERROR(open("../outside/evil.cgi"), "contains '..'");
}

BOOST_AUTO_TEST_CASE(rejects_dot) {
  SECGI_CHECK_ERROR(open("./sub/a.cgi"), "contains '.'");
}

BOOST_AUTO_TEST_CASE(rejects_control_character) {
  SECGI_CHECK_ERROR(open("sub/a.cgi\n"), "control character");
}

BOOST_AUTO_TEST_CASE(rejects_path_outside_roots) {
  SECGI_CHECK_ERROR(open_script(request(tmp / "outside/evil.cgi")),
                    "is not under any script_root");
  SECGI_CHECK_ERROR(open_script(request("/etc/passwd")),
                    "is not under any script_root");
}

BOOST_AUTO_TEST_CASE(root_prefix_is_not_a_root) {
  tmp.make_dir("rootx", 0755);
  tmp.write_file("rootx/a.cgi", kShellScript, 0755);
  SECGI_CHECK_ERROR(open_script(request(tmp / "rootx/a.cgi")),
                    "is not under any script_root");
}

BOOST_AUTO_TEST_CASE(rejects_root_itself) {
  SECGI_CHECK_ERROR(open_script(request(root)), "is a script_root");
}

BOOST_AUTO_TEST_CASE(longest_root_wins) {
  // Only directories from the matched root down are checked, so the
  // group-writable outer root shows which root was taken.
  change_mode(root, 0775);
  ScriptRequest nested{*this / "sub/a.cgi", {root, *this / "sub"},
                       kServerUid, {}};
  auto script = open_script(nested);
  BOOST_TEST_REQUIRE(script.ok(), error_text(script));
  BOOST_TEST(script->root == *this / "sub");

  nested.roots = {*this / "sub", root};
  script = open_script(nested);
  BOOST_TEST_REQUIRE(script.ok(), error_text(script));
  BOOST_TEST(script->root == *this / "sub");

  SECGI_CHECK_ERROR(open("sub/a.cgi"), "writable by group or others");
}

BOOST_AUTO_TEST_CASE(slash_root_walks_real_directories) {
  // With "/" as the root every directory down to the script is checked,
  // so the world-writable /tmp above the test tree is rejected.
  struct stat tmp_dir;
  check_setup(::stat("/tmp", &tmp_dir) == 0, "stat /tmp");
  BOOST_TEST_REQUIRE((tmp_dir.st_mode & S_IWOTH) != 0u,
                     "this test expects a world-writable /tmp");
  ScriptRequest slash{*this / "sub/a.cgi", {"/"}, kServerUid, {}};
  auto script = open_script(slash);
  BOOST_TEST_REQUIRE(!script.ok());
  BOOST_TEST(script.error() == "'/tmp' is writable by group or others");
}

BOOST_AUTO_TEST_CASE(slash_root_accepts_system_binary) {
  // Debian's /usr/bin/true is root-owned, 0755 and has one link, as are
  // /usr and /usr/bin.
  ScriptRequest slash{"/usr/bin/true/info", {"/"}, kServerUid, {}};
  auto script = open_script(slash);
  BOOST_TEST_REQUIRE(script.ok(), error_text(script));
  BOOST_TEST(script->path == "/usr/bin/true");
  BOOST_TEST(script->path_info == "/info");
}

BOOST_AUTO_TEST_CASE(rejects_symlink_escaping_root) {
  make_symlink(tmp / "outside/evil.cgi", *this / "absolute.cgi");
  make_symlink("../outside/evil.cgi", *this / "relative.cgi");
  make_symlink("../outside", *this / "outdir");
  SECGI_CHECK_ERROR(open("absolute.cgi"), "escapes");
  SECGI_CHECK_ERROR(open("relative.cgi"), "escapes");
  SECGI_CHECK_ERROR(open("outdir/evil.cgi"), "escapes");
}

BOOST_AUTO_TEST_CASE(allows_symlink_inside_root) {
  make_symlink("sub/a.cgi", *this / "link.cgi");
  make_symlink("sub", *this / "alias");

  auto file_link = open("link.cgi");
  BOOST_TEST_REQUIRE(file_link.ok(), error_text(file_link));
  BOOST_TEST(file_link->path == *this / "link.cgi");

  auto dir_link = open("alias/a.cgi/info");
  BOOST_TEST_REQUIRE(dir_link.ok(), error_text(dir_link));
  BOOST_TEST(dir_link->path_info == "/info");
}

BOOST_AUTO_TEST_CASE(checks_directory_behind_symlink) {
  tmp.make_dir("root/open", 0777);
  tmp.write_file("root/open/b.cgi", kShellScript, 0755);
  make_symlink("open", *this / "alias");
  SECGI_CHECK_ERROR(open("alias/b.cgi"), "writable by group or others");
}

BOOST_AUTO_TEST_CASE(rejects_world_writable_script) {
  change_mode(*this / "sub/a.cgi", 0757);
  SECGI_CHECK_ERROR(open("sub/a.cgi"), "writable by group or others");
}

BOOST_AUTO_TEST_CASE(rejects_group_writable_script) {
  change_mode(*this / "sub/a.cgi", 0775);
  SECGI_CHECK_ERROR(open("sub/a.cgi"), "writable by group or others");
}

BOOST_AUTO_TEST_CASE(rejects_group_writable_directory) {
  change_mode(*this / "sub", 0775);
  auto script = open("sub/a.cgi");
  BOOST_TEST_REQUIRE(!script.ok());
  BOOST_TEST(script.error() ==
             "'" + (*this / "sub") + "' is writable by group or others");
}

BOOST_AUTO_TEST_CASE(rejects_world_writable_root) {
  change_mode(root, 01777);
  SECGI_CHECK_ERROR(open("sub/a.cgi"), "writable by group or others");
}

BOOST_AUTO_TEST_CASE(rejects_directory_owned_by_server) {
  change_owner(*this / "sub", kServerUid, kServerGid);
  auto script = open("sub/a.cgi");
  BOOST_TEST_REQUIRE(!script.ok());
  BOOST_TEST(script.error() == "'" + (*this / "sub") +
                                   "' is owned by the server user "
                                   "(uid 12345)");
}

BOOST_AUTO_TEST_CASE(rejects_root_owned_by_server) {
  change_owner(root, kServerUid, 0);
  SECGI_CHECK_ERROR(open("sub/a.cgi"), "is owned by the server user");
}

BOOST_AUTO_TEST_CASE(rejects_script_owned_by_server) {
  change_owner(*this / "sub/a.cgi", kServerUid, 0);
  SECGI_CHECK_ERROR(open("sub/a.cgi"), "is owned by the server user");
}

BOOST_AUTO_TEST_CASE(accepts_script_of_other_user) {
  change_owner(*this / "sub/a.cgi", kServerUid + 1, kServerGid);
  auto script = open("sub/a.cgi");
  BOOST_TEST_REQUIRE(script.ok(), error_text(script));
}

BOOST_AUTO_TEST_CASE(rejects_setuid_script) {
  change_mode(*this / "sub/a.cgi", 04755);
  SECGI_CHECK_ERROR(open("sub/a.cgi"), "is setuid or setgid");
}

BOOST_AUTO_TEST_CASE(rejects_setgid_script) {
  change_mode(*this / "sub/a.cgi", 02755);
  SECGI_CHECK_ERROR(open("sub/a.cgi"), "is setuid or setgid");
}

BOOST_AUTO_TEST_CASE(rejects_hard_link) {
  std::string original = *this / "sub/a.cgi";
  std::string copy = *this / "sub/b.cgi";
  check_setup(::link(original.c_str(), copy.c_str()) == 0, "link");
  auto script = open("sub/a.cgi");
  BOOST_TEST_REQUIRE(!script.ok());
  BOOST_TEST(script.error() == "'" + original +
                                   "' has 2 hard links; a script must have "
                                   "exactly one");
  SECGI_CHECK_ERROR(open("sub/b.cgi"), "has 2 hard links");
}

BOOST_AUTO_TEST_CASE(rejects_directory_as_script) {
  SECGI_CHECK_ERROR(open("sub"), "is not a regular file");
  SECGI_CHECK_ERROR(open("sub/"), "is not a regular file");
}

BOOST_AUTO_TEST_CASE(rejects_fifo) {
  std::string fifo = *this / "sub/pipe.cgi";
  check_setup(::mkfifo(fifo.c_str(), 0755) == 0, "mkfifo");
  change_mode(fifo, 0755);
  SECGI_CHECK_ERROR(open("sub/pipe.cgi"), "is not a regular file");
}

BOOST_AUTO_TEST_CASE(rejects_fifo_as_directory) {
  std::string fifo = *this / "sub/pipe";
  check_setup(::mkfifo(fifo.c_str(), 0755) == 0, "mkfifo");
  SECGI_CHECK_ERROR(open("sub/pipe/a.cgi"), "is not a regular file");
}

BOOST_AUTO_TEST_CASE(rejects_missing_file) {
  auto script = open("sub/missing.cgi");
  BOOST_TEST_REQUIRE(!script.ok());
  BOOST_TEST(script.error() == "cannot open '" + (*this / "sub/missing.cgi") +
                                   "': No such file or directory");
}

BOOST_AUTO_TEST_CASE(rejects_missing_root) {
  ScriptRequest missing{"/nonexistent/secgi/a.cgi", {"/nonexistent/secgi"},
                        kServerUid, {}};
  SECGI_CHECK_ERROR(open_script(missing), "cannot open script_root");
}

BOOST_AUTO_TEST_CASE(interpreted_script_keeps_descriptor_open) {
  auto script = open("sub/a.cgi");
  BOOST_TEST_REQUIRE(script.ok(), error_text(script));
  BOOST_TEST(script->interpreted);
  BOOST_TEST(!close_on_exec(script->fd.get()));
}

BOOST_AUTO_TEST_CASE(binary_gets_close_on_exec) {
  tmp.write_file("root/sub/b.cgi", std::string(kElfStart, 7), 0755);
  auto script = open("sub/b.cgi");
  BOOST_TEST_REQUIRE(script.ok(), error_text(script));
  BOOST_TEST(!script->interpreted);
  BOOST_TEST(close_on_exec(script->fd.get()));
}

BOOST_AUTO_TEST_CASE(empty_file_gets_close_on_exec) {
  tmp.write_file("root/sub/empty.cgi", "", 0755);
  auto script = open("sub/empty.cgi");
  BOOST_TEST_REQUIRE(script.ok(), error_text(script));
  BOOST_TEST(!script->interpreted);
  BOOST_TEST(close_on_exec(script->fd.get()));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace secgi

namespace secgi {
namespace {

BOOST_AUTO_TEST_SUITE(script_owner)

BOOST_AUTO_TEST_CASE(rejects_script_of_other_owner) {
  test::TempDir dir;
  dir.make_dir("root", 0755);
  dir.write_file("root/a.cgi", "#!/bin/sh\n", 0755);
  ScriptRequest request{dir / "root/a.cgi", {dir / "root"}, 12345,
                        {4242}};
  SECGI_CHECK_ERROR(open_script(request), "not by a script_owner");
}

BOOST_AUTO_TEST_CASE(accepts_script_of_listed_owner) {
  test::TempDir dir;
  dir.make_dir("root", 0755);
  dir.make_dir("root/sub", 0755);
  dir.write_file("root/sub/a.cgi", "#!/bin/sh\n", 0755);
  ScriptRequest request{dir / "root/sub/a.cgi", {dir / "root"}, 12345,
                        {4242, 0}};
  auto script = open_script(request);
  BOOST_TEST(script.ok(), test::error_text(script));
}

BOOST_AUTO_TEST_CASE(rejects_directory_of_other_owner) {
  test::TempDir dir;
  dir.make_dir("root", 0755);
  std::string sub = dir.make_dir("root/sub", 0755);
  dir.write_file("root/sub/a.cgi", "#!/bin/sh\n", 0755);
  test::check_setup(::chown(sub.c_str(), 4242, 0) == 0, "chown " + sub);
  ScriptRequest request{dir / "root/sub/a.cgi", {dir / "root"}, 12345,
                        {0}};
  SECGI_CHECK_ERROR(open_script(request), "root/sub' is owned by uid 4242");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace secgi
