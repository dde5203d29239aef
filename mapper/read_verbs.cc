// list, show, export and check: the verbs that only read the database.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "fd.h"
#include "json.h"
#include "store.h"
#include "text.h"
#include "verbs.h"

namespace secgi::map {

namespace {

Result<std::vector<MappingEntry>> read_entries(const Options& options) {
  StorePaths paths(options.mappings);
  auto source = read_source(paths, false);
  if (!source) return make_error(source.error());
  return parse_mappings(source->text, paths.source);
}

using Row = std::vector<std::string>;

void print_table(const std::vector<Row>& rows) {
  std::vector<size_t> widths;
  for (const Row& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], row[i].size());
    }
  }
  for (const Row& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 == row.size()) break;
      line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    std::printf("%s\n", line.c_str());
  }
}

Row entry_row(const MappingEntry& entry) {
  return {std::to_string(entry.line), entry.selector.str(), entry.target.str(),
          entry.scope.vhost.empty() ? "-" : entry.scope.vhost,
          entry.scope.dir.empty() ? "-" : entry.scope.dir};
}

Status write_text(const std::string& file, const std::string& text) {
  UniqueFd fd(::open(file.c_str(),
                     O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
                     0644));
  if (!fd.valid()) {
    return make_error("cannot create '" + file + "': " + std::strerror(errno));
  }
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd.get(), text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return make_error("cannot write '" + file + "': " + std::strerror(errno));
    }
    done += static_cast<size_t>(n);
  }
  return Ok{};
}

// Every entry of the source must be in the index with the same line and
// target, and the index must hold nothing else.
std::vector<std::string> compare_index(const MappingIndex& index,
                                       const std::vector<MappingEntry>& entries,
                                       const std::string& file) {
  std::vector<std::string> problems;
  if (index.size() != entries.size()) {
    problems.push_back("the index holds " + std::to_string(index.size()) +
                       " entries, the source " +
                       std::to_string(entries.size()) +
                       "; run 'secgi-map compile'");
  }
  for (const MappingEntry& entry : entries) {
    auto found = index.find_scoped(entry.selector, entry.scope);
    std::string where = located(file, entry.line, entry_label(entry));
    if (!found) {
      problems.push_back(where + ": " + found.error());
    } else if (!*found || (*found)->line != entry.line ||
               (*found)->str() != entry.str()) {
      problems.push_back(where +
                         ": the index differs; run 'secgi-map compile'");
    }
  }
  return problems;
}

}  // namespace

int run_list(const Options& options, bool json) {
  auto entries = read_entries(options);
  if (!entries) return report("list", options.mappings, entries.error());
  if (json) {
    std::fputs(entries_json(*entries).c_str(), stdout);
    return kExitOk;
  }
  std::vector<Row> rows = {{"LINE", "SELECTOR", "TARGET", "VHOST", "DIR"}};
  for (const MappingEntry& entry : *entries) rows.push_back(entry_row(entry));
  print_table(rows);
  return kExitOk;
}

int run_show(const Options& options, const std::string& text) {
  auto selector = parse_selector(text);
  if (!selector) return report("show", text, selector.error());
  auto entries = read_entries(options);
  if (!entries) return report("show", text, entries.error());
  bool any = false;
  for (const MappingEntry& entry : *entries) {
    if (!(entry.selector == *selector)) continue;
    std::printf("%s\n", located(options.mappings, entry.line, entry.str())
                            .c_str());
    any = true;
  }
  if (!any) {
    return report("show", text, "no entry in '" + options.mappings + "'");
  }
  return kExitOk;
}

int run_export(const Options& options, const std::string& file) {
  StorePaths paths(options.mappings);
  auto source = read_source(paths, false);
  if (!source) return report("export", paths.source, source.error());
  auto entries = parse_mappings(source->text, paths.source);
  if (!entries) return report("export", paths.source, entries.error());
  if (file.empty() || file == "-") {
    std::fputs(source->text.c_str(), stdout);
    return kExitOk;
  }
  auto written = write_text(file, source->text);
  if (!written) return report("export", paths.source, written.error());
  return kExitOk;
}

int run_check(const Options& options) {
  StorePaths paths(options.mappings);
  // The index is opened first: an edit renames the source before the
  // index, so a source read after it is never older than the index.
  auto index = open_index(paths.index, paths.source);
  auto source = read_source(paths, false);
  if (!source) return report("check", paths.source, source.error());
  auto entries = parse_mappings(source->text, paths.source);
  if (!entries) return report("check", paths.source, entries.error());
  auto policy = open_policy(options);
  if (!policy) return report("check", paths.source, policy.error());
  auto problems = check_entries(**policy, *entries, options.check_settings(),
                                paths.source);
  if (!problems) return report("check", paths.source, problems.error());

  if (!index) {
    problems->push_back(index.error());
  } else if (!((*index)->source() == source->identity)) {
    problems->push_back("index '" + paths.index + "' is stale: '" +
                        paths.source + "' changed during the check; run "
                        "'secgi-map compile' if this repeats");
  } else {
    auto differences = compare_index(**index, *entries, paths.source);
    problems->insert(problems->end(), differences.begin(), differences.end());
  }
  for (const std::string& problem : *problems) {
    report("check", paths.source, problem);
  }
  if (!problems->empty()) return kExitFailed;
  std::printf("%s: %zu entries valid, index %s up to date\n",
              paths.source.c_str(), entries->size(), paths.index.c_str());
  return kExitOk;
}

}  // namespace secgi::map
