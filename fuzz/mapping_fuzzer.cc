// Fuzzes parse_mappings() on arbitrary text. Accepted entries must be
// unique by selector and scope, survive a round trip through their own
// text, and be found again by the in-memory mapping source.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "context.h"
#include "fuzz_check.h"
#include "mapping.h"
#include "scope.h"
#include "text.h"

namespace {

constexpr std::string_view kFile = "fuzz.map";

void check_part(std::string_view name,
                const std::optional<std::string>& value) {
  if (value) SECGI_FUZZ_CHECK(secgi::check_context_part(name, *value));
}

void check_target(const secgi::Target& target) {
  int kinds = (target.deny ? 1 : 0) + (target.owner ? 1 : 0) +
              (target.full ? 1 : 0) + (target.parts.empty() ? 0 : 1);
  SECGI_FUZZ_CHECK(kinds == 1);
  if (target.full) {
    auto reparsed = secgi::parse_context(target.full->str());
    SECGI_FUZZ_CHECK(reparsed.ok());
    SECGI_FUZZ_CHECK(reparsed->str() == target.full->str());
  }
  check_part("user", target.parts.user);
  check_part("role", target.parts.role);
  check_part("type", target.parts.type);
  check_part("range", target.parts.range);
}

void check_entry(const secgi::MappingEntry& entry) {
  const secgi::Selector& selector = entry.selector;
  bool named = selector.kind == secgi::SelectorKind::user ||
               selector.kind == secgi::SelectorKind::group;
  SECGI_FUZZ_CHECK(named != selector.name.empty());
  SECGI_FUZZ_CHECK(!secgi::has_control_char(selector.name));
  if (!entry.scope.dir.empty()) {
    SECGI_FUZZ_CHECK(secgi::check_dir(entry.scope.dir));
  }
  SECGI_FUZZ_CHECK(!secgi::has_control_char(entry.scope.vhost));
  check_target(entry.target);

  // An entry's own text is a valid line that parses back to the entry.
  auto line = secgi::parse_mapping_line(entry.str(), entry.line);
  SECGI_FUZZ_CHECK(line.ok());
  SECGI_FUZZ_CHECK(line->str() == entry.str());
  SECGI_FUZZ_CHECK(line->selector == entry.selector);
  SECGI_FUZZ_CHECK(line->scope == entry.scope);
  SECGI_FUZZ_CHECK(line->line == entry.line);
}

void check_accepted(const std::vector<secgi::MappingEntry>& entries) {
  std::set<std::string> keys;
  int previous_line = 0;
  std::string text;
  for (const secgi::MappingEntry& entry : entries) {
    check_entry(entry);
    SECGI_FUZZ_CHECK(entry.line > previous_line);
    previous_line = entry.line;
    SECGI_FUZZ_CHECK(
        keys.insert(secgi::entry_key(entry.selector, entry.scope)).second);
    text += entry.str() + "\n";
  }

  auto reparsed = secgi::parse_mappings(text, kFile);
  SECGI_FUZZ_CHECK(reparsed.ok());
  SECGI_FUZZ_CHECK(reparsed->size() == entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    SECGI_FUZZ_CHECK((*reparsed)[i].str() == entries[i].str());
  }

  auto source = secgi::make_memory_source(entries);
  for (const secgi::MappingEntry& entry : entries) {
    auto found = source->find_scoped(entry.selector, entry.scope);
    SECGI_FUZZ_CHECK(found.ok());
    SECGI_FUZZ_CHECK(found->has_value());
    SECGI_FUZZ_CHECK((*found)->str() == entry.str());
    SECGI_FUZZ_CHECK((*found)->line == entry.line);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto entries = secgi::parse_mappings(text, kFile);
  if (entries.ok()) {
    check_accepted(*entries);
  } else {
    SECGI_FUZZ_CHECK(entries.error().starts_with(std::string(kFile) + ":"));
  }
  return 0;
}
