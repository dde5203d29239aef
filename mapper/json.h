// The JSON form of mapping entries, for `secgi-map list --json`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mapping.h"

namespace secgi::map {

// Returns TEXT as a JSON string literal, quotes included.
std::string json_string(std::string_view text);

// One JSON object per entry, in source order, as an array.
std::string entries_json(const std::vector<MappingEntry>& entries);

}  // namespace secgi::map
