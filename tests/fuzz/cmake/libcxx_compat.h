// Force-included (-include) into every file of the fuzz build (tests/fuzz/CMakeLists.txt) only.
//
// libc++ before 18 lacks C++20's std::atomic<floating-point>::fetch_add/fetch_sub (P0020), which
// src/platform/metrics.cc uses for Histogram's running sum; libstdc++ 12 (the main build) has it.
// This adds them to std::atomic<double>, on top of libc++'s own __atomic_base<double>, as a
// compare-exchange loop with the semantics the standard gives them. Every file of the fuzz build
// sees the same definition, so the layout of classes holding an atomic<double> is consistent.
// Delete this file once the fuzz build uses libc++ >= 18.
#pragma once

#include <atomic>

#if defined(_LIBCPP_VERSION) && _LIBCPP_VERSION < 180000
namespace std {

template <>
struct atomic<double> : public __atomic_base<double> {
  using __base = __atomic_base<double>;
  using value_type = double;
  using difference_type = double;

  atomic() = default;
  constexpr atomic(double d) noexcept : __base(d) {}
  atomic(const atomic&) = delete;
  atomic& operator=(const atomic&) = delete;
  atomic& operator=(const atomic&) volatile = delete;

  double operator=(double d) noexcept {
    __base::store(d);
    return d;
  }
  double operator=(double d) volatile noexcept {
    __base::store(d);
    return d;
  }

  double fetch_add(double arg, memory_order order = memory_order_seq_cst) noexcept {
    double old = __base::load(memory_order_relaxed);
    while (!__base::compare_exchange_weak(old, old + arg, order, memory_order_relaxed)) {
    }
    return old;
  }
  double fetch_sub(double arg, memory_order order = memory_order_seq_cst) noexcept {
    double old = __base::load(memory_order_relaxed);
    while (!__base::compare_exchange_weak(old, old - arg, order, memory_order_relaxed)) {
    }
    return old;
  }
  double operator+=(double arg) noexcept { return fetch_add(arg) + arg; }
  double operator-=(double arg) noexcept { return fetch_sub(arg) - arg; }
};

}  // namespace std
#endif
