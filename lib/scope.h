// Scopes: the virtual host and script directory a mapping entry is
// limited to. secgi-mappings(5) documents the vhost= and dir= fields.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "result.h"

namespace secgi {

// An empty vhost or dir means the entry applies to every one.
struct Scope {
  std::string vhost;  // SECGI_VHOST as set by the server's SetEnv
  std::string dir;    // an absolute, normalized directory

  bool empty() const { return vhost.empty() && dir.empty(); }
  // The scope as fields of a source line: "vhost=wiki dir=/srv/x", or "".
  std::string str() const;
  bool operator==(const Scope&) const = default;
};

// True for a field that sets a scope: "vhost=..." or "dir=...".
bool is_scope_field(std::string_view field);

// Sets the part of SCOPE that FIELD names. An empty value, a part given
// twice or a dir that is not absolute and normalized is an error.
Status set_scope_field(Scope& scope, std::string_view field);

// Ok for "/" and for absolute paths without empty, "." or ".." components
// and without a trailing slash.
Status check_dir(std::string_view dir);

// The directories that contain SCRIPT, the deepest first: "/a/b/c.cgi"
// gives "/a/b", "/a", "/". A relative path or one with "." or ".."
// components is an error, because it could match a directory the script
// is not in.
Result<std::vector<std::string>> script_directories(std::string_view script);

// The scopes to try for a request, most specific first: vhost and dir,
// then dir alone, then vhost alone, then no scope; among dirs the deepest
// first. An empty VHOST or DIRS leaves out the scopes that need it.
std::vector<Scope> scopes_by_precedence(const std::string& vhost,
                                        const std::vector<std::string>& dirs);

}  // namespace secgi
