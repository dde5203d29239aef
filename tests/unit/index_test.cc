// The compiled index: round trip through tinycdb, and the errors for a
// missing, corrupt, untrusted or stale index.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <thread>

#include "index.h"
#include "lookup.h"
#include "mapping.h"
#include "test_support.h"

namespace secgi {
namespace {

struct Database {
  test::TempDir dir;
  std::string source = dir / "mappings";
  std::string index = dir / "mappings.cdb";
};

std::vector<MappingEntry> parse(const std::string& text) {
  auto entries = parse_mappings(text, "mappings");
  BOOST_TEST_REQUIRE(entries.ok(), test::error_text(entries));
  return std::move(*entries);
}

SourceIdentity identity_of(const std::string& path) {
  struct stat st;
  test::check_setup(::stat(path.c_str(), &st) == 0, "stat " + path);
  return source_identity(st);
}

void write_index_file(const std::string& path,
                      const std::vector<MappingEntry>& entries,
                      const SourceIdentity& source) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                  0644);
  test::check_setup(fd >= 0, "open " + path);
  auto written = write_index(fd, entries, source);
  ::close(fd);
  BOOST_TEST_REQUIRE(written.ok(), test::error_text(written));
}

// Writes TEXT as the source and compiles its index.
void compile(const Database& db, const std::string& text) {
  db.dir.write_file("mappings", text, 0644);
  write_index_file(db.index, parse(text), identity_of(db.source));
}

std::unique_ptr<MappingIndex> open_ok(const Database& db) {
  auto index = open_index(db.index, db.source);
  BOOST_TEST_REQUIRE(index.ok(), test::error_text(index));
  return std::move(*index);
}

std::string read_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  test::check_setup(in.good(), "open " + path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void truncate_to(const std::string& path, off_t size) {
  test::check_setup(::truncate(path.c_str(), size) == 0, "truncate " + path);
}

// Overwrites bytes at OFFSET of PATH with TEXT.
void patch(const std::string& path, off_t offset, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  test::check_setup(fd >= 0, "open " + path);
  bool ok = ::pwrite(fd, text.data(), text.size(), offset) ==
            static_cast<ssize_t>(text.size());
  ::close(fd);
  test::check_setup(ok, "pwrite " + path);
}

const char* kSample =
    "# comment\n"
    "user:alice range=s0:c1\n"
    "group:staff type=secgi_app_t range=s0:c10 vhost=wiki\n"
    "user:mallory deny\n"
    "default system_u:system_r:secgi_app_t:s0 dir=/srv/secgi\n";

}  // namespace

BOOST_AUTO_TEST_SUITE(mapping_index)

BOOST_AUTO_TEST_CASE(round_trip_keeps_entries_and_lines) {
  Database db;
  compile(db, kSample);
  auto index = open_ok(db);
  BOOST_TEST(index->size() == 4u);
  for (const MappingEntry& entry : parse(kSample)) {
    auto found = index->find_scoped(entry.selector, entry.scope);
    BOOST_TEST_REQUIRE(found.ok(), test::error_text(found));
    BOOST_TEST_REQUIRE(found->has_value());
    BOOST_TEST((*found)->line == entry.line);
    BOOST_TEST((*found)->str() == entry.str());
  }
}

BOOST_AUTO_TEST_CASE(absent_key_is_no_entry) {
  Database db;
  compile(db, kSample);
  auto index = open_ok(db);
  auto found = index->find({SelectorKind::user, "bob"});
  BOOST_TEST_REQUIRE(found.ok(), test::error_text(found));
  BOOST_TEST(!found->has_value());
  auto unscoped = index->find({SelectorKind::group, "staff"});
  BOOST_TEST_REQUIRE(unscoped.ok(), test::error_text(unscoped));
  BOOST_TEST(!unscoped->has_value());
}

BOOST_AUTO_TEST_CASE(group_order_follows_source_lines) {
  Database db;
  compile(db, "group:late range=s0:c2\ngroup:early range=s0:c1\n");
  auto index = open_ok(db);
  Identity identity{true, "u", {"late", "early"}};
  auto found = lookup(*index, identity, RequestScope{});
  BOOST_TEST_REQUIRE(found.ok(), test::error_text(found));
  BOOST_TEST_REQUIRE(found->has_value());
  BOOST_TEST((*found)->selector.name == "late");
}

BOOST_AUTO_TEST_CASE(group_entries_are_counted) {
  Database db;
  compile(db, kSample);
  BOOST_TEST(open_ok(db)->may_have_groups());
}

BOOST_AUTO_TEST_CASE(no_group_entries_skip_groups) {
  Database db;
  compile(db, "user:alice range=s0:c1\ndefault range=s0:c9\n");
  BOOST_TEST(!open_ok(db)->may_have_groups());
}

BOOST_AUTO_TEST_CASE(old_format_version_is_named) {
  Database db;
  compile(db, kSample);
  std::string text = read_whole(db.index);
  size_t at = text.find("secgi-index 2 ");
  test::check_setup(at != std::string::npos, "find the header");
  patch(db.index, static_cast<off_t>(at), "secgi-index 1 ");
  SECGI_CHECK_ERROR(open_index(db.index, db.source),
                    "has format version 1, expected 2");
}

BOOST_AUTO_TEST_CASE(empty_source_compiles) {
  Database db;
  compile(db, "");
  auto index = open_ok(db);
  BOOST_TEST(index->size() == 0u);
}

BOOST_AUTO_TEST_CASE(missing_index_is_error) {
  Database db;
  db.dir.write_file("mappings", kSample, 0644);
  SECGI_CHECK_ERROR(open_index(db.index, db.source), "is missing");
  SECGI_CHECK_ERROR(open_index(db.index, db.source), "secgi-map compile");
}

