#include "source_edit.h"

namespace secgi::map {

std::string append_entry(std::string_view text, const MappingEntry& entry) {
  std::string out(text);
  if (!out.empty() && out.back() != '\n') out += '\n';
  out += entry.str();
  out += '\n';
  return out;
}

std::string remove_line(std::string_view text, int line) {
  size_t start = 0;
  for (int i = 1; i < line && start != std::string_view::npos; ++i) {
    size_t newline = text.find('\n', start);
    start = newline == std::string_view::npos ? newline : newline + 1;
  }
  if (start == std::string_view::npos) return std::string(text);
  size_t end = text.find('\n', start);
  end = end == std::string_view::npos ? text.size() : end + 1;
  return std::string(text.substr(0, start)) + std::string(text.substr(end));
}

}  // namespace secgi::map
