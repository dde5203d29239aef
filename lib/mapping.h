// Mapping entries: which SELinux context a client identity runs in.
// The line format is documented in secgi-mappings(5).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "context.h"
#include "result.h"
#include "scope.h"

namespace secgi {

enum class SelectorKind { user, group, authenticated_default, anonymous };

struct Selector {
  SelectorKind kind;
  std::string name;  // empty for authenticated_default and anonymous

  // The selector as written in the source: "user:alice", "default".
  std::string str() const;
  bool operator==(const Selector&) const = default;
};

Result<Selector> parse_selector(std::string_view text);

// What an entry grants: nothing (deny), a full context, parts of one, or
// (owner) whatever the entry of the script's userdir owner grants.
struct Target {
  bool deny = false;
  bool owner = false;
  std::optional<Context> full;
  ContextParts parts;

  std::string str() const;
};

Result<Target> parse_target(const std::vector<std::string_view>& fields);

struct MappingEntry {
  Selector selector;
  Target target;
  int line = 0;  // source line; among groups the lowest line wins
  Scope scope = {};  // vhost= and dir= fields; empty applies everywhere

  std::string str() const;
};

// The text that identifies an entry: selector and scope. Two entries of one
// source never share it.
std::string entry_key(const Selector& selector, const Scope& scope);

// The selector and, when set, the scope: "user:alice vhost=wiki". Messages
// name an entry this way.
std::string entry_label(const MappingEntry& entry);

// Parses one entry line, "SELECTOR TARGET [vhost=NAME] [dir=PATH]", and
// gives the entry LINE as its line number.
Result<MappingEntry> parse_mapping_line(std::string_view text, int line);

// Parses a whole mapping source. Any malformed or repeated selector makes
// the whole source invalid: the wrapper then refuses every request.
Result<std::vector<MappingEntry>> parse_mappings(std::string_view text,
                                                 std::string_view file);

// Where the wrapper looks entries up. The text source and the compiled
// index both implement it.
class MappingSource {
 public:
  virtual ~MappingSource() = default;
  virtual Result<std::optional<MappingEntry>> find(
      const Selector& selector) const = 0;

  // Finds the entry for SELECTOR limited to exactly SCOPE. The default
  // serves sources that contain unscoped entries only.
  virtual Result<std::optional<MappingEntry>> find_scoped(
      const Selector& selector, const Scope& scope) const {
    if (scope.empty()) return find(selector);
    return std::optional<MappingEntry>();
  }

  // Returns false only when the source contains no group entry in any
  // scope, so that a lookup need not list the client's groups.
  virtual bool may_have_groups() const { return true; }
};

// A MappingSource over parsed entries, held in memory.
std::unique_ptr<MappingSource> make_memory_source(
    std::vector<MappingEntry> entries);

}  // namespace secgi
