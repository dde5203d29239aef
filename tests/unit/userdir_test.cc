#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <string>

#include "mapping.h"
#include "test_support.h"
#include "userdir.h"

namespace secgi {
namespace {

using test::error_text;

constexpr char kOwner[] = "system_u:system_r:secgi_userdir_t:s0:c1";
constexpr char kScript[] = "system_u:object_r:secgi_userdir_exec_t:s0:c1";

UserdirCode code(const std::string& script, const std::string& target) {
  return UserdirCode{"alice", kOwner, script, target};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(userdir)

BOOST_AUTO_TEST_CASE(owner_context_passes) {
  auto status = check_userdir_code(code(kScript, kOwner));
  BOOST_TEST(status.ok(), error_text(status));
}

BOOST_AUTO_TEST_CASE(dominating_context_passes) {
  auto status = check_userdir_code(
      code(kScript, "system_u:system_r:secgi_userdir_t:s0-s0:c1,c2"));
  BOOST_TEST(status.ok(), error_text(status));
}

BOOST_AUTO_TEST_CASE(visitor_context_is_refused) {
  auto status = check_userdir_code(
      code(kScript, "system_u:system_r:secgi_userdir_t:s0:c2"));
  SECGI_CHECK_ERROR(status, "userdir script of alice (s0:c1) may not run at "
                            "s0:c2, which does not dominate");
}

BOOST_AUTO_TEST_CASE(high_level_decides) {
  auto status = check_userdir_code(
      code(kScript, "system_u:system_r:secgi_userdir_t:s0-s0:c2"));
  SECGI_CHECK_ERROR(status, "may not run at s0:c2");
}

BOOST_AUTO_TEST_CASE(script_without_owner_categories_is_refused) {
  auto status = check_userdir_code(
      code("system_u:object_r:secgi_userdir_exec_t:s0",
           "system_u:system_r:secgi_userdir_t:s0:c2"));
  SECGI_CHECK_ERROR(status, "userdir script of alice is labelled s0, without "
                            "its owner's categories s0:c1");
}

BOOST_AUTO_TEST_CASE(script_with_more_categories_needs_them) {
  std::string script = "system_u:object_r:secgi_userdir_exec_t:s0:c1,c5";
  BOOST_TEST(!check_userdir_code(code(script, kOwner)).ok());
  auto status = check_userdir_code(
      code(script, "system_u:system_r:secgi_userdir_t:s0:c1,c5"));
  BOOST_TEST(status.ok(), error_text(status));
}

BOOST_AUTO_TEST_CASE(contexts_without_range_pass) {
  UserdirCode plain{"alice", "u:r:t", "u:object_r:x", "u:r:t"};
  auto status = check_userdir_code(plain);
  BOOST_TEST(status.ok(), error_text(status));
}

BOOST_AUTO_TEST_CASE(bad_range_is_an_error) {
  auto status = check_userdir_code(code(kScript, "u:r:t:s0:c9999"));
  SECGI_CHECK_ERROR(status, "cannot parse the range of the target context");
}

BOOST_AUTO_TEST_CASE(path_outside_userdirs_has_none) {
  auto found = find_userdir("/srv/secgi/cgi-bin/a.cgi", "public_html", 33);
  BOOST_TEST_REQUIRE(found.ok(), error_text(found));
  BOOST_TEST(!found->has_value());
}

BOOST_AUTO_TEST_CASE(empty_name_finds_none) {
  auto found = find_userdir("/home/alice/public_html/a.cgi", "", 33);
  BOOST_TEST_REQUIRE(found.ok(), error_text(found));
  BOOST_TEST(!found->has_value());
}

// The directory must be the public_html of its owner's NSS home: a
// directory of the same name elsewhere does not count.
BOOST_AUTO_TEST_CASE(directory_outside_owner_home_is_none) {
  test::TempDir dir;
  std::string userdir = dir.make_dir("public_html", 0755);
  test::check_setup(::chown(userdir.c_str(), 65534, 65534) == 0, "chown");
  auto found = find_userdir(userdir + "/a.cgi", "public_html", 33);
  BOOST_TEST_REQUIRE(found.ok(), error_text(found));
  BOOST_TEST(!found->has_value());
}

BOOST_AUTO_TEST_CASE(root_owns_no_userdir) {
  test::TempDir dir;
  std::string userdir = dir.make_dir("public_html", 0755);
  auto found = find_userdir(userdir + "/a.cgi", "public_html", 33);
  BOOST_TEST_REQUIRE(found.ok(), error_text(found));
  BOOST_TEST(!found->has_value());
}

std::unique_ptr<MappingSource> source_of(const std::string& text) {
  auto entries = parse_mappings(text, "mappings");
  BOOST_TEST_REQUIRE(entries.ok(), error_text(entries));
  return make_memory_source(std::move(*entries));
}

const RequestScope kAliceScript{"", "/home/alice/public_html/a.cgi"};

// user:alice owner dir=/home makes alice's visitors run as alice, and
// alice's own code then needs the entry below it.
BOOST_AUTO_TEST_CASE(owner_lookup_passes_over_owner_entries) {
  auto source = source_of(
      "user:alice owner dir=/home\n"
      "default owner dir=/home\n"
      "user:alice range=s0:c1\n");
  auto found = lookup_owner(*source, Identity{true, "alice", {}}, kAliceScript);
  BOOST_TEST_REQUIRE(found.ok(), error_text(found));
  BOOST_TEST_REQUIRE(found->has_value());
  BOOST_TEST((*found)->line == 3);
  BOOST_TEST(!(*found)->target.owner);
}

BOOST_AUTO_TEST_CASE(owner_lookup_finds_group_and_default) {
  auto source = source_of(
      "default owner dir=/home\n"
      "group:web range=s0:c5\n"
      "default range=s0\n");
  auto found = lookup_owner(*source, Identity{true, "alice", {"web"}},
                            kAliceScript);
  BOOST_TEST_REQUIRE(found.ok(), error_text(found));
  BOOST_TEST_REQUIRE(found->has_value());
  BOOST_TEST((*found)->line == 2);
  found = lookup_owner(*source, Identity{true, "alice", {}}, kAliceScript);
  BOOST_TEST_REQUIRE(found.ok(), error_text(found));
  BOOST_TEST_REQUIRE(found->has_value());
  BOOST_TEST((*found)->line == 3);
}

BOOST_AUTO_TEST_CASE(owner_lookup_without_entry_finds_none) {
  auto source = source_of("default owner dir=/home\n");
  auto found = lookup_owner(*source, Identity{true, "alice", {}}, kAliceScript);
  BOOST_TEST_REQUIRE(found.ok(), error_text(found));
  BOOST_TEST(!found->has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace secgi
