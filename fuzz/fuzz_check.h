// Invariant checks for the fuzz targets. A failed check prints the
// condition and aborts, so libFuzzer reports a crash and saves the input.
#pragma once

#include <cstdio>
#include <cstdlib>

#define SECGI_FUZZ_CHECK(condition)                                    \
  do {                                                                 \
    if (!(condition)) {                                                \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__,  \
                   __LINE__, #condition);                              \
      std::abort();                                                    \
    }                                                                  \
  } while (false)
