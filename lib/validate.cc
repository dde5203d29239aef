#include "validate.h"

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

// There is no separate "context { contains }" check for the clearance,
// because it needs a TE rule that the kernel never consults at exec. For
// an MCS-constrained wrapper, the constraint on process transition already
// requires the wrapper's high level to dominate the target's.
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

  Check enforced{"enforced", !permissive, ""};
  if (permissive) {
    enforced.detail = "the domain of '" + exec.target +
                      "' is permissive, so the kernel would not confine it";
  }
  validation.checks.push_back(enforced);
  return validation;
}

}  // namespace secgi
