#include "environ.h"

#include <set>
#include <string_view>

#include "text.h"

namespace secgi {

namespace {

// CGI/1.1 (RFC 3875) meta-variables and the common Apache additions.
const std::set<std::string_view>& allowed_names() {
  static const std::set<std::string_view> names = {
      "AUTH_TYPE",       "CONTENT_LENGTH",  "CONTENT_TYPE",
      "CONTEXT_DOCUMENT_ROOT", "CONTEXT_PREFIX", "DOCUMENT_ROOT",
      "GATEWAY_INTERFACE", "HTTPS",         "QUERY_STRING",
      "REDIRECT_STATUS", "REMOTE_ADDR",     "REMOTE_HOST",
      "REMOTE_IDENT",    "REMOTE_PORT",     "REQUEST_METHOD",
      "REQUEST_SCHEME",  "REQUEST_URI",     "SCRIPT_URI",
      "SCRIPT_URL",      "SERVER_ADDR",     "SERVER_ADMIN",
      "SERVER_NAME",     "SERVER_PORT",     "SERVER_PROTOCOL",
      "SERVER_SIGNATURE", "SERVER_SOFTWARE", "UNIQUE_ID",
  };
  return names;
}

bool is_allowed(const std::string& name) {
  if (allowed_names().count(name) != 0) return true;
  // HTTP_PROXY would let a client header set a script's outgoing proxy.
  if (name.rfind("HTTP_", 0) == 0) return name != "HTTP_PROXY";
  return name.rfind("SSL_", 0) == 0;
}

bool is_valid_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameLength) return false;
  for (char c : name) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return !(name[0] >= '0' && name[0] <= '9');
}

bool is_valid_value(std::string_view value) {
  return value.size() <= kMaxValueLength && !has_control_char_in_line(value);
}

}  // namespace

std::optional<std::string> Environment::get(const std::string& name) const {
  auto it = variables.find(name);
  if (it == variables.end()) return std::nullopt;
  return it->second;
}

Result<Environment> parse_environment(const char* const* envp) {
  Environment env;
  std::set<std::string> seen;
  for (size_t i = 0; envp != nullptr && envp[i] != nullptr; ++i) {
    if (i >= kMaxVariables) {
      return make_error("more than " + std::to_string(kMaxVariables) +
                        " environment variables");
    }
    std::string_view entry(envp[i]);
    size_t equals = entry.find('=');
    std::string name(entry.substr(0, equals));
    if (equals != std::string_view::npos && !seen.insert(name).second) {
      return make_error("environment variable '" + name + "' set twice");
    }
    std::string_view value = entry.substr(equals + 1);
    if (equals == std::string_view::npos || !is_valid_name(name) ||
        !is_valid_value(value)) {
      ++env.dropped;
      if (equals != std::string_view::npos && is_valid_name(name)) {
        env.dropped_names.insert(std::move(name));
      }
      continue;
    }
    env.variables.emplace(std::move(name), std::string(value));
  }
  return env;
}

std::string script_name_for(const std::string& uri, const std::string& path_info) {
  if (path_info.empty() || uri.size() < path_info.size()) return uri;
  if (uri.compare(uri.size() - path_info.size(), path_info.size(), path_info) != 0) {
    return uri;
  }
  return uri.substr(0, uri.size() - path_info.size());
}

std::vector<std::string> build_environment(const Environment& input,
                                           const ScriptEnvironment& script) {
  std::vector<std::string> out;
  for (const auto& [name, value] : input.variables) {
    if (name == "REMOTE_USER" || !is_allowed(name)) continue;
    out.push_back(name + "=" + value);
  }
  out.push_back("PATH=" + script.path);
  out.push_back("SCRIPT_FILENAME=" + script.script_filename);
  out.push_back("SCRIPT_NAME=" + script.script_name);
  if (!script.path_info.empty()) out.push_back("PATH_INFO=" + script.path_info);
  if (script.remote_user) out.push_back("REMOTE_USER=" + *script.remote_user);
  return out;
}

}  // namespace secgi
