#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "context.h"
#include "policy.h"
#include "test_support.h"
#include "validate.h"

// Policy decisions come from SECGI_TEST_POLICY, a binary kernel policy
// with the secgi module linked in (make unit builds build/policy.33 and
// sets it). libsepol keeps one loaded policy per process, so it is loaded
// once for all tests.

namespace secgi {
namespace {

using test::error_text;

constexpr char kWrapper[] = "system_u:system_r:secgi_wrap_t:s0-s0:c0.c1023";
constexpr char kNarrowWrapper[] = "system_u:system_r:secgi_wrap_t:s0-s0:c0.c9";
constexpr char kScriptFile[] = "system_u:object_r:secgi_app_exec_t:s0";
constexpr char kTarget[] = "system_u:system_r:secgi_app_t:s0:c1";

boost::test_tools::assertion_result policy_given(
    boost::unit_test::test_unit_id) {
  if (test::test_policy_path() != nullptr) return true;
  const char* reason =
      "SECGI_TEST_POLICY is unset, so the libsepol tests are skipped; "
      "run them with 'make unit', which builds and sets build/policy.33";
  BOOST_TEST_MESSAGE(reason);
  boost::test_tools::assertion_result skipped(false);
  skipped.message() << reason;
  return skipped;
}

const PolicyOracle& policy() {
  static Result<std::unique_ptr<PolicyOracle>> loaded =
      load_policy_file(test::test_policy_path());
  BOOST_TEST_REQUIRE(loaded.ok(), error_text(loaded));
  return **loaded;
}

Validation run_validation(const std::string& wrapper, const std::string& target,
                    const std::string& file) {
  auto validation = validate_exec(policy(), ExecTarget{wrapper, target, file});
  BOOST_TEST_REQUIRE(validation.ok(), error_text(validation));
  return *validation;
}

// The name of the first failed check, or "none".
std::string failed_check(const Validation& validation) {
  const Check* failure = validation.failure();
  return failure == nullptr ? "none" : failure->name;
}

std::string failure_detail(const Validation& validation) {
  const Check* failure = validation.failure();
  return failure == nullptr ? "" : failure->detail;
}

std::vector<std::string> check_names(const Validation& validation) {
  std::vector<std::string> names;
  for (const Check& check : validation.checks) names.push_back(check.name);
  return names;
}

// A policy oracle with results set by the test, for the cases of
// validate_exec() that a stock policy cannot show: permissive domains and
// failed queries.
class FakePolicy final : public PolicyOracle {
 public:
  bool permissive = false;
  bool fail_access = false;

  Result<std::string> compute_create(const std::string& scon,
                                     const std::string&,
                                     const std::string&) const override {
    return scon;
  }

  Status check_context(const std::string&) const override { return Ok{}; }

