// explain: the wrapper's decision for one user and script, step by step.
#include <selinux/selinux.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "identity.h"
#include "lookup.h"
#include "store.h"
#include "userdir.h"
#include "verbs.h"

namespace secgi::map {

namespace {

void line(const char* label, const std::string& value) {
  std::printf("%-14s %s\n", label, value.c_str());
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& word : words) out += (out.empty() ? "" : " ") + word;
  return out.empty() ? "(none)" : out;
}

Result<Identity> explain_identity(const std::string& user) {
  Identity identity;
  if (user == "-") {
    line("identity:", "anonymous (no REMOTE_USER)");
    return identity;
  }
  identity.authenticated = true;
  identity.user = user;
  line("identity:", user + " (as REMOTE_USER; PAM canonicalization is not "
                            "applied here)");
  auto groups = add_groups(identity);
  if (!groups) return make_error(groups.error());
  line("groups:", join(identity.groups) + " (NSS getgrouplist)");
  return identity;
}

void print_trace(const std::vector<LookupAttempt>& trace) {
  line("lookup:", "each step in order, most specific scope first");
  for (const LookupAttempt& attempt : trace) {
    std::string what = attempt.selector.str();
    if (!attempt.scope.empty()) what += " " + attempt.scope.str();
    std::string result = attempt.found_line
                             ? "found on line " +
                                   std::to_string(*attempt.found_line)
                             : "no entry";
    std::printf("  %-9s %-56s %s\n", attempt.step.c_str(), what.c_str(),
                result.c_str());
  }
}

// The script's label, or --file-context when the script has none.
std::string script_label(const Options& options, const std::string& script) {
  if (!script.empty()) {
    char* label = nullptr;
    if (lgetfilecon_raw(script.c_str(), &label) >= 0) {
      std::string out(label);
      freecon(label);
      line("file context:", out + " (the label of " + script + ")");
      return out;
    }
    line("file context:", options.file_context + " (from --file-context: " +
                              script + " has no label: " +
                              std::strerror(errno) + ")");
    return options.file_context;
  }
  line("file context:", options.file_context + " (from --file-context)");
  return options.file_context;
}

int refused(const std::string& reason) {
  line("result:", "refused: " + reason);
  return kExitFailed;
}

// The userdir that contains SCRIPT, if any, and its owner's own entry.
struct Owner {
  std::string name;
  MappingEntry entry;
};

Result<std::optional<Owner>> explain_owner(const MappingSource& source,
                                           const ExplainArgs& args) {
  // NOTE: the wrapper takes the server's account from its own user id;
  // explain runs as the admin, so it assumes Debian's www-data.
  uid_t server = static_cast<uid_t>(-1);
  if (auto account = find_account("www-data")) server = account->uid;
  auto userdir = find_userdir(args.script, args.userdir, server);
  if (!userdir) return make_error(userdir.error());
  if (!*userdir) return std::optional<Owner>();
  line("userdir:", (*userdir)->root + " of " + (*userdir)->owner +
                       " (--userdir " + args.userdir + ")");
  Identity identity{true, (*userdir)->owner, {}};
  auto groups = add_groups(identity);
  if (!groups) return make_error(groups.error());
  auto found = lookup_owner(source, identity, {args.vhost, args.script});
  if (!found) return make_error(found.error());
  if (!*found) return make_error("no mapping entry applies to the userdir "
                                 "owner " + identity.user);
  line("owner entry:", (*found)->str() + " (line " +
                           std::to_string((*found)->line) + ")");
  if ((*found)->target.deny) {
    return make_error("the mapping entry of the userdir owner " +
                      identity.user + " says deny");
  }
  return std::optional<Owner>(Owner{identity.user, **found});
}

// The userdir rule of secgi-wrap(8) for CONTEXT, when OWNER is set.
Status explain_userdir(const PolicyOracle& policy, const Options& options,
                       const std::string& file, const std::string& context,
                       const std::optional<Owner>& owner) {
  if (!owner) return Ok{};
  auto composed = compose_target(policy, owner->entry.target,
                                 options.wrapper_context, file);
  if (!composed) return make_error(composed.error());
  UserdirCode code{owner->name, composed->context, file, context};
  auto status = check_userdir_code(code);
  std::string passed = "passed: the script carries the categories of " +
                       composed->context + ", and the context dominates it";
  line("userdir:", status ? passed : "FAILED: " + status.error());
  return status;
}

int explain_context(const Options& options, const PolicyOracle& policy,
                    const MappingEntry& entry, const std::string& script,
                    const std::optional<Owner>& owner) {
  std::string file = script_label(options, script);
  auto composed =
      compose_target(policy, entry.target, options.wrapper_context, file);
  if (!composed) return refused(composed.error());
  if (composed->computed.empty()) {
    line("computed:", "(not needed: the entry gives a full context)");
  } else {
    line("computed:", composed->computed + " (compute_create for the "
                                           "wrapper on the file, class "
                                           "process)");
    line("parts:", entry.target.str() + " (from the entry; an unset range "
                                        "is the computed low level)");
  }
  line("context:", composed->context);
  auto userdir = explain_userdir(policy, options, file, composed->context,
                                 owner);
  if (!userdir) return refused(userdir.error());

  ExecTarget exec{options.wrapper_context, composed->context, file};
  auto validation = validate_exec(policy, exec);
  if (!validation) return refused(validation.error());
  line("checks:", "from " + options.wrapper_context);
  for (const Check& check : validation->checks) {
    std::printf("  %-13s %s%s%s\n", check.name.c_str(),
                check.passed ? "passed" : "FAILED",
                check.detail.empty() ? "" : ": ", check.detail.c_str());
  }
  if (const Check* failed = validation->failure()) {
    return refused(failed->name + ": " + failed->detail);
  }
  line("result:", "allowed: the script runs in " + composed->context);
  return kExitOk;
}

}  // namespace

int run_explain(const Options& options, const ExplainArgs& args) {
  auto policy = open_policy(options);
  if (!policy) return report("explain", args.user, policy.error());
  auto identity = explain_identity(args.user);
  if (!identity) return report("explain", args.user, identity.error());
  line("request:", "vhost=" + (args.vhost.empty() ? "(unset)" : args.vhost) +
                       " script=" +
                       (args.script.empty() ? "(none)" : args.script));

  StorePaths paths(options.mappings);
  auto index = open_index(paths.index, paths.source);
  if (!index) return refused(index.error());
  line("index:", paths.index + " (" + std::to_string((*index)->size()) +
                     " entries, up to date)");

  std::vector<LookupAttempt> trace;
  auto found = lookup(**index, *identity, {args.vhost, args.script}, &trace);
  print_trace(trace);
  if (!found) return refused(found.error());
  if (!*found) return refused("no mapping entry applies");
  MappingEntry entry = **found;
  line("entry:", paths.source + ":" + std::to_string(entry.line) + ": " +
                     entry.str());
  if (entry.target.deny) return refused("the mapping entry says deny");
  auto owner = explain_owner(**index, args);
  if (!owner) return refused(owner.error());
  if (entry.target.owner) {
    if (!*owner) return refused("the mapping entry says owner, but the "
                                "script is not in a userdir");
    entry.target = (*owner)->entry.target;
    line("owner:", "the entry says owner: the script runs with " +
                       entry.target.str());
  }
  return explain_context(options, **policy, entry, args.script, *owner);
}

}  // namespace secgi::map
