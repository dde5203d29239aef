// The wrapper's view of its environment, and the reduced environment it
// passes to the script.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "result.h"

namespace secgi {

inline constexpr size_t kMaxNameLength = 128;
inline constexpr size_t kMaxValueLength = 32 * 1024;
inline constexpr size_t kMaxVariables = 512;

struct Environment {
  std::map<std::string, std::string> variables;
  int dropped = 0;  // malformed, over-long or with control characters
  // Well-formed names whose values were dropped, so that a REMOTE_USER
  // with a newline is an error rather than an anonymous request.
  std::set<std::string> dropped_names;

  std::optional<std::string> get(const std::string& name) const;
};

// Reads ENVP. A name given twice is an error, because the server and a
// forged SetEnv could then disagree on which value counts.
Result<Environment> parse_environment(const char* const* envp);

struct ScriptEnvironment {
  std::string script_filename;
  std::string script_name;
  std::string path_info;
  std::optional<std::string> remote_user;  // canonical name, if any
  std::string path;                        // PATH for the script
};

// Keeps only the allowlisted CGI variables of INPUT and sets the ones the
// wrapper rewrites. Returns "NAME=VALUE" strings ready for execve.
std::vector<std::string> build_environment(const Environment& input,
                                           const ScriptEnvironment& script);

// The SCRIPT_NAME of the script: URI without the trailing PATH_INFO.
std::string script_name_for(const std::string& uri, const std::string& path_info);

}  // namespace secgi
