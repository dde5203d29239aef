#include "userdir.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "context.h"
#include "identity.h"
#include "level.h"

namespace secgi {

namespace {

std::string without_trailing_slashes(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

// The uid of DIR when it is a directory and not a symbolic link.
std::optional<uid_t> directory_owner(const std::string& dir) {
  struct stat st;
  if (::lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return std::nullopt;
  }
  return st.st_uid;
}

Result<std::optional<Userdir>> match_userdir(const std::string& dir,
                                             uid_t server_uid) {
  auto uid = directory_owner(dir);
  if (!uid || *uid == 0 || *uid == server_uid) {
    return std::optional<Userdir>();
  }
  auto owner = find_account_by_uid(*uid);
  if (!owner) return make_error(owner.error());
  if (!*owner) return std::optional<Userdir>();
  std::string parent = dir.substr(0, dir.rfind('/'));
  if (parent != without_trailing_slashes((*owner)->home)) {
    return std::optional<Userdir>();
  }
  return std::optional<Userdir>(Userdir{dir, (*owner)->name, *uid});
}

Result<Range> range_of(const std::string& context, const char* what) {
  auto parsed = parse_context(context);
  if (!parsed) return make_error("cannot parse " + std::string(what) + ": " +
                                 parsed.error());
  if (parsed->range.empty()) return Range{};
  auto range = parse_range(parsed->range);
  if (!range) return make_error("cannot parse the range of " +
                                std::string(what) + ": " + range.error());
  return *range;
}

std::string high_level_text(const std::string& context) {
  auto parsed = parse_context(context);
  if (!parsed) return context;
  size_t dash = parsed->range.find('-');
  return dash == std::string::npos ? parsed->range
                                   : parsed->range.substr(dash + 1);
}

// The entries of SOURCE without those whose target is owner.
class WithoutOwnerEntries final : public MappingSource {
 public:
  explicit WithoutOwnerEntries(const MappingSource& source) : source_(source) {}

  Result<std::optional<MappingEntry>> find(
      const Selector& selector) const override {
    return skip_owner(source_.find(selector));
  }

  Result<std::optional<MappingEntry>> find_scoped(
      const Selector& selector, const Scope& scope) const override {
    return skip_owner(source_.find_scoped(selector, scope));
  }

 private:
  static Result<std::optional<MappingEntry>> skip_owner(
      Result<std::optional<MappingEntry>> found) {
    if (found && *found && (*found)->target.owner) {
      return std::optional<MappingEntry>();
    }
    return found;
  }

  const MappingSource& source_;
};

}  // namespace

Result<std::optional<MappingEntry>> lookup_owner(const MappingSource& source,
                                                 const Identity& owner,
                                                 const RequestScope& scope) {
  WithoutOwnerEntries filtered(source);
  return lookup(filtered, owner, scope);
}

Result<std::optional<Userdir>> find_userdir(const std::string& path,
                                            const std::string& name,
                                            uid_t server_uid) {
  if (name.empty() || path.empty() || path.front() != '/') {
    return std::optional<Userdir>();
  }
  const std::string component = "/" + name;
  size_t at = path.find(component + "/");
  while (at != std::string::npos) {
    std::string dir = path.substr(0, at + component.size());
    auto found = match_userdir(dir, server_uid);
    if (!found || *found) return found;
    at = path.find(component + "/", at + 1);
  }
  return std::optional<Userdir>();
}

Status check_userdir_code(const UserdirCode& code) {
  auto owner = range_of(code.owner_context, "the owner's context");
  if (!owner) return make_error(owner.error());
  auto script = range_of(code.script_context, "the script's context");
  if (!script) return make_error(script.error());
  auto target = range_of(code.target, "the target context");
  if (!target) return make_error(target.error());

  if (!script->high.dominates(owner->high)) {
    return make_error("userdir script of " + code.owner + " is labelled " +
                      high_level_text(code.script_context) +
                      ", without its owner's categories " +
                      high_level_text(code.owner_context) +
                      "; label it with chcon -l or semanage fcontext");
  }
  if (!target->high.dominates(script->high)) {
    return make_error("userdir script of " + code.owner + " (" +
                      high_level_text(code.script_context) +
                      ") may not run at " + high_level_text(code.target) +
                      ", which does not dominate its owner's categories; "
                      "map its visitors with the target owner");
  }
  return Ok{};
}

}  // namespace secgi
