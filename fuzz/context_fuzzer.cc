// Fuzzes parse_context(), compose_context(), parse_range() and
// Range::contains(). The input is split into lines:
//
//   line 1      the computed context, as the policy would return it
//   lines 2-5   the user, role, type and range parts of a mapping entry;
//               an empty line leaves that part unset
//   lines 6-8   ranges to parse and compare with each other
//
// Missing lines count as empty.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "context.h"
#include "fuzz_check.h"
#include "level.h"

namespace {

constexpr size_t kPartLines = 4;
constexpr size_t kRangeLines = 3;

std::vector<std::string_view> split_lines(std::string_view text,
                                          size_t count) {
  std::vector<std::string_view> lines;
  while (lines.size() < count) {
    size_t newline = text.find('\n');
    lines.push_back(text.substr(0, newline));
    text.remove_prefix(newline == text.npos ? text.size() : newline + 1);
  }
  return lines;
}

bool same_level(const secgi::Level& a, const secgi::Level& b) {
  return a.sensitivity == b.sensitivity && a.categories == b.categories;
}

bool same_range(const secgi::Range& a, const secgi::Range& b) {
  return same_level(a.low, b.low) && same_level(a.high, b.high);
}

// Writes LEVEL with every category listed on its own: "s0:c1,c2,c5".
std::string format_level(const secgi::Level& level) {
  std::string text = "s" + std::to_string(level.sensitivity);
  char separator = ':';
  for (size_t c = 0; c < secgi::kMaxCategories; ++c) {
    if (!level.categories.test(c)) continue;
    text += separator;
    text += "c" + std::to_string(c);
    separator = ',';
  }
  return text;
}

bool same_context(const secgi::Context& a, const secgi::Context& b) {
  return a.user == b.user && a.role == b.role && a.type == b.type &&
         a.range == b.range;
}

void check_parsed_context(const secgi::Context& context) {
  SECGI_FUZZ_CHECK(secgi::check_context_part("user", context.user));
  SECGI_FUZZ_CHECK(secgi::check_context_part("role", context.role));
  SECGI_FUZZ_CHECK(secgi::check_context_part("type", context.type));
  if (!context.range.empty()) {
    SECGI_FUZZ_CHECK(secgi::check_context_part("range", context.range));
  }
  auto reparsed = secgi::parse_context(context.str());
  SECGI_FUZZ_CHECK(reparsed.ok());
  SECGI_FUZZ_CHECK(same_context(*reparsed, context));
}

bool part_is_valid(std::string_view name,
                   const std::optional<std::string>& part) {
  return !part || secgi::check_context_part(name, *part).ok();
}

// An entry without range= runs at the computed low level, never with the
// computed high level (the wrapper's clearance).
void check_unset_range(const secgi::Context& computed,
                       const secgi::Context& composed) {
  SECGI_FUZZ_CHECK(composed.range == secgi::low_level(computed.range));
  SECGI_FUZZ_CHECK(composed.range.find('-') == std::string::npos);
  SECGI_FUZZ_CHECK(computed.range.starts_with(composed.range));

  auto clearance = secgi::parse_range(computed.range);
  if (!clearance) return;
  auto level = secgi::parse_range(composed.range);
  SECGI_FUZZ_CHECK(level.ok());
  SECGI_FUZZ_CHECK(same_level(level->low, clearance->low));
  SECGI_FUZZ_CHECK(same_level(level->high, clearance->low));
  SECGI_FUZZ_CHECK(clearance->contains(*level));
}

void check_compose(const secgi::Context& computed,
                   const secgi::ContextParts& parts) {
  secgi::Context composed = secgi::compose_context(computed, parts);
  SECGI_FUZZ_CHECK(composed.user == parts.user.value_or(computed.user));
  SECGI_FUZZ_CHECK(composed.role == parts.role.value_or(computed.role));
  SECGI_FUZZ_CHECK(composed.type == parts.type.value_or(computed.type));
  if (parts.range) {
    SECGI_FUZZ_CHECK(composed.range == *parts.range);
  } else {
    check_unset_range(computed, composed);
  }

  // Valid parts on a valid computed context give a context that the
  // wrapper can pass on as text and read back unchanged.
  if (part_is_valid("user", parts.user) && part_is_valid("role", parts.role) &&
      part_is_valid("type", parts.type) &&
      part_is_valid("range", parts.range)) {
    auto reparsed = secgi::parse_context(composed.str());
    SECGI_FUZZ_CHECK(reparsed.ok());
    SECGI_FUZZ_CHECK(same_context(*reparsed, composed));
  }
}

void check_range(std::string_view text, const secgi::Range& range) {
  SECGI_FUZZ_CHECK(range.contains(range));
  SECGI_FUZZ_CHECK(range.high.dominates(range.low));
  SECGI_FUZZ_CHECK(secgi::check_context_part("range", text));

  std::string canonical =
      format_level(range.low) + "-" + format_level(range.high);
  auto reparsed = secgi::parse_range(canonical);
  SECGI_FUZZ_CHECK(reparsed.ok());
  SECGI_FUZZ_CHECK(same_range(*reparsed, range));
}

// Containment is a partial order: antisymmetric and transitive.
void check_order(const std::vector<secgi::Range>& ranges) {
  for (const secgi::Range& a : ranges) {
    for (const secgi::Range& b : ranges) {
      if (a.contains(b) && b.contains(a)) {
        SECGI_FUZZ_CHECK(same_range(a, b));
      }
      for (const secgi::Range& c : ranges) {
        if (a.contains(b) && b.contains(c)) SECGI_FUZZ_CHECK(a.contains(c));
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto lines = split_lines(text, 1 + kPartLines + kRangeLines);

  secgi::ContextParts parts;
  std::optional<std::string>* slots[kPartLines] = {&parts.user, &parts.role,
                                                   &parts.type, &parts.range};
  for (size_t i = 0; i < kPartLines; ++i) {
    if (!lines[1 + i].empty()) *slots[i] = std::string(lines[1 + i]);
  }

  auto computed = secgi::parse_context(lines[0]);
  if (computed) {
    check_parsed_context(*computed);
    check_compose(*computed, parts);
  }

  std::vector<secgi::Range> ranges;
  for (size_t i = 0; i < kRangeLines; ++i) {
    std::string_view range_text = lines[1 + kPartLines + i];
    auto range = secgi::parse_range(range_text);
    if (!range) continue;
    check_range(range_text, *range);
    ranges.push_back(*range);
  }
  if (computed) {
    auto clearance = secgi::parse_range(computed->range);
    if (clearance) ranges.push_back(*clearance);
  }
  check_order(ranges);
  return 0;
}
