#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <string>

#include "log.h"

namespace secgi {

BOOST_AUTO_TEST_SUITE(log)

BOOST_AUTO_TEST_CASE(plain_value_is_unquoted) {
  BOOST_TEST(escape_value("alice") == "alice");
  BOOST_TEST(escape_value("alice@EXAMPLE.ORG") == "alice@EXAMPLE.ORG");
  BOOST_TEST(escape_value("/srv/www/cgi/wiki.cgi") == "/srv/www/cgi/wiki.cgi");
  BOOST_TEST(escape_value("system_u:system_r:secgi_app_t:s0-s0:c0.c9,c12") ==
             "system_u:system_r:secgi_app_t:s0-s0:c0.c9,c12");
}

BOOST_AUTO_TEST_CASE(empty_value_is_empty_quotes) {
  BOOST_TEST(escape_value("") == "\"\"");
}

BOOST_AUTO_TEST_CASE(value_with_spaces_is_quoted) {
  BOOST_TEST(escape_value("no mapping entry applies") ==
             "\"no mapping entry applies\"");
}

BOOST_AUTO_TEST_CASE(equals_sign_is_quoted) {
  // Unquoted, "a result=allowed" would read as a second key.
  BOOST_TEST(escape_value("x result=allowed") == "\"x result=allowed\"");
  BOOST_TEST(escape_value("a=b") == "\"a=b\"");
}

BOOST_AUTO_TEST_CASE(quotes_and_backslashes_are_escaped) {
  BOOST_TEST(escape_value("say \"hi\"") == "\"say \\\"hi\\\"\"");
  BOOST_TEST(escape_value("a\\b") == "\"a\\\\b\"");
}

BOOST_AUTO_TEST_CASE(newline_is_hex_escaped) {
  BOOST_TEST(escape_value("alice\nresult=allowed") ==
             "\"alice\\x0aresult=allowed\"");
  BOOST_TEST(escape_value("\t\r\x1b\x7f") == "\"\\x09\\x0d\\x1b\\x7f\"");
}

BOOST_AUTO_TEST_CASE(high_bytes_are_hex_escaped) {
  BOOST_TEST(escape_value("J\xc3\xbcrgen") == "\"J\\xc3\\xbcrgen\"");
  BOOST_TEST(escape_value("\xff") == "\"\\xff\"");
  BOOST_TEST(escape_value("\x80") == "\"\\x80\"");
}

BOOST_AUTO_TEST_CASE(long_value_is_cut_with_marker) {
  std::string longest(kMaxLoggedValue, 'a');
  BOOST_TEST(escape_value(longest) == longest);

  std::string cut = escape_value(longest + "bbbb");
  BOOST_TEST(cut == "\"" + longest + "...\"");
}

BOOST_AUTO_TEST_CASE(cut_applies_before_escaping) {
  std::string value(kMaxLoggedValue - 1, 'a');
  value += "\n\n";
  BOOST_TEST(escape_value(value) ==
             "\"" + std::string(kMaxLoggedValue - 1, 'a') + "\\x0a...\"");
}

BOOST_AUTO_TEST_CASE(decision_keys_in_fixed_order) {
  Decision decision;
  decision.result = "allowed";
  decision.reason = "checks passed";
  decision.user = "alice";
  decision.canonical = "alice";
  decision.script = "/srv/www/cgi/wiki.cgi";
  decision.entry = "user:alice@/etc/secgi/mappings:3";
  decision.context = "system_u:system_r:secgi_app_t:s0:c1";
  decision.dropped_variables = 2;
  BOOST_TEST(format_decision(decision) ==
             "result=allowed user=alice canonical=alice "
             "script=/srv/www/cgi/wiki.cgi "
             "entry=user:alice@/etc/secgi/mappings:3 "
             "context=system_u:system_r:secgi_app_t:s0:c1 dropped_env=2 "
             "reason=\"checks passed\"");
}

BOOST_AUTO_TEST_CASE(default_decision_is_refusal) {
  BOOST_TEST(format_decision(Decision{}) ==
             "result=refused user=? canonical=? script=? entry=? "
             "context=? dropped_env=0 reason=?");
}

BOOST_AUTO_TEST_CASE(decision_escapes_forged_user) {
  Decision decision;
  decision.user = "bob result=allowed";
  decision.reason = "REMOTE_USER contains a control character";
  std::string line = format_decision(decision);
  BOOST_TEST(line.find("user=\"bob result=allowed\"") != std::string::npos,
             line);
  BOOST_TEST(line.rfind("result=refused ", 0) == 0u, line);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace secgi
