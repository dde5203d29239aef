// Checks on a chosen context before exec, so that a context the kernel
// would refuse, or kill after exec, becomes a clean refusal instead.
#pragma once

#include <string>
#include <vector>

#include "policy.h"
#include "result.h"

namespace secgi {

struct Check {
  std::string name;  // "valid", "transition", "entrypoint", ...
  bool passed = false;
  std::string detail;
};

struct Validation {
  std::vector<Check> checks;  // in order; the first failure ends the list

  bool passed() const;
  // The failed check, or nullptr when all passed.
  const Check* failure() const;
};

struct ExecTarget {
  std::string wrapper;  // the wrapper's own context (getcon)
  std::string target;   // the context the script is to run in
  std::string file;     // the context of the file to execute
  // In handler mode, the context of the script the interpreter FILE reads;
  // empty when FILE is the script itself.
  std::string content = {};
};

// Runs these checks in order and stops at the first failure: the target is
// a valid context; its range lies within the wrapper's clearance (parsed
// from the two contexts, to name the cause); the wrapper may transition to
// it, which for an MCS-constrained wrapper the kernel also bounds by the
// clearance; the file is an entrypoint of the target domain; that domain
// may read and execute the file; it may read the CONTENT script, when
// set; and it is not permissive. An error means the policy could not
// answer, which the caller must treat as a refusal.
Result<Validation> validate_exec(const PolicyOracle& policy,
                                 const ExecTarget& exec);

}  // namespace secgi
