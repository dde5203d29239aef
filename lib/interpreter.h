// Handler mode: the interpreter (php-cgi) that the configuration names for
// a script's suffix. The interpreter is the entrypoint of the target
// domain and the script is content it reads.
#pragma once

#include <sys/stat.h>

#include <string>
#include <string_view>
#include <vector>

#include "config.h"
#include "fd.h"
#include "result.h"

namespace secgi {

struct Interpreter {
  UniqueFd fd;       // open for reading; executed through this
  std::string path;  // as configured, the program's argv[0]
  struct stat st {};
};

// Returns the rule whose suffix ends SCRIPT_PATH, the longest when several
// do, or nullptr when none does.
const InterpreterRule* find_interpreter(const std::vector<InterpreterRule>& rules,
                                        std::string_view script_path);

// Opens the interpreter at PATH and checks it like a script, but with root
// as its only allowed owner: an executable regular file, not setuid or
// setgid, owned by root and not writable by group or others, and so is
// every directory of its resolved path. A symbolic link in PATH is
// followed. The interpreter must be an ELF program: a "#!" file is
// rejected, because the kernel would then run another program.
Result<Interpreter> open_interpreter(const std::string& path);

}  // namespace secgi
