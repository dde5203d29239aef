// Finding and checking the script a request names, suEXEC-style, and
// keeping it open so that the checked file is the executed file.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <string>
#include <vector>

#include "fd.h"
#include "result.h"

namespace secgi {

struct ScriptRequest {
  std::string path;                // PATH_TRANSLATED from the server
  std::vector<std::string> roots;  // configured script roots
  uid_t server_uid = 0;
  std::vector<uid_t> owners;  // allowed owners below the root; empty: any
};

struct Script {
  UniqueFd fd;            // open for reading; executed through this
  std::string path;       // the script's path, a prefix of the request
  std::string path_info;  // what followed the script in the request
  std::string root;       // the root the script lies under
  struct stat st {};
  bool interpreted = false;  // starts with "#!"
};

// Resolves REQUEST.path beneath the longest matching root, without letting
// a symbolic link leave it, and takes the first regular file on the way
// as the script. Rejects setuid or setgid files, files with more than one
// link, and files or directories (from the root down) that the server
// user owns or that group or others may write. When OWNERS is set, the
// script and every directory below the root must belong to one of them.
Result<Script> open_script(const ScriptRequest& request);

}  // namespace secgi
