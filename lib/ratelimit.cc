#include "ratelimit.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>

#include "fd.h"

namespace secgi {

namespace {

struct Slot {
  uint64_t key;
  uint64_t window_start;
  uint32_t suppressed;
  uint32_t unused;
};

using Table = std::array<Slot, kRateLimitSlots>;

uint64_t hash_key(std::string_view key) {
  uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a, 64 bits
  for (unsigned char c : key) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash == 0 ? 1 : hash;
}

// The slot for HASH, or else a free one, or else the oldest.
Slot& find_slot(Table& table, uint64_t hash) {
  Slot* oldest = &table[0];
  for (Slot& slot : table) {
    if (slot.key == hash) return slot;
    if (slot.key == 0) return slot;
    if (slot.window_start < oldest->window_start) oldest = &slot;
  }
  *oldest = Slot{};
  return *oldest;
}

bool read_table(int fd, Table& table) {
  table.fill(Slot{});
  ssize_t n = ::pread(fd, table.data(), sizeof table, 0);
  return n == 0 || n == static_cast<ssize_t>(sizeof table);
}

}  // namespace

RateDecision limit_refusal(const std::string& path, std::string_view key,
                           uint32_t window, uint64_t now) {
  RateDecision decision;
  if (window == 0) return decision;
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
                     0600));
  if (!fd.valid() || ::flock(fd.get(), LOCK_EX) != 0) return decision;

  Table table;
  if (!read_table(fd.get(), table)) return decision;
  uint64_t hash = hash_key(key);
  Slot& slot = find_slot(table, hash);
  if (slot.key == hash && now < slot.window_start + window) {
    ++slot.suppressed;
    decision.log = false;
  } else {
    decision.suppressed = slot.key == hash ? slot.suppressed : 0;
    slot = Slot{hash, now, 0, 0};
  }
  if (::pwrite(fd.get(), table.data(), sizeof table, 0) !=
      static_cast<ssize_t>(sizeof table)) {
    decision.log = true;
  }
  return decision;
}

}  // namespace secgi
