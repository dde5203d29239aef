// Scoped entries: parsing of vhost= and dir=, and the precedence of scopes
// within each lookup step.
#include <string>
#include <vector>

#include "lookup.h"
#include "mapping.h"
#include "scope.h"
#include "test_support.h"

namespace secgi {
namespace {

std::unique_ptr<MappingSource> source_of(const std::string& text) {
  auto entries = parse_mappings(text, "mappings");
  BOOST_TEST_REQUIRE(entries.ok(), test::error_text(entries));
  return make_memory_source(std::move(*entries));
}

Identity user(const std::string& name, std::vector<std::string> groups = {}) {
  return Identity{true, name, std::move(groups)};
}

// The line of the entry that decides, or 0 when none applies.
int decided_line(const MappingSource& source, const Identity& identity,
                 const RequestScope& request) {
  auto found = lookup(source, identity, request);
  BOOST_TEST_REQUIRE(found.ok(), test::error_text(found));
  return *found ? (*found)->line : 0;
}

const RequestScope kWikiScript{"wiki", "/srv/secgi/cgi-bin/wiki/index.cgi"};

}  // namespace

BOOST_AUTO_TEST_SUITE(scope_parsing)

BOOST_AUTO_TEST_CASE(scope_fields_follow_target) {
  auto entry = parse_mapping_line(
      "user:alice range=s0:c1 vhost=wiki dir=/srv/secgi/cgi-bin", 4);
  BOOST_TEST_REQUIRE(entry.ok(), test::error_text(entry));
  BOOST_TEST(entry->scope.vhost == "wiki");
  BOOST_TEST(entry->scope.dir == "/srv/secgi/cgi-bin");
  BOOST_TEST(*entry->target.parts.range == "s0:c1");
  BOOST_TEST(entry->line == 4);
  BOOST_TEST(entry->str() ==
             "user:alice range=s0:c1 vhost=wiki dir=/srv/secgi/cgi-bin");
}

BOOST_AUTO_TEST_CASE(scope_on_deny_and_full_context) {
  auto deny = parse_mapping_line("user:bob deny vhost=shop", 1);
  BOOST_TEST_REQUIRE(deny.ok(), test::error_text(deny));
  BOOST_TEST(deny->target.deny);
  BOOST_TEST(deny->scope.vhost == "shop");
  auto full = parse_mapping_line(
      "default system_u:system_r:secgi_app_t:s0 dir=/srv", 1);
  BOOST_TEST_REQUIRE(full.ok(), test::error_text(full));
  BOOST_TEST(full->target.full.has_value());
  BOOST_TEST(full->scope.dir == "/srv");
}

BOOST_AUTO_TEST_CASE(scope_before_target_rejected) {
  SECGI_CHECK_ERROR(parse_mapping_line("user:a vhost=x range=s0", 1),
                    "must follow the target");
  SECGI_CHECK_ERROR(parse_mapping_line("user:a vhost=x", 1),
                    "must follow the target");
}

BOOST_AUTO_TEST_CASE(invalid_dir_rejected) {
  SECGI_CHECK_ERROR(parse_mapping_line("user:a deny dir=srv", 1),
                    "not an absolute path");
  SECGI_CHECK_ERROR(parse_mapping_line("user:a deny dir=/srv/../etc", 1),
                    "'..' component");
  SECGI_CHECK_ERROR(parse_mapping_line("user:a deny dir=/srv//x", 1),
                    "empty, '.' or '..'");
  SECGI_CHECK_ERROR(parse_mapping_line("user:a deny dir=/srv/", 1),
                    "ends with '/'");
  SECGI_CHECK_ERROR(parse_mapping_line("user:a deny dir=", 1),
                    "not an absolute path");
}

BOOST_AUTO_TEST_CASE(repeated_scope_part_rejected) {
  SECGI_CHECK_ERROR(parse_mapping_line("user:a deny vhost=x vhost=y", 1),
                    "given twice");
  SECGI_CHECK_ERROR(parse_mapping_line("user:a deny vhost=", 1),
                    "empty vhost=");
}

BOOST_AUTO_TEST_CASE(same_selector_other_scope_allowed) {
  auto entries = parse_mappings(
      "user:a range=s0:c1\nuser:a range=s0:c2 vhost=wiki\n"
      "user:a range=s0:c3 dir=/srv\n",
      "mappings");
  BOOST_TEST_REQUIRE(entries.ok(), test::error_text(entries));
  BOOST_TEST(entries->size() == 3u);
}

BOOST_AUTO_TEST_CASE(same_selector_same_scope_rejected) {
  SECGI_CHECK_ERROR(parse_mappings("user:a deny vhost=w\n"
                                   "user:a range=s0 vhost=w\n",
                                   "mappings"),
                    "mappings:2: 'user:a vhost=w' already mapped on line 1");
}

BOOST_AUTO_TEST_CASE(script_directories_deepest_first) {
  auto dirs = script_directories("/srv/secgi/x.cgi");
  BOOST_TEST_REQUIRE(dirs.ok(), test::error_text(dirs));
  std::vector<std::string> expected = {"/srv/secgi", "/srv", "/"};
  BOOST_TEST(*dirs == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(script_directories_reject_unnormalized) {
  SECGI_CHECK_ERROR(script_directories("srv/x.cgi"), "normalized");
  SECGI_CHECK_ERROR(script_directories("/srv/a/../b/x.cgi"), "normalized");
  SECGI_CHECK_ERROR(script_directories("/srv/./x.cgi"), "normalized");
  SECGI_CHECK_ERROR(script_directories("/"), "normalized");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(scope_precedence)

BOOST_AUTO_TEST_CASE(most_specific_scope_wins) {
  std::string unscoped = "user:a range=s0:c1\n";
  std::string vhost = "user:a range=s0:c2 vhost=wiki\n";
  std::string dir = "user:a range=s0:c3 dir=/srv/secgi/cgi-bin\n";
  std::string both = "user:a range=s0:c4 vhost=wiki dir=/srv/secgi\n";
  auto all = source_of(unscoped + vhost + dir + both);
  BOOST_TEST(decided_line(*all, user("a"), kWikiScript) == 4);
  auto no_both = source_of(unscoped + vhost + dir);
  BOOST_TEST(decided_line(*no_both, user("a"), kWikiScript) == 3);
  auto no_dir = source_of(unscoped + vhost);
  BOOST_TEST(decided_line(*no_dir, user("a"), kWikiScript) == 2);
  auto plain = source_of(unscoped);
  BOOST_TEST(decided_line(*plain, user("a"), kWikiScript) == 1);
}

BOOST_AUTO_TEST_CASE(deepest_directory_wins) {
  auto source = source_of(
      "user:a range=s0:c1 dir=/srv\n"
      "user:a range=s0:c2 dir=/srv/secgi/cgi-bin/wiki\n"
      "user:a range=s0:c3 dir=/srv/secgi\n");
  BOOST_TEST(decided_line(*source, user("a"), kWikiScript) == 2);
}

BOOST_AUTO_TEST_CASE(dir_matches_whole_components) {
  auto source = source_of("user:a range=s0:c1 dir=/srv/secgi/cgi\n");
  BOOST_TEST(decided_line(*source, user("a"), kWikiScript) == 0);
}

BOOST_AUTO_TEST_CASE(other_vhost_does_not_match) {
  auto source = source_of("user:a range=s0:c1 vhost=shop\n"
                          "user:a range=s0:c2 vhost=shop dir=/srv\n");
  BOOST_TEST(decided_line(*source, user("a"), kWikiScript) == 0);
  BOOST_TEST(decided_line(*source, user("a"), {"shop", ""}) == 1);
}

BOOST_AUTO_TEST_CASE(unset_vhost_matches_only_unscoped_vhost) {
  auto source = source_of("user:a range=s0:c1 vhost=wiki\n"
                          "user:a range=s0:c2\n");
  BOOST_TEST(decided_line(*source, user("a"), {"", "/srv/x.cgi"}) == 2);
}

BOOST_AUTO_TEST_CASE(user_step_before_scoped_group) {
  auto source = source_of(
      "group:staff range=s0:c1 vhost=wiki dir=/srv/secgi/cgi-bin/wiki\n"
      "user:a range=s0:c2\n");
  BOOST_TEST(decided_line(*source, user("a", {"staff"}), kWikiScript) == 2);
}

BOOST_AUTO_TEST_CASE(groups_by_scope_then_line) {
  auto source = source_of("group:first range=s0:c1\n"
                          "group:second range=s0:c2 vhost=wiki\n"
                          "group:third range=s0:c3 vhost=wiki\n");
  Identity identity = user("a", {"third", "first", "second"});
  BOOST_TEST(decided_line(*source, identity, kWikiScript) == 2);
  BOOST_TEST(decided_line(*source, identity, {"", ""}) == 1);
}

BOOST_AUTO_TEST_CASE(default_and_anonymous_scoped) {
  auto source = source_of("default range=s0:c1\n"
                          "default deny dir=/srv/secgi/cgi-bin\n"
                          "anonymous deny\n"
                          "anonymous range=s0 vhost=wiki\n");
  BOOST_TEST(decided_line(*source, user("a"), kWikiScript) == 2);
  BOOST_TEST(decided_line(*source, user("a"), {"", "/var/www/x.cgi"}) == 1);
  BOOST_TEST(decided_line(*source, Identity{}, kWikiScript) == 4);
  BOOST_TEST(decided_line(*source, Identity{}, {"", ""}) == 3);
}

BOOST_AUTO_TEST_CASE(unscoped_lookup_ignores_scoped) {
  auto source = source_of("user:a range=s0:c1 vhost=wiki\n");
  auto found = lookup(*source, user("a"));
  BOOST_TEST_REQUIRE(found.ok(), test::error_text(found));
  BOOST_TEST(!found->has_value());
}

BOOST_AUTO_TEST_CASE(unnormalized_script_is_error) {
  auto source = source_of("user:a range=s0:c1\n");
  SECGI_CHECK_ERROR(lookup(*source, user("a"), {"", "/srv/a/../x.cgi"}),
                    "normalized");
}

BOOST_AUTO_TEST_CASE(trace_lists_attempts_in_order) {
  auto source = source_of("user:a range=s0:c1 vhost=wiki\n");
  std::vector<LookupAttempt> trace;
  auto found = lookup(*source, user("a"), {"wiki", "/srv/x.cgi"}, &trace);
  BOOST_TEST_REQUIRE(found.ok(), test::error_text(found));
  // vhost+dir for /srv and /, dir for /srv and /, then vhost alone.
  BOOST_TEST_REQUIRE(trace.size() == 5u);
  BOOST_TEST(trace[0].scope.str() == "vhost=wiki dir=/srv");
  BOOST_TEST(trace[3].scope.str() == "dir=/");
  BOOST_TEST(trace[4].scope.str() == "vhost=wiki");
  BOOST_TEST(trace[4].found_line.value_or(0) == 1);
  BOOST_TEST(!trace[0].found_line.has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace secgi
