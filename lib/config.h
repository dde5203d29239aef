// secgi.conf: the wrapper's settings, read from a path fixed at build time.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "normalize.h"
#include "result.h"

namespace secgi {

struct Limits {
  std::optional<unsigned long> cpu_seconds;
  std::optional<unsigned long> address_space_mib;
  std::optional<unsigned long> processes;
  std::optional<unsigned long> file_size_mib;
};

// A script whose path ends in SUFFIX runs as the argument of the
// interpreter at PATH, an absolute path from the configuration only.
struct InterpreterRule {
  std::string suffix;  // ".php"
  std::string path;    // "/usr/bin/php-cgi8.2"
};

struct Config {
  std::vector<std::string> server_domains;  // SELinux types, e.g. httpd_t
  std::string server_user;  // empty: any account but root may run it
  std::vector<std::string> script_roots;
  std::string mappings = "/etc/secgi/mappings";
  bool allow_permissive = false;
  bool require_redirect = true;
  std::vector<std::string> script_owners;  // empty: any but the server's
  std::vector<InterpreterRule> interpreters;
  // The directory below an account's home that contains its scripts, such
  // as public_html. Empty allows no userdir scripts.
  std::string userdir;
  unsigned long rate_limit_window = 10;     // seconds; 0 logs every refusal
  mode_t umask = 022;
  std::string path = "/usr/local/bin:/usr/bin:/bin";
  Limits limits;
  bool pam = true;                  // run the PAM account stack
  std::string pam_service = "secgi";
  std::string pam_confdir;  // empty: /etc/pam.d
  NameRules names;
};

// Parses the text of a configuration file. Unknown keys, repeated
// single-valued keys, bad values and missing required keys are errors that
// name FILE and the line.
Result<Config> parse_config(std::string_view text, std::string_view file);

// Reads and parses PATH.
Result<Config> load_config(const std::string& path);

}  // namespace secgi
