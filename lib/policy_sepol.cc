// PolicyOracle over a binary policy file. libsepol's services keep one
// policy per process, so the last file loaded is the one all oracles use.
#include <sepol/policydb/ebitmap.h>
#include <sepol/policydb/hashtab.h>
#include <sepol/policydb/policydb.h>
#include <sepol/policydb/services.h>
#include <sepol/policydb/sidtab.h>
#include <sepol/sepol.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "context.h"
#include "policy.h"

namespace secgi {

namespace {

struct FileCloser {
  void operator()(FILE* file) const { std::fclose(file); }
};
using File = std::unique_ptr<FILE, FileCloser>;

struct PolicydbFree {
  void operator()(sepol_policydb_t* db) const { sepol_policydb_free(db); }
};
using Policydb = std::unique_ptr<sepol_policydb_t, PolicydbFree>;

// A policydb and the SID table of contexts in it, as installed in
// libsepol's services. The services keep raw pointers to both, so the
// pair lives until the next successful load replaces it or the process
// exits.
struct InstalledPolicy {
  InstalledPolicy() = default;
  InstalledPolicy(const InstalledPolicy&) = delete;
  InstalledPolicy& operator=(const InstalledPolicy&) = delete;
  ~InstalledPolicy() { sepol_sidtab_destroy(&sidtab); }

  Policydb db;
  sidtab_t sidtab{};
};

// The policy in libsepol's services. It is empty before the first
// successful load and never empty after it.
std::shared_ptr<InstalledPolicy> installed_policy;

Result<sepol_security_id_t> to_sid(const std::string& context) {
  sepol_security_id_t sid = 0;
  if (sepol_context_to_sid(context.c_str(), context.size() + 1, &sid) != 0) {
    return make_error("invalid context '" + context + "' in the policy file");
  }
  return sid;
}

Result<sepol_security_class_t> to_class(const std::string& name) {
  sepol_security_class_t cls = 0;
  if (sepol_string_to_security_class(name.c_str(), &cls) != 0) {
    return make_error("unknown class '" + name + "'");
  }
  return cls;
}

// Every query, is_permissive() included, goes to the installed policy, so
// the results of an oracle come from the last file loaded, not its own.
class SepolPolicy final : public PolicyOracle {
 public:
  Result<std::string> compute_create(const std::string& scon,
                                     const std::string& tcon,
                                     const std::string& tclass) const override {
    auto ssid = to_sid(scon);
    if (!ssid) return make_error(ssid.error());
    auto tsid = to_sid(tcon);
    if (!tsid) return make_error(tsid.error());
    auto cls = to_class(tclass);
    if (!cls) return make_error(cls.error());

    sepol_security_id_t out = 0;
    if (sepol_transition_sid(*ssid, *tsid, *cls, &out) != 0) {
      return make_error("cannot compute the context for '" + scon +
                        "' on '" + tcon + "'");
    }
    char* text = nullptr;
    size_t length = 0;
    if (sepol_sid_to_context(out, &text, &length) != 0) {
      return make_error("cannot convert a computed context to text");
    }
    std::string result(text);
    std::free(text);
    return result;
  }

  Status check_context(const std::string& context) const override {
    if (sepol_check_context(context.c_str()) != 0) {
      return make_error("invalid context '" + context +
                        "' in the policy file");
    }
    return Ok{};
  }

  Result<AccessResult> check_access(
      const std::string& scon, const std::string& tcon,
      const std::string& tclass,
      const std::vector<std::string>& permissions) const override {
    auto ssid = to_sid(scon);
    if (!ssid) return make_error(ssid.error());
    auto tsid = to_sid(tcon);
    if (!tsid) return make_error(tsid.error());
    auto cls = to_class(tclass);
    if (!cls) return make_error(cls.error());

    sepol_access_vector_t requested = 0;
    std::vector<sepol_access_vector_t> bits;
    for (const std::string& permission : permissions) {
      sepol_access_vector_t bit = 0;
      if (sepol_string_to_av_perm(*cls, permission.c_str(), &bit) != 0) {
        return make_error("unknown permission '" + tclass + " " +
                          permission + "'");
      }
      bits.push_back(bit);
      requested |= bit;
    }

    struct sepol_av_decision avd;
    if (sepol_compute_av(*ssid, *tsid, *cls, requested, &avd) != 0) {
      return make_error("cannot compute access for '" + scon + "' on '" +
                        tcon + "'");
    }
    AccessResult result;
    result.permissive = is_permissive(scon);
    for (size_t i = 0; i < bits.size(); ++i) {
      if ((avd.allowed & bits[i]) == 0) result.denied.push_back(permissions[i]);
    }
    return result;
  }

