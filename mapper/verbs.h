// The verbs of secgi-map, each returning the process exit status that
// secgi-map(8) documents: 0 done, 1 refused or a problem found.
#pragma once

#include <string>
#include <vector>

#include "options.h"

namespace secgi::map {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

// Prints "secgi-map: cannot VERB OBJECT: REASON" and returns kExitFailed.
int report(const std::string& verb, const std::string& object,
           const std::string& reason);

struct AddArgs {
  std::string selector;
  std::vector<std::string> target;  // target fields, then any scope fields
  std::string vhost;
  std::string dir;
};

struct RemoveArgs {
  std::string selector;
  std::vector<std::string> scope;  // "vhost=NAME", "dir=PATH"
  std::string vhost;
  std::string dir;
};

struct ExplainArgs {
  std::string user;  // "-" for a request without authentication
  std::string script;
  std::string vhost;
  std::string userdir = "public_html";  // the userdir key of secgi.conf
};

int run_add(const Options& options, const AddArgs& args);
int run_remove(const Options& options, const RemoveArgs& args);
int run_import(const Options& options, const std::string& file);
int run_compile(const Options& options);
int run_list(const Options& options, bool json);
int run_show(const Options& options, const std::string& selector);
int run_export(const Options& options, const std::string& file);
int run_check(const Options& options);
int run_explain(const Options& options, const ExplainArgs& args);

}  // namespace secgi::map