BOOST_AUTO_TEST_CASE(missing_source_is_error) {
  Database db;
  compile(db, kSample);
  test::check_setup(::unlink(db.source.c_str()) == 0, "unlink");
  SECGI_CHECK_ERROR(open_index(db.index, db.source),
                    "cannot stat the mapping source");
}

BOOST_AUTO_TEST_CASE(garbage_index_is_corrupt) {
  Database db;
  db.dir.write_file("mappings", kSample, 0644);
  db.dir.write_file("mappings.cdb", std::string(100, 'x'), 0644);
  SECGI_CHECK_ERROR(open_index(db.index, db.source), "is corrupt");
  db.dir.write_file("mappings.cdb", std::string(5000, '\0'), 0644);
  SECGI_CHECK_ERROR(open_index(db.index, db.source), "is corrupt");
}

BOOST_AUTO_TEST_CASE(truncated_index_is_corrupt) {
  Database db;
  compile(db, kSample);
  struct stat st;
  test::check_setup(::stat(db.index.c_str(), &st) == 0, "stat");
  for (off_t cut : {st.st_size - 1, st.st_size - 40, off_t{2100}}) {
    compile(db, kSample);
    truncate_to(db.index, cut);
    SECGI_CHECK_ERROR(open_index(db.index, db.source), "is corrupt");
  }
}

BOOST_AUTO_TEST_CASE(appended_bytes_are_corrupt) {
  Database db;
  compile(db, kSample);
  struct stat st;
  test::check_setup(::stat(db.index.c_str(), &st) == 0, "stat");
  patch(db.index, st.st_size, "trailing");
  SECGI_CHECK_ERROR(open_index(db.index, db.source), "is corrupt");
}

BOOST_AUTO_TEST_CASE(altered_record_is_corrupt) {
  Database db;
  compile(db, "user:alice range=s0:c1\n");
  auto index = open_ok(db);
  // The only entry record follows the 2048-byte table, its two 4-byte
  // lengths and its key. Its value is "1<TAB>user:alice ...", so offset
  // 2 + 5 is the first letter of "alice", and the value no longer matches
  // the key.
  std::string key = entry_key({SelectorKind::user, "alice"}, {});
  patch(db.index, 2048 + 8 + static_cast<off_t>(key.size()) + 2 + 5, "X");
  auto reopened = open_ok(db);
  SECGI_CHECK_ERROR(reopened->find({SelectorKind::user, "alice"}),
                    "is corrupt");
}

BOOST_AUTO_TEST_CASE(writable_index_is_untrusted) {
  Database db;
  compile(db, kSample);
  test::check_setup(::chmod(db.index.c_str(), 0666) == 0, "chmod");
  SECGI_CHECK_ERROR(open_index(db.index, db.source), "writable by group");
}

BOOST_AUTO_TEST_CASE(rewritten_source_makes_index_stale) {
  Database db;
  compile(db, kSample);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  db.dir.write_file("mappings", std::string(kSample) + "user:eve deny\n",
                    0644);
  SECGI_CHECK_ERROR(open_index(db.index, db.source), "is stale");
  SECGI_CHECK_ERROR(open_index(db.index, db.source), "secgi-map compile");
}

BOOST_AUTO_TEST_CASE(touched_source_makes_index_stale) {
  Database db;
  compile(db, kSample);
  struct timespec times[2] = {{0, UTIME_OMIT}, {12345, 678}};
  test::check_setup(::utimensat(AT_FDCWD, db.source.c_str(), times, 0) == 0,
                    "utimensat");
  SECGI_CHECK_ERROR(open_index(db.index, db.source), "is stale");
}

BOOST_AUTO_TEST_CASE(replaced_source_makes_index_stale) {
  Database db;
  compile(db, kSample);
  struct stat before;
  test::check_setup(::stat(db.source.c_str(), &before) == 0, "stat");
  // Same text, size and mtime, but another file: only the inode differs.
  std::string copy = db.dir.write_file("copy", kSample, 0644);
  struct timespec times[2] = {before.st_atim, before.st_mtim};
  test::check_setup(::utimensat(AT_FDCWD, copy.c_str(), times, 0) == 0,
                    "utimensat");
  test::check_setup(::rename(copy.c_str(), db.source.c_str()) == 0, "rename");
  SECGI_CHECK_ERROR(open_index(db.index, db.source), "is stale");
}

BOOST_AUTO_TEST_CASE(million_entries_compile_and_look_up) {
  constexpr int kCount = 1000000;
  std::vector<MappingEntry> entries;
  entries.reserve(kCount);
  for (int i = 0; i < kCount; ++i) {
    MappingEntry entry;
    entry.selector = {SelectorKind::user, "user" + std::to_string(i)};
    entry.target.parts.range = "s0:c" + std::to_string(i % 1024);
    entry.line = i + 1;
    entries.push_back(std::move(entry));
  }
  Database db;
  db.dir.write_file("mappings", "", 0644);
  write_index_file(db.index, entries, identity_of(db.source));
  auto index = open_ok(db);
  BOOST_TEST(index->size() == static_cast<size_t>(kCount));

  std::mt19937 random(42);
  std::uniform_int_distribution<int> pick(0, kCount - 1);
  for (int n = 0; n < 10000; ++n) {
    int i = pick(random);
    auto found = index->find({SelectorKind::user, "user" + std::to_string(i)});
    BOOST_TEST_REQUIRE(found.ok(), test::error_text(found));
    BOOST_TEST_REQUIRE(found->has_value());
    BOOST_TEST_REQUIRE((*found)->line == i + 1);
  }
  auto absent = index->find({SelectorKind::user, "user-absent"});
  BOOST_TEST_REQUIRE(absent.ok(), test::error_text(absent));
  BOOST_TEST(!absent->has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace secgi
