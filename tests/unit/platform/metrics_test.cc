#include "platform/metrics.h"

#include <gtest/gtest.h>

#include <limits>
#include <thread>
#include <vector>

namespace tsunagu::platform {
namespace {

TEST(MetricsTest, EmptyRegistryRendersNothing) { EXPECT_EQ(Registry().RenderText(), ""); }

TEST(MetricsTest, CounterWithoutLabels) {
  Registry r;
  r.GetCounter("tsunagu_webhooks_total", "Webhook requests received.").Add();
  r.GetCounter("tsunagu_webhooks_total", "Webhook requests received.").Add(2);
  EXPECT_EQ(r.RenderText(),
            "# HELP tsunagu_webhooks_total Webhook requests received.\n"
            "# TYPE tsunagu_webhooks_total counter\n"
            "tsunagu_webhooks_total 3\n");
}

TEST(MetricsTest, FamiliesSortedByNameAndSeriesByLabels) {
  Registry r;
  r.GetGauge("b_open", "Open conversations.", {{"program", "z"}}).Set(-2);
  r.GetGauge("b_open", "Open conversations.", {{"program", "a"}}).Set(7);
  r.GetCounter("a_total", "A.", {{"outcome", "ok"}, {"channel", "line"}}).Add(5);
  EXPECT_EQ(r.RenderText(),
            "# HELP a_total A.\n"
            "# TYPE a_total counter\n"
            "a_total{channel=\"line\",outcome=\"ok\"} 5\n"
            "# HELP b_open Open conversations.\n"
            "# TYPE b_open gauge\n"
            "b_open{program=\"a\"} 7\n"
            "b_open{program=\"z\"} -2\n");
}

TEST(MetricsTest, SameArgumentsReturnSameObjectRegardlessOfLabelOrder) {
  Registry r;
  Counter& a = r.GetCounter("x_total", "X.", {{"a", "1"}, {"b", "2"}});
  Counter& b = r.GetCounter("x_total", "X.", {{"b", "2"}, {"a", "1"}});
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &r.GetCounter("x_total", "X.", {{"a", "1"}, {"b", "3"}}));
}

TEST(MetricsTest, EscapesHelpAndLabelValues) {
  Registry r;
  r.GetCounter("e_total", "Line one\nback\\slash \"quotes\" stay.", {{"v", "a\"b\\c\nd"}}).Add();
  EXPECT_EQ(r.RenderText(),
            "# HELP e_total Line one\\nback\\\\slash \"quotes\" stay.\n"
            "# TYPE e_total counter\n"
            "e_total{v=\"a\\\"b\\\\c\\nd\"} 1\n");
}

TEST(MetricsTest, GaugeSetAndAdd) {
  Gauge g;
  g.Set(10);
  g.Add(-3);
  EXPECT_EQ(g.Value(), 7);
}

TEST(MetricsTest, HistogramBucketsAreCumulative) {
  Registry r;
  Histogram& h =
      r.GetHistogram("req_seconds", "Request time.", {0.125, 0.5, 2.5}, {{"route", "/webhook"}});
  // Binary fractions, so that the sum is exact.
  h.Observe(0.0625);
  h.Observe(0.125);  // on the bound: belongs to le="0.125"
  h.Observe(0.25);
  h.Observe(3);
  h.Observe(std::numeric_limits<double>::quiet_NaN());  // dropped
  EXPECT_EQ(r.RenderText(),
            "# HELP req_seconds Request time.\n"
            "# TYPE req_seconds histogram\n"
            "req_seconds_bucket{route=\"/webhook\",le=\"0.125\"} 2\n"
            "req_seconds_bucket{route=\"/webhook\",le=\"0.5\"} 3\n"
            "req_seconds_bucket{route=\"/webhook\",le=\"2.5\"} 3\n"
            "req_seconds_bucket{route=\"/webhook\",le=\"+Inf\"} 4\n"
            "req_seconds_sum{route=\"/webhook\"} 3.4375\n"
            "req_seconds_count{route=\"/webhook\"} 4\n");
}

TEST(MetricsTest, HistogramWithoutLabelsAndSpecialSums) {
  Registry r;
  Histogram& h = r.GetHistogram("h_seconds", "H.", {1});
  h.Observe(std::numeric_limits<double>::infinity());
  EXPECT_EQ(r.RenderText(),
            "# HELP h_seconds H.\n"
            "# TYPE h_seconds histogram\n"
            "h_seconds_bucket{le=\"1\"} 0\n"
            "h_seconds_bucket{le=\"+Inf\"} 1\n"
            "h_seconds_sum +Inf\n"
            "h_seconds_count 1\n");
}

TEST(MetricsTest, DefaultBucketsAreIncreasing) {
  auto b = Histogram::DefaultBucketsS();
  ASSERT_FALSE(b.empty());
  for (std::size_t i = 1; i < b.size(); ++i) EXPECT_LT(b[i - 1], b[i]);
  Histogram h(b);
  h.Observe(0.2);
  EXPECT_EQ(h.Read().count, 1u);
}

TEST(MetricsTest, ConcurrentUpdatesAreNotLost) {
  Registry r;
  Counter& c = r.GetCounter("c_total", "C.");
  Histogram& h = r.GetHistogram("d_seconds", "D.", {0.5});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        c.Add();
        h.Observe(0.25);
        r.GetGauge("g", "G.").Add(1);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(c.Value(), 40000u);
  EXPECT_EQ(h.Read().count, 40000u);
  EXPECT_EQ(h.Read().sum_s, 10000.0);
  EXPECT_EQ(r.GetGauge("g", "G.").Value(), 40000);
}

TEST(MetricsTest, GlobalIsOneInstance) { EXPECT_EQ(&Registry::Global(), &Registry::Global()); }

TEST(MetricsDeathTest, ProgrammerErrorsAbort) {
  EXPECT_DEATH(Registry().GetCounter("bad name", "x"), "invalid metric name");
  EXPECT_DEATH(Registry().GetCounter("ok_total", "x", {{"le", "1"}}), "invalid label name");
  EXPECT_DEATH(Registry().GetCounter("ok_total", "x", {{"a", "1"}, {"a", "2"}}), "duplicate");
  EXPECT_DEATH(
      {
        Registry r;
        r.GetCounter("same", "x");
        r.GetGauge("same", "x");
      },
      "different type");
  EXPECT_DEATH(Histogram({1, 1}), "strictly increasing");
}

}  // namespace
}  // namespace tsunagu::platform
