// The scoped lookup declared in lookup.h; lookup.cc contains the unscoped one.
#include "lookup.h"

namespace secgi {

namespace {

using Found = Result<std::optional<MappingEntry>>;

struct Lookup {
  const MappingSource& source;
  std::vector<Scope> scopes;
  std::vector<LookupAttempt>* trace;

  Found find(const char* step, const Selector& selector,
             const Scope& scope) const {
    auto found = source.find_scoped(selector, scope);
    if (found && trace != nullptr) {
      std::optional<int> line;
      if (*found) line = (*found)->line;
      trace->push_back({step, selector, scope, line});
    }
    return found;
  }

  // Tries every scope for SELECTOR, most specific first.
  Found find_step(const char* step, const Selector& selector) const {
    for (const Scope& scope : scopes) {
      auto found = find(step, selector, scope);
      if (!found || *found) return found;
    }
    return std::optional<MappingEntry>();
  }

  // At each scope, the group entry written first in the source wins.
  Found find_groups(const std::vector<std::string>& groups) const {
    for (const Scope& scope : scopes) {
      std::optional<MappingEntry> best;
      for (const std::string& group : groups) {
        auto found = find("group", {SelectorKind::group, group}, scope);
        if (!found) return found;
        if (*found && (!best || (*found)->line < best->line)) {
          best = std::move(*found);
        }
      }
      if (best) return best;
    }
    return std::optional<MappingEntry>();
  }
};

Result<std::vector<std::string>> request_directories(
    const RequestScope& request) {
  if (request.script.empty()) return std::vector<std::string>();
  return script_directories(request.script);
}

}  // namespace

Found lookup(const MappingSource& source, const Identity& identity,
             const RequestScope& request, std::vector<LookupAttempt>* trace) {
  auto dirs = request_directories(request);
  if (!dirs) return make_error(dirs.error());
  Lookup finder{source, scopes_by_precedence(request.vhost, *dirs), trace};

  if (!identity.authenticated) {
    return finder.find_step("anonymous", {SelectorKind::anonymous, ""});
  }
  auto user = finder.find_step("user", {SelectorKind::user, identity.user});
  if (!user || *user) return user;

  auto group = finder.find_groups(identity.groups);
  if (!group || *group) return group;

  return finder.find_step("default",
                          {SelectorKind::authenticated_default, ""});
}

}  // namespace secgi
