// add, remove, import and compile: the verbs that change the database.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>

#include "fd.h"
#include "source_edit.h"
#include "store.h"
#include "text.h"
#include "verbs.h"

namespace secgi::map {

namespace {

constexpr size_t kMaxImportSize = 64 << 20;

using Change = std::function<Result<std::string>(const SourceText&)>;

// Parses TEXT as the new source and checks every entry against the policy.
// Prints each refused entry; returns the entries when all pass.
Result<std::vector<MappingEntry>> accept(const Options& options,
                                         const std::string& verb,
                                         const std::string& object,
                                         const std::string& text,
                                         const std::string& label) {
  auto entries = parse_mappings(text, label);
  if (!entries) return make_error(entries.error());
  auto policy = open_policy(options);
  if (!policy) return make_error(policy.error());
  auto problems = check_entries(**policy, *entries,
                                options.check_settings(), label);
  if (!problems) return make_error(problems.error());
  if (problems->empty()) return entries;
  for (size_t i = 1; i < problems->size(); ++i) {
    report(verb, object, (*problems)[i]);
  }
  return make_error((*problems)[0]);
}

// Runs one edit under the lock: reads the source, applies CHANGE, checks
// the result and installs it; nothing changes when any step fails.
int edit(const Options& options, const std::string& verb,
         const std::string& object, bool missing_ok, const Change& change,
         const std::string& label = "") {
  StorePaths paths(options.mappings);
  auto lock = EditLock::acquire(paths);
  if (!lock) return report(verb, object, lock.error());
  auto source = read_source(paths, missing_ok);
  if (!source) return report(verb, object, source.error());
  auto text = change(*source);
  if (!text) return report(verb, object, text.error());
  auto entries = accept(options, verb, object, *text,
                        label.empty() ? paths.source : label);
  if (!entries) return report(verb, object, entries.error());
  auto committed = commit_source_and_index(paths, *text, *entries);
  if (!committed) return report(verb, object, committed.error());
  return kExitOk;
}

Result<std::vector<MappingEntry>> current_entries(const SourceText& source,
                                                  const std::string& file) {
  auto entries = parse_mappings(source.text, file);
  if (!entries) {
    return make_error("the source is invalid, fix it first: " +
                      entries.error());
  }
  return entries;
}

std::string join_fields(const std::string& selector,
                        const std::vector<std::string>& fields) {
  std::string line = selector;
  for (const std::string& field : fields) line += " " + field;
  return line;
}

Result<Scope> scope_from(const std::vector<std::string>& fields,
                         const std::string& vhost, const std::string& dir) {
  Scope scope;
  std::vector<std::string> all = fields;
  if (!vhost.empty()) all.push_back("vhost=" + vhost);
  if (!dir.empty()) all.push_back("dir=" + dir);
  for (const std::string& field : all) {
    if (!is_scope_field(field)) {
      return make_error("'" + field + "' is not a scope; expected "
                        "vhost=NAME or dir=PATH");
    }
    auto set = set_scope_field(scope, field);
    if (!set) return make_error(set.error());
  }
  return scope;
}

Result<std::string> read_import(const std::string& file) {
  UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) {
    return make_error("cannot open '" + file + "': " + std::strerror(errno));
  }
  std::string text;
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return make_error("cannot read '" + file + "': " + std::strerror(errno));
    }
    if (n == 0) break;
    text.append(buffer, static_cast<size_t>(n));
    if (text.size() > kMaxImportSize) {
      return make_error("'" + file + "' is larger than " +
                        std::to_string(kMaxImportSize) + " bytes");
    }
  }
  return text;
}

}  // namespace

int report(const std::string& verb, const std::string& object,
           const std::string& reason) {
  std::fprintf(stderr, "secgi-map: cannot %s %s: %s\n", verb.c_str(),
               object.c_str(), reason.c_str());
  return kExitFailed;
}

int run_add(const Options& options, const AddArgs& args) {
  std::vector<std::string> fields = args.target;
  if (!args.vhost.empty()) fields.push_back("vhost=" + args.vhost);
  if (!args.dir.empty()) fields.push_back("dir=" + args.dir);
  auto entry = parse_mapping_line(join_fields(args.selector, fields), 0);
  if (!entry) return report("add", args.selector, entry.error());
  std::string object = entry_label(*entry);

  auto change = [&](const SourceText& source) -> Result<std::string> {
    auto entries = current_entries(source, options.mappings);
    if (!entries) return make_error(entries.error());
    std::string key = entry_key(entry->selector, entry->scope);
    for (const MappingEntry& old : *entries) {
      if (entry_key(old.selector, old.scope) != key) continue;
      return make_error("already mapped on " +
                        located(options.mappings, old.line, old.str()) +
                        "; remove it first");
    }
    return append_entry(source.text, *entry);
  };
  return edit(options, "add", object, true, change);
}

int run_remove(const Options& options, const RemoveArgs& args) {
  auto selector = parse_selector(args.selector);
  if (!selector) return report("remove", args.selector, selector.error());
  auto scope = scope_from(args.scope, args.vhost, args.dir);
  if (!scope) return report("remove", args.selector, scope.error());
  MappingEntry wanted{*selector, Target{}, 0, *scope};
  std::string object = entry_label(wanted);

  auto change = [&](const SourceText& source) -> Result<std::string> {
    auto entries = current_entries(source, options.mappings);
    if (!entries) return make_error(entries.error());
    std::string key = entry_key(wanted.selector, wanted.scope);
    for (const MappingEntry& old : *entries) {
      if (entry_key(old.selector, old.scope) == key) {
        return remove_line(source.text, old.line);
      }
    }
    return make_error("no such entry in '" + options.mappings +
                      "'; 'secgi-map show " + args.selector +
                      "' lists its scopes");
  };
  return edit(options, "remove", object, false, change);
}

int run_import(const Options& options, const std::string& file) {
  auto text = read_import(file);
  if (!text) return report("import", file, text.error());
  auto change = [&](const SourceText&) -> Result<std::string> {
    return *text;
  };
  return edit(options, "import", file, true, change, file);
}

int run_compile(const Options& options) {
  const std::string verb = "compile";
  StorePaths paths(options.mappings);
  auto lock = EditLock::acquire(paths);
  if (!lock) return report(verb, paths.source, lock.error());
  auto source = read_source(paths, false);
  if (!source) return report(verb, paths.source, source.error());
  auto entries = accept(options, verb, paths.source, source->text,
                        paths.source);
  if (!entries) return report(verb, paths.source, entries.error());
  auto committed = commit_index(paths, *entries, source->identity);
  if (!committed) return report(verb, paths.source, committed.error());
  return kExitOk;
}

}  // namespace secgi::map
