#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "mapping.h"
#include "test_support.h"

namespace secgi {
namespace {

using test::error_text;

constexpr const char* kFile = "/etc/secgi/mappings";

// Parses TEXT, which must hold exactly one entry, and returns it.
MappingEntry parse_one(const std::string& text) {
  auto entries = parse_mappings(text, kFile);
  BOOST_TEST_REQUIRE(entries.ok(), error_text(entries));
  BOOST_TEST_REQUIRE(entries->size() == 1u);
  return entries->front();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mapping)

BOOST_AUTO_TEST_CASE(parses_every_selector_kind) {
  auto entries = parse_mappings(
      "user:alice range=s0:c1\n"
      "group:staff range=s0:c2\n"
      "default range=s0:c3\n"
      "anonymous range=s0:c4\n",
      kFile);
  BOOST_TEST_REQUIRE(entries.ok(), error_text(entries));
  BOOST_TEST_REQUIRE(entries->size() == 4u);

  const auto& list = *entries;
  BOOST_TEST((list[0].selector.kind == SelectorKind::user));
  BOOST_TEST(list[0].selector.name == "alice");
  BOOST_TEST((list[1].selector.kind == SelectorKind::group));
  BOOST_TEST(list[1].selector.name == "staff");
  BOOST_TEST((list[2].selector.kind == SelectorKind::authenticated_default));
  BOOST_TEST(list[2].selector.name.empty());
  BOOST_TEST((list[3].selector.kind == SelectorKind::anonymous));
  BOOST_TEST(list[3].selector.name.empty());

  BOOST_TEST(list[0].selector.str() == "user:alice");
  BOOST_TEST(list[1].selector.str() == "group:staff");
  BOOST_TEST(list[2].selector.str() == "default");
  BOOST_TEST(list[3].selector.str() == "anonymous");
  for (int i = 0; i < 4; ++i) BOOST_TEST(list[i].line == i + 1);
}

BOOST_AUTO_TEST_CASE(parses_full_context) {
  MappingEntry entry =
      parse_one("user:alice system_u:system_r:secgi_app_t:s0:c1,c3\n");
  BOOST_TEST(!entry.target.deny);
  BOOST_TEST_REQUIRE(entry.target.full.has_value());
  BOOST_TEST(entry.target.full->type == "secgi_app_t");
  BOOST_TEST(entry.target.full->range == "s0:c1,c3");
  BOOST_TEST(entry.target.parts.empty());
  BOOST_TEST(entry.str() ==
             "user:alice system_u:system_r:secgi_app_t:s0:c1,c3");
}

BOOST_AUTO_TEST_CASE(rejects_invalid_full_context) {
  auto entries = parse_mappings("user:alice system_u:system_r\n", kFile);
  SECGI_CHECK_ERROR(entries, "/etc/secgi/mappings:1: invalid context");
}

BOOST_AUTO_TEST_CASE(parses_partial_context) {
  MappingEntry entry = parse_one("group:wiki type=secgi_app_t range=s0:c7\n");
  BOOST_TEST(!entry.target.deny);
  BOOST_TEST(!entry.target.full.has_value());
  BOOST_TEST(!entry.target.parts.user.has_value());
  BOOST_TEST(!entry.target.parts.role.has_value());
  BOOST_TEST(entry.target.parts.type.value_or("") == "secgi_app_t");
  BOOST_TEST(entry.target.parts.range.value_or("") == "s0:c7");
  BOOST_TEST(entry.str() == "group:wiki type=secgi_app_t range=s0:c7");
}

BOOST_AUTO_TEST_CASE(parses_every_part) {
  MappingEntry entry = parse_one(
      "user:bob range=s0:c9 type=secgi_app_t role=system_r user=system_u\n");
  const ContextParts& parts = entry.target.parts;
  BOOST_TEST(parts.user.value_or("") == "system_u");
  BOOST_TEST(parts.role.value_or("") == "system_r");
  BOOST_TEST(parts.type.value_or("") == "secgi_app_t");
  BOOST_TEST(parts.range.value_or("") == "s0:c9");
  // str() writes the parts in a fixed order, whatever the source order.
  BOOST_TEST(entry.str() == "user:bob user=system_u role=system_r "
                            "type=secgi_app_t range=s0:c9");
}

BOOST_AUTO_TEST_CASE(parses_deny) {
  MappingEntry entry = parse_one("user:mallory deny\n");
  BOOST_TEST(entry.target.deny);
  BOOST_TEST(!entry.target.full.has_value());
  BOOST_TEST(entry.target.parts.empty());
  BOOST_TEST(entry.str() == "user:mallory deny");
}

BOOST_AUTO_TEST_CASE(rejects_deny_with_parts) {
  auto entries = parse_mappings("user:mallory deny range=s0\n", kFile);
  SECGI_CHECK_ERROR(entries, "/etc/secgi/mappings:1: unknown part 'deny'");
}

BOOST_AUTO_TEST_CASE(skips_comments_and_blank_lines) {
  auto entries = parse_mappings(
      "# web identities\n"
      "\n"
      "   \t\n"
      "  # indented comment\n"
      "user:alice range=s0:c1\n"
      "\n"
      "anonymous deny",
      kFile);
  BOOST_TEST_REQUIRE(entries.ok(), error_text(entries));
  BOOST_TEST_REQUIRE(entries->size() == 2u);
  BOOST_TEST((*entries)[0].line == 5);
  BOOST_TEST((*entries)[1].line == 7);
  BOOST_TEST((*entries)[1].target.deny);
}

BOOST_AUTO_TEST_CASE(accepts_tabs_as_separators) {
  MappingEntry entry =
      parse_one("\tuser:alice\ttype=secgi_app_t \t range=s0:c1\t\n");
  BOOST_TEST(entry.selector.str() == "user:alice");
  BOOST_TEST(entry.target.parts.type.value_or("") == "secgi_app_t");
  BOOST_TEST(entry.target.parts.range.value_or("") == "s0:c1");
}

BOOST_AUTO_TEST_CASE(duplicate_selector_names_earlier_line) {
  auto entries = parse_mappings(
      "user:alice range=s0:c1\n"
      "# alice again\n"
      "user:alice range=s0:c2\n",
      kFile);
  BOOST_TEST_REQUIRE(!entries.ok());
  BOOST_TEST(entries.error() ==
             "/etc/secgi/mappings:3: 'user:alice' already mapped on line 1");
}

BOOST_AUTO_TEST_CASE(rejects_duplicate_default) {
  auto entries = parse_mappings("default deny\n\ndefault range=s0\n", kFile);
  SECGI_CHECK_ERROR(entries, ":3: 'default' already mapped on line 1");
}

BOOST_AUTO_TEST_CASE(same_name_as_user_and_group_is_allowed) {
  auto entries =
      parse_mappings("user:web range=s0:c1\ngroup:web range=s0:c2\n", kFile);
  BOOST_TEST_REQUIRE(entries.ok(), error_text(entries));
  BOOST_TEST(entries->size() == 2u);
}

BOOST_AUTO_TEST_CASE(rejects_malformed_selector) {
  const char* selectors[] = {"usr:alice", "alice", "user:", "group:",
                             "Default", "anonymous:x"};
  for (const char* selector : selectors) {
    BOOST_TEST_CONTEXT("selector '" << selector << "'") {
      auto entries =
          parse_mappings(std::string(selector) + " range=s0\n", kFile);
      SECGI_CHECK_ERROR(entries, "/etc/secgi/mappings:1: invalid selector");
    }
  }
}

BOOST_AUTO_TEST_CASE(parse_selector_names_expected_forms) {
  auto selector = parse_selector("uid:1000");
  BOOST_TEST_REQUIRE(!selector.ok());
  BOOST_TEST(selector.error() ==
             "invalid selector 'uid:1000'; expected user:NAME, group:NAME, "
             "default or anonymous");
}

BOOST_AUTO_TEST_CASE(rejects_selector_without_target) {
  auto entries = parse_mappings("user:alice\n", kFile);
  SECGI_CHECK_ERROR(entries, "/etc/secgi/mappings:1: expected 'SELECTOR "
                             "TARGET'");
}

BOOST_AUTO_TEST_CASE(rejects_unknown_part) {
  auto entries = parse_mappings("user:alice level=s0\n", kFile);
  BOOST_TEST_REQUIRE(!entries.ok());
  BOOST_TEST(entries.error() ==
             "/etc/secgi/mappings:1: unknown part 'level=s0'; "
             "expected user=, role=, type= or range=");
}

BOOST_AUTO_TEST_CASE(rejects_part_without_equals) {
  auto entries = parse_mappings("user:alice type=secgi_app_t range\n", kFile);
  SECGI_CHECK_ERROR(entries, "unknown part 'range'");
}

BOOST_AUTO_TEST_CASE(rejects_part_given_twice) {
  auto entries =
      parse_mappings("user:alice range=s0:c1 range=s0:c2\n", kFile);
  BOOST_TEST_REQUIRE(!entries.ok());
  BOOST_TEST(entries.error() ==
             "/etc/secgi/mappings:1: part 'range' given twice");
}

BOOST_AUTO_TEST_CASE(rejects_invalid_part_value) {
  auto entries = parse_mappings("user:alice type=secgi-app\n", kFile);
  SECGI_CHECK_ERROR(entries, "invalid character in type 'secgi-app'");
  SECGI_CHECK_ERROR(parse_mappings("user:alice range=\n", kFile),
                    "empty range");
}

BOOST_AUTO_TEST_CASE(rejects_control_character) {
  const char* lines[] = {"user:al\x01ice range=s0\n", "user:alice deny\r\n",
                         "user:alice range=s0\x7f\n",
                         "user:alice\x1b[2J deny\n"};
  for (const char* line : lines) {
    BOOST_TEST_CONTEXT("line '" << line << "'") {
      auto entries =
          parse_mappings(std::string("# first\n") + line, kFile);
      BOOST_TEST_REQUIRE(!entries.ok());
      BOOST_TEST(entries.error() ==
                 "/etc/secgi/mappings:2: control character");
    }
  }
}

BOOST_AUTO_TEST_CASE(memory_source_finds_by_selector) {
  auto entries = parse_mappings("user:alice range=s0:c1\n", kFile);
  BOOST_TEST_REQUIRE(entries.ok(), error_text(entries));
  auto source = make_memory_source(std::move(*entries));

  auto alice = source->find(Selector{SelectorKind::user, "alice"});
  BOOST_TEST_REQUIRE(alice.ok(), error_text(alice));
  BOOST_TEST_REQUIRE(alice->has_value());
  BOOST_TEST((*alice)->line == 1);

  auto group = source->find(Selector{SelectorKind::group, "alice"});
  BOOST_TEST_REQUIRE(group.ok(), error_text(group));
  BOOST_TEST(!group->has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace secgi
