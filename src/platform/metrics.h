// A small Prometheus registry: counters, gauges and fixed-bucket histograms, rendered in the
// text exposition format (version 0.0.4) for GET /metrics.
//
// Register once (at startup, or through a function-local static) and keep the reference:
// registration takes a lock, updates are lock-free atomics. Metric objects live as long as the
// registry. Names and labels are programmer input: an invalid name, or one name registered
// with two types, help texts, label names or bucket sets, aborts the process.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tsunagu::platform {

// A fixed label set, e.g. {{"channel", "line"}, {"outcome", "ok"}}. Order does not matter.
using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void Add(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class Gauge {
 public:
  void Set(std::int64_t v) { value_.store(v, std::memory_order_relaxed); }
  void Add(std::int64_t delta) { value_.fetch_add(delta, std::memory_order_relaxed); }
  std::int64_t Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

class Histogram {
 public:
  // Upper bounds in seconds, strictly increasing and finite; +Inf is implicit.
  explicit Histogram(std::vector<double> bounds_s);

  // NaN is dropped: it would poison the sum forever.
  void Observe(double value_s);

  struct Snapshot {
    std::vector<double> bounds_s;
    std::vector<std::uint64_t> cumulative;  // one per bound, then +Inf (== count)
    double sum_s = 0;
    std::uint64_t count = 0;
  };
  // Under concurrent Observe calls the sum may lag the counts by a few observations; count
  // always equals the +Inf bucket, as Prometheus requires.
  Snapshot Read() const;

  const std::vector<double>& bounds_s() const { return bounds_s_; }

  // 5 ms .. 10 s: request handling, store calls and outbound API calls.
  static std::vector<double> DefaultBucketsS();

 private:
  std::vector<double> bounds_s_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // per bound, then +Inf; not cumulative
  std::atomic<double> sum_s_{0};
};

class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // The process-wide registry that GET /metrics renders. Never destroyed, so that threads
  // still running at exit can update their metrics safely.
  static Registry& Global();

  // Returns the metric for (name, labels), creating it on first use; the same arguments return
  // the same object.
  Counter& GetCounter(std::string_view name, std::string_view help,
                      const MetricLabels& labels = {});
  Gauge& GetGauge(std::string_view name, std::string_view help, const MetricLabels& labels = {});
  Histogram& GetHistogram(std::string_view name, std::string_view help,
                          const std::vector<double>& bounds_s, const MetricLabels& labels = {});

  // Families sorted by name, series sorted by label values; each family has one HELP and one
  // TYPE line.
  std::string RenderText() const;

 private:
  enum class Type { kCounter, kGauge, kHistogram };
  struct Series;
  struct Family;

  Series& GetSeries(Type type, std::string_view name, std::string_view help,
                    const MetricLabels& labels, const std::vector<double>* bounds_s);

  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<Family>, std::less<>> families_;  // guarded by mu_
};

}  // namespace tsunagu::platform
