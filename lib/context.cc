#include "context.h"

namespace secgi {

namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_' || c == '.';
}

bool is_range_char(char c) {
  return is_name_char(c) || c == ':' || c == ',' || c == '-';
}

}  // namespace

std::string Context::str() const {
  std::string out = user + ":" + role + ":" + type;
  if (!range.empty()) out += ":" + range;
  return out;
}

Status check_context_part(std::string_view part, std::string_view value) {
  if (value.empty()) {
    return make_error("empty " + std::string(part));
  }
  bool range = part == "range";
  for (char c : value) {
    if (range ? is_range_char(c) : is_name_char(c)) continue;
    return make_error("invalid character in " + std::string(part) + " '" +
                      std::string(value) + "'");
  }
  return Ok{};
}

Result<Context> parse_context(std::string_view text) {
  Context context;
  std::string* fields[] = {&context.user, &context.role, &context.type};
  for (std::string* field : fields) {
    size_t colon = text.find(':');
    if (colon == std::string_view::npos && field != &context.type) {
      return make_error("invalid context '" + std::string(text) +
                        "': expected user:role:type[:range]");
    }
    *field = std::string(text.substr(0, colon));
    text.remove_prefix(colon == std::string_view::npos ? text.size()
                                                       : colon + 1);
  }
  context.range = std::string(text);

  const char* names[] = {"user", "role", "type"};
  for (int i = 0; i < 3; ++i) {
    auto part = check_context_part(names[i], *fields[i]);
    if (!part) return make_error("invalid context: " + part.error());
  }
  if (!context.range.empty()) {
    auto part = check_context_part("range", context.range);
    if (!part) return make_error("invalid context: " + part.error());
  }
  return context;
}

std::string low_level(std::string_view range) {
  return std::string(range.substr(0, range.find('-')));
}

Context compose_context(const Context& computed, const ContextParts& parts) {
  Context out;
  out.user = parts.user.value_or(computed.user);
  out.role = parts.role.value_or(computed.role);
  out.type = parts.type.value_or(computed.type);
  out.range = parts.range ? *parts.range : low_level(computed.range);
  return out;
}

}  // namespace secgi
