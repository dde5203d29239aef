// check_account() against the real libpam and real modules. These tests
// need pam_wrapper for their service files (tests/unit/pam-services), so
// they are skipped unless PAM_WRAPPER=1; `make unit-pam` runs them.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <string>

#include "pam_account.h"
#include "test_support.h"

namespace secgi {
namespace {

using test::error_text;

boost::test_tools::assertion_result pam_wrapper_active(
    boost::unit_test::test_unit_id) {
  const char* active = std::getenv("PAM_WRAPPER");
  boost::test_tools::assertion_result result(
      active != nullptr && std::string(active) == "1" &&
      std::getenv("PAM_WRAPPER_SERVICE_DIR") != nullptr);
  result.message() << "needs pam_wrapper: run `make unit-pam`";
  return result;
}

Result<AccountVerdict> check(const std::string& service,
                             const std::string& user = "alice") {
  return check_account(AccountRequest{service, "", user, "192.0.2.7"});
}

// Sets the environment variable pam_set_items reads for one test.
class PamUserVariable {
 public:
  explicit PamUserVariable(const std::string& value) {
    test::check_setup(::setenv("PAM_USER", value.c_str(), 1) == 0, "setenv");
  }
  ~PamUserVariable() { ::unsetenv("PAM_USER"); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(pam_account,
                      *boost::unit_test::precondition(pam_wrapper_active))

BOOST_AUTO_TEST_CASE(permitted_account_keeps_name) {
  auto verdict = check("secgi-test-permit");
  BOOST_TEST_REQUIRE(verdict.ok(), error_text(verdict));
  BOOST_TEST(verdict->permitted);
  BOOST_TEST(verdict->user == "alice");
}

BOOST_AUTO_TEST_CASE(denied_account_is_not_error) {
  auto verdict = check("secgi-test-deny");
  BOOST_TEST_REQUIRE(verdict.ok(), error_text(verdict));
  BOOST_TEST(!verdict->permitted);
  BOOST_TEST(test::contains(verdict->reason, "PAM service 'secgi-test-deny' "
                                             "denied the account 'alice'"),
             verdict->reason);
}

BOOST_AUTO_TEST_CASE(expired_account_is_denied) {
  auto verdict = check("secgi-test-expired");
  BOOST_TEST_REQUIRE(verdict.ok(), error_text(verdict));
  BOOST_TEST(!verdict->permitted);
  BOOST_TEST(test::contains(verdict->reason, "User account has expired"),
             verdict->reason);
}

BOOST_AUTO_TEST_CASE(new_password_required_is_denied) {
  auto verdict = check("secgi-test-new-authtok");
  BOOST_TEST_REQUIRE(verdict.ok(), error_text(verdict));
  BOOST_TEST(!verdict->permitted);
}

BOOST_AUTO_TEST_CASE(unavailable_service_is_error) {
  auto verdict = check("secgi-test-unavailable");
  SECGI_CHECK_ERROR(verdict, "account check of PAM service "
                             "'secgi-test-unavailable' failed");
}

BOOST_AUTO_TEST_CASE(missing_module_is_error) {
  auto verdict = check("secgi-test-missing-module");
  BOOST_TEST_REQUIRE(!verdict.ok());
  BOOST_TEST(test::contains(verdict.error(), "failed"), verdict.error());
}

BOOST_AUTO_TEST_CASE(module_messages_join_reason) {
  auto verdict = check("secgi-test-message");
  BOOST_TEST_REQUIRE(verdict.ok(), error_text(verdict));
  BOOST_TEST(!verdict->permitted);
  BOOST_TEST(test::contains(verdict->reason, "(secgi test message)"),
             verdict->reason);
}

BOOST_AUTO_TEST_CASE(service_without_file_uses_other) {
  auto verdict = check("secgi-test-no-such-service");
  BOOST_TEST_REQUIRE(verdict.ok(), error_text(verdict));
  BOOST_TEST(!verdict->permitted);
}

BOOST_AUTO_TEST_CASE(stack_may_rename_user) {
  PamUserVariable renamed("alice");
  auto verdict = check("secgi-test-rename", "ALICE@EXAMPLE.ORG");
  BOOST_TEST_REQUIRE(verdict.ok(), error_text(verdict));
  BOOST_TEST(verdict->permitted);
  BOOST_TEST(verdict->user == "alice");
}

BOOST_AUTO_TEST_CASE(renamed_user_is_checked) {
  PamUserVariable renamed("alice\nroot");
  auto verdict = check("secgi-test-rename");
  SECGI_CHECK_ERROR(verdict, "PAM_USER after the account stack contains a "
                             "control character");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace secgi
