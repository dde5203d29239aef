// The secgi.conf keys for PAM and name normalisation.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "config.h"
#include "test_support.h"

namespace secgi {
namespace {

using test::error_text;

constexpr const char* kFile = "/etc/secgi/secgi.conf";

const char kMinimal[] =
    "server_domain httpd_t\n"
    "script_root /srv/www/cgi\n";

Result<Config> parse_with(const std::string& lines) {
  return parse_config(std::string(kMinimal) + lines, kFile);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(config_identity)

BOOST_AUTO_TEST_CASE(defaults_run_pam_and_keep_names) {
  auto config = parse_with("");
  BOOST_TEST_REQUIRE(config.ok(), error_text(config));
  BOOST_TEST(config->pam);
  BOOST_TEST(config->pam_service == "secgi");
  BOOST_TEST(config->pam_confdir.empty());
  BOOST_TEST(config->names.strip_realms.empty());
  BOOST_TEST(config->names.strip_domains.empty());
  BOOST_TEST((config->names.foreign_realm == ForeignName::keep));
  BOOST_TEST((config->names.foreign_domain == ForeignName::keep));
  BOOST_TEST(!config->names.fold_case);
}

BOOST_AUTO_TEST_CASE(reads_pam_and_name_keys) {
  auto config = parse_with(
      "pam no\n"
      "pam_service secgi-web\n"
      "pam_confdir /etc/secgi/pam.d\n"
      "strip_realm EXAMPLE.ORG\n"
      "strip_realm example.org\n"
      "foreign_realm reject\n"
      "strip_domain EXAMPLE\n"
      "foreign_domain reject\n"
      "fold_case yes\n");
  BOOST_TEST_REQUIRE(config.ok(), error_text(config));
  BOOST_TEST(!config->pam);
  BOOST_TEST(config->pam_service == "secgi-web");
  BOOST_TEST(config->pam_confdir == "/etc/secgi/pam.d");
  std::vector<std::string> realms = {"EXAMPLE.ORG", "example.org"};
  BOOST_TEST(config->names.strip_realms == realms,
             boost::test_tools::per_element());
  std::vector<std::string> domains = {"EXAMPLE"};
  BOOST_TEST(config->names.strip_domains == domains,
             boost::test_tools::per_element());
  BOOST_TEST((config->names.foreign_realm == ForeignName::reject));
  BOOST_TEST((config->names.foreign_domain == ForeignName::reject));
  BOOST_TEST(config->names.fold_case);
}

BOOST_AUTO_TEST_CASE(pam_takes_yes_or_no_only) {
  auto config = parse_with("pam off\n");
  SECGI_CHECK_ERROR(config, "secgi.conf:3: expected 'yes' or 'no'");
}

BOOST_AUTO_TEST_CASE(pam_set_twice_is_error) {
  auto config = parse_with("pam yes\npam no\n");
  SECGI_CHECK_ERROR(config, "key 'pam' set twice");
}

BOOST_AUTO_TEST_CASE(pam_service_rejects_paths) {
  for (const char* service : {"../other", "/etc/pam.d/secgi", ".", "..",
                              "secgi web"}) {
    BOOST_TEST_CONTEXT("pam_service '" << service << "'") {
      auto config = parse_with(std::string("pam_service ") + service + "\n");
      BOOST_TEST(!config.ok());
    }
  }
  auto config = parse_with("pam_service ../other\n");
  SECGI_CHECK_ERROR(config, "expected a PAM service name");
}

BOOST_AUTO_TEST_CASE(pam_confdir_must_be_absolute) {
  auto config = parse_with("pam_confdir etc/secgi/pam.d\n");
  SECGI_CHECK_ERROR(config, "expected an absolute path");
}

BOOST_AUTO_TEST_CASE(strip_realm_rejects_at_sign) {
  auto config = parse_with("strip_realm @EXAMPLE.ORG\n");
  SECGI_CHECK_ERROR(config, "without '@'");
}

BOOST_AUTO_TEST_CASE(strip_domain_rejects_backslash) {
  auto config = parse_with("strip_domain EXAMPLE\\\n");
  SECGI_CHECK_ERROR(config, "without '\\'");
}

BOOST_AUTO_TEST_CASE(foreign_keys_take_keep_or_reject) {
  auto realm = parse_with("foreign_realm strip\n");
  SECGI_CHECK_ERROR(realm, "expected 'keep' or 'reject', not 'strip'");
  auto domain = parse_with("foreign_domain yes\n");
  SECGI_CHECK_ERROR(domain, "expected 'keep' or 'reject', not 'yes'");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace secgi
