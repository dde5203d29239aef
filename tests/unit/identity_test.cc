#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>

#include "identity.h"
#include "test_support.h"

namespace secgi {
namespace {

using test::error_text;

// No account of this name exists on a test host.
constexpr char kMissingUser[] = "secgi-unit-no-such-user";

Environment environment(std::map<std::string, std::string> variables) {
  Environment env;
  env.variables = std::move(variables);
  return env;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(identity)

BOOST_AUTO_TEST_CASE(no_remote_user_is_anonymous) {
  auto identity = read_identity(environment({{"AUTH_TYPE", "Basic"}}));
  BOOST_TEST_REQUIRE(identity.ok(), error_text(identity));
  BOOST_TEST(!identity->authenticated);
  BOOST_TEST(identity->user.empty());
  BOOST_TEST(identity->groups.empty());
}

BOOST_AUTO_TEST_CASE(redirect_remote_user_is_ignored) {
  auto identity = read_identity(environment(
      {{"AUTH_TYPE", "Basic"}, {"REDIRECT_REMOTE_USER", "root"}}));
  BOOST_TEST_REQUIRE(identity.ok(), error_text(identity));
  BOOST_TEST(!identity->authenticated);
  BOOST_TEST(identity->user.empty());
}

BOOST_AUTO_TEST_CASE(reads_authenticated_user) {
  auto identity = read_identity(
      environment({{"REMOTE_USER", "alice"}, {"AUTH_TYPE", "Basic"}}));
  BOOST_TEST_REQUIRE(identity.ok(), error_text(identity));
  BOOST_TEST(identity->authenticated);
  BOOST_TEST(identity->user == "alice");
  BOOST_TEST(identity->groups.empty());
}

BOOST_AUTO_TEST_CASE(keeps_kerberos_principal) {
  auto identity = read_identity(environment(
      {{"REMOTE_USER", "alice@EXAMPLE.ORG"}, {"AUTH_TYPE", "Negotiate"}}));
  BOOST_TEST_REQUIRE(identity.ok(), error_text(identity));
  BOOST_TEST(identity->user == "alice@EXAMPLE.ORG");
}

BOOST_AUTO_TEST_CASE(rejects_empty_remote_user) {
  auto identity = read_identity(
      environment({{"REMOTE_USER", ""}, {"AUTH_TYPE", "Basic"}}));
  BOOST_TEST_REQUIRE(!identity.ok());
  BOOST_TEST(identity.error() == "REMOTE_USER is empty");
}

// The length limit applies to the normalised name (normalize_test.cc),
// because a realm may make a valid name longer than LOGIN_NAME_MAX.
BOOST_AUTO_TEST_CASE(leaves_length_to_normalisation) {
  std::string principal(300, 'a');
  principal += "@EXAMPLE.ORG";
  auto identity = read_identity(
      environment({{"REMOTE_USER", principal}, {"AUTH_TYPE", "Negotiate"}}));
  BOOST_TEST_REQUIRE(identity.ok(), error_text(identity));
  BOOST_TEST(identity->user == principal);
}

BOOST_AUTO_TEST_CASE(rejects_control_characters) {
  for (const char* user : {"alice\nroot", "alice\troot", "alice\x7f"}) {
    BOOST_TEST_CONTEXT("REMOTE_USER '" << user << "'") {
      auto identity = read_identity(
          environment({{"REMOTE_USER", user}, {"AUTH_TYPE", "Basic"}}));
      BOOST_TEST_REQUIRE(!identity.ok());
      BOOST_TEST(identity.error() ==
                 "REMOTE_USER contains a control character");
    }
  }
}

// parse_environment() drops a value with a newline; the request must not
// become anonymous because of it.
BOOST_AUTO_TEST_CASE(rejects_remote_user_dropped_by_parser) {
  const char* envp[] = {"REMOTE_USER=alice\nroot", "AUTH_TYPE=Basic", nullptr};
  auto env = parse_environment(envp);
  BOOST_TEST_REQUIRE(env.ok(), error_text(env));
  auto identity = read_identity(*env);
  SECGI_CHECK_ERROR(identity, "REMOTE_USER contains a control character");
}

BOOST_AUTO_TEST_CASE(rejects_remote_user_without_auth_type) {
  auto identity = read_identity(environment({{"REMOTE_USER", "alice"}}));
  SECGI_CHECK_ERROR(identity, "REMOTE_USER is set without AUTH_TYPE");
}

BOOST_AUTO_TEST_CASE(adds_groups_of_root) {
  Identity identity{true, "root", {}};
  auto known = add_groups(identity);
  BOOST_TEST_REQUIRE(known.ok(), error_text(known));
  BOOST_TEST(*known);
  BOOST_TEST(std::count(identity.groups.begin(), identity.groups.end(),
                        "root") == 1);
}

BOOST_AUTO_TEST_CASE(unknown_account_gets_no_groups) {
  Identity identity{true, kMissingUser, {"stale"}};
  auto known = add_groups(identity);
  BOOST_TEST_REQUIRE(known.ok(), error_text(known));
  BOOST_TEST(!*known);
  BOOST_TEST(identity.groups == std::vector<std::string>{"stale"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(finds_root_account) {
  auto account = find_account("root");
  BOOST_TEST_REQUIRE(account.ok(), error_text(account));
  BOOST_TEST(account->uid == 0u);
  BOOST_TEST(account->gid == 0u);
}

BOOST_AUTO_TEST_CASE(missing_account_is_error) {
  auto account = find_account(kMissingUser);
  BOOST_TEST_REQUIRE(!account.ok());
  BOOST_TEST(account.error() ==
             std::string("no account '") + kMissingUser + "'");
}

BOOST_AUTO_TEST_CASE(finds_root_by_uid) {
  auto account = find_account_by_uid(0);
  BOOST_TEST_REQUIRE(account.ok(), error_text(account));
  BOOST_TEST_REQUIRE(account->has_value());
  BOOST_TEST((*account)->name == "root");
  BOOST_TEST((*account)->home == "/root");
}

BOOST_AUTO_TEST_CASE(unused_uid_is_no_account) {
  // The test assumes that no NSS source gives this uid an account.
  auto account = find_account_by_uid(4000000001u);
  BOOST_TEST_REQUIRE(account.ok(), error_text(account));
  BOOST_TEST(!account->has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace secgi
