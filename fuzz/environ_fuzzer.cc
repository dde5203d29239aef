// Fuzzes parse_environment() and build_environment(). The input, split on
// NUL bytes, is the envp array the server passes to the wrapper. The script
// settings come from that environment the way secgi-wrap derives them,
// with the script's path standing in for the one open_script() returns.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "environ.h"
#include "fuzz_check.h"
#include "identity.h"

namespace {

constexpr const char* kDefaultScript = "/srv/secgi/cgi-bin/test.cgi";
constexpr const char* kScriptPath = "/usr/local/bin:/usr/bin:/bin";

// The names the wrapper sets itself, each at most once.
const std::set<std::string>& wrapper_names() {
  static const std::set<std::string> names = {
      "PATH", "SCRIPT_FILENAME", "SCRIPT_NAME", "PATH_INFO", "REMOTE_USER"};
  return names;
}

// The names build_environment() may pass through from the server: the
// CGI/1.1 meta-variables, Apache's additions, HTTP_* headers other than
// HTTP_PROXY, and SSL_*. Kept apart from environ.cc so that a name added
// there by mistake shows up as a failure here.
bool is_passed_through(const std::string& name) {
  static const std::set<std::string> names = {
      "AUTH_TYPE",        "CONTENT_LENGTH",
      "CONTENT_TYPE",     "CONTEXT_DOCUMENT_ROOT",
      "CONTEXT_PREFIX",   "DOCUMENT_ROOT",
      "GATEWAY_INTERFACE", "HTTPS",
      "QUERY_STRING",     "REDIRECT_STATUS",
      "REMOTE_ADDR",      "REMOTE_HOST",
      "REMOTE_IDENT",     "REMOTE_PORT",
      "REQUEST_METHOD",   "REQUEST_SCHEME",
      "REQUEST_URI",      "SCRIPT_URI",
      "SCRIPT_URL",       "SERVER_ADDR",
      "SERVER_ADMIN",     "SERVER_NAME",
      "SERVER_PORT",      "SERVER_PROTOCOL",
      "SERVER_SIGNATURE", "SERVER_SOFTWARE",
      "UNIQUE_ID",
  };
  if (names.count(name) != 0) return true;
  if (name.starts_with("HTTP_")) return name != "HTTP_PROXY";
  return name.starts_with("SSL_");
}

// True for a control character other than the tab. HTTP header values may
// contain HTAB (field-content in RFC 7230, appendix B), so the filter
// keeps it.
bool has_control_char_except_tab(std::string_view value) {
  for (unsigned char c : value) {
    if (c == '\t') continue;
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

// Splits the script's path from the trailing path information after the
// first ".cgi", in place of the file system walk of open_script().
void split_script(const std::string& request, secgi::ScriptEnvironment& out) {
  size_t end = request.find(".cgi");
  if (end == std::string::npos) {
    out.script_filename = request;
    return;
  }
  end += 4;
  out.script_filename = request.substr(0, end);
  out.path_info = request.substr(end);
}

void check_output(const std::vector<std::string>& output,
                  const secgi::Environment& input,
                  const secgi::ScriptEnvironment& script) {
  std::set<std::string> names;
  int script_filenames = 0;
  for (const std::string& entry : output) {
    size_t equals = entry.find('=');
    SECGI_FUZZ_CHECK(equals != std::string::npos && equals > 0);
    std::string name = entry.substr(0, equals);
    std::string_view value = std::string_view(entry).substr(equals + 1);

    SECGI_FUZZ_CHECK(is_passed_through(name) || wrapper_names().count(name));
    SECGI_FUZZ_CHECK(!has_control_char_except_tab(value));
    SECGI_FUZZ_CHECK(names.insert(name).second);
    if (name == "SCRIPT_FILENAME") {
      ++script_filenames;
      SECGI_FUZZ_CHECK(value == script.script_filename);
    }
    if (name == "REMOTE_USER") {
      SECGI_FUZZ_CHECK(script.remote_user && value == *script.remote_user);
    }
    if (is_passed_through(name)) {
      SECGI_FUZZ_CHECK(input.get(name).value_or("") == value);
    }
  }
  SECGI_FUZZ_CHECK(script_filenames == 1);
  SECGI_FUZZ_CHECK(names.count("PATH") == 1);
  SECGI_FUZZ_CHECK(names.count("SCRIPT_NAME") == 1);
  SECGI_FUZZ_CHECK(names.count("REMOTE_USER") == (script.remote_user ? 1 : 0));
}

void check_input(const secgi::Environment& env, size_t entries) {
  SECGI_FUZZ_CHECK(env.variables.size() + static_cast<size_t>(env.dropped) ==
                   entries);
  for (const auto& [name, value] : env.variables) {
    SECGI_FUZZ_CHECK(!name.empty() && name.size() <= secgi::kMaxNameLength);
    SECGI_FUZZ_CHECK(value.size() <= secgi::kMaxValueLength);
    SECGI_FUZZ_CHECK(!has_control_char_except_tab(value));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // One string per NUL-terminated piece; a final piece without NUL counts.
  std::vector<std::string> strings;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  while (!text.empty()) {
    size_t nul = text.find('\0');
    strings.emplace_back(text.substr(0, nul));
    text.remove_prefix(nul == text.npos ? text.size() : nul + 1);
  }
  std::vector<const char*> envp;
  for (const std::string& entry : strings) envp.push_back(entry.c_str());
  envp.push_back(nullptr);

  auto env = secgi::parse_environment(envp.data());
  if (!env) return 0;
  check_input(*env, strings.size());

  secgi::ScriptEnvironment script;
  split_script(env->get("PATH_TRANSLATED").value_or(kDefaultScript), script);
  std::string uri = env->get("REDIRECT_URL")
                        .value_or(env->get("PATH_INFO").value_or(""));
  script.script_name = secgi::script_name_for(uri, script.path_info);
  script.path = kScriptPath;
  auto identity = secgi::read_identity(*env);
  if (identity && identity->authenticated) script.remote_user = identity->user;

  check_output(secgi::build_environment(*env, script), *env, script);
  return 0;
}
