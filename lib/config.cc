#include "config.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <functional>
#include <map>
#include <set>

#include "text.h"
#include "trusted_file.h"

namespace secgi {

namespace {

using Setter = std::function<Status(Config&, std::string_view)>;

// A key takes VALUES fields after its name; a Setter then receives them
// joined by single spaces.
struct Key {
  bool repeatable;
  Setter set;
  size_t values = 1;
};

Result<unsigned long> parse_number(std::string_view text, int base) {
  unsigned long value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value, base);
  if (ec != std::errc() || ptr != end || text.empty()) {
    return make_error("invalid number '" + std::string(text) + "'");
  }
  return value;
}

Result<bool> parse_bool(std::string_view text) {
  if (text == "yes") return true;
  if (text == "no") return false;
  return make_error("expected 'yes' or 'no', not '" + std::string(text) + "'");
}

Status require_absolute(std::string_view text) {
  if (text.empty() || text.front() != '/') {
    return make_error("expected an absolute path, not '" + std::string(text) +
                      "'");
  }
  return Ok{};
}

Setter set_bool(bool Config::*field) {
  return [field](Config& config, std::string_view value) -> Status {
    auto parsed = parse_bool(value);
    if (!parsed) return make_error(parsed.error());
    config.*field = *parsed;
    return Ok{};
  };
}

Setter set_limit(std::optional<unsigned long> Limits::*field) {
  return [field](Config& config, std::string_view value) -> Status {
    auto parsed = parse_number(value, 10);
    if (!parsed) return make_error(parsed.error());
    config.limits.*field = *parsed;
    return Ok{};
  };
}

Status set_server_domain(Config& config, std::string_view value) {
  if (value.find(':') != std::string_view::npos) {
    return make_error("expected a type such as 'httpd_t', not the context '" +
                      std::string(value) + "'");
  }
  config.server_domains.emplace_back(value);
  return Ok{};
}

Status set_script_root(Config& config, std::string_view value) {
  auto absolute = require_absolute(value);
  if (!absolute) return absolute;
  while (value.size() > 1 && value.back() == '/') value.remove_suffix(1);
  config.script_roots.emplace_back(value);
  return Ok{};
}

Status set_mappings(Config& config, std::string_view value) {
  auto absolute = require_absolute(value);
  if (!absolute) return absolute;
  config.mappings = std::string(value);
  return Ok{};
}

Status set_umask(Config& config, std::string_view value) {
  auto parsed = parse_number(value, 8);
  if (!parsed || *parsed > 0777) {
    return make_error("expected an octal umask such as 022, not '" +
                      std::string(value) + "'");
  }
  config.umask = static_cast<mode_t>(*parsed);
  return Ok{};
}

Status set_path(Config& config, std::string_view value) {
  config.path = std::string(value);
  return Ok{};
}

Status set_script_owner(Config& config, std::string_view value) {
  config.script_owners.emplace_back(value);
  return Ok{};
}

// "interpreter SUFFIX PATH": SUFFIX starts with '.' and has no '/'.
Status set_interpreter(Config& config, std::string_view value) {
  auto fields = split_fields(value);
  std::string_view suffix = fields[0];
  std::string_view path = fields[1];
  if (suffix.size() < 2 || suffix.front() != '.' ||
      suffix.find('/') != std::string_view::npos) {
    return make_error("expected a file name suffix such as .php, not '" +
                      std::string(suffix) + "'");
  }
  auto absolute = require_absolute(path);
  if (!absolute) return absolute;
  for (const InterpreterRule& rule : config.interpreters) {
    if (rule.suffix == suffix) {
      return make_error("interpreter for '" + std::string(suffix) +
                        "' set twice; remove one of the lines");
    }
  }
  config.interpreters.push_back({std::string(suffix), std::string(path)});
  return Ok{};
}

// One directory name, the same below every home: "public_html".
Status set_userdir(Config& config, std::string_view value) {
  if (value == "." || value == ".." ||
      value.find('/') != std::string_view::npos) {
    return make_error("expected a directory name such as public_html, "
                      "without '/', not '" + std::string(value) + "'");
  }
  config.userdir = std::string(value);
  return Ok{};
}

Status set_rate_limit_window(Config& config, std::string_view value) {
  auto parsed = parse_number(value, 10);
  if (!parsed || *parsed > 86400) {
    return make_error("expected seconds from 0 to 86400, not '" +
                      std::string(value) + "'");
  }
  config.rate_limit_window = *parsed;
  return Ok{};
}

Status set_server_user(Config& config, std::string_view value) {
  config.server_user = std::string(value);
  return Ok{};
}

// The service name is a file name under /etc/pam.d.
Status set_pam_service(Config& config, std::string_view value) {
  auto allowed = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  };
  if (value == "." || value == ".." ||
      !std::all_of(value.begin(), value.end(), allowed)) {
    return make_error("expected a PAM service name of letters, digits, "
                      "'.', '_' and '-', not '" + std::string(value) + "'");
  }
  config.pam_service = std::string(value);
  return Ok{};
}

Status set_pam_confdir(Config& config, std::string_view value) {
  auto absolute = require_absolute(value);
  if (!absolute) return absolute;
  config.pam_confdir = std::string(value);
  return Ok{};
}

