#include "level.h"

#include <charconv>
#include <string>

namespace secgi {

namespace {

Result<unsigned> parse_index(std::string_view text, char prefix) {
  unsigned value = 0;
  if (text.size() < 2 || text[0] != prefix) {
    return make_error(std::string("expected ") + prefix + "N, not '" +
                      std::string(text) + "'");
  }
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data() + 1, end, value);
  if (ec != std::errc() || ptr != end) {
    return make_error("invalid number in '" + std::string(text) + "'");
  }
  return value;
}

Status add_categories(std::string_view item, Level& level) {
  size_t dot = item.find('.');
  auto first = parse_index(item.substr(0, dot), 'c');
  if (!first) return make_error(first.error());
  unsigned last = *first;
  if (dot != std::string_view::npos) {
    auto upper = parse_index(item.substr(dot + 1), 'c');
    if (!upper) return make_error(upper.error());
    last = *upper;
  }
  if (last < *first || last >= kMaxCategories) {
    return make_error("invalid category range '" + std::string(item) + "'");
  }
  for (unsigned c = *first; c <= last; ++c) level.categories.set(c);
  return Ok{};
}

}  // namespace

bool Level::dominates(const Level& other) const {
  return sensitivity >= other.sensitivity &&
         (other.categories & ~categories).none();
}

bool Range::contains(const Range& other) const {
  return other.low.dominates(low) && high.dominates(other.high);
}

Result<Level> parse_level(std::string_view text) {
  Level level;
  size_t colon = text.find(':');
  auto sensitivity = parse_index(text.substr(0, colon), 's');
  if (!sensitivity) return make_error(sensitivity.error());
  level.sensitivity = *sensitivity;
  if (colon == std::string_view::npos) return level;

  std::string_view list = text.substr(colon + 1);
  while (true) {
    size_t comma = list.find(',');
    auto added = add_categories(list.substr(0, comma), level);
    if (!added) return make_error(added.error());
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return level;
}

Result<Range> parse_range(std::string_view text) {
  size_t dash = text.find('-');
  auto low = parse_level(text.substr(0, dash));
  if (!low) return make_error(low.error());
  if (dash == std::string_view::npos) return Range{*low, *low};
  auto high = parse_level(text.substr(dash + 1));
  if (!high) return make_error(high.error());
  if (!high->dominates(*low)) {
    return make_error("high level of '" + std::string(text) +
                      "' does not dominate its low level");
  }
  return Range{*low, *high};
}

}  // namespace secgi
