// The compiled mapping index: a tinycdb constant database beside the text
// source, which the wrapper reads in constant time without a lock.
//
// Each entry is one record, keyed by entry_key(), whose value is the
// entry's source line number, a tab and the entry as a source line. One
// header record (kHeaderKey) stores the format version, the identity of
// the source it was compiled from, the entry count, the count of group
// entries and the file's size.
#pragma once

#include <cdb.h>
#include <sys/stat.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mapping.h"
#include "result.h"

namespace secgi {

inline constexpr std::string_view kHeaderKey{"\0secgi-index", 12};
// Version 2 added the count of group entries.
inline constexpr int kIndexVersion = 2;

// The identity of one version of the source file. If any field differs,
// the file was replaced or written since the index was compiled.
struct SourceIdentity {
  uint64_t device = 0;
  uint64_t inode = 0;
  int64_t size = 0;
  int64_t mtime_sec = 0;
  int64_t mtime_nsec = 0;

  bool operator==(const SourceIdentity&) const = default;
};

SourceIdentity source_identity(const struct stat& st);

// The index of the source at SOURCE: SOURCE + ".cdb".
std::string index_path(const std::string& source);

// Writes an index of ENTRIES, compiled from the source SOURCE, to FD, an
// empty file open for writing. Does not sync FD.
Status write_index(int fd, const std::vector<MappingEntry>& entries,
                   const SourceIdentity& source);

class MappingIndex final : public MappingSource {
 public:
  ~MappingIndex() override;

  Result<std::optional<MappingEntry>> find(
      const Selector& selector) const override;
  Result<std::optional<MappingEntry>> find_scoped(
      const Selector& selector, const Scope& scope) const override;

  bool may_have_groups() const override { return group_count_ != 0; }

  size_t size() const { return count_; }
  const SourceIdentity& source() const { return source_; }

 private:
  friend Result<std::unique_ptr<MappingIndex>> open_index(
      const std::string& index, const std::string& source);
  MappingIndex() = default;

  Status read_header();
  std::string corrupt(const std::string& detail) const;

  std::string path_;
  int fd_ = -1;
  bool mapped_ = false;
  mutable struct cdb db_ = CDB_STATIC_INIT;
  size_t count_ = 0;
  size_t group_count_ = 0;
  SourceIdentity source_;
};

// Opens the index INDEX, read-only, and checks that it belongs to the
// source SOURCE as it is now. A missing, untrusted (not root's, or
// writable by others), truncated or otherwise corrupt index is an error,
// and so is one compiled from another version of SOURCE.
Result<std::unique_ptr<MappingIndex>> open_index(const std::string& index,
                                                 const std::string& source);

}  // namespace secgi
