// secgi-wrap: runs one CGI request's script in the SELinux context mapped
// to the client. The steps below are listed, in order, in secgi-wrap(8).
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "config.h"
#include "context.h"
#include "environ.h"
#include "exec.h"
#include "identity.h"
#include "log.h"
#include "lookup.h"
#include "mapping.h"
#include "policy.h"
#include "script.h"
#include "selinux_state.h"
#include "trusted_file.h"
#include "validate.h"

#ifndef SECGI_CONF
#define SECGI_CONF "/etc/secgi/secgi.conf"
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
};

struct Request {
  Decision decision;
  Config config;
  Environment env;
  Identity identity;
  std::string wrapper_context;
  MappingEntry entry;
  Script script;
  std::string file_context;
  std::string target;
};

// Logs the refusal, tells the server, and exits without running anything.
[[noreturn]] void refuse(Request& request, Refusal refusal,
                         const std::string& reason) {
  request.decision.result = "refused";
  request.decision.reason = reason;
  log_decision(request.decision);
  std::fprintf(stderr, "secgi-wrap: refused: %s\n",
               escape_value(reason).c_str());
  bool forbidden = refusal == Refusal::mapping;
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

void identify(Request& request) {
  request.identity = take(request, read_identity(request.env), Refusal::identity);
  request.decision.canonical =
      request.identity.authenticated ? request.identity.user : "-";
  if (request.identity.authenticated) {
    auto groups = add_groups(request.identity);
    if (!groups) refuse(request, Refusal::identity, groups.error());
  }
}

void map_identity(Request& request) {
  const std::string& path = request.config.mappings;
  auto text = take(request, read_trusted_file(path), Refusal::config);
  auto entries = take(request, parse_mappings(text, path), Refusal::config);
  auto source = make_memory_source(std::move(entries));
  auto found = take(request, lookup(*source, request.identity), Refusal::mapping);
  if (!found) refuse(request, Refusal::mapping, "no mapping entry applies");
  request.entry = std::move(*found);
  request.decision.entry = request.entry.selector.str() + "@" + path + ":" +
                           std::to_string(request.entry.line);
  if (request.entry.target.deny) {
    refuse(request, Refusal::mapping, "the mapping entry says deny");
  }
}

void open_target_script(Request& request) {
  auto server = take(request, find_account(request.config.server_user),
                     Refusal::config);
  ScriptRequest script_request{request.env.get("PATH_TRANSLATED").value_or(""),
                               request.config.script_roots, server.uid,
                               server.gid};
  request.script = take(request, open_script(script_request), Refusal::script);
  request.decision.script = request.script.path;
  request.file_context =
      take(request, file_context(request.script.fd.get()), Refusal::script);
}

void choose_context(Request& request, const PolicyOracle& policy) {
  const Target& target = request.entry.target;
  if (target.full) {
    request.target = target.full->str();
  } else {
    auto computed = take(request,
                         policy.compute_create(request.wrapper_context,
                                               request.file_context, "process"),
                         Refusal::policy);
    auto parsed = take(request, parse_context(computed), Refusal::policy);
    request.target = compose_context(parsed, target.parts).str();
  }
  request.decision.context = request.target;

  ExecTarget exec{request.wrapper_context, request.target, request.file_context};
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

[[noreturn]] void run(Request& request) {
  auto env = script_environment(request);
  auto limits = apply_limits(request.config);
  if (!limits) refuse(request, Refusal::exec, limits.error());

  request.decision.result = "allowed";
  request.decision.reason = "checks passed";
  log_decision(request.decision);
  close_log();

  auto status = close_descriptors(request.script);
  if (status) status = exec_script(request.script, request.target, env);
  open_log();
  refuse(request, Refusal::exec, status.error());
}

}  // namespace
}  // namespace secgi

int main(int, char**, char** envp) {
  using namespace secgi;
  open_log();
  Request request;
  request.config = take(request, load_config(SECGI_CONF), Refusal::config);
  check_selinux(request);
  read_request(request, envp);
  identify(request);
  map_identity(request);
  open_target_script(request);
  auto policy = make_kernel_policy();
  choose_context(request, *policy);
  run(request);
}