 private:
  bool is_permissive(const std::string& scon) const {
    auto context = parse_context(scon);
    if (!context) return false;
    policydb_t* p = &installed_policy->db->p;
    auto* type = static_cast<type_datum_t*>(hashtab_search(
        p->p_types.table, const_cast<char*>(context->type.c_str())));
    if (type == nullptr) return false;
    return ebitmap_get_bit(&p->permissive_map, type->s.value) != 0;
  }
};

Result<Policydb> read_policydb(FILE* file, const std::string& path) {
  sepol_policydb_t* raw = nullptr;
  if (sepol_policydb_create(&raw) != 0) {
    return make_error("out of memory reading policy '" + path + "'");
  }
  Policydb db(raw);
  sepol_policy_file_t* policy_file = nullptr;
  if (sepol_policy_file_create(&policy_file) != 0) {
    return make_error("out of memory reading policy '" + path + "'");
  }
  sepol_policy_file_set_fp(policy_file, file);
  errno = 0;
  int rc = sepol_policydb_read(db.get(), policy_file);
  int read_errno = errno;
  sepol_policy_file_free(policy_file);
  if (std::ferror(file) != 0) {
    return make_error("cannot read policy '" + path + "': " +
                      (read_errno != 0 ? std::strerror(read_errno)
                                       : "read error"));
  }
  if (rc != 0) return make_error("'" + path + "' is not a binary policy");
  if (db->p.policy_type != POLICY_KERN) {
    return make_error("'" + path +
                      "' is a policy module, not a kernel binary policy");
  }
  return db;
}

// Creates the SID table for DB, empty so that SIDs start at 1.
Result<std::shared_ptr<InstalledPolicy>> prepare_policy(
    Policydb db, const std::string& path) {
  auto policy = std::make_shared<InstalledPolicy>();
  if (sepol_sidtab_init(&policy->sidtab) != 0) {
    return make_error("out of memory creating the SID table for policy '" +
                      path + "'");
  }
  policy->db = std::move(db);
  return policy;
}

// Points libsepol's services at POLICY, then frees the policy it replaces
// together with its SIDs.
Status install_policy(std::shared_ptr<InstalledPolicy> policy,
                      const std::string& path) {
  if (sepol_set_policydb(&policy->db->p) == 0 &&
      sepol_set_sidtab(&policy->sidtab) == 0) {
    installed_policy = std::move(policy);
    return Ok{};
  }
  // NOTE: libsepol 3.4 returns 0 from both calls unconditionally, so no
  // test reaches this branch. It points the services back at the previous
  // policy, or before the first load keeps POLICY so that no pointer in
  // the services dangles.
  if (installed_policy) {
    (void)sepol_set_policydb(&installed_policy->db->p);
    (void)sepol_set_sidtab(&installed_policy->sidtab);
  } else {
    installed_policy = std::move(policy);
  }
  return make_error("libsepol rejected policy '" + path + "'");
}

}  // namespace

// Parses the file once and hands that policydb to libsepol's services. A
// failed load leaves the previous policy installed.
Result<std::unique_ptr<PolicyOracle>> load_policy_file(
    const std::string& path) {
  File file(std::fopen(path.c_str(), "rbe"));
  if (!file) {
    return make_error("cannot open policy '" + path + "': " +
                      std::strerror(errno));
  }
  sepol_debug(0);
  auto db = read_policydb(file.get(), path);
  if (!db) return make_error(db.error());
  auto policy = prepare_policy(std::move(*db), path);
  if (!policy) return make_error(policy.error());
  Status installed = install_policy(std::move(*policy), path);
  if (!installed) return make_error(installed.error());
  return std::unique_ptr<PolicyOracle>(std::make_unique<SepolPolicy>());
}

}  // namespace secgi