Status set_strip_realm(Config& config, std::string_view value) {
  if (value.find('@') != std::string_view::npos) {
    return make_error("expected a realm such as EXAMPLE.ORG, without '@', "
                      "not '" + std::string(value) + "'");
  }
  config.names.strip_realms.emplace_back(value);
  return Ok{};
}

Status set_strip_domain(Config& config, std::string_view value) {
  if (value.find('\\') != std::string_view::npos) {
    return make_error("expected a domain such as EXAMPLE, without '\\', "
                      "not '" + std::string(value) + "'");
  }
  config.names.strip_domains.emplace_back(value);
  return Ok{};
}

Setter set_foreign(ForeignName NameRules::*field) {
  return [field](Config& config, std::string_view value) -> Status {
    if (value == "keep") {
      config.names.*field = ForeignName::keep;
    } else if (value == "reject") {
      config.names.*field = ForeignName::reject;
    } else {
      return make_error("expected 'keep' or 'reject', not '" +
                        std::string(value) + "'");
    }
    return Ok{};
  };
}

Status set_fold_case(Config& config, std::string_view value) {
  auto parsed = parse_bool(value);
  if (!parsed) return make_error(parsed.error());
  config.names.fold_case = *parsed;
  return Ok{};
}

const std::map<std::string_view, Key>& keys() {
  static const std::map<std::string_view, Key> table = {
      {"server_domain", {true, set_server_domain}},
      {"server_user", {false, set_server_user}},
      {"script_root", {true, set_script_root}},
      {"script_owner", {true, set_script_owner}},
      {"interpreter", {true, set_interpreter, 2}},
      {"userdir", {false, set_userdir}},
      {"rate_limit_window", {false, set_rate_limit_window}},
      {"mappings", {false, set_mappings}},
      {"allow_permissive", {false, set_bool(&Config::allow_permissive)}},
      {"require_redirect", {false, set_bool(&Config::require_redirect)}},
      {"umask", {false, set_umask}},
      {"path", {false, set_path}},
      {"limit_cpu", {false, set_limit(&Limits::cpu_seconds)}},
      {"limit_address_space", {false, set_limit(&Limits::address_space_mib)}},
      {"limit_processes", {false, set_limit(&Limits::processes)}},
      {"limit_file_size", {false, set_limit(&Limits::file_size_mib)}},
      {"pam", {false, set_bool(&Config::pam)}},
      {"pam_service", {false, set_pam_service}},
      {"pam_confdir", {false, set_pam_confdir}},
      {"strip_realm", {true, set_strip_realm}},
      {"foreign_realm", {false, set_foreign(&NameRules::foreign_realm)}},
      {"strip_domain", {true, set_strip_domain}},
      {"foreign_domain", {false, set_foreign(&NameRules::foreign_domain)}},
      {"fold_case", {false, set_fold_case}},
  };
  return table;
}

Status parse_line(Config& config, std::string_view line,
                  std::set<std::string_view>& seen) {
  if (has_control_char_in_line(line)) return make_error("control character in line");
  auto fields = split_fields(line);
  if (fields.size() < 2) {
    return make_error("expected 'KEY VALUE', found " +
                      std::to_string(fields.size()) + " fields");
  }
  auto key = keys().find(fields[0]);
  if (key == keys().end()) {
    return make_error("unknown key '" + std::string(fields[0]) +
                      "'; see secgi.conf(5) for the keys");
  }
  size_t values = key->second.values;
  if (fields.size() != values + 1 && values == 1) {
    return make_error("expected 'KEY VALUE', found " +
                      std::to_string(fields.size()) + " fields");
  }
  if (fields.size() != values + 1) {
    return make_error("key '" + std::string(fields[0]) + "' expects " +
                      std::to_string(values) + " values, found " +
                      std::to_string(fields.size() - 1));
  }
  if (!key->second.repeatable && !seen.insert(key->first).second) {
    return make_error("key '" + std::string(fields[0]) +
                      "' set twice; remove one of the lines");
  }
  std::string value(fields[1]);
  for (size_t i = 2; i < fields.size(); ++i) value += " " + std::string(fields[i]);
  return key->second.set(config, value);
}

}  // namespace

Result<Config> parse_config(std::string_view text, std::string_view file) {
  Config config;
  std::set<std::string_view> seen;
  int line_number = 0;
  while (!text.empty()) {
    ++line_number;
    size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size()
                                                         : newline + 1);
    if (is_blank_or_comment(line)) continue;
    auto status = parse_line(config, line, seen);
    if (!status) return make_error(located(file, line_number, status.error()));
  }
  if (config.server_domains.empty()) {
    return make_error(std::string(file) +
                      ": no 'server_domain' set; add e.g. "
                      "'server_domain httpd_t'");
  }
  if (config.script_roots.empty()) {
    return make_error(std::string(file) +
                      ": no 'script_root' set; add the directory that "
                      "holds the scripts");
  }
  return config;
}

Result<Config> load_config(const std::string& path) {
  auto text = read_trusted_file(path);
  if (!text) return make_error(text.error());
  return parse_config(*text, path);
}

}  // namespace secgi
