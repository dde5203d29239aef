#include "validate.h"

#include "context.h"
#include "level.h"

namespace secgi {

namespace {

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& word : words) {
    if (!out.empty()) out += ' ';
    out += word;
  }
  return out;
}

struct AccessCheck {
  const char* name;
  bool from_wrapper;  // else from the target domain
  bool on_file;       // else on the target context
  const char* tclass;
  std::vector<std::string> permissions;
};

// The kernel enforces the clearance through the MCS constraint on
// process transition; check_clearance() runs first only to name the
// cause. A "context { contains }" query would not do: the kernel does
// not know that userspace class and, as the policy allows unknown
// classes, grants it.
const std::vector<AccessCheck>& access_checks() {
  static const std::vector<AccessCheck> checks = {
      {"transition", true, false, "process", {"transition"}},
      {"entrypoint", false, true, "file", {"entrypoint"}},
      {"read-execute", false, true, "file", {"open", "read", "execute", "map"}},
  };
  return checks;
}

Check describe(const AccessCheck& check, const ExecTarget& exec,
               const AccessResult& access) {
  const std::string& source = check.from_wrapper ? exec.wrapper : exec.target;
  const std::string& object = check.on_file ? exec.file : exec.target;
  Check out{check.name, access.denied.empty(), ""};
  if (!out.passed) {
    out.detail = "'" + source + "' lacks " + check.tclass + " { " +
                 join(access.denied) + " } on '" + object + "'";
  }
  return out;
}

// Checks that the target's range lies within the wrapper's. A policy
// without MLS or MCS has no ranges, and the check passes.
Check check_clearance(const ExecTarget& exec) {
  Check out{"clearance", false, ""};
  auto wrapper = parse_context(exec.wrapper);
  auto target = parse_context(exec.target);
  if (!wrapper || !target) {
    out.detail = "cannot parse the contexts";
    return out;
  }
  if (wrapper->range.empty() && target->range.empty()) {
    out.passed = true;
    return out;
  }
  auto clearance = parse_range(wrapper->range);
  auto range = parse_range(target->range);
  if (!clearance || !range) {
    out.detail = "cannot parse range: " +
                 (clearance ? range.error() : clearance.error());
    return out;
  }
  out.passed = clearance->contains(*range);
  if (!out.passed) {
    out.detail = "range '" + target->range + "' is not within the " +
                 "wrapper's clearance '" + wrapper->range + "'";
  }
  return out;
}

// The script an interpreter runs is content: the target domain opens and
// reads it by path. The MCS constraints cover read, so a script labelled
// with categories the target lacks is refused here, not after the exec.
Result<Check> check_content(const PolicyOracle& policy,
                            const ExecTarget& exec) {
  auto access = policy.check_access(exec.target, exec.content, "file",
                                    {"getattr", "open", "read"});
  if (!access) return make_error(access.error());
  Check out{"script-read", access->denied.empty(), ""};
  if (!out.passed) {
    out.detail = "'" + exec.target + "' lacks file { " + join(access->denied) +
                 " } on the script '" + exec.content + "'";
  }
  return out;
}

}  // namespace

bool Validation::passed() const { return failure() == nullptr; }

const Check* Validation::failure() const {
  for (const Check& check : checks) {
    if (!check.passed) return &check;
  }
  return nullptr;
}

Result<Validation> validate_exec(const PolicyOracle& policy,
                                 const ExecTarget& exec) {
  Validation validation;
  auto valid = policy.check_context(exec.target);
  validation.checks.push_back(
      {"valid", valid.ok(), valid.ok() ? "" : valid.error()});
  if (!valid) return validation;

  validation.checks.push_back(check_clearance(exec));
  if (!validation.checks.back().passed) return validation;

  bool permissive = false;
  for (const AccessCheck& check : access_checks()) {
    const std::string& source = check.from_wrapper ? exec.wrapper : exec.target;
    const std::string& object = check.on_file ? exec.file : exec.target;
    auto access =
        policy.check_access(source, object, check.tclass, check.permissions);
    if (!access) return make_error(access.error());
    if (!check.from_wrapper) permissive = permissive || access->permissive;
    validation.checks.push_back(describe(check, exec, *access));
    if (!validation.checks.back().passed) return validation;
  }

  if (!exec.content.empty()) {
    auto content = check_content(policy, exec);
    if (!content) return make_error(content.error());
    validation.checks.push_back(*content);
    if (!content->passed) return validation;
  }

  Check enforced{"enforced", !permissive, ""};
  if (permissive) {
    enforced.detail = "the domain of '" + exec.target +
                      "' is permissive, so the kernel would not confine it";
  }
  validation.checks.push_back(enforced);
  return validation;
}

}  // namespace secgi
