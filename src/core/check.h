// TSUNAGU_CHECK is for programmer errors only and is always on. Untrusted input must never
// reach a check: it gets a Result error instead.
#pragma once

#include <cstdio>
#include <cstdlib>

#define TSUNAGU_CHECK(cond)                                                                 \
  do {                                                                                      \
    if (!(cond)) {                                                                          \
      std::fprintf(stderr, "%s:%d: TSUNAGU_CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                         \
    }                                                                                       \
  } while (0)
