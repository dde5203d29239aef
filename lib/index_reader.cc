// Reading the compiled index; index_writer.cc writes it.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

#include "index.h"
#include "text.h"
#include "trusted_file.h"

namespace secgi {

namespace {

constexpr const char* kRecompile = "run 'secgi-map compile'";

template <typename T>
bool parse_number(std::string_view text, T& out) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(),
                                      out);
  return error == std::errc() && end == text.data() + text.size();
}

struct Header {
  int version = 0;
  SourceIdentity source;
  size_t count = 0;
  size_t group_count = 0;
  uint64_t file_size = 0;
};

// Parses the header. A header of another version stops after the
// version, which read_header() then reports.
bool parse_header(std::string_view text, Header& header) {
  auto fields = split_fields(text);
  if (fields.size() < 2 || fields[0] != "secgi-index" ||
      !parse_number(fields[1], header.version)) {
    return false;
  }
  if (header.version != kIndexVersion) return true;
  if (fields.size() != 10) return false;
  SourceIdentity& s = header.source;
  return parse_number(fields[2], s.device) &&
         parse_number(fields[3], s.inode) &&
         parse_number(fields[4], s.size) &&
         parse_number(fields[5], s.mtime_sec) &&
         parse_number(fields[6], s.mtime_nsec) &&
         parse_number(fields[7], header.count) &&
         parse_number(fields[8], header.group_count) &&
         header.group_count <= header.count &&
         parse_number(fields[9], header.file_size);
}

std::string errno_message(const std::string& what, const std::string& path) {
  return "cannot " + what + " '" + path + "': " + std::strerror(errno);
}

Result<SourceIdentity> stat_source(const std::string& source) {
  struct stat st;
  if (::fstatat(AT_FDCWD, source.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    return make_error(errno_message("stat the mapping source", source));
  }
  return source_identity(st);
}

}  // namespace

MappingIndex::~MappingIndex() {
  if (mapped_) cdb_free(&db_);
  if (fd_ >= 0) ::close(fd_);
}

std::string MappingIndex::corrupt(const std::string& detail) const {
  return "index '" + path_ + "' is corrupt (" + detail + "): " + kRecompile;
}

Status MappingIndex::read_header() {
  int found = cdb_find(&db_, kHeaderKey.data(),
                       static_cast<unsigned>(kHeaderKey.size()));
  if (found <= 0) return make_error(corrupt("no header record"));
  const void* data = cdb_get(&db_, cdb_datalen(&db_), cdb_datapos(&db_));
  if (data == nullptr) return make_error(corrupt("header out of bounds"));
  std::string_view text(static_cast<const char*>(data), cdb_datalen(&db_));
  Header header;
  if (!parse_header(text, header)) return make_error(corrupt("bad header"));
  if (header.version != kIndexVersion) {
    return make_error("index '" + path_ + "' has format version " +
                      std::to_string(header.version) + ", expected " +
                      std::to_string(kIndexVersion) + ": " + kRecompile);
  }
  if (header.file_size != db_.cdb_fsize) {
    return make_error(corrupt("size " + std::to_string(db_.cdb_fsize) +
                              " bytes, written as " +
                              std::to_string(header.file_size)));
  }
  count_ = header.count;
  group_count_ = header.group_count;
  source_ = header.source;
  return Ok{};
}

Result<std::optional<MappingEntry>> MappingIndex::find(
    const Selector& selector) const {
  return find_scoped(selector, Scope{});
}

Result<std::optional<MappingEntry>> MappingIndex::find_scoped(
    const Selector& selector, const Scope& scope) const {
  std::string key = entry_key(selector, scope);
  int found = cdb_find(&db_, key.data(), static_cast<unsigned>(key.size()));
  if (found < 0) return make_error(corrupt("bad hash table"));
  if (found == 0) return std::optional<MappingEntry>();

  const void* data = cdb_get(&db_, cdb_datalen(&db_), cdb_datapos(&db_));
  if (data == nullptr) return make_error(corrupt("record out of bounds"));
  std::string_view value(static_cast<const char*>(data), cdb_datalen(&db_));
  size_t tab = value.find('\t');
  int line = 0;
  if (tab == std::string_view::npos ||
      !parse_number(value.substr(0, tab), line)) {
    return make_error(corrupt("bad record for '" + selector.str() + "'"));
  }
  auto entry = parse_mapping_line(value.substr(tab + 1), line);
  if (!entry || entry_key(entry->selector, entry->scope) != key) {
    return make_error(corrupt("bad record for '" + selector.str() + "'"));
  }
  return std::optional<MappingEntry>(std::move(*entry));
}

Result<std::unique_ptr<MappingIndex>> open_index(const std::string& index,
                                                 const std::string& source) {
  std::unique_ptr<MappingIndex> db(new MappingIndex());
  db->path_ = index;
  db->fd_ = ::open(index.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (db->fd_ < 0 && errno == ENOENT) {
    return make_error("index '" + index + "' is missing: " + kRecompile);
  }
  if (db->fd_ < 0) return make_error(errno_message("open", index));

  struct stat st;
  if (::fstat(db->fd_, &st) != 0) {
    return make_error(errno_message("stat", index));
  }
  auto trusted = check_trusted_owner(st, index);
  if (!trusted) return make_error(trusted.error());
  if (cdb_init(&db->db_, db->fd_) != 0) {
    // tinycdb sets EPROTO for a file too short to be a database; any other
    // errno comes from mmap, such as a policy without map permission.
    if (errno != EPROTO) return make_error(errno_message("map", index));
    return make_error(db->corrupt("not a constant database"));
  }
  db->mapped_ = true;
  auto header = db->read_header();
  if (!header) return make_error(header.error());

  auto now = stat_source(source);
  if (!now) return make_error(now.error());
  if (!(*now == db->source_)) {
    return make_error("index '" + index + "' is stale: '" + source +
                      "' changed since it was compiled; " + kRecompile);
  }
  return db;
}

}  // namespace secgi
