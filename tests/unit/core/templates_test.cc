#include "core/templates.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/staffing.h"

namespace tsunagu::core {
namespace {

TEST(TemplatesTest, EveryDefinitionHasAUniqueKeyAndStaffOnesAUniqueShortcut) {
  std::set<std::string_view> keys;
  std::set<int> shortcuts;
  for (const TemplateDef& def : kTemplateDefs) {
    EXPECT_TRUE(keys.insert(def.key).second) << def.key;
    EXPECT_FALSE(def.name_ja.empty());
    EXPECT_FALSE(def.name_en.empty());
    if (def.use == TemplateUse::kStaff) {
      EXPECT_TRUE(def.shortcut >= 1 && def.shortcut <= 9) << def.key;
      EXPECT_TRUE(shortcuts.insert(def.shortcut).second) << def.key;
    } else {
      EXPECT_EQ(def.shortcut, 0) << def.key;
    }
  }
  EXPECT_NE(FindTemplateDef("please_wait"), nullptr);
  EXPECT_EQ(FindTemplateDef("nope"), nullptr);
}

TEST(TemplatesTest, PlaceholdersAreReadLikeTheBotReadsThem) {
  EXPECT_EQ(PlaceholderNames("{{a}} と {{ b }} と {{a}}"),
            (std::vector<std::string>{"a", "b", "a"}));
  EXPECT_EQ(PlaceholderNames("{{ not closed"), std::vector<std::string>{});
  EXPECT_EQ(PlaceholderNames("}} {{x}}"), std::vector<std::string>{"x"});
}

TEST(TemplatesTest, ABodyIsCheckedForLengthEncodingAndVariables) {
  const TemplateDef& greeting = *FindTemplateDef("greeting");
  EXPECT_TRUE(TemplateBodyProblems(greeting, "{{counselor_name}}です").empty());
  EXPECT_EQ(TemplateBodyProblems(greeting, " \t").size(), 1u);
  EXPECT_EQ(TemplateBodyProblems(greeting, std::string(5000, 'a')).size(), 0u);
  EXPECT_EQ(TemplateBodyProblems(greeting, std::string(5001, 'a')).size(), 1u);
  EXPECT_EQ(TemplateBodyProblems(greeting, "\xff").size(), 1u);
  auto problems = TemplateBodyProblems(greeting, "{{helplines}} {{x}} {{x}}");
  ASSERT_EQ(problems.size(), 2u) << "each unknown name once";
  EXPECT_NE(problems[0].find("{{helplines}}"), std::string::npos);
  EXPECT_NE(problems[0].find("{{counselor_name}}"), std::string::npos) << "names the allowed ones";
  EXPECT_TRUE(TemplateBodyProblems(*FindTemplateDef("queue_update"),
                                   "{{queue_position}} {{wait_minutes}} {{wait}}")
                  .empty());
}

TEST(StaffingTest, NoAlertWithoutCounselorsOnDuty) { EXPECT_TRUE(StaffingAlerts(0, 0, 5).empty()); }

TEST(StaffingTest, CounselorsWithoutASupervisorAlert) {
  auto alerts = StaffingAlerts(1, 0, 5);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].code, StaffingAlertCode::kNoSupervisor);
  EXPECT_STREQ(StaffingAlertCodeName(alerts[0].code), "no_supervisor");
}

TEST(StaffingTest, TheRatioAlertsOnlyAboveTheLimit) {
  EXPECT_TRUE(StaffingAlerts(5, 1, 5).empty());
  auto alerts = StaffingAlerts(6, 1, 5);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].code, StaffingAlertCode::kRatioExceeded);
  EXPECT_NE(alerts[0].message.find("6:1"), std::string::npos);
  EXPECT_TRUE(StaffingAlerts(10, 2, 5).empty());
  EXPECT_TRUE(StaffingAlerts(50, 1, 0).empty()) << "0 turns the ratio check off";
}

}  // namespace
}  // namespace tsunagu::core
