// secgi-map: edits, checks and explains the mapping database; see
// secgi-map(8).
#include <CLI/CLI.hpp>

#include "verbs.h"

namespace secgi::map {

namespace {

constexpr const char* kSelectorHelp =
    "user:NAME, group:NAME, default or anonymous";

// An empty --vhost or --dir would silently make the entry unscoped.
const CLI::Validator kNotEmpty(
    [](const std::string& value) {
      return value.empty() ? std::string("must not be empty; leave the "
                                         "option out for an unscoped entry")
                           : std::string();
    },
    "NOT EMPTY");

struct Verbs {
  CLI::App* add;
  CLI::App* remove;
  CLI::App* list;
  CLI::App* show;
  CLI::App* check;
  CLI::App* compile;
  CLI::App* import;
  CLI::App* exportv;
  CLI::App* explain;
};

struct Args {
  AddArgs add;
  RemoveArgs remove;
  ExplainArgs explain;
  bool json = false;
  std::string show;
  std::string import;
  std::string exportv;
};

void add_global_options(CLI::App& app, Options& options) {
  app.add_option("--mappings", options.mappings,
                 "path of the mapping source; the index is PATH.cdb")
      ->capture_default_str();
  app.add_option("--policy", options.policy_file,
                 "binary policy file to check against through libsepol, "
                 "instead of the running kernel's policy");
  app.add_option("--wrapper-context", options.wrapper_context,
                 "the wrapper's context; its range is the clearance")
      ->capture_default_str();
  app.add_option("--file-context", options.file_context,
                 "label of a representative script, for entries that "
                 "leave parts to the policy")
      ->capture_default_str();
}

void add_edit_verbs(CLI::App& app, Verbs& verbs, Args& args) {
  verbs.add = app.add_subcommand(
      "add", "append an entry, after checking it against the policy");
  verbs.add->add_option("SELECTOR", args.add.selector, kSelectorHelp)
      ->required();
  verbs.add
      ->add_option("TARGET", args.add.target,
                   "deny, owner, a full context, or parts: user= role= "
                   "type= range=")
      ->required()
      ->expected(1, 8);
  verbs.add
      ->add_option("--vhost", args.add.vhost,
                   "limit the entry to the virtual host whose "
                   "SECGI_VHOST is NAME")
      ->check(kNotEmpty);
  verbs.add
      ->add_option("--dir", args.add.dir,
                   "limit the entry to scripts under this absolute "
                   "directory")
      ->check(kNotEmpty);

  verbs.remove = app.add_subcommand(
      "remove", "remove the entry with this selector and scope");
  verbs.remove->add_option("SELECTOR", args.remove.selector, kSelectorHelp)
      ->required();
  verbs.remove->add_option("SCOPE", args.remove.scope,
                           "scope fields of the entry: vhost=NAME dir=PATH");
  verbs.remove->add_option("--vhost", args.remove.vhost, "the entry's vhost=")
      ->check(kNotEmpty);
  verbs.remove->add_option("--dir", args.remove.dir, "the entry's dir=")
      ->check(kNotEmpty);

  verbs.compile = app.add_subcommand(
      "compile", "check the source and rebuild the index from it");
  verbs.import = app.add_subcommand(
      "import", "replace the source with FILE after checking every entry");
  verbs.import->add_option("FILE", args.import, "a mapping source")
      ->required();
}

void add_read_verbs(CLI::App& app, Verbs& verbs, Args& args) {
  verbs.list = app.add_subcommand("list", "print the entries as a table");
  verbs.list->add_flag("--json", args.json, "print a JSON array instead");
  verbs.show = app.add_subcommand(
      "show", "print every entry of SELECTOR, in every scope");
  verbs.show->add_option("SELECTOR", args.show, kSelectorHelp)->required();
  verbs.check = app.add_subcommand(
      "check", "check the source against the policy and the index against "
               "the source; exit 1 on any problem");
  verbs.exportv = app.add_subcommand(
      "export", "write the source to FILE, or to standard output");
  verbs.exportv->add_option("FILE", args.exportv, "output file; - for stdout");
  verbs.explain = app.add_subcommand(
      "explain", "print each step of the wrapper's decision for USER");
  verbs.explain->add_option("USER", args.explain.user,
                            "REMOTE_USER of the request; - for anonymous")
      ->required();
  verbs.explain->add_option("SCRIPT", args.explain.script,
                            "absolute path of the script");
  verbs.explain->add_option("--vhost", args.explain.vhost,
                            "SECGI_VHOST of the request");
  verbs.explain->add_option("--userdir", args.explain.userdir,
                            "the userdir key of secgi.conf; default "
                            "public_html, empty for none");
}

int dispatch(const Options& options, const Verbs& verbs, const Args& args) {
  if (*verbs.add) return run_add(options, args.add);
  if (*verbs.remove) return run_remove(options, args.remove);
  if (*verbs.list) return run_list(options, args.json);
  if (*verbs.show) return run_show(options, args.show);
  if (*verbs.check) return run_check(options);
  if (*verbs.compile) return run_compile(options);
  if (*verbs.import) return run_import(options, args.import);
  if (*verbs.exportv) return run_export(options, args.exportv);
  return run_explain(options, args.explain);
}

}  // namespace

}  // namespace secgi::map

int main(int argc, char** argv) {
  using namespace secgi::map;
  CLI::App app{"Edit, check and explain the secgi mapping database.",
               "secgi-map"};
  app.require_subcommand(1, 1);
  app.fallthrough();
  Options options;
  Verbs verbs{};
  Args args;
  add_global_options(app, options);
  add_edit_verbs(app, verbs, args);
  add_read_verbs(app, verbs, args);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int status = app.exit(error);
    return status == 0 ? kExitOk : kExitUsage;
  }
  return dispatch(options, verbs, args);
}
