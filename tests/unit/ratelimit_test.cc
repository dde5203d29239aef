#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <string>

#include "ratelimit.h"
#include "test_support.h"

namespace secgi {
namespace {

constexpr uint32_t kWindow = 10;

}  // namespace

BOOST_AUTO_TEST_SUITE(ratelimit)

BOOST_AUTO_TEST_CASE(first_refusal_is_logged) {
  test::TempDir dir;
  auto decision = limit_refusal(dir / "state", "a", kWindow, 100);
  BOOST_TEST(decision.log);
  BOOST_TEST(decision.suppressed == 0u);
}

BOOST_AUTO_TEST_CASE(repeat_within_window_is_suppressed) {
  test::TempDir dir;
  limit_refusal(dir / "state", "a", kWindow, 100);
  BOOST_TEST(!limit_refusal(dir / "state", "a", kWindow, 105).log);
  BOOST_TEST(!limit_refusal(dir / "state", "a", kWindow, 109).log);
}

BOOST_AUTO_TEST_CASE(next_window_reports_suppressed_count) {
  test::TempDir dir;
  limit_refusal(dir / "state", "a", kWindow, 100);
  limit_refusal(dir / "state", "a", kWindow, 101);
  limit_refusal(dir / "state", "a", kWindow, 102);
  auto decision = limit_refusal(dir / "state", "a", kWindow, 110);
  BOOST_TEST(decision.log);
  BOOST_TEST(decision.suppressed == 2u);
}

BOOST_AUTO_TEST_CASE(other_keys_are_independent) {
  test::TempDir dir;
  limit_refusal(dir / "state", "a", kWindow, 100);
  BOOST_TEST(limit_refusal(dir / "state", "b", kWindow, 101).log);
  BOOST_TEST(!limit_refusal(dir / "state", "a", kWindow, 102).log);
}

BOOST_AUTO_TEST_CASE(zero_window_logs_every_refusal) {
  test::TempDir dir;
  BOOST_TEST(limit_refusal(dir / "state", "a", 0, 100).log);
  BOOST_TEST(limit_refusal(dir / "state", "a", 0, 100).log);
}

BOOST_AUTO_TEST_CASE(unusable_state_file_logs_refusal) {
  test::TempDir dir;
  std::string missing = dir / "no/such/dir/state";
  BOOST_TEST(limit_refusal(missing, "a", kWindow, 100).log);
  BOOST_TEST(limit_refusal(missing, "a", kWindow, 100).log);
}

BOOST_AUTO_TEST_CASE(full_table_evicts_oldest_key) {
  test::TempDir dir;
  for (size_t i = 0; i < kRateLimitSlots; ++i) {
    limit_refusal(dir / "state", "key" + std::to_string(i), kWindow,
                  100 + i / 100);
  }
  BOOST_TEST(limit_refusal(dir / "state", "new", kWindow, 103).log);
  BOOST_TEST(!limit_refusal(dir / "state", "new", kWindow, 104).log);
  BOOST_TEST(!limit_refusal(dir / "state", "key127", kWindow, 104).log);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace secgi
