#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <limits.h>
#include <unistd.h>

#include <string>

#include "normalize.h"
#include "test_support.h"

namespace secgi {
namespace {

using test::error_text;

NameRules example_rules() {
  NameRules rules;
  rules.strip_realms = {"EXAMPLE.ORG", "example.org"};
  rules.strip_domains = {"EXAMPLE"};
  return rules;
}

// Requires NAME to normalise to EXPECTED under RULES.
void check_normalized(const std::string& name, const NameRules& rules,
                      const std::string& expected) {
  BOOST_TEST_CONTEXT("name '" << name << "'") {
    auto out = normalize_name(name, rules);
    BOOST_TEST_REQUIRE(out.ok(), error_text(out));
    BOOST_TEST(*out == expected);
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(normalize)

BOOST_AUTO_TEST_CASE(plain_name_is_unchanged) {
  check_normalized("alice", example_rules(), "alice");
  check_normalized("Alice", example_rules(), "Alice");
}

BOOST_AUTO_TEST_CASE(listed_realm_is_stripped) {
  check_normalized("alice@EXAMPLE.ORG", example_rules(), "alice");
}

BOOST_AUTO_TEST_CASE(realm_compares_case_sensitively) {
  NameRules rules;
  rules.strip_realms = {"EXAMPLE.ORG"};
  check_normalized("alice@Example.Org", rules, "alice@Example.Org");
}

BOOST_AUTO_TEST_CASE(certificate_email_domain_is_stripped) {
  check_normalized("alice@example.org", example_rules(), "alice");
}

BOOST_AUTO_TEST_CASE(foreign_realm_is_kept_by_default) {
  check_normalized("alice@OTHER.ORG", example_rules(), "alice@OTHER.ORG");
}

BOOST_AUTO_TEST_CASE(foreign_realm_rejected_when_configured) {
  NameRules rules = example_rules();
  rules.foreign_realm = ForeignName::reject;
  auto out = normalize_name("alice@OTHER.ORG", rules);
  SECGI_CHECK_ERROR(out, "the realm 'OTHER.ORG' of 'alice@OTHER.ORG' is "
                         "not listed in strip_realm");
}

BOOST_AUTO_TEST_CASE(enterprise_principal_keeps_first_at) {
  check_normalized("alice@example.com@EXAMPLE.ORG", example_rules(),
                   "alice@example.com");
}

BOOST_AUTO_TEST_CASE(instance_survives_realm_stripping) {
  check_normalized("alice/admin@EXAMPLE.ORG", example_rules(), "alice/admin");
}

BOOST_AUTO_TEST_CASE(bare_realm_leaves_empty_name) {
  auto out = normalize_name("@EXAMPLE.ORG", example_rules());
  SECGI_CHECK_ERROR(out, "the client's normalised name is empty");
}

BOOST_AUTO_TEST_CASE(listed_domain_is_stripped) {
  check_normalized("EXAMPLE\\alice", example_rules(), "alice");
}

BOOST_AUTO_TEST_CASE(domain_compares_ignoring_case) {
  check_normalized("example\\alice", example_rules(), "alice");
  check_normalized("Example\\alice", example_rules(), "alice");
}

BOOST_AUTO_TEST_CASE(foreign_domain_is_kept_by_default) {
  check_normalized("OTHER\\alice", example_rules(), "OTHER\\alice");
}

BOOST_AUTO_TEST_CASE(foreign_domain_rejected_when_configured) {
  NameRules rules = example_rules();
  rules.foreign_domain = ForeignName::reject;
  auto out = normalize_name("OTHER\\alice", rules);
  SECGI_CHECK_ERROR(out, "the domain 'OTHER' of 'OTHER\\alice' is not "
                         "listed in strip_domain");
}

BOOST_AUTO_TEST_CASE(realm_then_domain_are_stripped) {
  check_normalized("EXAMPLE\\alice@EXAMPLE.ORG", example_rules(), "alice");
}

BOOST_AUTO_TEST_CASE(case_is_kept_by_default) {
  check_normalized("ALICE", NameRules{}, "ALICE");
}

BOOST_AUTO_TEST_CASE(fold_case_lowers_ascii_only) {
  NameRules rules;
  rules.fold_case = true;
  check_normalized("ALICE", rules, "alice");
  check_normalized("J\xc3\x96RG", rules, "j\xc3\x96rg");
}

BOOST_AUTO_TEST_CASE(fold_case_applies_after_realm_match) {
  NameRules rules = example_rules();
  rules.fold_case = true;
  check_normalized("Alice@EXAMPLE.ORG", rules, "alice");
  check_normalized("Alice@OTHER.ORG", rules, "alice@other.org");
}

BOOST_AUTO_TEST_CASE(certificate_common_name_with_space_is_kept) {
  check_normalized("Alice Smith", example_rules(), "Alice Smith");
}

BOOST_AUTO_TEST_CASE(control_characters_are_rejected) {
  for (const char* name : {"alice\nroot", "alice\troot", "alice\x7f",
                           "alice\r@EXAMPLE.ORG", "EXAMPLE\\\x1b[2J"}) {
    BOOST_TEST_CONTEXT("name '" << name << "'") {
      auto out = normalize_name(name, example_rules());
      SECGI_CHECK_ERROR(out, "contains a control character");
    }
  }
}

BOOST_AUTO_TEST_CASE(empty_name_is_rejected) {
  auto out = normalize_name("", example_rules());
  SECGI_CHECK_ERROR(out, "the client's name is empty");
}

BOOST_AUTO_TEST_CASE(max_name_length_follows_sysconf) {
  long limit = ::sysconf(_SC_LOGIN_NAME_MAX);
  BOOST_TEST_REQUIRE(limit > 1);
  BOOST_TEST(max_name_length() == static_cast<size_t>(limit) - 1);
}

BOOST_AUTO_TEST_CASE(longest_name_is_accepted) {
  std::string longest(max_name_length(), 'a');
  check_normalized(longest, NameRules{}, longest);
}

BOOST_AUTO_TEST_CASE(over_long_name_is_rejected) {
  std::string name(max_name_length() + 1, 'a');
  auto out = normalize_name(name, NameRules{});
  SECGI_CHECK_ERROR(out, "more than the system's maximum of " +
                             std::to_string(max_name_length()));
}

BOOST_AUTO_TEST_CASE(length_is_checked_after_stripping) {
  std::string user(max_name_length(), 'a');
  check_normalized(user + "@EXAMPLE.ORG", example_rules(), user);
}

BOOST_AUTO_TEST_CASE(check_name_names_the_value) {
  auto status = check_name("", "PAM_USER");
  SECGI_CHECK_ERROR(status, "PAM_USER is empty");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace secgi
