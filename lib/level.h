// MLS/MCS levels and ranges as text ("s0:c0.c5,c9", "s0-s0:c0.c1023"),
// for checking a range against the wrapper's clearance.
#pragma once

#include <bitset>
#include <string_view>

#include "result.h"

namespace secgi {

inline constexpr size_t kMaxCategories = 1024;

struct Level {
  unsigned sensitivity = 0;  // the N of sN
  std::bitset<kMaxCategories> categories;

  // True when this level dominates OTHER: a sensitivity at least as high
  // and every category of OTHER.
  bool dominates(const Level& other) const;
};

struct Range {
  Level low;
  Level high;

  // True when OTHER lies within this range.
  bool contains(const Range& other) const;
};

// Parses the reference policy's level names: sensitivities s0, s1, ...
// ordered by number, categories c0 to c1023.
Result<Level> parse_level(std::string_view text);

// A single level is a range whose low and high are equal.
Result<Range> parse_range(std::string_view text);

}  // namespace secgi
