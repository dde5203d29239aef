#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <string>

#include "config.h"
#include "test_support.h"

namespace secgi {
namespace {

using test::error_text;

constexpr const char* kFile = "/etc/secgi/secgi.conf";

const char kEveryKey[] =
    "# secgi-wrap settings\n"
    "\n"
    "server_domain httpd_t\n"
    "server_domain\thttpd_sys_script_t\n"
    "server_user apache\n"
    "script_root /srv/www/cgi\n"
    "script_root /home/web/\n"
    "mappings /etc/secgi/mappings.db\n"
    "allow_permissive yes\n"
    "require_redirect no\n"
    "umask 077\n"
    "path /usr/bin:/bin\n"
    "limit_cpu 30\n"
    "limit_address_space 512\n"
    "limit_processes 64\n"
    "limit_file_size 100\n";

const char kMinimal[] =
    "server_domain httpd_t\n"
    "script_root /srv/www/cgi\n";

// Parses kMinimal with LINE appended as line 3.
Result<Config> parse_with_line(const std::string& line) {
  return parse_config(std::string(kMinimal) + line + "\n", kFile);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(config)

BOOST_AUTO_TEST_CASE(reads_every_key) {
  auto config = parse_config(kEveryKey, kFile);
  BOOST_TEST_REQUIRE(config.ok(), error_text(config));

  std::vector<std::string> domains = {"httpd_t", "httpd_sys_script_t"};
  BOOST_TEST(config->server_domains == domains,
             boost::test_tools::per_element());
  BOOST_TEST(config->server_user == "apache");
  std::vector<std::string> roots = {"/srv/www/cgi", "/home/web"};
  BOOST_TEST(config->script_roots == roots, boost::test_tools::per_element());
  BOOST_TEST(config->mappings == "/etc/secgi/mappings.db");
  BOOST_TEST(config->allow_permissive);
  BOOST_TEST(!config->require_redirect);
  BOOST_TEST(config->umask == 077u);
  BOOST_TEST(config->path == "/usr/bin:/bin");
  BOOST_TEST(config->limits.cpu_seconds.value_or(0) == 30u);
  BOOST_TEST(config->limits.address_space_mib.value_or(0) == 512u);
  BOOST_TEST(config->limits.processes.value_or(0) == 64u);
  BOOST_TEST(config->limits.file_size_mib.value_or(0) == 100u);
}

BOOST_AUTO_TEST_CASE(minimal_file_keeps_defaults) {
  auto config = parse_config(kMinimal, kFile);
  BOOST_TEST_REQUIRE(config.ok(), error_text(config));

  BOOST_TEST(config->server_user.empty());
  BOOST_TEST(config->mappings == "/etc/secgi/mappings");
  BOOST_TEST(!config->allow_permissive);
  BOOST_TEST(config->require_redirect);
  BOOST_TEST(config->umask == 022u);
  BOOST_TEST(config->path == "/usr/local/bin:/usr/bin:/bin");
  BOOST_TEST(!config->limits.cpu_seconds.has_value());
  BOOST_TEST(!config->limits.address_space_mib.has_value());
  BOOST_TEST(!config->limits.processes.has_value());
  BOOST_TEST(!config->limits.file_size_mib.has_value());
}

BOOST_AUTO_TEST_CASE(rejects_unknown_key) {
  auto config = parse_config("# comment\n\nserver_colour blue\n", kFile);
  BOOST_TEST_REQUIRE(!config.ok());
  BOOST_TEST(config.error() ==
             "/etc/secgi/secgi.conf:3: unknown key 'server_colour'; "
             "see secgi.conf(5) for the keys");
}

BOOST_AUTO_TEST_CASE(rejects_duplicate_single_key) {
  auto config = parse_with_line("umask 022\numask 077");
  BOOST_TEST_REQUIRE(!config.ok());
  BOOST_TEST(config.error() ==
             "/etc/secgi/secgi.conf:4: key 'umask' set twice; "
             "remove one of the lines");
}

BOOST_AUTO_TEST_CASE(rejects_duplicate_boolean_key) {
  auto config = parse_with_line("allow_permissive no\nallow_permissive no");
  SECGI_CHECK_ERROR(config, "/etc/secgi/secgi.conf:4:");
  SECGI_CHECK_ERROR(config, "'allow_permissive' set twice");
}

BOOST_AUTO_TEST_CASE(accepts_repeated_list_keys) {
  auto config = parse_with_line("server_domain httpd_t\nscript_root /b");
  BOOST_TEST_REQUIRE(config.ok(), error_text(config));
  BOOST_TEST(config->server_domains.size() == 2u);
  BOOST_TEST(config->script_roots.size() == 2u);
}

BOOST_AUTO_TEST_CASE(rejects_bad_bool) {
  auto config = parse_with_line("allow_permissive true");
  BOOST_TEST_REQUIRE(!config.ok());
  BOOST_TEST(config.error() ==
             "/etc/secgi/secgi.conf:3: expected 'yes' or 'no', not 'true'");
}

BOOST_AUTO_TEST_CASE(rejects_bad_umask) {
  for (const char* value : {"0999", "1000", "22x", "-22", "0x12"}) {
    auto config = parse_with_line(std::string("umask ") + value);
    BOOST_TEST_CONTEXT("umask " << value) {
      BOOST_TEST_REQUIRE(!config.ok());
      BOOST_TEST(config.error() ==
                 "/etc/secgi/secgi.conf:3: expected an octal umask such as "
                 "022, not '" + std::string(value) + "'");
    }
  }
}

BOOST_AUTO_TEST_CASE(reads_umask_as_octal) {
  auto config = parse_with_line("umask 0027");
  BOOST_TEST_REQUIRE(config.ok(), error_text(config));
  BOOST_TEST(config->umask == 027u);
}

BOOST_AUTO_TEST_CASE(reads_script_owners_and_rate_window) {
  auto config = parse_with_line(
      "script_owner root\nscript_owner webdev\nrate_limit_window 0");
  BOOST_TEST_REQUIRE(config.ok(), error_text(config));
  BOOST_TEST(config->script_owners ==
                 (std::vector<std::string>{"root", "webdev"}),
             boost::test_tools::per_element());
  BOOST_TEST(config->rate_limit_window == 0u);
}

BOOST_AUTO_TEST_CASE(rejects_rate_window_over_a_day) {
  auto config = parse_with_line("rate_limit_window 86401");
  SECGI_CHECK_ERROR(config, "/etc/secgi/secgi.conf:3: expected seconds");
}

BOOST_AUTO_TEST_CASE(rejects_bad_limit) {
  auto config = parse_with_line("limit_cpu 10s");
  SECGI_CHECK_ERROR(config, "/etc/secgi/secgi.conf:3: invalid number '10s'");
}

BOOST_AUTO_TEST_CASE(rejects_relative_script_root) {
  auto config = parse_config("server_domain httpd_t\nscript_root srv/www\n",
                             kFile);
  BOOST_TEST_REQUIRE(!config.ok());
  BOOST_TEST(config.error() ==
             "/etc/secgi/secgi.conf:2: expected an absolute path, "
             "not 'srv/www'");
}

// find_root() in script.cc matches a root followed by '/', so a root kept
// with a trailing slash would never match a request.
BOOST_AUTO_TEST_CASE(script_root_strips_all_trailing_slashes) {
  auto config = parse_with_line("script_root /home/web//\nscript_root //");
  BOOST_TEST_REQUIRE(config.ok(), error_text(config));
  std::vector<std::string> roots = {"/srv/www/cgi", "/home/web", "/"};
  BOOST_TEST(config->script_roots == roots, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(rejects_relative_mappings) {
  auto config = parse_with_line("mappings mappings.db");
  SECGI_CHECK_ERROR(config, "/etc/secgi/secgi.conf:3: expected an absolute");
}

BOOST_AUTO_TEST_CASE(rejects_context_as_server_domain) {
  auto config = parse_with_line("server_domain system_u:system_r:httpd_t:s0");
  SECGI_CHECK_ERROR(config, "/etc/secgi/secgi.conf:3: expected a type");
}

BOOST_AUTO_TEST_CASE(rejects_missing_value) {
  auto config = parse_with_line("server_user");
  SECGI_CHECK_ERROR(config, "/etc/secgi/secgi.conf:3: expected 'KEY VALUE'");
}

BOOST_AUTO_TEST_CASE(rejects_extra_value) {
  auto config = parse_with_line("server_user www-data apache");
  SECGI_CHECK_ERROR(config, "/etc/secgi/secgi.conf:3: expected 'KEY VALUE'");
}

BOOST_AUTO_TEST_CASE(rejects_control_character) {
  auto config = parse_with_line("server_user www-data\r");
  SECGI_CHECK_ERROR(config, "/etc/secgi/secgi.conf:3: control character");
}

// A missing key belongs to no line, so the message names only the file.
BOOST_AUTO_TEST_CASE(rejects_missing_server_domain) {
  auto config = parse_config("script_root /srv/www/cgi\n", kFile);
  BOOST_TEST_REQUIRE(!config.ok());
  BOOST_TEST(config.error() ==
             "/etc/secgi/secgi.conf: no 'server_domain' set; "
             "add e.g. 'server_domain httpd_t'");
}

BOOST_AUTO_TEST_CASE(rejects_missing_script_root) {
  auto config = parse_config("server_domain httpd_t\n", kFile);
  SECGI_CHECK_ERROR(config, "/etc/secgi/secgi.conf: no 'script_root' set");
}

BOOST_AUTO_TEST_CASE(rejects_empty_file) {
  auto config = parse_config("", kFile);
  SECGI_CHECK_ERROR(config, "/etc/secgi/secgi.conf: no 'server_domain' set");
}

BOOST_AUTO_TEST_CASE(loads_root_owned_file) {
  test::TempDir dir;
  std::string path = dir.write_file("secgi.conf", kEveryKey, 0644);
  auto config = load_config(path);
  BOOST_TEST_REQUIRE(config.ok(), error_text(config));
  BOOST_TEST(config->server_user == "apache");
}

BOOST_AUTO_TEST_CASE(load_names_the_file_in_errors) {
  test::TempDir dir;
  std::string path = dir.write_file("secgi.conf", "umask 8\n", 0644);
  auto config = load_config(path);
  SECGI_CHECK_ERROR(config, path + ":1: expected an octal umask");
}

BOOST_AUTO_TEST_CASE(load_rejects_group_writable_file) {
  test::TempDir dir;
  std::string path = dir.write_file("secgi.conf", kMinimal, 0664);
  auto config = load_config(path);
  SECGI_CHECK_ERROR(config, "writable by group or others");
}

BOOST_AUTO_TEST_CASE(reads_interpreters_and_userdir) {
  auto config = parse_config(std::string(kMinimal) +
                                 "interpreter .php /usr/bin/php-cgi8.2\n"
                                 "interpreter\t.phtml\t/usr/bin/php-cgi8.2\n"
                                 "userdir public_html\n",
                             kFile);
  BOOST_TEST_REQUIRE(config.ok(), error_text(config));
  BOOST_TEST_REQUIRE(config->interpreters.size() == 2U);
  BOOST_TEST(config->interpreters[0].suffix == ".php");
  BOOST_TEST(config->interpreters[0].path == "/usr/bin/php-cgi8.2");
  BOOST_TEST(config->interpreters[1].suffix == ".phtml");
  BOOST_TEST(config->userdir == "public_html");
}

BOOST_AUTO_TEST_CASE(interpreter_and_userdir_default_unset) {
  auto config = parse_config(kMinimal, kFile);
  BOOST_TEST_REQUIRE(config.ok(), error_text(config));
  BOOST_TEST(config->interpreters.empty());
  BOOST_TEST(config->userdir.empty());
}

BOOST_AUTO_TEST_CASE(rejects_bad_interpreter_lines) {
  SECGI_CHECK_ERROR(parse_with_line("interpreter .php"),
                    ":3: key 'interpreter' expects 2 values, found 1");
  SECGI_CHECK_ERROR(parse_with_line("interpreter .php /usr/bin/php -n"),
                    ":3: key 'interpreter' expects 2 values, found 3");
  SECGI_CHECK_ERROR(parse_with_line("interpreter php /usr/bin/php-cgi"),
                    ":3: expected a file name suffix such as .php");
  SECGI_CHECK_ERROR(parse_with_line("interpreter . /usr/bin/php-cgi"),
                    ":3: expected a file name suffix");
  SECGI_CHECK_ERROR(parse_with_line("interpreter .a/b /usr/bin/php-cgi"),
                    ":3: expected a file name suffix");
  SECGI_CHECK_ERROR(parse_with_line("interpreter .php php-cgi"),
                    ":3: expected an absolute path");
}

BOOST_AUTO_TEST_CASE(rejects_interpreter_suffix_twice) {
  auto config = parse_with_line(
      "interpreter .php /usr/bin/php-cgi8.2\n"
      "interpreter .php /usr/bin/php-cgi8.1");
  SECGI_CHECK_ERROR(config, ":4: interpreter for '.php' set twice");
}

BOOST_AUTO_TEST_CASE(rejects_bad_userdir) {
  SECGI_CHECK_ERROR(parse_with_line("userdir public_html/cgi-bin"),
                    ":3: expected a directory name such as public_html");
  SECGI_CHECK_ERROR(parse_with_line("userdir .."),
                    ":3: expected a directory name");
  SECGI_CHECK_ERROR(parse_with_line("userdir a\nuserdir b"),
                    ":4: key 'userdir' set twice");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace secgi
