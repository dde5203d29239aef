#include "scope.h"

#include "text.h"

namespace secgi {

namespace {

Status check_vhost(std::string_view vhost) {
  if (vhost.empty()) return make_error("empty vhost=");
  if (has_control_char(vhost)) return make_error("control character in vhost=");
  return Ok{};
}

// Splits an absolute path into its components; "/" has none.
std::vector<std::string_view> components(std::string_view path) {
  std::vector<std::string_view> parts;
  path.remove_prefix(1);
  while (!path.empty()) {
    size_t slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    path.remove_prefix(slash == std::string_view::npos ? path.size()
                                                       : slash + 1);
  }
  return parts;
}

Status check_components(std::string_view path) {
  if (path.empty() || path.front() != '/') {
    return make_error("'" + std::string(path) + "' is not an absolute path");
  }
  if (path.size() > 1 && path.back() == '/') {
    return make_error("'" + std::string(path) + "' ends with '/'");
  }
  for (std::string_view part : components(path)) {
    if (part.empty() || part == "." || part == "..") {
      return make_error("'" + std::string(path) +
                        "' has an empty, '.' or '..' component");
    }
  }
  return Ok{};
}

}  // namespace

std::string Scope::str() const {
  std::string out;
  if (!vhost.empty()) out += "vhost=" + vhost;
  if (!dir.empty()) out += std::string(out.empty() ? "" : " ") + "dir=" + dir;
  return out;
}

bool is_scope_field(std::string_view field) {
  return field.starts_with("vhost=") || field.starts_with("dir=");
}

Status set_scope_field(Scope& scope, std::string_view field) {
  size_t equals = field.find('=');
  std::string_view key = field.substr(0, equals);
  std::string_view value = field.substr(equals + 1);
  std::string& slot = key == "vhost" ? scope.vhost : scope.dir;
  if (!slot.empty()) {
    return make_error("scope '" + std::string(key) + "=' given twice");
  }
  auto valid = key == "vhost" ? check_vhost(value) : check_dir(value);
  if (!valid) return valid;
  slot = std::string(value);
  return Ok{};
}

Status check_dir(std::string_view dir) {
  if (has_control_char(dir)) return make_error("control character in dir=");
  auto valid = check_components(dir);
  if (!valid) return make_error("invalid dir=: " + valid.error());
  return Ok{};
}

Result<std::vector<std::string>> script_directories(std::string_view script) {
  auto valid = check_components(script);
  if (!valid || script == "/") {
    return make_error("cannot match dir= scopes for script '" +
                      std::string(script) +
                      "': expected an absolute, normalized path");
  }
  std::vector<std::string> dirs;
  std::string_view rest = script;
  while (rest.size() > 1) {
    rest = rest.substr(0, rest.rfind('/'));
    dirs.emplace_back(rest.empty() ? "/" : rest);
  }
  return dirs;
}

std::vector<Scope> scopes_by_precedence(
    const std::string& vhost, const std::vector<std::string>& dirs) {
  std::vector<Scope> scopes;
  if (!vhost.empty()) {
    for (const std::string& dir : dirs) scopes.push_back({vhost, dir});
  }
  for (const std::string& dir : dirs) scopes.push_back({"", dir});
  if (!vhost.empty()) scopes.push_back({vhost, ""});
  scopes.push_back({"", ""});
  return scopes;
}

}  // namespace secgi
