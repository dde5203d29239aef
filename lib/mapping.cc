#include "mapping.h"

#include <map>

#include "text.h"

namespace secgi {

namespace {

Status check_name(std::string_view name) {
  if (name.empty()) return make_error("empty name");
  if (has_control_char(name)) return make_error("control character in name");
  return Ok{};
}

Status set_part(ContextParts& parts, std::string_view field) {
  size_t equals = field.find('=');
  std::string_view key = field.substr(0, equals);
  std::string_view value =
      equals == std::string_view::npos ? "" : field.substr(equals + 1);
  std::optional<std::string>* slot = nullptr;
  if (key == "user") slot = &parts.user;
  if (key == "role") slot = &parts.role;
  if (key == "type") slot = &parts.type;
  if (key == "range") slot = &parts.range;
  if (slot == nullptr || equals == std::string_view::npos) {
    return make_error("unknown part '" + std::string(field) +
                      "'; expected user=, role=, type= or range=");
  }
  if (*slot) return make_error("part '" + std::string(key) + "' given twice");
  auto valid = check_context_part(key, value);
  if (!valid) return valid;
  *slot = std::string(value);
  return Ok{};
}

std::string_view next_line(std::string_view& text) {
  size_t newline = text.find('\n');
  std::string_view line = text.substr(0, newline);
  text.remove_prefix(newline == std::string_view::npos ? text.size()
                                                       : newline + 1);
  return line;
}

// Removes the scope fields from the end of FIELDS into SCOPE.
Status take_scope(std::vector<std::string_view>& fields, Scope& scope) {
  while (fields.size() > 2 && is_scope_field(fields.back())) {
    auto status = set_scope_field(scope, fields.back());
    if (!status) return status;
    fields.pop_back();
  }
  for (std::string_view field : fields) {
    if (is_scope_field(field)) {
      return make_error("scope field '" + std::string(field) +
                        "' must follow the target");
    }
  }
  return Ok{};
}

Result<MappingEntry> parse_entry(std::string_view line) {
  auto fields = split_fields(line);
  Scope scope;
  auto scoped = take_scope(fields, scope);
  if (!scoped) return make_error(scoped.error());
  if (fields.size() < 2) {
    return make_error("expected 'SELECTOR TARGET', e.g. "
                      "'user:alice range=s0:c1'");
  }
  auto selector = parse_selector(fields[0]);
  if (!selector) return make_error(selector.error());
  fields.erase(fields.begin());
  auto target = parse_target(fields);
  if (!target) return make_error(target.error());
  return MappingEntry{*selector, *target, 0, scope};
}

class MemorySource final : public MappingSource {
 public:
  explicit MemorySource(std::vector<MappingEntry> entries) {
    for (auto& entry : entries) {
      std::string key = entry_key(entry.selector, entry.scope);
      entries_.emplace(std::move(key), std::move(entry));
    }
  }

  Result<std::optional<MappingEntry>> find(
      const Selector& selector) const override {
    return find_scoped(selector, Scope{});
  }

  Result<std::optional<MappingEntry>> find_scoped(
      const Selector& selector, const Scope& scope) const override {
    auto it = entries_.find(entry_key(selector, scope));
    if (it == entries_.end()) return std::optional<MappingEntry>();
    return std::optional<MappingEntry>(it->second);
  }

 private:
  std::map<std::string, MappingEntry> entries_;
};

}  // namespace

std::string entry_label(const MappingEntry& entry) {
  std::string label = entry.selector.str();
  if (!entry.scope.empty()) label += " " + entry.scope.str();
  return label;
}

std::string Selector::str() const {
  switch (kind) {
    case SelectorKind::user:
      return "user:" + name;
    case SelectorKind::group:
      return "group:" + name;
    case SelectorKind::authenticated_default:
      return "default";
    case SelectorKind::anonymous:
      return "anonymous";
  }
  return "?";
}

Result<Selector> parse_selector(std::string_view text) {
  if (text == "default") return Selector{SelectorKind::authenticated_default, ""};
  if (text == "anonymous") return Selector{SelectorKind::anonymous, ""};

  size_t colon = text.find(':');
  std::string_view kind = text.substr(0, colon);
  if (colon == std::string_view::npos || (kind != "user" && kind != "group")) {
    return make_error("invalid selector '" + std::string(text) +
                      "'; expected user:NAME, group:NAME, default or "
                      "anonymous");
  }
  std::string_view name = text.substr(colon + 1);
  auto valid = check_name(name);
  if (!valid) {
    return make_error("invalid selector '" + std::string(text) + "': " +
                      valid.error());
  }
  return Selector{kind == "user" ? SelectorKind::user : SelectorKind::group,
                  std::string(name)};
}

Result<Target> parse_target(const std::vector<std::string_view>& fields) {
  Target target;
  if (fields.size() == 1 && fields[0] == "deny") {
    target.deny = true;
    return target;
  }
  if (fields.size() == 1 && fields[0] == "owner") {
    target.owner = true;
    return target;
  }
  if (fields.size() == 1 && fields[0].find('=') == std::string_view::npos) {
    auto context = parse_context(fields[0]);
    if (!context) return make_error(context.error());
    target.full = *context;
    return target;
  }
  for (std::string_view field : fields) {
    auto status = set_part(target.parts, field);
    if (!status) return make_error(status.error());
  }
  return target;
}

std::string Target::str() const {
  if (deny) return "deny";
  if (owner) return "owner";
  if (full) return full->str();
  std::string out;
  auto append = [&out](const char* key, const std::optional<std::string>& v) {
    if (!v) return;
    if (!out.empty()) out += ' ';
    out += std::string(key) + "=" + *v;
  };
  append("user", parts.user);
  append("role", parts.role);
  append("type", parts.type);
  append("range", parts.range);
  return out;
}

std::string MappingEntry::str() const {
  std::string out = selector.str() + " " + target.str();
  if (!scope.empty()) out += " " + scope.str();
  return out;
}

std::string entry_key(const Selector& selector, const Scope& scope) {
  // Names hold no control characters, so '\n' cannot occur inside a part.
  return selector.str() + "\n" + scope.vhost + "\n" + scope.dir;
}

Result<MappingEntry> parse_mapping_line(std::string_view text, int line) {
  if (has_control_char_in_line(text)) return make_error("control character");
  auto entry = parse_entry(text);
  if (!entry) return entry;
  entry->line = line;
  return entry;
}

Result<std::vector<MappingEntry>> parse_mappings(std::string_view text,
                                                 std::string_view file) {
  std::vector<MappingEntry> entries;
  std::map<std::string, int> first_line;
  int line_number = 0;
  while (!text.empty()) {
    ++line_number;
    std::string_view line = next_line(text);
    if (is_blank_or_comment(line)) continue;
    if (has_control_char_in_line(line)) {
      return make_error(located(file, line_number, "control character"));
    }
    auto entry = parse_entry(line);
    if (!entry) return make_error(located(file, line_number, entry.error()));
    entry->line = line_number;
    std::string key = entry_key(entry->selector, entry->scope);
    auto [it, inserted] = first_line.emplace(key, line_number);
    if (!inserted) {
      return make_error(located(file, line_number,
                                "'" + entry_label(*entry) +
                                    "' already mapped on line " +
                                    std::to_string(it->second)));
    }
    entries.push_back(std::move(*entry));
  }
  return entries;
}

std::unique_ptr<MappingSource> make_memory_source(
    std::vector<MappingEntry> entries) {
  return std::make_unique<MemorySource>(std::move(entries));
}

}  // namespace secgi
