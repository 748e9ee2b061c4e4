#include "platform/metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <variant>

namespace tsunagu::platform {
namespace {

// Metric names and labels are constants in our code, so a bad one is a programmer error.
[[noreturn]] void Die(std::string_view what, std::string_view name) {
  std::fprintf(stderr, "tsunagu: metrics: %.*s: %.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(name.size()), name.data());
  std::abort();
}

bool IsMetricName(std::string_view s) {
  auto first = [](char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':';
  };
  if (s.empty() || !first(s[0])) return false;
  return std::all_of(s.begin(), s.end(), [&](char c) {
    return first(c) || std::isdigit(static_cast<unsigned char>(c));
  });
}

// "__" prefixes are reserved for Prometheus itself; "le" is the histogram bucket label.
bool IsLabelName(std::string_view s) {
  if (s.empty() || s.starts_with("__") || s == "le" || s.find(':') != s.npos) return false;
  return IsMetricName(s);
}

// Prometheus text escapes backslash and newline in HELP text, and double quotes too in label
// values.
std::string Escape(std::string_view s, bool quotes) {
  std::string out;
  for (char c : s) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (quotes && c == '"') {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out;
}

std::string EscapeHelp(std::string_view s) { return Escape(s, false); }
std::string EscapeLabelValue(std::string_view s) { return Escape(s, true); }

// Prometheus spells the special values +Inf, -Inf and NaN; fmt would print inf and nan.
std::string FormatDouble(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", v);
}

MetricLabels SortedLabels(std::string_view metric, MetricLabels labels) {
  std::sort(labels.begin(), labels.end());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (!IsLabelName(labels[i].first)) Die("invalid label name", labels[i].first);
    if (i > 0 && labels[i].first == labels[i - 1].first) Die("duplicate label", metric);
  }
  return labels;
}

// a="x",b="y" (without braces); also the series key inside a family.
std::string RenderLabels(const MetricLabels& labels) {
  std::string out;
  for (const auto& [k, v] : labels) {
    if (!out.empty()) out += ',';
    out += k + "=\"" + EscapeLabelValue(v) + "\"";
  }
  return out;
}

std::string Braced(std::string_view inner) {
  return inner.empty() ? std::string() : "{" + std::string(inner) + "}";
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds_s)
    : bounds_s_(std::move(bounds_s)),
      buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_s_.size() + 1)) {
  for (std::size_t i = 0; i < bounds_s_.size(); ++i) {
    if (!std::isfinite(bounds_s_[i]) || (i > 0 && bounds_s_[i] <= bounds_s_[i - 1])) {
      Die("histogram bounds must be finite and strictly increasing", "");
    }
  }
}

void Histogram::Observe(double value_s) {
  if (std::isnan(value_s)) return;
  auto it = std::lower_bound(bounds_s_.begin(), bounds_s_.end(), value_s);  // first bound >= v
  buckets_[static_cast<std::size_t>(it - bounds_s_.begin())].fetch_add(1,
                                                                       std::memory_order_relaxed);
  sum_s_.fetch_add(value_s, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::Read() const {
  Snapshot s;
  s.bounds_s = bounds_s_;
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= bounds_s_.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    s.cumulative.push_back(running);
  }
  s.count = running;
  s.sum_s = sum_s_.load(std::memory_order_relaxed);
  return s;
}

std::vector<double> Histogram::DefaultBucketsS() {
  return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

struct Registry::Series {
  MetricLabels labels;  // sorted by name
  std::variant<std::unique_ptr<Counter>, std::unique_ptr<Gauge>, std::unique_ptr<Histogram>> metric;
};

struct Registry::Family {
  std::string name;
  std::string help;
  Type type = Type::kCounter;
  std::vector<std::string> label_names;
  std::vector<double> bounds_s;
  std::map<std::string, Series> series;  // by RenderLabels(labels)
};

Registry::Registry() = default;
Registry::~Registry() = default;

Registry& Registry::Global() {
  // Deliberately leaked (see the header): destroying it at exit would race with threads that
  // are still counting.
  static Registry* const kRegistry = new Registry();
  return *kRegistry;
}

Counter& Registry::GetCounter(std::string_view name, std::string_view help,
                              const MetricLabels& labels) {
  return *std::get<std::unique_ptr<Counter>>(
      GetSeries(Type::kCounter, name, help, labels, nullptr).metric);
}

Gauge& Registry::GetGauge(std::string_view name, std::string_view help,
                          const MetricLabels& labels) {
  return *std::get<std::unique_ptr<Gauge>>(
      GetSeries(Type::kGauge, name, help, labels, nullptr).metric);
}

Histogram& Registry::GetHistogram(std::string_view name, std::string_view help,
                                  const std::vector<double>& bounds_s, const MetricLabels& labels) {
  return *std::get<std::unique_ptr<Histogram>>(
      GetSeries(Type::kHistogram, name, help, labels, &bounds_s).metric);
}

Registry::Series& Registry::GetSeries(Type type, std::string_view name, std::string_view help,
                                      const MetricLabels& labels,
                                      const std::vector<double>* bounds_s) {
  if (!IsMetricName(name)) Die("invalid metric name", name);
  MetricLabels sorted = SortedLabels(name, labels);
  std::vector<std::string> label_names;
  for (const auto& [k, v] : sorted) label_names.push_back(k);
  std::lock_guard lock(mu_);
  auto& family = families_[std::string(name)];
  if (!family) {
    family = std::make_unique<Family>(Family{std::string(name),
                                             std::string(help),
                                             type,
                                             label_names,
                                             bounds_s ? *bounds_s : std::vector<double>{},
                                             {}});
  }
  if (family->type != type || family->help != help || family->label_names != label_names ||
      (bounds_s && family->bounds_s != *bounds_s)) {
    Die("registered again with a different type, help, label names or buckets", name);
  }
  auto [it, inserted] = family->series.try_emplace(RenderLabels(sorted));
  if (inserted) {
    it->second.labels = std::move(sorted);
    if (type == Type::kCounter) it->second.metric = std::make_unique<Counter>();
    if (type == Type::kGauge) it->second.metric = std::make_unique<Gauge>();
    if (type == Type::kHistogram) it->second.metric = std::make_unique<Histogram>(*bounds_s);
  }
  return it->second;
}

namespace {

void RenderHistogram(std::string& out, const std::string& name, const std::string& labels,
                     const Histogram& h) {
  Histogram::Snapshot s = h.Read();
  const std::string sep = labels.empty() ? "" : ",";
  for (std::size_t i = 0; i <= s.bounds_s.size(); ++i) {
    std::string le = i < s.bounds_s.size() ? FormatDouble(s.bounds_s[i]) : "+Inf";
    out += fmt::format("{}_bucket{{{}{}le=\"{}\"}} {}\n", name, labels, sep, le, s.cumulative[i]);
  }
  out += fmt::format("{}_sum{} {}\n", name, Braced(labels), FormatDouble(s.sum_s));
  out += fmt::format("{}_count{} {}\n", name, Braced(labels), s.count);
}

}  // namespace

std::string Registry::RenderText() const {
  static constexpr std::string_view kTypeNames[] = {"counter", "gauge", "histogram"};
  std::string out;
  std::lock_guard lock(mu_);
  for (const auto& [name, family] : families_) {
    out += fmt::format("# HELP {} {}\n", name, EscapeHelp(family->help));
    out += fmt::format("# TYPE {} {}\n", name, kTypeNames[static_cast<int>(family->type)]);
    for (const auto& [labels, series] : family->series) {
      if (const auto* c = std::get_if<std::unique_ptr<Counter>>(&series.metric)) {
        out += fmt::format("{}{} {}\n", name, Braced(labels), (*c)->Value());
      } else if (const auto* g = std::get_if<std::unique_ptr<Gauge>>(&series.metric)) {
        out += fmt::format("{}{} {}\n", name, Braced(labels), (*g)->Value());
      } else {
        RenderHistogram(out, name, labels, *std::get<std::unique_ptr<Histogram>>(series.metric));
      }
    }
  }
  return out;
}

}  // namespace tsunagu::platform
