// Small string helpers shared by the configuration and mapping parsers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace secgi {

std::string_view trim(std::string_view text);

// Splits on runs of spaces and tabs.
std::vector<std::string_view> split_fields(std::string_view text);

// True for a line that contains nothing: blank, or a comment starting with '#'.
bool is_blank_or_comment(std::string_view line);

// True when TEXT contains a byte below 0x20 or DEL. The line variant
// accepts tabs.
bool has_control_char(std::string_view text);
bool has_control_char_in_line(std::string_view line);

// Formats "FILE:LINE: MESSAGE", the shape every parse error takes.
std::string located(std::string_view file, int line, std::string_view message);

}  // namespace secgi
