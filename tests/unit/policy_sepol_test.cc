#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <sepol/policydb/services.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "policy.h"
#include "test_support.h"

// Reloads of SECGI_TEST_POLICY through load_policy_file(). Every load
// installs the file in libsepol's services, which keep one policy per
// process, so these tests reload the same file that the other suites use.

namespace secgi {
namespace {

using test::error_text;

constexpr char kWrapper[] = "system_u:system_r:secgi_wrap_t:s0-s0:c0.c1023";
constexpr char kInterpreter[] =
    "system_u:object_r:secgi_interpreter_exec_t:s0";
constexpr char kScriptFile[] = "system_u:object_r:secgi_app_exec_t:s0";
constexpr char kTarget[] = "system_u:system_r:secgi_app_t:s0:c1";

boost::test_tools::assertion_result policy_given(
    boost::unit_test::test_unit_id) {
  if (test::test_policy_path() != nullptr) return true;
  boost::test_tools::assertion_result skipped(false);
  skipped.message() << "SECGI_TEST_POLICY is unset, so the reload tests "
                       "are skipped; run them with 'make unit'";
  return skipped;
}

std::unique_ptr<PolicyOracle> load_test_policy() {
  auto loaded = load_policy_file(test::test_policy_path());
  BOOST_TEST_REQUIRE(loaded.ok(), error_text(loaded));
  return std::move(*loaded);
}

std::string read_test_policy() {
  std::ifstream in(test::test_policy_path(), std::ios::binary);
  test::check_setup(in.good(), std::string("open ") + test::test_policy_path());
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Checks the result of one query of each kind from ORACLE.
void check_oracle_results(const PolicyOracle& oracle) {
  auto valid = oracle.check_context(kTarget);
  BOOST_TEST(valid.ok(), error_text(valid));

  auto computed = oracle.compute_create(kWrapper, kInterpreter, "process");
  BOOST_TEST_REQUIRE(computed.ok(), error_text(computed));
  BOOST_TEST(*computed == "system_u:system_r:secgi_app_t:s0-s0:c0.c1023");

  auto access = oracle.check_access(kTarget, kScriptFile, "file",
                                    {"read", "write"});
  BOOST_TEST_REQUIRE(access.ok(), error_text(access));
  BOOST_TEST(access->denied == std::vector<std::string>{"write"},
             boost::test_tools::per_element());
  BOOST_TEST(!access->permissive);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(policy_sepol,
                      *boost::unit_test::precondition(policy_given))

BOOST_AUTO_TEST_CASE(oracle_outlives_later_load) {
  std::unique_ptr<PolicyOracle> first = load_test_policy();
  std::unique_ptr<PolicyOracle> second = load_test_policy();
  second.reset();
  check_oracle_results(*first);
}

BOOST_AUTO_TEST_CASE(policy_outlives_its_oracle) {
  load_test_policy().reset();
  std::unique_ptr<PolicyOracle> later = load_test_policy();
  later.reset();
  // The services still use the policy of the destroyed oracles.
  sepol_security_id_t sid = 0;
  BOOST_TEST_REQUIRE(sepol_context_to_sid(kTarget, sizeof kTarget, &sid) ==
                     0);
  char* text = nullptr;
  size_t length = 0;
  BOOST_TEST_REQUIRE(sepol_sid_to_context(sid, &text, &length) == 0);
  std::string context(text);
  std::free(text);
  BOOST_TEST(context == kTarget);
}

// A reload starts an empty SID table, so SIDs from before it are unknown.
BOOST_AUTO_TEST_CASE(reload_drops_old_sids) {
  std::unique_ptr<PolicyOracle> oracle = load_test_policy();
  sepol_security_id_t wrapper_sid = 0;
  sepol_security_id_t target_sid = 0;
  BOOST_TEST_REQUIRE(
      sepol_context_to_sid(kWrapper, sizeof kWrapper, &wrapper_sid) == 0);
  BOOST_TEST_REQUIRE(
      sepol_context_to_sid(kTarget, sizeof kTarget, &target_sid) == 0);
  BOOST_TEST_REQUIRE(wrapper_sid != target_sid);

  oracle = load_test_policy();
  sepol_security_id_t first_sid = 0;
  BOOST_TEST_REQUIRE(
      sepol_context_to_sid(kWrapper, sizeof kWrapper, &first_sid) == 0);
  sepol_security_id_t old_sid = first_sid == wrapper_sid ? target_sid
                                                         : wrapper_sid;
  char* text = nullptr;
  size_t length = 0;
  BOOST_TEST(sepol_sid_to_context(old_sid, &text, &length) != 0);
  std::free(text);
  check_oracle_results(*oracle);
}

BOOST_AUTO_TEST_CASE(failed_load_keeps_installed_policy) {
  std::unique_ptr<PolicyOracle> oracle = load_test_policy();
  test::TempDir dir;
  std::string garbage = dir.write_file("garbage.33", "not a policy", 0644);
  SECGI_CHECK_ERROR(load_policy_file(garbage),
                    "'" + garbage + "' is not a binary policy");
  check_oracle_results(*oracle);
}

BOOST_AUTO_TEST_CASE(load_rejects_truncated_policy) {
  std::unique_ptr<PolicyOracle> oracle = load_test_policy();
  std::string policy = read_test_policy();
  BOOST_TEST_REQUIRE(policy.size() > 4096u);
  test::TempDir dir;
  std::string truncated = dir.write_file(
      "truncated.33", std::string_view(policy).substr(0, 4096), 0644);
  SECGI_CHECK_ERROR(load_policy_file(truncated),
                    "'" + truncated + "' is not a binary policy");
  check_oracle_results(*oracle);
}

BOOST_AUTO_TEST_CASE(load_rejects_directory) {
  test::TempDir dir;
  SECGI_CHECK_ERROR(load_policy_file(dir.path()),
                    "cannot read policy '" + dir.path() + "'");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace secgi