  Result<AccessResult> check_access(
      const std::string&, const std::string&, const std::string&,
      const std::vector<std::string>&) const override {
    if (fail_access) return make_error("policy query failed");
    AccessResult result;
    result.permissive = permissive;
    return result;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(validate)

BOOST_AUTO_TEST_SUITE(sepol_policy,
                      *boost::unit_test::precondition(policy_given))

BOOST_AUTO_TEST_CASE(target_in_category_passes_all_checks) {
  Validation validation = run_validation(kWrapper, kTarget, kScriptFile);
  BOOST_TEST(failed_check(validation) == "none", failure_detail(validation));
  BOOST_TEST(validation.passed());
  std::vector<std::string> expected = {"valid", "clearance", "transition", "entrypoint",
                                       "read-execute", "enforced"};
  BOOST_TEST(check_names(validation) == expected,
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(file_in_other_category_fails_read_execute) {
  Validation validation = run_validation(
      kWrapper, kTarget, "system_u:object_r:secgi_app_exec_t:s0:c2");
  BOOST_TEST_REQUIRE(failed_check(validation) == "read-execute");
  // entrypoint is not MCS-constrained, so only read-execute catches this.
  std::vector<std::string> expected = {"valid", "clearance", "transition", "entrypoint",
                                       "read-execute"};
  BOOST_TEST(check_names(validation) == expected,
             boost::test_tools::per_element());
  BOOST_TEST(failure_detail(validation) ==
             "'system_u:system_r:secgi_app_t:s0:c1' lacks file "
             "{ open read execute } on "
             "'system_u:object_r:secgi_app_exec_t:s0:c2'");
}

BOOST_AUTO_TEST_CASE(file_in_same_category_passes) {
  Validation validation = run_validation(
      kWrapper, kTarget, "system_u:object_r:secgi_app_exec_t:s0:c1");
  BOOST_TEST(failed_check(validation) == "none", failure_detail(validation));
}

BOOST_AUTO_TEST_CASE(target_outside_clearance_fails_clearance) {
  Validation validation =
      run_validation(kNarrowWrapper, "system_u:system_r:secgi_app_t:s0:c20",
                     kScriptFile);
  BOOST_TEST(failed_check(validation) == "clearance");
  BOOST_TEST(failure_detail(validation) ==
             "range 's0:c20' is not within the wrapper's clearance "
             "'s0-s0:c0.c9'");
}

// The clearance check only names the cause: the policy's MCS constraint
// on process transition refuses the same target.
BOOST_AUTO_TEST_CASE(policy_also_refuses_target_outside_clearance) {
  auto access = policy().check_access(
      kNarrowWrapper, "system_u:system_r:secgi_app_t:s0:c20", "process",
      {"transition"});
  BOOST_TEST_REQUIRE(access.ok(), test::error_text(access));
  BOOST_TEST(access->denied == std::vector<std::string>{"transition"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(target_inside_narrow_clearance_passes) {
  Validation validation = run_validation(
      kNarrowWrapper, "system_u:system_r:secgi_app_t:s0:c9", kScriptFile);
  BOOST_TEST(failed_check(validation) == "none", failure_detail(validation));
}

BOOST_AUTO_TEST_CASE(target_httpd_fails_transition) {
  Validation validation =
      run_validation(kWrapper, "system_u:system_r:httpd_t:s0", kScriptFile);
  BOOST_TEST(failed_check(validation) == "transition");
  BOOST_TEST(check_names(validation).size() == 3u);
  BOOST_TEST(test::contains(failure_detail(validation),
                            "lacks process { transition }"),
             failure_detail(validation));
}

BOOST_AUTO_TEST_CASE(object_role_target_fails_transition) {
  // object_r goes with every type, so the context is valid, but a process
  // may not enter object_r.
  Validation validation = run_validation(
      kWrapper, "system_u:object_r:secgi_app_t:s0:c1", kScriptFile);
  BOOST_TEST(failed_check(validation) == "transition");
}

BOOST_AUTO_TEST_CASE(other_source_domain_fails_transition) {
  Validation validation =
      run_validation("system_u:system_r:httpd_t:s0-s0:c0.c1023", kTarget,
                     kScriptFile);
  BOOST_TEST(failed_check(validation) == "transition");
}

BOOST_AUTO_TEST_CASE(invalid_context_fails_valid) {
  const char* targets[] = {
      "system_u:system_r:secgi_no_such_t:s0",
      "system_u:system_r:secgi_app_t:s0:c1024",
      "not a context",
  };
  for (const char* target : targets) {
    BOOST_TEST_CONTEXT("target '" << target << "'") {
      Validation validation = run_validation(kWrapper, target, kScriptFile);
      BOOST_TEST(failed_check(validation) == "valid");
      BOOST_TEST(validation.checks.size() == 1u);
      BOOST_TEST(!validation.passed());
    }
  }
}

BOOST_AUTO_TEST_CASE(file_type_etc_fails_entrypoint) {
  Validation validation =
      run_validation(kWrapper, kTarget, "system_u:object_r:etc_t:s0");
  BOOST_TEST(failed_check(validation) == "entrypoint");
  BOOST_TEST(failure_detail(validation) ==
             "'system_u:system_r:secgi_app_t:s0:c1' lacks file "
             "{ entrypoint } on 'system_u:object_r:etc_t:s0'");
}

// sesearch -T on the policy shows
// "type_transition secgi_wrap_t secgi_app_exec_t:process secgi_app_t", and
// a process keeps its source's range when no range_transition applies.
BOOST_AUTO_TEST_CASE(compute_create_follows_type_transition) {
  auto created = policy().compute_create(kWrapper, kScriptFile, "process");
  BOOST_TEST_REQUIRE(created.ok(), error_text(created));
  BOOST_TEST(*created == "system_u:system_r:secgi_app_t:s0-s0:c0.c1023");
}

BOOST_AUTO_TEST_CASE(compute_create_keeps_domain_without_rule) {
  auto created = policy().compute_create(kWrapper, "system_u:object_r:etc_t:s0",
                                         "process");
  BOOST_TEST_REQUIRE(created.ok(), error_text(created));
  BOOST_TEST(*created == kWrapper);
}

BOOST_AUTO_TEST_CASE(compute_create_applies_range_transition) {
  auto created = policy().compute_create(
      "system_u:system_r:httpd_t:s0", "system_u:object_r:secgi_wrap_exec_t:s0",
      "process");
  BOOST_TEST_REQUIRE(created.ok(), error_text(created));
  BOOST_TEST(*created == kWrapper);
}

BOOST_AUTO_TEST_CASE(composed_partial_context_passes) {
  auto created = policy().compute_create(kWrapper, kScriptFile, "process");
  BOOST_TEST_REQUIRE(created.ok(), error_text(created));
  auto computed = parse_context(*created);
  BOOST_TEST_REQUIRE(computed.ok(), error_text(computed));

  ContextParts parts;
  parts.range = "s0:c1";
  std::string target = compose_context(*computed, parts).str();
  BOOST_TEST(target == kTarget);
  Validation validation = run_validation(kWrapper, target, kScriptFile);
  BOOST_TEST(failed_check(validation) == "none", failure_detail(validation));
}

BOOST_AUTO_TEST_CASE(compute_create_rejects_bad_input) {
  SECGI_CHECK_ERROR(policy().compute_create("bogus", kScriptFile, "process"),
                    "invalid context 'bogus'");
  SECGI_CHECK_ERROR(policy().compute_create(kWrapper, kScriptFile, "no_class"),
                    "unknown class 'no_class'");
}

BOOST_AUTO_TEST_CASE(check_context_accepts_policy_contexts) {
  auto valid = policy().check_context(kTarget);
  BOOST_TEST(valid.ok(), error_text(valid));
  SECGI_CHECK_ERROR(policy().check_context("system_u:system_r:nope_t:s0"),
                    "invalid context 'system_u:system_r:nope_t:s0'");
}

BOOST_AUTO_TEST_CASE(check_access_lists_denied_permissions) {
  auto access = policy().check_access(kTarget, kScriptFile, "file",
                                      {"read", "write", "execute"});
  BOOST_TEST_REQUIRE(access.ok(), error_text(access));
  BOOST_TEST(access->denied == std::vector<std::string>{"write"},
             boost::test_tools::per_element());
  BOOST_TEST(!access->permissive);
}

BOOST_AUTO_TEST_CASE(check_access_rejects_unknown_names) {
  SECGI_CHECK_ERROR(
      policy().check_access(kTarget, kScriptFile, "no_class", {"read"}),
      "unknown class 'no_class'");
  SECGI_CHECK_ERROR(
      policy().check_access(kTarget, kScriptFile, "file", {"fly"}),
      "unknown permission 'file fly'");
}

constexpr char kInterpreter[] =
    "system_u:object_r:secgi_interpreter_exec_t:s0";
constexpr char kPage[] = "system_u:object_r:secgi_app_ro_t:s0:c1";

Validation run_handler(const std::string& file, const std::string& content) {
  auto validation =
      validate_exec(policy(), ExecTarget{kWrapper, kTarget, file, content});
  BOOST_TEST_REQUIRE(validation.ok(), error_text(validation));
  return *validation;
}

BOOST_AUTO_TEST_CASE(handler_page_in_category_passes) {
  Validation validation = run_handler(kInterpreter, kPage);
  BOOST_TEST(failed_check(validation) == "none", failure_detail(validation));
  std::vector<std::string> expected = {"valid", "clearance", "transition",
                                       "entrypoint", "read-execute",
                                       "script-read", "enforced"};
  BOOST_TEST(check_names(validation) == expected,
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(handler_page_in_other_category_fails) {
  Validation validation =
      run_handler(kInterpreter, "system_u:object_r:secgi_app_ro_t:s0:c2");
  BOOST_TEST_REQUIRE(failed_check(validation) == "script-read");
  BOOST_TEST(failure_detail(validation) ==
             "'system_u:system_r:secgi_app_t:s0:c1' lacks file "
             "{ open read } on the script "
             "'system_u:object_r:secgi_app_ro_t:s0:c2'");
}

BOOST_AUTO_TEST_CASE(handler_page_type_decides_read) {
  Validation validation =
      run_handler(kInterpreter, "system_u:object_r:etc_t:s0");
  BOOST_TEST(failed_check(validation) == "none", failure_detail(validation));
  validation =
      run_handler(kInterpreter, "system_u:object_r:httpd_sys_content_t:s0");
  BOOST_TEST(failed_check(validation) == "script-read");
}

// Only the interpreter type is an entrypoint: programs in bin_t, where
// the stock policy puts php-cgi, stay out of the web application domains.
BOOST_AUTO_TEST_CASE(handler_bin_t_program_fails_entrypoint) {
  Validation validation = run_handler("system_u:object_r:bin_t:s0", kPage);
  BOOST_TEST(failed_check(validation) == "entrypoint");
}

BOOST_AUTO_TEST_CASE(interpreter_transition_is_stock_domain) {
  auto computed = policy().compute_create(kWrapper, kInterpreter, "process");
  BOOST_TEST_REQUIRE(computed.ok(), error_text(computed));
  BOOST_TEST(*computed == "system_u:system_r:secgi_app_t:s0-s0:c0.c1023");
}

BOOST_AUTO_TEST_CASE(userdir_exec_type_enters_userdir_domain) {
  auto computed = policy().compute_create(
      kWrapper, "system_u:object_r:secgi_userdir_exec_t:s0", "process");
  BOOST_TEST_REQUIRE(computed.ok(), error_text(computed));
  BOOST_TEST(*computed ==
             "system_u:system_r:secgi_userdir_t:s0-s0:c0.c1023");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(load_rejects_missing_file) {
  SECGI_CHECK_ERROR(load_policy_file("/nonexistent/secgi/policy.33"),
                    "cannot open policy '/nonexistent/secgi/policy.33'");
}

BOOST_AUTO_TEST_CASE(permissive_target_fails_enforced) {
  FakePolicy fake;
  fake.permissive = true;
  auto validation =
      validate_exec(fake, ExecTarget{kWrapper, kTarget, kScriptFile});
  BOOST_TEST_REQUIRE(validation.ok(), error_text(validation));
  BOOST_TEST(failed_check(*validation) == "enforced");
  BOOST_TEST(failure_detail(*validation) ==
             "the domain of 'system_u:system_r:secgi_app_t:s0:c1' is "
             "permissive, so the kernel would not confine it");
}

BOOST_AUTO_TEST_CASE(policy_error_is_returned) {
  FakePolicy fake;
  fake.fail_access = true;
  auto validation =
      validate_exec(fake, ExecTarget{kWrapper, kTarget, kScriptFile});
  SECGI_CHECK_ERROR(validation, "policy query failed");
}

BOOST_AUTO_TEST_CASE(empty_validation_has_no_failure) {
  Validation validation;
  BOOST_TEST(validation.passed());
  BOOST_TEST(validation.failure() == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace secgi
