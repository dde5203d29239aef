#include "identity.h"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "text.h"

namespace secgi {

namespace {

// Returns std::nullopt when NSS has no such account.
Result<std::optional<struct passwd>> get_passwd(const std::string& name,
                                                std::vector<char>& buffer) {
  buffer.assign(16384, '\0');
  struct passwd pw;
  struct passwd* found = nullptr;
  int rc = ::getpwnam_r(name.c_str(), &pw, buffer.data(), buffer.size(), &found);
  if (rc == ERANGE) return make_error("account entry for '" + name + "' too large");
  if (rc != 0 && rc != ENOENT && rc != ESRCH) {
    return make_error("cannot look up account '" + name + "': " + std::strerror(rc));
  }
  if (found == nullptr) return std::optional<struct passwd>();
  return std::optional<struct passwd>(pw);
}

Result<std::string> group_name(gid_t gid) {
  std::vector<char> buffer(16384);
  struct group gr;
  struct group* found = nullptr;
  int rc = ::getgrgid_r(gid, &gr, buffer.data(), buffer.size(), &found);
  if (rc != 0 || found == nullptr) {
    return make_error("cannot look up group " + std::to_string(gid) + ": " +
                      (rc != 0 ? std::strerror(rc) : "no such group"));
  }
  return std::string(gr.gr_name);
}

Result<std::vector<gid_t>> group_list(const std::string& user, gid_t primary) {
  int count = 64;
  std::vector<gid_t> gids;
  for (int attempt = 0; attempt < 4; ++attempt) {
    gids.assign(static_cast<size_t>(count), 0);
    int wanted = count;
    if (::getgrouplist(user.c_str(), primary, gids.data(), &wanted) >= 0) {
      gids.resize(static_cast<size_t>(wanted));
      return gids;
    }
    if (wanted <= count) break;
    count = wanted;
  }
  return make_error("cannot list the groups of '" + user + "'");
}

}  // namespace

Result<Identity> read_identity(const Environment& env) {
  Identity identity;
  auto user = env.get("REMOTE_USER");
  if (!user) return identity;

  if (user->empty()) return make_error("REMOTE_USER is empty");
  if (user->size() > kMaxUserName) {
    return make_error("REMOTE_USER is longer than " + std::to_string(kMaxUserName) +
                      " bytes");
  }
  if (has_control_char(*user)) return make_error("REMOTE_USER contains a control character");
  if (!env.get("AUTH_TYPE")) {
    return make_error("REMOTE_USER is set without AUTH_TYPE, so no server "
                      "module authenticated it");
  }
  identity.authenticated = true;
  identity.user = *user;
  return identity;
}

Status add_groups(Identity& identity) {
  std::vector<char> buffer;
  auto pw = get_passwd(identity.user, buffer);
  if (!pw) return make_error(pw.error());
  if (!*pw) return Ok{};

  auto gids = group_list(identity.user, (*pw)->pw_gid);
  if (!gids) return make_error(gids.error());
  for (gid_t gid : *gids) {
    auto name = group_name(gid);
    if (!name) return make_error(name.error());
    identity.groups.push_back(std::move(*name));
  }
  return Ok{};
}

Result<Account> find_account(const std::string& name) {
  std::vector<char> buffer;
  auto pw = get_passwd(name, buffer);
  if (!pw) return make_error(pw.error());
  if (!*pw) return make_error("no account '" + name + "'");
  return Account{(*pw)->pw_uid, (*pw)->pw_gid};
}

}  // namespace secgi
