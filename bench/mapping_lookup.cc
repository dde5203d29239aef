// Measures the compiled index in-process: the cost of open_index() and of
// lookups of random existing users, as medians over many runs.
//
//   mapping-lookup SOURCE COUNT
//
// SOURCE must hold the entries "user:uI ..." for I in [0, COUNT) and be
// compiled. Prints one line: open_us first_lookup_us lookup_ns
// scoped_lookup_ns p99_lookup_ns.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "index.h"
#include "lookup.h"

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kOpens = 200;
constexpr int kLookups = 200000;

double nanoseconds(Clock::duration d) {
  return std::chrono::duration<double, std::nano>(d).count();
}

double percentile(std::vector<double>& samples, double fraction) {
  size_t at = static_cast<size_t>(fraction * (samples.size() - 1));
  std::nth_element(samples.begin(), samples.begin() + at, samples.end());
  return samples[at];
}

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "mapping-lookup: %s\n", message.c_str());
  std::exit(1);
}

struct OpenCost {
  double open_us;        // open_index() alone
  double first_find_us;  // open_index() and one lookup, as in the wrapper
};

// Each sample maps the index afresh, so the first lookup pays the page
// faults that a new wrapper process pays; the page cache stays warm.
OpenCost median_open_cost(const std::string& source, int count) {
  std::mt19937 random(2);
  std::uniform_int_distribution<int> pick(0, count - 1);
  std::vector<double> opens;
  std::vector<double> firsts;
  for (int i = 0; i < kOpens; ++i) {
    secgi::Identity identity{true, "u" + std::to_string(pick(random)), {}};
    auto start = Clock::now();
    auto index = secgi::open_index(secgi::index_path(source), source);
    auto opened = Clock::now();
    if (!index) die(index.error());
    auto found = secgi::lookup(**index, identity, secgi::RequestScope{});
    auto end = Clock::now();
    if (!found || !*found) die("lookup of " + identity.user + " failed");
    opens.push_back(nanoseconds(opened - start) / 1000);
    firsts.push_back(nanoseconds(end - start) / 1000);
  }
  return {percentile(opens, 0.5), percentile(firsts, 0.5)};
}

// Times one call per sample. SCOPED adds a virtual host and a script four
// directories deep, so each lookup tries ten scopes before the unscoped
// entry.
std::vector<double> time_lookups(const secgi::MappingIndex& index, int count,
                                 bool scoped) {
  std::mt19937 random(1);
  std::uniform_int_distribution<int> pick(0, count - 1);
  secgi::RequestScope request;
  if (scoped) request = {"wiki", "/srv/secgi/cgi-bin/wiki/index.cgi"};
  std::vector<double> samples;
  samples.reserve(kLookups);
  for (int i = 0; i < kLookups; ++i) {
    secgi::Identity identity{true, "u" + std::to_string(pick(random)), {}};
    auto start = Clock::now();
    auto found = secgi::lookup(index, identity, request);
    auto end = Clock::now();
    if (!found || !*found) die("lookup of " + identity.user + " failed");
    samples.push_back(nanoseconds(end - start));
  }
  return samples;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) die("usage: mapping-lookup SOURCE COUNT");
  std::string source = argv[1];
  int count = std::atoi(argv[2]);
  if (count <= 0) die("COUNT must be a positive number");

  OpenCost open = median_open_cost(source, count);
  auto index = secgi::open_index(secgi::index_path(source), source);
  if (!index) die(index.error());
  auto plain = time_lookups(**index, count, false);
  auto scoped = time_lookups(**index, count, true);
  double find_ns = percentile(plain, 0.5);
  double p99_ns = percentile(plain, 0.99);
  double scoped_ns = percentile(scoped, 0.5);
  std::printf("%.1f %.1f %.0f %.0f %.0f\n", open.open_us, open.first_find_us,
              find_ns, scoped_ns, p99_ns);
  return 0;
}
