#include "app/bot_conversation.h"

#include <gtest/gtest.h>

#include "core/calendar/date.h"
#include "core/calendar/hours_spec.h"

namespace tsunagu::app {
namespace {

namespace cal = core::calendar;

std::shared_ptr<const cal::OpeningHours> Hours(std::vector<std::string> shifts,
                                               std::string period = "") {
  cal::HoursSpec spec;
  spec.shifts = std::move(shifts);
  spec.period = std::move(period);
  auto config = cal::ParseHoursSpec(spec);
  EXPECT_TRUE(config.has_value());
  return std::make_shared<const cal::OpeningHours>(*config);
}

// 2018-12-04 (Tuesday) at hh:mm in Japan.
core::TimeMs Dec4(int hour, int minute) {
  return cal::TokyoTimeMs(cal::Date{2018, 12, 4}, hour * 60 + minute);
}

TEST(BotContextAt, WithoutHoursTheProgramIsOpen) {
  ChannelRoute route;
  route.bot_context["hours"] = "いつでも";
  auto context = BotContextAt(route, Dec4(3, 0));
  EXPECT_EQ(context["open"], "yes");
  EXPECT_EQ(context["hours"], "いつでも");
  EXPECT_EQ(context["helplines"], "");
}

TEST(BotContextAt, ClosedGivesTheNextOpeningAndOpenHelplinesFirst) {
  ChannelRoute route;
  route.hours = Hours({"火-金 16:00-20:00", "土 13:00-17:00"}, "2018-12-01..2018-12-28");
  route.helplines.push_back({"昼の窓口", "0120-111", Hours({"月-金 09:00-12:00"})});
  route.helplines.push_back({"24時間子供SOSダイヤル", "0120-0-78310", nullptr});
  auto closed = BotContextAt(route, Dec4(15, 59));
  EXPECT_EQ(closed["open"], "no");
  EXPECT_EQ(closed["next_opening"], "12月4日（火）16:00");
  EXPECT_EQ(closed["helplines"],
            "・24時間子供SOSダイヤル 0120-0-78310（いま受付中）\n・昼の窓口 0120-111");
  auto open = BotContextAt(route, Dec4(16, 0));
  EXPECT_EQ(open["open"], "yes");
  // At 10:00 both helplines are open, in their configured order.
  EXPECT_EQ(
      BotContextAt(route, Dec4(10, 0))["helplines"],
      "・昼の窓口 0120-111（いま受付中）\n・24時間子供SOSダイヤル 0120-0-78310（いま受付中）");
  // After the trial there is no next opening.
  auto after = BotContextAt(route, cal::TokyoTimeMs(cal::Date{2018, 12, 29}, 16 * 60));
  EXPECT_EQ(after["open"], "no");
  EXPECT_EQ(after["next_opening"], "未定");
}

TEST(BotContextAt, IntakeClosesBeforeClosingTime) {
  cal::HoursSpec spec;
  spec.shifts = {"火 16:00-20:00"};
  spec.intake_closes_minutes_before = 30;
  auto config = cal::ParseHoursSpec(spec);
  ASSERT_TRUE(config.has_value());
  ChannelRoute route;
  route.hours = std::make_shared<const cal::OpeningHours>(*config);
  EXPECT_EQ(BotContextAt(route, Dec4(19, 29))["open"], "yes");
  EXPECT_EQ(BotContextAt(route, Dec4(19, 30))["open"], "no");
}

TEST(FormatTokyoJa, JapanTimeWithTheWeekday) {
  EXPECT_EQ(FormatTokyoJa(Dec4(9, 5)), "12月4日（火）09:05");
  // 2018-12-04 00:30 in Japan is still Dec 3 in UTC.
  EXPECT_EQ(FormatTokyoJa(Dec4(0, 30)), "12月4日（火）00:30");
}

}  // namespace
}  // namespace tsunagu::app

namespace tsunagu::app {
namespace {

TEST(BotContextAt, QueuePlaceWaitAndOverflowFromTheSettings) {
  ChannelRoute route;
  auto none = BotContextAt(route, 0, 7);
  EXPECT_EQ(none["queue_position"], "8");
  EXPECT_EQ(none["wait_known"], "no");
  EXPECT_EQ(none["wait_minutes"], "");
  EXPECT_EQ(none["overflow"], "no");

  route.queue.planned_per_hour = 20;  // one person every 3 minutes
  route.queue.overflow_queue_length = 10;
  auto seven = BotContextAt(route, 0, 7);
  EXPECT_EQ(seven["wait_minutes"], "24");
  EXPECT_EQ(seven["overflow"], "no");
  EXPECT_EQ(BotContextAt(route, 0, 9)["overflow"], "no");    // the 10th place is still taken
  EXPECT_EQ(BotContextAt(route, 0, 10)["overflow"], "yes");  // 10 waiting: full

  route.queue.overflow_queue_length = 0;
  route.queue.overflow_wait_minutes = 30;
  EXPECT_EQ(BotContextAt(route, 0, 8)["overflow"], "no");   // 9th: 27 minutes
  EXPECT_EQ(BotContextAt(route, 0, 9)["overflow"], "yes");  // 10th: 30 minutes
}

TEST(EstimatedWaitMinutes, RoundsUpAndNeedsAPace) {
  QueueSettings queue;
  EXPECT_EQ(EstimatedWaitMinutes(queue, 3), std::nullopt);
  queue.planned_per_hour = 7;
  EXPECT_EQ(EstimatedWaitMinutes(queue, 1), 9);  // 60/7 = 8.57
  EXPECT_EQ(EstimatedWaitMinutes(queue, 7), 60);
  EXPECT_EQ(EstimatedWaitMinutes(queue, 0), std::nullopt);
}

}  // namespace
}  // namespace tsunagu::app
