#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>
#include <vector>

#include "lookup.h"
#include "mapping.h"
#include "test_support.h"

namespace secgi {
namespace {

using test::error_text;

std::unique_ptr<MappingSource> source_from(const std::string& text) {
  auto entries = parse_mappings(text, "/etc/secgi/mappings");
  BOOST_TEST_REQUIRE(entries.ok(), error_text(entries));
  return make_memory_source(std::move(*entries));
}

Identity authenticated(const std::string& user,
                       std::vector<std::string> groups = {}) {
  return Identity{true, user, std::move(groups)};
}

// Returns the selector of the entry that lookup() finds, or "none".
std::string decided_by(const MappingSource& source, const Identity& identity) {
  auto found = lookup(source, identity);
  BOOST_TEST_REQUIRE(found.ok(), error_text(found));
  return *found ? (*found)->selector.str() : "none";
}

// A source whose every lookup fails, as a broken compiled index would.
class FailingSource final : public MappingSource {
 public:
  Result<std::optional<MappingEntry>> find(const Selector&) const override {
    return make_error("mapping index is corrupt");
  }
};

const char kAllKinds[] =
    "anonymous range=s0:c100\n"
    "default range=s0:c0\n"
    "group:staff range=s0:c2\n"
    "group:wiki range=s0:c3\n"
    "user:alice range=s0:c1\n";

}  // namespace

BOOST_AUTO_TEST_SUITE(lookup_order)

BOOST_AUTO_TEST_CASE(user_beats_group) {
  auto source = source_from(kAllKinds);
  BOOST_TEST(decided_by(*source, authenticated("alice", {"staff", "wiki"})) ==
             "user:alice");
}

BOOST_AUTO_TEST_CASE(group_beats_default) {
  auto source = source_from(kAllKinds);
  BOOST_TEST(decided_by(*source, authenticated("bob", {"users", "wiki"})) ==
             "group:wiki");
}

BOOST_AUTO_TEST_CASE(default_when_no_user_or_group) {
  auto source = source_from(kAllKinds);
  BOOST_TEST(decided_by(*source, authenticated("carol", {"users"})) ==
             "default");
  BOOST_TEST(decided_by(*source, authenticated("carol")) == "default");
}

BOOST_AUTO_TEST_CASE(group_order_follows_source_lines) {
  auto source = source_from(kAllKinds);
  // NSS lists wiki first, but group:staff comes first in the source.
  BOOST_TEST(decided_by(*source, authenticated("bob", {"wiki", "staff"})) ==
             "group:staff");
  BOOST_TEST(decided_by(*source, authenticated("bob", {"staff", "wiki"})) ==
             "group:staff");
}

BOOST_AUTO_TEST_CASE(group_order_uses_line_not_name) {
  auto source = source_from(
      "group:zeta range=s0:c5\n"
      "group:alpha range=s0:c6\n");
  BOOST_TEST(decided_by(*source, authenticated("bob", {"alpha", "zeta"})) ==
             "group:zeta");
}

BOOST_AUTO_TEST_CASE(group_lookup_reports_matched_line) {
  auto source = source_from(kAllKinds);
  auto found = lookup(*source, authenticated("bob", {"wiki", "staff"}));
  BOOST_TEST_REQUIRE(found.ok(), error_text(found));
  BOOST_TEST_REQUIRE(found->has_value());
  BOOST_TEST((*found)->line == 3);
  BOOST_TEST((*found)->target.parts.range.value_or("") == "s0:c2");
}

BOOST_AUTO_TEST_CASE(anonymous_for_unauthenticated) {
  auto source = source_from(kAllKinds);
  BOOST_TEST(decided_by(*source, Identity{}) == "anonymous");
}

BOOST_AUTO_TEST_CASE(unauthenticated_ignores_user_and_groups) {
  auto source = source_from("user:alice range=s0:c1\ngroup:staff deny\n"
                            "default range=s0\n");
  Identity forged{false, "alice", {"staff"}};
  BOOST_TEST(decided_by(*source, forged) == "none");
}

BOOST_AUTO_TEST_CASE(authenticated_never_falls_back_to_anonymous) {
  auto source = source_from("anonymous range=s0:c100\nuser:alice deny\n");
  BOOST_TEST(decided_by(*source, authenticated("bob", {"staff"})) == "none");
}

BOOST_AUTO_TEST_CASE(empty_source_gives_none) {
  auto source = source_from("# nothing mapped\n");
  BOOST_TEST(decided_by(*source, authenticated("alice")) == "none");
  BOOST_TEST(decided_by(*source, Identity{}) == "none");
}

BOOST_AUTO_TEST_CASE(returns_user_deny_entry) {
  auto source = source_from(std::string(kAllKinds) + "user:mallory deny\n");
  auto found = lookup(*source, authenticated("mallory", {"staff"}));
  BOOST_TEST_REQUIRE(found.ok(), error_text(found));
  BOOST_TEST_REQUIRE(found->has_value());
  BOOST_TEST((*found)->selector.str() == "user:mallory");
  BOOST_TEST((*found)->target.deny);
}

BOOST_AUTO_TEST_CASE(group_deny_stops_lookup) {
  auto source = source_from("group:banned deny\ngroup:staff range=s0:c2\n"
                            "default range=s0\n");
  auto found = lookup(*source, authenticated("eve", {"staff", "banned"}));
  BOOST_TEST_REQUIRE(found.ok(), error_text(found));
  BOOST_TEST_REQUIRE(found->has_value());
  BOOST_TEST((*found)->selector.str() == "group:banned");
  BOOST_TEST((*found)->target.deny);
}

BOOST_AUTO_TEST_CASE(returns_anonymous_deny_entry) {
  auto source = source_from("anonymous deny\n");
  auto found = lookup(*source, Identity{});
  BOOST_TEST_REQUIRE(found.ok(), error_text(found));
  BOOST_TEST_REQUIRE(found->has_value());
  BOOST_TEST((*found)->target.deny);
}

BOOST_AUTO_TEST_CASE(source_error_is_returned) {
  FailingSource source;
  SECGI_CHECK_ERROR(lookup(source, authenticated("alice", {"staff"})),
                    "mapping index is corrupt");
  SECGI_CHECK_ERROR(lookup(source, Identity{}), "mapping index is corrupt");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace secgi
