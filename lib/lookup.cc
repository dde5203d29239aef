#include "lookup.h"

namespace secgi {

namespace {

using Found = Result<std::optional<MappingEntry>>;

Found find_first_group(const MappingSource& source,
                       const std::vector<std::string>& groups) {
  std::optional<MappingEntry> best;
  for (const std::string& group : groups) {
    auto found = source.find(Selector{SelectorKind::group, group});
    if (!found) return found;
    if (!*found) continue;
    if (!best || (*found)->line < best->line) best = std::move(*found);
  }
  return best;
}

}  // namespace

Found lookup(const MappingSource& source, const Identity& identity) {
  if (!identity.authenticated) {
    return source.find(Selector{SelectorKind::anonymous, ""});
  }

  auto user = source.find(Selector{SelectorKind::user, identity.user});
  if (!user || *user) return user;

  auto group = find_first_group(source, identity.groups);
  if (!group || *group) return group;

  return source.find(Selector{SelectorKind::authenticated_default, ""});
}

}  // namespace secgi
