#include "store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "trusted_file.h"

namespace secgi::map {

namespace {

constexpr mode_t kFileMode = 0644;

std::string errno_text(const std::string& what, const std::string& path) {
  return "cannot " + what + " '" + path + "': " + std::strerror(errno);
}

std::string directory_of(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

Status remove_if_present(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    return make_error(errno_text("remove", path));
  }
  return Ok{};
}

// Creates PATH afresh; a leftover from an interrupted edit is replaced.
Result<UniqueFd> create_file(const std::string& path) {
  auto removed = remove_if_present(path);
  if (!removed) return make_error(removed.error());
  UniqueFd fd(::open(path.c_str(),
                     O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                     kFileMode));
  if (!fd.valid()) return make_error(errno_text("create", path));
  if (::fchmod(fd.get(), kFileMode) != 0) {
    return make_error(errno_text("chmod", path));
  }
  return fd;
}

Status write_all(int fd, const std::string& text, const std::string& path) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return make_error(errno_text("write", path));
    done += static_cast<size_t>(n);
  }
  return Ok{};
}

Status sync_file(int fd, const std::string& path) {
  if (::fsync(fd) != 0) return make_error(errno_text("fsync", path));
  return Ok{};
}

Status sync_directory(const std::string& path) {
  std::string dir = directory_of(path);
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) return make_error(errno_text("open", dir));
  if (::fsync(fd.get()) != 0) return make_error(errno_text("fsync", dir));
  return Ok{};
}

// Makes BACKUP a second name of PATH's current file, atomically.
Status keep_backup(const std::string& path, const std::string& backup) {
  std::string staged = backup + ".new";
  auto removed = remove_if_present(staged);
  if (!removed) return removed;
  if (::link(path.c_str(), staged.c_str()) != 0) {
    if (errno == ENOENT) return Ok{};
    return make_error(errno_text("link", staged));
  }
  if (::rename(staged.c_str(), backup.c_str()) != 0) {
    return make_error(errno_text("rename to", backup));
  }
  return Ok{};
}

Status rename_into_place(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) {
    return make_error(errno_text("rename to", to));
  }
  return Ok{};
}

Status write_index_file(const std::string& path,
                        const std::vector<MappingEntry>& entries,
                        const SourceIdentity& source) {
  auto fd = create_file(path);
  if (!fd) return make_error(fd.error());
  auto written = write_index(fd->get(), entries, source);
  if (!written) return make_error(path + ": " + written.error());
  return sync_file(fd->get(), path);
}

Result<SourceIdentity> write_source_file(const std::string& path,
                                         const std::string& text) {
  auto fd = create_file(path);
  if (!fd) return make_error(fd.error());
  auto written = write_all(fd->get(), text, path);
  if (!written) return make_error(written.error());
  auto synced = sync_file(fd->get(), path);
  if (!synced) return make_error(synced.error());
  struct stat st;
  if (::fstat(fd->get(), &st) != 0) return make_error(errno_text("stat", path));
  return source_identity(st);
}

}  // namespace

StorePaths::StorePaths(const std::string& source_path)
    : source(source_path),
      index(index_path(source_path)),
      lock(source_path + ".lock"),
      source_backup(source_path + "~"),
      index_backup(index_path(source_path) + "~") {}

Result<EditLock> EditLock::acquire(const StorePaths& paths) {
  UniqueFd fd(::open(paths.lock.c_str(),
                     O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!fd.valid()) return make_error(errno_text("open the lock", paths.lock));
  while (::flock(fd.get(), LOCK_EX) != 0) {
    if (errno != EINTR) return make_error(errno_text("lock", paths.lock));
  }
  return EditLock(std::move(fd));
}

Result<SourceText> read_source(const StorePaths& paths, bool missing_ok) {
  SourceText source;
  struct stat st;
  int missing = ::fstatat(AT_FDCWD, paths.source.c_str(), &st,
                          AT_SYMLINK_NOFOLLOW);
  if (missing != 0 && errno == ENOENT && missing_ok) {
    return source;
  }
  auto text = read_trusted_file(paths.source, st);
  if (!text) return make_error(text.error());
  if (static_cast<off_t>(text->size()) != st.st_size) {
    return make_error("'" + paths.source +
                      "' changed while it was read; try again");
  }
  source.exists = true;
  source.text = std::move(*text);
  source.identity = source_identity(st);
  return source;
}

Status commit_source_and_index(const StorePaths& paths,
                               const std::string& text,
                               const std::vector<MappingEntry>& entries) {
  std::string source_new = paths.source + ".new";
  std::string index_new = paths.index + ".new";
  auto identity = write_source_file(source_new, text);
  if (!identity) return make_error(identity.error());
  auto status = write_index_file(index_new, entries, *identity);
  if (status) status = sync_directory(paths.source);
  if (status) status = keep_backup(paths.source, paths.source_backup);
  if (status) status = keep_backup(paths.index, paths.index_backup);
  // From here until the second rename, readers find the index stale and
  // refuse: the new index names the new source, the old one the old.
  if (status) status = rename_into_place(source_new, paths.source);
  if (status) status = rename_into_place(index_new, paths.index);
  if (status) status = sync_directory(paths.source);
  return status;
}

Status commit_index(const StorePaths& paths,
                    const std::vector<MappingEntry>& entries,
                    const SourceIdentity& source) {
  std::string index_new = paths.index + ".new";
  auto status = write_index_file(index_new, entries, source);
  if (status) status = sync_directory(paths.index);
  if (status) status = keep_backup(paths.index, paths.index_backup);
  if (status) status = rename_into_place(index_new, paths.index);
  if (status) status = sync_directory(paths.index);
  return status;
}

}  // namespace secgi::map
