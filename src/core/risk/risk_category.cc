#include "core/risk/risk_category.h"

#include "core/enum_names.h"

namespace tsunagu::core::risk {
namespace {

constexpr std::array<EnumName<RiskCategory>, kRiskCategoryCount> kCategoryNames = {{
    {RiskCategory::kIdeation, "ideation"},
    {RiskCategory::kPlanMeans, "plan_means"},
    {RiskCategory::kSelfHarm, "self_harm"},
    {RiskCategory::kAbuseFamily, "abuse_family"},
    {RiskCategory::kSexual, "sexual"},
    {RiskCategory::kBullying, "bullying"},
    {RiskCategory::kRunaway, "runaway"},
    {RiskCategory::kCrimeVictim, "crime_victim"},
}};

constexpr std::array<EnumName<RiskCategory>, kRiskCategoryCount> kCategoryLabels = {{
    {RiskCategory::kIdeation, "希死念慮"},
    {RiskCategory::kPlanMeans, "計画・手段"},
    {RiskCategory::kSelfHarm, "自傷"},
    {RiskCategory::kAbuseFamily, "家族からの虐待"},
    {RiskCategory::kSexual, "性被害"},
    {RiskCategory::kBullying, "いじめ"},
    {RiskCategory::kRunaway, "家出・深夜外出"},
    {RiskCategory::kCrimeVictim, "犯罪被害"},
}};

constexpr std::array<EnumName<RiskModifier>, 4> kModifierNames = {{
    {RiskModifier::kNone, "none"},
    {RiskModifier::kNegated, "negated"},
    {RiskModifier::kHyperbole, "hyperbole"},
    {RiskModifier::kReported, "reported"},
}};

constexpr std::array<EnumName<RiskModifier>, 4> kModifierLabels = {{
    {RiskModifier::kNone, "該当"},
    {RiskModifier::kNegated, "否定"},
    {RiskModifier::kHyperbole, "誇張"},
    {RiskModifier::kReported, "伝聞・第三者"},
}};

constexpr std::array<EnumName<RiskLevel>, 4> kLevelLabels = {{
    {RiskLevel::kNone, "0 なし"},
    {RiskLevel::kIdeation, "1 希死念慮"},
    {RiskLevel::kPlanOrMeans, "2 計画・手段"},
    {RiskLevel::kImminent, "3 切迫"},
}};

}  // namespace

std::string_view RiskCategoryName(RiskCategory category) {
  return NameIn(kCategoryNames, category);
}

std::optional<RiskCategory> ParseRiskCategory(std::string_view name) {
  return ParseIn(kCategoryNames, name);
}

std::string_view RiskCategoryLabelJa(RiskCategory category) {
  return NameIn(kCategoryLabels, category);
}

std::string_view RiskLevelLabelJa(RiskLevel level) { return NameIn(kLevelLabels, level); }

std::string_view RiskModifierName(RiskModifier modifier) {
  return NameIn(kModifierNames, modifier);
}

std::string_view RiskModifierLabelJa(RiskModifier modifier) {
  return NameIn(kModifierLabels, modifier);
}

}  // namespace tsunagu::core::risk
