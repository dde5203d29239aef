#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "context.h"
#include "test_support.h"

namespace secgi {
namespace {

using test::error_text;

// What security_compute_create() returns for the wrapper executing a
// secgi_app_exec_t script: the wrapper's whole range.
Context computed_context() {
  return Context{"system_u", "system_r", "secgi_app_t", "s0-s0:c0.c1023"};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(context)

BOOST_AUTO_TEST_CASE(parses_context_with_mcs_range) {
  auto context = parse_context("system_u:system_r:secgi_app_t:s0-s0:c0.c1023");
  BOOST_TEST_REQUIRE(context.ok(), error_text(context));
  BOOST_TEST(context->user == "system_u");
  BOOST_TEST(context->role == "system_r");
  BOOST_TEST(context->type == "secgi_app_t");
  BOOST_TEST(context->range == "s0-s0:c0.c1023");
  BOOST_TEST(context->str() == "system_u:system_r:secgi_app_t:s0-s0:c0.c1023");
}

BOOST_AUTO_TEST_CASE(parses_category_list) {
  auto context = parse_context("system_u:system_r:secgi_app_t:s0:c1,c5.c9");
  BOOST_TEST_REQUIRE(context.ok(), error_text(context));
  BOOST_TEST(context->type == "secgi_app_t");
  BOOST_TEST(context->range == "s0:c1,c5.c9");
}

BOOST_AUTO_TEST_CASE(parses_context_without_range) {
  auto context = parse_context("system_u:object_r:etc_t");
  BOOST_TEST_REQUIRE(context.ok(), error_text(context));
  BOOST_TEST(context->user == "system_u");
  BOOST_TEST(context->role == "object_r");
  BOOST_TEST(context->type == "etc_t");
  BOOST_TEST(context->range.empty());
  BOOST_TEST(context->str() == "system_u:object_r:etc_t");
}

BOOST_AUTO_TEST_CASE(rejects_too_few_fields) {
  SECGI_CHECK_ERROR(parse_context("system_u:system_r"),
                    "expected user:role:type[:range]");
  SECGI_CHECK_ERROR(parse_context("secgi_app_t"),
                    "expected user:role:type[:range]");
}

BOOST_AUTO_TEST_CASE(rejects_empty_part) {
  auto context = parse_context("system_u::secgi_app_t:s0");
  BOOST_TEST_REQUIRE(!context.ok());
  BOOST_TEST(context.error() == "invalid context: empty role");
}

BOOST_AUTO_TEST_CASE(rejects_invalid_characters) {
  const char* contexts[] = {
      "system_u:system_r:secgi$app_t:s0",
      "system u:system_r:secgi_app_t:s0",
      "system_u:system-r:secgi_app_t:s0",
      "system_u:system_r:secgi_app_t:s0 c1",
      "system_u:system_r:secgi_app_t:s0:c1;id",
      "system_u:system_r:secgi_app_t:s0\n",
  };
  for (const char* text : contexts) {
    BOOST_TEST_CONTEXT("context '" << text << "'") {
      SECGI_CHECK_ERROR(parse_context(text), "invalid character in");
    }
  }
}

BOOST_AUTO_TEST_CASE(names_the_part_with_invalid_character) {
  auto context = parse_context("system_u:system_r:bad/type:s0");
  BOOST_TEST_REQUIRE(!context.ok());
  BOOST_TEST(context.error() ==
             "invalid context: invalid character in type 'bad/type'");
}

BOOST_AUTO_TEST_CASE(checks_range_part_characters) {
  BOOST_TEST(check_context_part("range", "s0-s0:c0.c9,c12").ok());
  BOOST_TEST(!check_context_part("type", "s0:c1").ok());
  BOOST_TEST(!check_context_part("range", "s0/c1").ok());
  BOOST_TEST(!check_context_part("user", "").ok());
}

BOOST_AUTO_TEST_CASE(low_level_of_range) {
  BOOST_TEST(low_level("s0-s0:c0.c1023") == "s0");
  BOOST_TEST(low_level("s0:c1-s0:c1.c5") == "s0:c1");
  BOOST_TEST(low_level("s0:c3") == "s0:c3");
  BOOST_TEST(low_level("").empty());
}

BOOST_AUTO_TEST_CASE(compose_without_parts_uses_low_level) {
  Context out = compose_context(computed_context(), ContextParts{});
  BOOST_TEST(out.str() == "system_u:system_r:secgi_app_t:s0");
}

BOOST_AUTO_TEST_CASE(compose_sets_range) {
  ContextParts parts;
  parts.range = "s0:c1";
  Context out = compose_context(computed_context(), parts);
  BOOST_TEST(out.str() == "system_u:system_r:secgi_app_t:s0:c1");
}

BOOST_AUTO_TEST_CASE(compose_sets_type) {
  ContextParts parts;
  parts.type = "secgi_wiki_t";
  Context out = compose_context(computed_context(), parts);
  BOOST_TEST(out.str() == "system_u:system_r:secgi_wiki_t:s0");
}

BOOST_AUTO_TEST_CASE(compose_sets_role) {
  ContextParts parts;
  parts.role = "webapp_r";
  Context out = compose_context(computed_context(), parts);
  BOOST_TEST(out.str() == "system_u:webapp_r:secgi_app_t:s0");
}

BOOST_AUTO_TEST_CASE(compose_sets_user) {
  ContextParts parts;
  parts.user = "staff_u";
  Context out = compose_context(computed_context(), parts);
  BOOST_TEST(out.str() == "staff_u:system_r:secgi_app_t:s0");
}

BOOST_AUTO_TEST_CASE(compose_sets_every_part) {
  ContextParts parts;
  parts.user = "staff_u";
  parts.role = "webapp_r";
  parts.type = "secgi_wiki_t";
  parts.range = "s0:c2,c7";
  Context out = compose_context(computed_context(), parts);
  BOOST_TEST(out.str() == "staff_u:webapp_r:secgi_wiki_t:s0:c2,c7");
}

BOOST_AUTO_TEST_CASE(compose_keeps_range_free_policy_without_range) {
  Context computed{"system_u", "system_r", "secgi_app_t", ""};
  Context out = compose_context(computed, ContextParts{});
  BOOST_TEST(out.str() == "system_u:system_r:secgi_app_t");
}

BOOST_AUTO_TEST_CASE(parts_report_empty) {
  ContextParts parts;
  BOOST_TEST(parts.empty());
  parts.range = "s0";
  BOOST_TEST(!parts.empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace secgi
