// secgi-wrap: runs one CGI request's script in the SELinux context mapped
// to the client. The steps below are listed, in order, in secgi-wrap(8).
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "config.h"
#include "context.h"
#include "environ.h"
#include "exec.h"
#include "identity.h"
#include "index.h"
#include "interpreter.h"
#include "log.h"
#include "lookup.h"
#include "mapping.h"
#include "normalize.h"
#include "pam_account.h"
#include "policy.h"
#include "ratelimit.h"
#include "script.h"
#include "selinux_state.h"
#include "trusted_file.h"
#include "userdir.h"
#include "validate.h"

#ifndef SECGI_CONF
#define SECGI_CONF "/etc/secgi/secgi.conf"
#endif

#ifndef SECGI_RUN_DIR
#define SECGI_RUN_DIR "/run/secgi"
#endif

namespace secgi {
namespace {

constexpr const char* kWrapperType = "secgi_wrap_t";

// Exit statuses, one per class of refusal; secgi-wrap(8) lists them.
enum class Refusal {
  config = 10,
  selinux = 11,
  caller = 12,
  request = 13,
  identity = 14,
  mapping = 15,
  script = 16,
  policy = 17,
  exec = 18,
  account = 19,
};

struct Request {
  Decision decision;
  Config config;
  Environment env;
  Identity identity;
  std::string wrapper_context;
  MappingEntry entry;
  Script script;
  std::string script_context;  // the script's label
  std::string file_context;    // the label of the file to execute
  std::optional<Interpreter> interpreter;  // handler mode only
  std::optional<Userdir> userdir;          // for userdir scripts
  std::optional<MappingEntry> owner_entry;  // the userdir owner's entry
  std::string target;
  uid_t server_uid = 0;  // the wrapper's real user id
};

// Repeats of one refusal within the configured window are counted, not
// sent to syslog, and the next logged line carries the count.
bool rate_limited(Request& request) {
  const Decision& d = request.decision;
  std::string key = d.reason + "\n" + d.user + "\n" + d.script;
  struct timespec now;
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  auto window = static_cast<uint32_t>(request.config.rate_limit_window);
  auto limit = limit_refusal(SECGI_RUN_DIR "/refusals", key, window,
                             static_cast<uint64_t>(now.tv_sec));
  request.decision.suppressed = limit.suppressed;
  return !limit.log;
}

// Logs the refusal, writes a CGI error reply, and exits without running
// anything. The line on stderr is always written, because Apache files it
// with the request it belongs to.
[[noreturn]] void refuse(Request& request, Refusal refusal,
                         const std::string& reason) {
  request.decision.result = "refused";
  request.decision.reason = reason;
  if (!rate_limited(request)) log_decision(request.decision);
  std::fprintf(stderr, "secgi-wrap: refused: %s\n",
               escape_value(reason).c_str());
  bool forbidden = refusal == Refusal::mapping || refusal == Refusal::account;
  std::printf("Status: %s\r\nContent-Type: text/plain\r\n\r\n%s\n",
              forbidden ? "403 Forbidden" : "500 Internal Server Error",
              forbidden ? "Forbidden" : "The request was refused.");
  std::fflush(stdout);
  std::exit(static_cast<int>(refusal));
}

template <typename T>
T take(Request& request, Result<T> result, Refusal refusal) {
  if (!result) refuse(request, refusal, result.error());
  return std::move(*result);
}

void check_selinux(Request& request) {
  std::string warning;
  auto status = check_enforcing(request.config, warning);
  if (!status) refuse(request, Refusal::selinux, status.error());
  if (!warning.empty()) log_notice(warning);
  request.wrapper_context =
      take(request, own_context(kWrapperType), Refusal::selinux);
  take(request, caller_context(request.config), Refusal::caller);
}

// Takes the server's account from the wrapper's user id, because the
// server runs the wrapper, which is not setuid, as its own user. Only a set
// server_user costs an NSS lookup, and it must name that account.
void check_caller_account(Request& request) {
  uid_t real = 0, effective = 0, saved = 0;
  if (::getresuid(&real, &effective, &saved) != 0 || real != effective ||
      real != saved) {
    refuse(request, Refusal::caller,
           "secgi-wrap runs with differing real, effective and saved user "
           "ids; the web server must run it as one unprivileged user");
  }
  request.server_uid = real;
  if (request.server_uid == 0) {
    refuse(request, Refusal::caller,
           "secgi-wrap runs as root; the web server must run it as its "
           "own unprivileged user");
  }
  const std::string& name = request.config.server_user;
  if (name.empty()) return;
  auto account = take(request, find_account(name), Refusal::config);
  if (account.uid == request.server_uid) return;
  refuse(request, Refusal::caller,
         "secgi-wrap runs as uid " + std::to_string(request.server_uid) +
             ", not as server_user '" + name + "' (uid " +
             std::to_string(account.uid) + "); set server_user to the "
             "account of Apache's User directive, or remove it");
}

void read_request(Request& request, const char* const* envp) {
  request.env = take(request, parse_environment(envp), Refusal::request);
  request.decision.dropped_variables = request.env.dropped;
  if (auto user = request.env.get("REMOTE_USER")) request.decision.user = *user;
  if (auto path = request.env.get("PATH_TRANSLATED")) {
    request.decision.script = *path;
  }
  if (request.config.require_redirect && !request.env.get("REDIRECT_STATUS")) {
    refuse(request, Refusal::request,
           "no REDIRECT_STATUS: secgi-wrap must be reached through an "
           "Action handler, not requested directly");
  }
}

// Runs the PAM account stack for the normalised name and takes the name
// in PAM_USER afterwards as the canonical identity.
void check_pam_account(Request& request) {
  AccountRequest account{request.config.pam_service,
                         request.config.pam_confdir, request.identity.user,
                         request.env.get("REMOTE_ADDR").value_or("")};
  auto verdict = take(request, check_account(account), Refusal::identity);
  if (!verdict.permitted) refuse(request, Refusal::account, verdict.reason);
  request.identity.user = verdict.user;
  request.decision.canonical = verdict.user;
}

void identify(Request& request) {
  request.identity = take(request, read_identity(request.env), Refusal::identity);
  request.decision.canonical = "-";
  if (!request.identity.authenticated) return;

  Identity& identity = request.identity;
  identity.user = take(request, normalize_name(identity.user,
                                               request.config.names),
                       Refusal::identity);
  request.decision.canonical = identity.user;
  if (!request.config.pam) return;
  check_pam_account(request);
  if (!take(request, nss_has_account(identity.user), Refusal::identity)) {
    refuse(request, Refusal::account,
           "PAM accepted the account '" + identity.user +
               "', but NSS does not know it");
  }
}

// Finds the entry of a userdir's owner, passing over owner entries. Its
// categories are those the owner's code must carry, and it replaces a
// visitor's entry whose target is owner. PAM does not check the owner's
// account, because the owner is not the client.
void resolve_owner(Request& request, const MappingSource& index,
                   const RequestScope& scope) {
  if (!request.userdir) {
    if (!request.entry.target.owner) return;
    refuse(request, Refusal::mapping,
           "the mapping entry says owner, but '" + request.script.path +
               "' is not in a userdir");
  }
  const std::string& name = request.userdir->owner;
  Identity owner{true, name, {}};
  take(request, add_groups(owner), Refusal::identity);
  auto found = take(request, lookup_owner(index, owner, scope),
                    Refusal::config);
  std::string whose = "the userdir owner " + name;
  if (!found) refuse(request, Refusal::mapping, "no mapping entry applies to " + whose);
  if (found->target.deny) {
    refuse(request, Refusal::mapping, "the mapping entry of " + whose + " says deny");
  }
  request.owner_entry = std::move(*found);
  if (!request.entry.target.owner) return;
  request.decision.entry += " via " + request.owner_entry->selector.str() +
                            "@" + request.config.mappings + ":" +
                            std::to_string(request.owner_entry->line);
  request.entry.target = request.owner_entry->target;
}

// Finds the client's entry, listing its groups from NSS only when no user
// entry applies and the index has group entries. lookup() tries the user
// before any group, so the result equals that of a lookup with the groups
// listed beforehand.
std::optional<MappingEntry> find_entry(Request& request,
                                       const MappingSource& index,
                                       const RequestScope& scope) {
  Identity& identity = request.identity;
  auto found = take(request, lookup(index, identity, scope), Refusal::config);
  if (!identity.authenticated) return found;
  if (found && found->selector.kind == SelectorKind::user) return found;
  if (!index.may_have_groups()) return found;
  take(request, add_groups(identity), Refusal::identity);
  return take(request, lookup(index, identity, scope), Refusal::config);
}

// Looks the identity up in the compiled index, which must match the source
// at PATH; SECGI_VHOST and the script path select scoped entries.
void map_identity(Request& request) {
  const std::string& path = request.config.mappings;
  auto index = take(request, open_index(index_path(path), path),
                    Refusal::config);
  RequestScope scope{request.env.get("SECGI_VHOST").value_or(""),
                     request.script.path};
  auto found = find_entry(request, *index, scope);
  if (!found) refuse(request, Refusal::mapping, "no mapping entry applies");
  request.entry = std::move(*found);
  request.decision.entry = request.entry.selector.str() + "@" + path + ":" +
                           std::to_string(request.entry.line);
  if (request.entry.target.deny) {
    refuse(request, Refusal::mapping, "the mapping entry says deny");
  }
  resolve_owner(request, *index, scope);
}

// A script in a userdir has that directory as its only root and its owner
// as its only allowed owner, whatever script_root and script_owner set.
void choose_userdir(Request& request, ScriptRequest& script_request) {
  if (request.config.userdir.empty()) return;
  request.userdir = take(request,
                         find_userdir(script_request.path, request.config.userdir,
                                      script_request.server_uid),
                         Refusal::script);
  if (!request.userdir) return;
  script_request.roots = {request.userdir->root};
  script_request.owners = {request.userdir->uid};
}

// In handler mode the configured interpreter is the file to execute and
// the script is its content, so the script's descriptor closes at exec.
void open_handler(Request& request) {
  const InterpreterRule* rule =
      find_interpreter(request.config.interpreters, request.script.path);
  if (rule == nullptr) return;
  request.interpreter = take(request, open_interpreter(rule->path),
                             Refusal::script);
  request.file_context = take(request,
                              file_context(request.interpreter->fd.get()),
                              Refusal::script);
  if (::fcntl(request.script.fd.get(), F_SETFD, FD_CLOEXEC) != 0) {
    refuse(request, Refusal::script, "cannot set close-on-exec on the script");
  }
}

void open_target_script(Request& request) {
  if (request.env.dropped_names.count("PATH_TRANSLATED") != 0) {
    refuse(request, Refusal::script,
           "PATH_TRANSLATED contains a control character or is longer "
           "than " + std::to_string(kMaxValueLength) + " bytes");
  }
  ScriptRequest script_request{request.env.get("PATH_TRANSLATED").value_or(""),
                               request.config.script_roots,
                               request.server_uid, {}};
  for (const std::string& owner : request.config.script_owners) {
    auto account = take(request, find_account(owner), Refusal::config);
    script_request.owners.push_back(account.uid);
  }
  choose_userdir(request, script_request);
  request.script = take(request, open_script(script_request), Refusal::script);
  request.decision.script = request.script.path;
  request.script_context =
      take(request, file_context(request.script.fd.get()), Refusal::script);
  request.file_context = request.script_context;
  open_handler(request);
}

// The context TARGET gives: a full context, or its parts over what the
// policy computes for the wrapper executing the file.
std::string target_context(Request& request, const PolicyOracle& policy,
                           const Target& target) {
  if (target.full) return target.full->str();
  auto computed = take(request,
                       policy.compute_create(request.wrapper_context,
                                             request.file_context, "process"),
                       Refusal::policy);
  auto parsed = take(request, parse_context(computed), Refusal::policy);
  return compose_context(parsed, target.parts).str();
}

// Userdir code runs only in a context that dominates its owner's
// categories, which its label must carry; userdir.h has the rule.
void check_userdir(Request& request, const PolicyOracle& policy) {
  if (!request.userdir) return;
  UserdirCode code{request.userdir->owner,
                   target_context(request, policy, request.owner_entry->target),
                   request.script_context, request.target};
  take(request, check_userdir_code(code), Refusal::policy);
}

void choose_context(Request& request, const PolicyOracle& policy) {
  request.target = target_context(request, policy, request.entry.target);
  request.decision.context = request.target;
  check_userdir(request, policy);

  ExecTarget exec{request.wrapper_context, request.target, request.file_context,
                  request.interpreter ? request.script_context : ""};
  auto validation = take(request, validate_exec(policy, exec), Refusal::policy);
  if (const Check* failed = validation.failure()) {
    refuse(request, Refusal::policy, failed->name + ": " + failed->detail);
  }
}

std::vector<std::string> script_environment(const Request& request) {
  std::string uri = request.env.get("REDIRECT_URL")
                        .value_or(request.env.get("PATH_INFO").value_or(""));
  ScriptEnvironment script{
      request.script.path,
      script_name_for(uri, request.script.path_info),
      request.script.path_info,
      std::nullopt,
      request.config.path,
  };
  if (request.identity.authenticated) script.remote_user = request.identity.user;
  return build_environment(request.env, script);
}

int report_check(Refusal refusal, const std::string& reason) {
  std::fprintf(stderr, "secgi-wrap: %s\n", reason.c_str());
  return static_cast<int>(refusal);
}

[[noreturn]] void run(Request& request) {
  auto env = script_environment(request);
  auto limits = apply_limits(request.config);
  if (!limits) refuse(request, Refusal::exec, limits.error());

  request.decision.result = "allowed";
  request.decision.reason = "checks passed";
  log_decision(request.decision);
  close_log();

  const std::optional<Interpreter>& interpreter = request.interpreter;
  auto status = close_descriptors(request.script,
                                  interpreter ? interpreter->fd.get() : -1);
  if (status && interpreter) {
    status = exec_interpreter(*interpreter, request.script, request.target, env);
  } else if (status) {
    status = exec_script(request.script, request.target, env);
  }
  open_log();
  refuse(request, Refusal::exec, status.error());
}

// Checks the configuration, the server account, the script owners and the
// mapping database the way a request would, for admins. Prints one line
// and returns 0 when all are usable, else the refusal's exit status.
int check_config() {
  auto config = load_config(SECGI_CONF);
  if (!config) return report_check(Refusal::config, config.error());
  std::vector<std::string> accounts = config->script_owners;
  if (!config->server_user.empty()) accounts.push_back(config->server_user);
  for (const std::string& name : accounts) {
    auto account = find_account(name);
    if (!account) return report_check(Refusal::config, account.error());
  }
  for (const InterpreterRule& rule : config->interpreters) {
    auto interpreter = open_interpreter(rule.path);
    if (!interpreter) return report_check(Refusal::script, interpreter.error());
  }
  const std::string& path = config->mappings;
  auto index = open_index(index_path(path), path);
  if (!index) return report_check(Refusal::config, index.error());
  std::printf("secgi-wrap: %s and %s are valid\n", SECGI_CONF, path.c_str());
  return 0;
}

// Only an admin's shell, never a CGI request, may ask for a check: Apache
// passes the words of a query without '=' as arguments.
bool wants_check(int argc, char** argv) {
  return argc == 2 && std::string_view(argv[1]) == "--check-config" &&
         std::getenv("GATEWAY_INTERFACE") == nullptr;
}

}  // namespace
}  // namespace secgi

int main(int argc, char** argv, char** envp) {
  using namespace secgi;
  if (wants_check(argc, argv)) return check_config();
  open_log();
  Request request;
  request.config = take(request, load_config(SECGI_CONF), Refusal::config);
  check_selinux(request);
  check_caller_account(request);
  read_request(request, envp);
  identify(request);
  // The script is checked before the lookup so that dir= scopes match
  // its resolved path, never the raw request.
  open_target_script(request);
  map_identity(request);
  auto policy = take(request, make_policy(), Refusal::policy);
  choose_context(request, *policy);
  run(request);
}
