#include "entry_check.h"

#include <unordered_map>

#include "context.h"
#include "text.h"

namespace secgi::map {

namespace {

bool depends_on_script_label(const Check& check) {
  return check.name == "entrypoint" || check.name == "read-execute";
}

std::string hint_for(const std::string& check) {
  if (check == "transition") {
    return "map to a web-application domain the policy lets secgi_wrap_t "
           "enter (secgi_webapp_domain)";
  }
  if (check == "clearance") {
    return "give a range within the wrapper's clearance, or widen its "
           "range_transition in the policy";
  }
  if (check == "entrypoint" || check == "read-execute") {
    return "set type= or give --file-context with the label of the scripts";
  }
  if (check == "enforced") return "make the domain enforcing";
  return "fix the entry";
}

// Finds which part of an invalid composed context the policy rejects, by
// setting one part at a time on the computed base context.
std::string rejected_part(const PolicyOracle& policy, const Context& base,
                          const Context& composed) {
  struct Part {
    const char* name;
    std::string Context::*field;
    const char* unknown;
  };
  const Part parts[] = {
      {"user", &Context::user, "unknown user"},
      {"role", &Context::role, "unknown role, or not authorized for the user"},
      {"type", &Context::type, "unknown type, or not authorized for the role"},
      {"range", &Context::range, "unknown sensitivity or category"},
  };
  for (const Part& part : parts) {
    if (composed.*part.field == base.*part.field) continue;
    Context one = base;
    one.*part.field = composed.*part.field;
    if (!policy.check_context(one.str())) {
      return std::string(part.name) + " '" + composed.*part.field + "': " +
             part.unknown;
    }
  }
  return "the parts are valid alone but not together (the user may not "
         "have this role or range)";
}

std::string invalid_reason(const PolicyOracle& policy, const Composed& target,
                           const std::string& base_text) {
  auto base = parse_context(base_text);
  auto composed = parse_context(target.context);
  std::string detail = "invalid context '" + target.context + "'";
  if (!base || !composed) return detail;
  return detail + ": " + rejected_part(policy, *base, *composed) +
         "; check the names with seinfo";
}

// MCS constraints on process transition also deny a range beyond the
// wrapper's clearance. When the same target at the wrapper's low level may
// be entered, the range is what the policy rejects.
std::string transition_reason(const PolicyOracle& policy, const Check& check,
                              const ExecTarget& exec) {
  auto wrapper = parse_context(exec.wrapper);
  auto target = parse_context(exec.target);
  if (wrapper && target) {
    Context low = *target;
    low.range = low_level(wrapper->range);
    auto access = policy.check_access(exec.wrapper, low.str(), "process",
                                      {"transition"});
    if (access && access->denied.empty()) {
      return "clearance check failed: range '" + target->range +
             "' is not within the clearance '" + wrapper->range +
             "' of the wrapper; " + hint_for("clearance");
    }
  }
  return check.name + " check failed: " + check.detail + "; " +
         hint_for(check.name);
}

std::string refusal(const Check& check) {
  return check.name + " check failed: " + check.detail + "; " +
         hint_for(check.name);
}

}  // namespace

Result<Composed> compose_target(const PolicyOracle& policy,
                                const Target& target,
                                const std::string& wrapper_context,
                                const std::string& file_context) {
  if (target.full) return Composed{"", target.full->str()};
  auto computed =
      policy.compute_create(wrapper_context, file_context, "process");
  if (!computed) return make_error(computed.error());
  auto parsed = parse_context(*computed);
  if (!parsed) return make_error(parsed.error());
  return Composed{*computed, compose_context(*parsed, target.parts).str()};
}

Result<std::string> check_entry(const PolicyOracle& policy,
                                const MappingEntry& entry,
                                const CheckSettings& settings) {
  // An owner entry composes the owner's entry, which is checked itself.
  if (entry.target.deny || entry.target.owner) return std::string();
  auto composed = compose_target(policy, entry.target,
                                 settings.wrapper_context,
                                 settings.file_context);
  if (!composed) return make_error(composed.error());
  ExecTarget exec{settings.wrapper_context, composed->context,
                  settings.file_context};
  auto validation = validate_exec(policy, exec);
  if (!validation) return make_error(validation.error());
  const Check* failed = validation->failure();
  if (failed == nullptr) return std::string();
  bool typed = entry.target.full || entry.target.parts.type;
  if (typed && depends_on_script_label(*failed)) return std::string();
  if (failed->name == "valid") {
    std::string base = composed->computed;
    if (base.empty()) {
      auto computed = policy.compute_create(settings.wrapper_context,
                                            settings.file_context, "process");
      if (computed) base = *computed;
    }
    return invalid_reason(policy, *composed, base);
  }
  if (failed->name == "transition") {
    return transition_reason(policy, *failed, exec);
  }
  return refusal(*failed);
}

Result<std::vector<std::string>> check_entries(
    const PolicyOracle& policy, const std::vector<MappingEntry>& entries,
    const CheckSettings& settings, const std::string& file) {
  std::unordered_map<std::string, std::string> verdicts;
  std::vector<std::string> problems;
  for (const MappingEntry& entry : entries) {
    std::string target = entry.target.str();
    auto it = verdicts.find(target);
    if (it == verdicts.end()) {
      auto verdict = check_entry(policy, entry, settings);
      if (!verdict) return make_error(verdict.error());
      it = verdicts.emplace(target, std::move(*verdict)).first;
    }
    if (it->second.empty()) continue;
    problems.push_back(
        located(file, entry.line, entry_label(entry) + ": " + it->second));
  }
  return problems;
}

}  // namespace secgi::map
