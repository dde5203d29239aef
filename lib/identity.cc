#include "identity.h"

#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "text.h"

namespace secgi {

namespace {

// Calls LOOKUP with BUFFER, doubling the buffer from 1 KiB up to
// kMaxNssBuffer while LOOKUP returns ERANGE. Returns LOOKUP's result.
// A passwd entry, or a group entry with few members, fits in 1 KiB, and
// each doubling costs one more call.
template <typename Lookup>
int with_growing_buffer(std::vector<char>& buffer, Lookup lookup) {
  size_t size = 1024;
  for (;;) {
    buffer.assign(size, '\0');
    int rc = lookup(buffer);
    if (rc != ERANGE || size >= kMaxNssBuffer) return rc;
    size *= 2;
  }
}

// Describes a non-zero return of a *_r lookup. glibc returns 0 for a name
// it does not find and reserves errors such as ENOENT for a service that
// failed (sssd not running, say), so every error is a failure here.
std::string nss_failure(const std::string& what, int rc) {
  if (rc == ERANGE) {
    return "NSS entry of " + what + " is larger than " +
           std::to_string(kMaxNssBuffer) + " bytes";
  }
  return "NSS lookup of " + what + " failed: " + std::strerror(rc);
}

// Returns std::nullopt when NSS has no such account.
Result<std::optional<struct passwd>> get_passwd(const std::string& name,
                                                std::vector<char>& buffer) {
  struct passwd pw;
  struct passwd* found = nullptr;
  int rc = with_growing_buffer(buffer, [&](std::vector<char>& b) {
    return ::getpwnam_r(name.c_str(), &pw, b.data(), b.size(), &found);
  });
  if (rc != 0) return make_error(nss_failure("account '" + name + "'", rc));
  if (found == nullptr) return std::optional<struct passwd>();
  return std::optional<struct passwd>(pw);
}

Result<std::string> group_name(gid_t gid) {
  std::vector<char> buffer;
  struct group gr;
  struct group* found = nullptr;
  int rc = with_growing_buffer(buffer, [&](std::vector<char>& b) {
    return ::getgrgid_r(gid, &gr, b.data(), b.size(), &found);
  });
  std::string what = "group " + std::to_string(gid);
  if (rc != 0) return make_error(nss_failure(what, rc));
  if (found == nullptr) return make_error("NSS has no name for " + what);
  return std::string(gr.gr_name);
}

size_t max_groups() {
  long max = ::sysconf(_SC_NGROUPS_MAX);
  return max > 0 ? static_cast<size_t>(max) : NGROUPS_MAX;
}

// getgrouplist() reports no NSS errors: a service that fails is skipped.
// NOTE: a failing directory service can therefore shorten the list
// without an error. Deny entries for users are not affected.
Result<std::vector<gid_t>> group_list(const std::string& user, gid_t primary) {
  const size_t max = max_groups();
  int count = 64;
  std::vector<gid_t> gids;
  for (int attempt = 0; attempt < 4; ++attempt) {
    gids.assign(static_cast<size_t>(count), 0);
    int found = count;
    int rc = ::getgrouplist(user.c_str(), primary, gids.data(), &found);
    if (found < 0 || static_cast<size_t>(found) > max) {
      return make_error("account '" + user + "' is in " +
                        std::to_string(found) + " groups, more than the "
                        "system's maximum of " + std::to_string(max) +
                        " (NGROUPS_MAX)");
    }
    if (rc >= 0) {
      gids.resize(static_cast<size_t>(found));
      return gids;
    }
    if (found <= count) break;
    count = found;
  }
  return make_error("cannot list the groups of '" + user +
                    "': getgrouplist() kept reporting more groups");
}

}  // namespace

Result<Identity> read_identity(const Environment& env) {
  Identity identity;
  if (env.dropped_names.count("REMOTE_USER") != 0) {
    return make_error("REMOTE_USER contains a control character or is "
                      "longer than " + std::to_string(kMaxValueLength) +
                      " bytes");
  }
  auto user = env.get("REMOTE_USER");
  if (!user) return identity;

  if (user->empty()) return make_error("REMOTE_USER is empty");
  if (has_control_char(*user)) {
    return make_error("REMOTE_USER contains a control character");
  }
  if (!env.get("AUTH_TYPE")) {
    return make_error("REMOTE_USER is set without AUTH_TYPE, so no server "
                      "module authenticated it");
  }
  identity.authenticated = true;
  identity.user = *user;
  return identity;
}

Result<bool> add_groups(Identity& identity) {
  std::vector<char> buffer;
  auto pw = get_passwd(identity.user, buffer);
  if (!pw) return make_error(pw.error());
  if (!*pw) return false;

  auto gids = group_list(identity.user, (*pw)->pw_gid);
  if (!gids) return make_error(gids.error());
  std::vector<std::string> names;
  for (gid_t gid : *gids) {
    auto name = group_name(gid);
    if (!name) return make_error(name.error());
    names.push_back(std::move(*name));
  }
  identity.groups = std::move(names);
  return true;
}

Result<bool> nss_has_account(const std::string& name) {
  std::vector<char> buffer;
  auto pw = get_passwd(name, buffer);
  if (!pw) return make_error(pw.error());
  return pw->has_value();
}

Result<std::optional<AccountHome>> find_account_by_uid(uid_t uid) {
  std::vector<char> buffer;
  struct passwd pw;
  struct passwd* found = nullptr;
  int rc = with_growing_buffer(buffer, [&](std::vector<char>& b) {
    return ::getpwuid_r(uid, &pw, b.data(), b.size(), &found);
  });
  if (rc != 0) return make_error(nss_failure("uid " + std::to_string(uid), rc));
  if (found == nullptr) return std::optional<AccountHome>();
  return std::optional<AccountHome>(AccountHome{pw.pw_name, pw.pw_dir});
}

Result<Account> find_account(const std::string& name) {
  std::vector<char> buffer;
  auto pw = get_passwd(name, buffer);
  if (!pw) return make_error(pw.error());
  if (!*pw) return make_error("no account '" + name + "'");
  return Account{(*pw)->pw_uid, (*pw)->pw_gid};
}

}  // namespace secgi
