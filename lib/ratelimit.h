// Rate limit for identical refusals. Each request is a new process, so the
// state lives in a small file that every wrapper process shares under an
// flock: a fixed table of recent refusal keys, the start of their window
// and how many repeats were suppressed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace secgi {

inline constexpr size_t kRateLimitSlots = 128;

struct RateDecision {
  bool log = true;          // write this refusal to the log
  uint32_t suppressed = 0;  // identical refusals not logged before it
};

// Decides whether a refusal with KEY is logged, given the state in PATH
// and a window of WINDOW seconds ending at NOW: the first refusal of a
// window is logged and its repeats are counted. Any error with the state
// file logs the refusal, so a refusal is never lost.
RateDecision limit_refusal(const std::string& path, std::string_view key,
                           uint32_t window, uint64_t now);

}  // namespace secgi
