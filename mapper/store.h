// The files of one mapping database and the locked, atomic way to replace
// them. secgi-map(8) lists the files and what a reader sees meanwhile.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fd.h"
#include "index.h"
#include "mapping.h"
#include "result.h"

namespace secgi::map {

struct StorePaths {
  std::string source;         // the text source, e.g. /etc/secgi/mappings
  std::string index;          // source + ".cdb"
  std::string lock;           // source + ".lock"
  std::string source_backup;  // source + "~": the previous version
  std::string index_backup;   // index + "~"

  explicit StorePaths(const std::string& source_path);
};

// The text source as read, and the identity of the file it came from.
struct SourceText {
  bool exists = false;  // false: no source yet, and TEXT is empty
  std::string text;
  SourceIdentity identity;
};

// An exclusive flock on the lock file, released on destruction. Every edit
// keeps it from reading the source to the last rename.
class EditLock {
 public:
  static Result<EditLock> acquire(const StorePaths& paths);

 private:
  explicit EditLock(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;
};

// Reads the source, which must be root's and writable by no one else.
// A missing source is an error unless MISSING_OK.
Result<SourceText> read_source(const StorePaths& paths, bool missing_ok);

// Replaces source and index together: writes TEXT and the index of ENTRIES
// (parsed from TEXT) to temporary files, syncs them and the directory,
// keeps the old files as backups, then renames the source into place and
// the index after it.
Status commit_source_and_index(const StorePaths& paths,
                               const std::string& text,
                               const std::vector<MappingEntry>& entries);

// Replaces only the index, compiled from the source whose identity is
// SOURCE.
Status commit_index(const StorePaths& paths,
                    const std::vector<MappingEntry>& entries,
                    const SourceIdentity& source);

}  // namespace secgi::map
