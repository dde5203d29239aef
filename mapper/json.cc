#include "json.h"

#include <cstdio>
#include <optional>

namespace secgi::map {

namespace {

std::string json_optional(const std::string& text) {
  return text.empty() ? "null" : json_string(text);
}

std::string json_optional(const std::optional<std::string>& text) {
  return text ? json_string(*text) : "null";
}

const char* kind_name(SelectorKind kind) {
  switch (kind) {
    case SelectorKind::user:
      return "user";
    case SelectorKind::group:
      return "group";
    case SelectorKind::authenticated_default:
      return "default";
    case SelectorKind::anonymous:
      return "anonymous";
  }
  return "?";
}

std::string target_json(const Target& target) {
  if (target.deny) return "{\"deny\": true}";
  if (target.owner) return "{\"deny\": false, \"owner\": true}";
  if (target.full) {
    return "{\"deny\": false, \"context\": " + json_string(target.full->str()) +
           "}";
  }
  const ContextParts& parts = target.parts;
  return "{\"deny\": false, \"user\": " + json_optional(parts.user) +
         ", \"role\": " + json_optional(parts.role) +
         ", \"type\": " + json_optional(parts.type) +
         ", \"range\": " + json_optional(parts.range) + "}";
}

std::string entry_json(const MappingEntry& entry) {
  return "{\"line\": " + std::to_string(entry.line) +
         ", \"selector\": " + json_string(entry.selector.str()) +
         ", \"kind\": \"" + kind_name(entry.selector.kind) + "\"" +
         ", \"name\": " + json_optional(entry.selector.name) +
         ", \"target\": " + target_json(entry.target) +
         ", \"vhost\": " + json_optional(entry.scope.vhost) +
         ", \"dir\": " + json_optional(entry.scope.dir) + "}";
}

}  // namespace

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string entries_json(const std::vector<MappingEntry>& entries) {
  std::string out = "[";
  for (size_t i = 0; i < entries.size(); ++i) {
    out += i == 0 ? "\n  " : ",\n  ";
    out += entry_json(entries[i]);
  }
  return out + (entries.empty() ? "]\n" : "\n]\n");
}

}  // namespace secgi::map
