#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "environ.h"
#include "test_support.h"

namespace secgi {
namespace {

using test::error_text;

// Parses ENTRIES as an envp array.
Result<Environment> parse(const std::vector<std::string>& entries) {
  std::vector<const char*> envp;
  for (const std::string& entry : entries) envp.push_back(entry.c_str());
  envp.push_back(nullptr);
  return parse_environment(envp.data());
}

ScriptEnvironment script_settings() {
  ScriptEnvironment script;
  script.script_filename = "/srv/www/cgi/wiki.cgi";
  script.script_name = "/cgi/wiki.cgi";
  script.path_info = "/page/Home";
  script.remote_user = "alice";
  script.path = "/usr/bin:/bin";
  return script;
}

// Returns the values of NAME in ENV, in order.
std::vector<std::string> values_of(const std::vector<std::string>& env,
                                   const std::string& name) {
  std::vector<std::string> values;
  for (const std::string& entry : env) {
    if (entry.compare(0, name.size() + 1, name + "=") == 0) {
      values.push_back(entry.substr(name.size() + 1));
    }
  }
  return values;
}

bool has_name(const std::vector<std::string>& env, const std::string& name) {
  return !values_of(env, name).empty();
}

// A typical environment from Apache under Action, with variables no
// script may receive mixed in.
const std::vector<std::string> kServerEnvironment = {
    "GATEWAY_INTERFACE=CGI/1.1",
    "REQUEST_METHOD=GET",
    "QUERY_STRING=a=1&b=2",
    "CONTENT_LENGTH=0",
    "CONTENT_TYPE=text/plain",
    "SERVER_NAME=www.example.org",
    "SERVER_PORT=443",
    "REMOTE_ADDR=192.0.2.10",
    "REQUEST_URI=/cgi/wiki.cgi/page/Home?a=1&b=2",
    "AUTH_TYPE=Basic",
    "HTTPS=on",
    "SSL_CLIENT_S_DN=CN=alice",
    "HTTP_USER_AGENT=curl/7.88",
    "HTTP_ACCEPT=*/*",
    "HTTP_PROXY=http://attacker.example:3128",
    "REMOTE_USER=alice",
    "REDIRECT_REMOTE_USER=root",
    "REDIRECT_URL=/cgi/wiki.cgi/page/Home",
    "LD_PRELOAD=/tmp/evil.so",
    "PERL5LIB=/tmp/evil",
    "BASH_ENV=/tmp/evil.sh",
    "PYTHONPATH=/tmp/evil",
    "PATH=/tmp/evil:/usr/bin",
    "SCRIPT_NAME=/secgi-wrap",
    "SCRIPT_FILENAME=/usr/libexec/secgi/secgi-wrap",
    "PATH_INFO=/wrong",
    "PATH_TRANSLATED=/srv/www/cgi/wiki.cgi/page/Home",
};

std::vector<std::string> built_environment() {
  auto input = parse(kServerEnvironment);
  BOOST_TEST_REQUIRE(input.ok(), error_text(input));
  BOOST_TEST_REQUIRE(input->dropped == 0);
  return build_environment(*input, script_settings());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(environ)

BOOST_AUTO_TEST_CASE(keeps_cgi_variables) {
  auto env = built_environment();
  for (const char* name :
       {"GATEWAY_INTERFACE", "REQUEST_METHOD", "QUERY_STRING",
        "CONTENT_LENGTH", "CONTENT_TYPE", "SERVER_NAME", "SERVER_PORT",
        "REMOTE_ADDR", "REQUEST_URI", "AUTH_TYPE", "HTTPS",
        "SSL_CLIENT_S_DN"}) {
    BOOST_TEST(has_name(env, name), name << " is missing");
  }
  BOOST_TEST(values_of(env, "QUERY_STRING") ==
                 std::vector<std::string>{"a=1&b=2"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(keeps_http_headers) {
  auto env = built_environment();
  BOOST_TEST(values_of(env, "HTTP_USER_AGENT") ==
                 std::vector<std::string>{"curl/7.88"},
             boost::test_tools::per_element());
  BOOST_TEST(has_name(env, "HTTP_ACCEPT"));
}

BOOST_AUTO_TEST_CASE(drops_unsafe_variables) {
  auto env = built_environment();
  for (const char* name :
       {"HTTP_PROXY", "LD_PRELOAD", "REDIRECT_REMOTE_USER", "REDIRECT_URL",
        "PERL5LIB", "BASH_ENV", "PYTHONPATH", "PATH_TRANSLATED"}) {
    BOOST_TEST(!has_name(env, name), name << " was passed on");
  }
}

BOOST_AUTO_TEST_CASE(rewrites_script_variables) {
  auto env = built_environment();
  using Values = std::vector<std::string>;
  BOOST_TEST(values_of(env, "SCRIPT_FILENAME") ==
                 Values{"/srv/www/cgi/wiki.cgi"},
             boost::test_tools::per_element());
  BOOST_TEST(values_of(env, "SCRIPT_NAME") == Values{"/cgi/wiki.cgi"},
             boost::test_tools::per_element());
  BOOST_TEST(values_of(env, "PATH_INFO") == Values{"/page/Home"},
             boost::test_tools::per_element());
  BOOST_TEST(values_of(env, "REMOTE_USER") == Values{"alice"},
             boost::test_tools::per_element());
  BOOST_TEST(values_of(env, "PATH") == Values{"/usr/bin:/bin"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(remote_user_is_canonical_name) {
  auto input = parse({"REMOTE_USER=ALICE@EXAMPLE.ORG", "AUTH_TYPE=Negotiate"});
  BOOST_TEST_REQUIRE(input.ok(), error_text(input));
  auto env = build_environment(*input, script_settings());
  BOOST_TEST(values_of(env, "REMOTE_USER") ==
                 std::vector<std::string>{"alice"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(anonymous_gets_no_remote_user) {
  auto input = parse({"REMOTE_USER=alice", "REQUEST_METHOD=GET"});
  BOOST_TEST_REQUIRE(input.ok(), error_text(input));
  ScriptEnvironment script = script_settings();
  script.remote_user.reset();
  script.path_info.clear();
  auto env = build_environment(*input, script);
  BOOST_TEST(!has_name(env, "REMOTE_USER"));
  BOOST_TEST(!has_name(env, "PATH_INFO"));
  BOOST_TEST(has_name(env, "REQUEST_METHOD"));
}

BOOST_AUTO_TEST_CASE(every_name_appears_once) {
  auto env = built_environment();
  std::vector<std::string> names;
  for (const std::string& entry : env) {
    names.push_back(entry.substr(0, entry.find('=')));
  }
  std::sort(names.begin(), names.end());
  BOOST_TEST((std::adjacent_find(names.begin(), names.end()) == names.end()));
}

BOOST_AUTO_TEST_CASE(rejects_duplicate_names) {
  auto input = parse({"AUTH_TYPE=Basic", "REMOTE_USER=alice",
                      "REMOTE_USER=root"});
  BOOST_TEST_REQUIRE(!input.ok());
  BOOST_TEST(input.error() ==
             "environment variable 'REMOTE_USER' set twice");
}

BOOST_AUTO_TEST_CASE(rejects_duplicate_even_if_invalid) {
  auto input = parse({"REMOTE_USER=a\nb", "REMOTE_USER=root"});
  SECGI_CHECK_ERROR(input, "'REMOTE_USER' set twice");
}

BOOST_AUTO_TEST_CASE(drops_and_counts_control_characters) {
  auto input = parse({"QUERY_STRING=a\nb", "HTTP_X_A=\x1b[31m",
                      "HTTP_X_B=del\x7f", "REQUEST_METHOD=GET"});
  BOOST_TEST_REQUIRE(input.ok(), error_text(input));
  BOOST_TEST(input->dropped == 3);
  BOOST_TEST(!input->get("QUERY_STRING").has_value());
  BOOST_TEST(!input->get("HTTP_X_A").has_value());
  BOOST_TEST(!input->get("HTTP_X_B").has_value());
  BOOST_TEST(input->get("REQUEST_METHOD").value_or("") == "GET");
}

BOOST_AUTO_TEST_CASE(drops_and_counts_over_long_values) {
  std::string longest(kMaxValueLength, 'x');
  auto input = parse({"HTTP_COOKIE=" + longest,
                      "HTTP_X_LONG=" + longest + "x"});
  BOOST_TEST_REQUIRE(input.ok(), error_text(input));
  BOOST_TEST(input->dropped == 1);
  BOOST_TEST(input->get("HTTP_COOKIE").value_or("").size() == kMaxValueLength);
  BOOST_TEST(!input->get("HTTP_X_LONG").has_value());
}

BOOST_AUTO_TEST_CASE(drops_and_counts_malformed_names) {
  std::string long_name(kMaxNameLength + 1, 'A');
  auto input = parse({"NO_EQUALS_SIGN", "=value", "1ABC=x", "HTTP-X=y",
                      long_name + "=z", "GOOD=1"});
  BOOST_TEST_REQUIRE(input.ok(), error_text(input));
  BOOST_TEST(input->dropped == 5);
  BOOST_TEST(input->variables.size() == 1u);
  BOOST_TEST(input->get("GOOD").value_or("") == "1");
}

BOOST_AUTO_TEST_CASE(keeps_empty_value) {
  auto input = parse({"QUERY_STRING="});
  BOOST_TEST_REQUIRE(input.ok(), error_text(input));
  BOOST_TEST(input->dropped == 0);
  BOOST_TEST_REQUIRE(input->get("QUERY_STRING").has_value());
  BOOST_TEST(input->get("QUERY_STRING")->empty());
}

BOOST_AUTO_TEST_CASE(rejects_too_many_variables) {
  std::vector<std::string> entries;
  for (size_t i = 0; i <= kMaxVariables; ++i) {
    entries.push_back("HTTP_X_" + std::to_string(i) + "=1");
  }
  SECGI_CHECK_ERROR(parse(entries), "more than 512 environment variables");
  entries.pop_back();
  auto input = parse(entries);
  BOOST_TEST_REQUIRE(input.ok(), error_text(input));
  BOOST_TEST(input->variables.size() == kMaxVariables);
}

BOOST_AUTO_TEST_CASE(accepts_null_envp) {
  auto input = parse_environment(nullptr);
  BOOST_TEST_REQUIRE(input.ok(), error_text(input));
  BOOST_TEST(input->variables.empty());
}

BOOST_AUTO_TEST_CASE(script_name_strips_path_info) {
  BOOST_TEST(script_name_for("/cgi/wiki.cgi/page/Home", "/page/Home") ==
             "/cgi/wiki.cgi");
  BOOST_TEST(script_name_for("/cgi/wiki.cgi", "") == "/cgi/wiki.cgi");
}

BOOST_AUTO_TEST_CASE(script_name_keeps_uri_without_suffix) {
  BOOST_TEST(script_name_for("/cgi/wiki.cgi", "/page/Home") ==
             "/cgi/wiki.cgi");
  BOOST_TEST(script_name_for("/a", "/longer/than/uri") == "/a");
  BOOST_TEST(script_name_for("", "/x").empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace secgi
