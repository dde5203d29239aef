#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "level.h"
#include "test_support.h"

using namespace secgi;

namespace {

Range range(const char* text) {
  auto parsed = parse_range(text);
  BOOST_TEST_REQUIRE(parsed.ok(), test::error_text(parsed));
  return *parsed;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(level)

BOOST_AUTO_TEST_CASE(parses_category_lists_and_spans) {
  auto level = parse_level("s0:c1,c3.c5,c1023");
  BOOST_TEST_REQUIRE(level.ok(), test::error_text(level));
  BOOST_TEST(level->sensitivity == 0u);
  BOOST_TEST(level->categories.count() == 5u);
  BOOST_TEST(level->categories.test(1));
  BOOST_TEST(!level->categories.test(2));
  BOOST_TEST(level->categories.test(4));
  BOOST_TEST(level->categories.test(1023));
}

BOOST_AUTO_TEST_CASE(rejects_malformed_levels) {
  const char* bad[] = {"", "x0", "s", "s0:", "s0:c", "s0:c5.c2", "s0:c1024",
                       "s0:c1,,c2", "s0:d1", "s-1"};
  for (const char* text : bad) {
    BOOST_TEST(!parse_level(text).ok(), "accepted '" << text << "'");
  }
}

BOOST_AUTO_TEST_CASE(rejects_range_whose_high_is_below_low) {
  auto parsed = parse_range("s0:c1-s0");
  BOOST_TEST(!parsed.ok());
}

BOOST_AUTO_TEST_CASE(full_clearance_contains_single_category) {
  BOOST_TEST(range("s0-s0:c0.c1023").contains(range("s0:c1")));
}

BOOST_AUTO_TEST_CASE(narrow_clearance_excludes_other_category) {
  BOOST_TEST(!range("s0-s0:c0.c9").contains(range("s0:c20")));
  BOOST_TEST(!range("s0-s0:c0.c9").contains(range("s0:c9,c10")));
}

BOOST_AUTO_TEST_CASE(clearance_excludes_lower_low_level) {
  BOOST_TEST(!range("s0:c1-s0:c0.c9").contains(range("s0")));
}

BOOST_AUTO_TEST_CASE(higher_sensitivity_is_not_contained) {
  BOOST_TEST(!range("s0-s0:c0.c1023").contains(range("s1")));
  BOOST_TEST(range("s0-s2:c0.c5").contains(range("s1:c3")));
}

BOOST_AUTO_TEST_SUITE_END()
