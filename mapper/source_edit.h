// Edits of the source text that keep its comments and layout.
#pragma once

#include <string>
#include <string_view>

#include "mapping.h"
#include "result.h"

namespace secgi::map {

// Returns TEXT with ENTRY appended as its last line.
std::string append_entry(std::string_view text, const MappingEntry& entry);

// Returns TEXT without line LINE (1-based).
std::string remove_line(std::string_view text, int line);

}  // namespace secgi::map
