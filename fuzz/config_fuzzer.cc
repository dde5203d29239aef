// Fuzzes parse_config() on arbitrary text. An accepted configuration must
// satisfy the checks parse_config() promises, and writing it back out as
// secgi.conf text must parse to the same settings.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "config.h"
#include "fuzz_check.h"
#include "text.h"

namespace {

constexpr std::string_view kFile = "fuzz.conf";

std::string octal(unsigned long value) {
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + value % 8));
    value /= 8;
  } while (value != 0);
  return digits;
}

void append_limit(std::string& text, const char* key,
                  const std::optional<unsigned long>& limit) {
  if (limit) text += std::string(key) + " " + std::to_string(*limit) + "\n";
}

// Writes CONFIG as secgi.conf text, every setting on its own line.
// NOTE: a key added to Config needs a line here and a comparison in
// same_config(), or the round trip does not cover it.
std::string format_config(const secgi::Config& config) {
  std::string text;
  for (const std::string& domain : config.server_domains) {
    text += "server_domain " + domain + "\n";
  }
  if (!config.server_user.empty()) {
    text += "server_user " + config.server_user + "\n";
  }
  for (const std::string& root : config.script_roots) {
    text += "script_root " + root + "\n";
  }
  text += "mappings " + config.mappings + "\n";
  text += std::string("allow_permissive ") +
          (config.allow_permissive ? "yes" : "no") + "\n";
  text += std::string("require_redirect ") +
          (config.require_redirect ? "yes" : "no") + "\n";
  text += "umask " + octal(config.umask) + "\n";
  text += "path " + config.path + "\n";
  append_limit(text, "limit_cpu", config.limits.cpu_seconds);
  append_limit(text, "limit_address_space", config.limits.address_space_mib);
  append_limit(text, "limit_processes", config.limits.processes);
  append_limit(text, "limit_file_size", config.limits.file_size_mib);
  return text;
}

bool same_config(const secgi::Config& a, const secgi::Config& b) {
  return a.server_domains == b.server_domains &&
         a.server_user == b.server_user && a.script_roots == b.script_roots &&
         a.mappings == b.mappings && a.allow_permissive == b.allow_permissive &&
         a.require_redirect == b.require_redirect && a.umask == b.umask &&
         a.path == b.path && a.limits.cpu_seconds == b.limits.cpu_seconds &&
         a.limits.address_space_mib == b.limits.address_space_mib &&
         a.limits.processes == b.limits.processes &&
         a.limits.file_size_mib == b.limits.file_size_mib;
}

// A value set from one field of a line: not empty, without blanks or
// control characters.
bool is_field(std::string_view value) {
  return !value.empty() && value.find_first_of(" \t") == value.npos &&
         !secgi::has_control_char(value);
}

void check_accepted(const secgi::Config& config) {
  SECGI_FUZZ_CHECK(!config.server_domains.empty());
  SECGI_FUZZ_CHECK(!config.script_roots.empty());
  for (const std::string& domain : config.server_domains) {
    SECGI_FUZZ_CHECK(is_field(domain));
    SECGI_FUZZ_CHECK(domain.find(':') == std::string::npos);
  }
  for (const std::string& root : config.script_roots) {
    SECGI_FUZZ_CHECK(is_field(root));
    SECGI_FUZZ_CHECK(root.front() == '/');
    // script.cc matches a request against a root followed by '/', so a
    // root with a trailing slash would never match.
    SECGI_FUZZ_CHECK(root == "/" || root.back() != '/');
  }
  SECGI_FUZZ_CHECK(is_field(config.mappings));
  SECGI_FUZZ_CHECK(config.mappings.front() == '/');
  SECGI_FUZZ_CHECK(config.server_user.empty() || is_field(config.server_user));
  SECGI_FUZZ_CHECK(is_field(config.path));
  SECGI_FUZZ_CHECK(config.umask <= 0777);

  auto reparsed = secgi::parse_config(format_config(config), kFile);
  SECGI_FUZZ_CHECK(reparsed.ok());
  SECGI_FUZZ_CHECK(same_config(config, *reparsed));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = secgi::parse_config(text, kFile);
  if (config.ok()) {
    check_accepted(*config);
  } else {
    // Every error names the file. One without a line number reports a
    // missing required key.
    const std::string& error = config.error();
    SECGI_FUZZ_CHECK(error.starts_with(std::string(kFile) + ":"));
    if (error.starts_with(std::string(kFile) + ": ")) {
      SECGI_FUZZ_CHECK(error.find(": no '") != std::string::npos);
    }
  }
  return 0;
}
