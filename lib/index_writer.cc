// Writing the compiled index; index_reader.cc reads it.
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "index.h"

namespace secgi {

namespace {

// tinycdb's layout: a 2048-byte table of hash table positions, then each
// record as two 4-byte lengths, key and value, then hash tables with two
// 8-byte slots per record.
constexpr uint64_t kCdbTableOfTables = 2048;
constexpr uint64_t kCdbRecordHeader = 8;
constexpr uint64_t kCdbSlotsPerRecord = 16;

std::string entry_value(const MappingEntry& entry) {
  return std::to_string(entry.line) + "\t" + entry.str();
}

// The header without its last field, the file size.
std::string header_prefix(const SourceIdentity& source,
                          const std::vector<MappingEntry>& entries) {
  size_t groups = 0;
  for (const MappingEntry& entry : entries) {
    if (entry.selector.kind == SelectorKind::group) ++groups;
  }
  return "secgi-index " + std::to_string(kIndexVersion) + " " +
         std::to_string(source.device) + " " + std::to_string(source.inode) +
         " " + std::to_string(source.size) + " " +
         std::to_string(source.mtime_sec) + " " +
         std::to_string(source.mtime_nsec) + " " +
         std::to_string(entries.size()) + " " + std::to_string(groups);
}

// The size field has a fixed width, so the header's length, and so the
// file's size, do not depend on its value.
std::string size_field(uint64_t size) {
  char text[32];
  std::snprintf(text, sizeof text, " %020llu",
                static_cast<unsigned long long>(size));
  return text;
}

uint64_t record_size(size_t key, size_t value) {
  return kCdbRecordHeader + key + value + kCdbSlotsPerRecord;
}

Status add(struct cdb_make& make, std::string_view key,
           std::string_view value) {
  if (cdb_make_add(&make, key.data(), static_cast<unsigned>(key.size()),
                   value.data(), static_cast<unsigned>(value.size())) != 0) {
    return make_error(std::string("cannot write the index: ") +
                      std::strerror(errno));
  }
  return Ok{};
}

}  // namespace

SourceIdentity source_identity(const struct stat& st) {
  return SourceIdentity{static_cast<uint64_t>(st.st_dev),
                        static_cast<uint64_t>(st.st_ino),
                        static_cast<int64_t>(st.st_size),
                        static_cast<int64_t>(st.st_mtim.tv_sec),
                        static_cast<int64_t>(st.st_mtim.tv_nsec)};
}

std::string index_path(const std::string& source) { return source + ".cdb"; }

Status write_index(int fd, const std::vector<MappingEntry>& entries,
                   const SourceIdentity& source) {
  struct cdb_make make;
  if (cdb_make_start(&make, fd) != 0) {
    return make_error(std::string("cannot start the index: ") +
                      std::strerror(errno));
  }
  std::string header = header_prefix(source, entries);
  uint64_t total = kCdbTableOfTables +
                   record_size(kHeaderKey.size(), header.size() + 21);
  for (const MappingEntry& entry : entries) {
    std::string key = entry_key(entry.selector, entry.scope);
    std::string value = entry_value(entry);
    total += record_size(key.size(), value.size());
    auto status = add(make, key, value);
    if (!status) return status;
  }
  if (total > UINT32_MAX) {
    return make_error("the index would exceed 4 GiB, tinycdb's limit");
  }
  auto status = add(make, kHeaderKey, header + size_field(total));
  if (!status) return status;
  if (cdb_make_finish(&make) != 0) {
    return make_error(std::string("cannot finish the index: ") +
                      std::strerror(errno));
  }
  return Ok{};
}

}  // namespace secgi
