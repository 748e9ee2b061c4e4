// The vocabulary of risk analysis: categories, the 0-3 risk level (R19) and the modifiers that
// lower a match (negation, hyperbole, reported speech). docs/risk.md explains each with examples.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace tsunagu::core::risk {

enum class RiskCategory : std::uint8_t {
  kIdeation,   // 希死念慮: a wish to die or to disappear
  kPlanMeans,  // 計画・手段: a method, a time or place, preparations, a past attempt
  kSelfHarm,   // 自傷
  kAbuseFamily,  // 家族からの虐待 (physical, psychological, neglect, domestic violence at home)
  kSexual,       // 性被害・性的搾取
  kBullying,     // いじめ
  kRunaway,      // 家出・深夜の外出
  kCrimeVictim,  // 犯罪被害 (threats, stalking, extortion, fraud, theft)
};
inline constexpr std::size_t kRiskCategoryCount = 8;
inline constexpr std::array<RiskCategory, kRiskCategoryCount> kAllRiskCategories = {
    RiskCategory::kIdeation,    RiskCategory::kPlanMeans,  RiskCategory::kSelfHarm,
    RiskCategory::kAbuseFamily, RiskCategory::kSexual,     RiskCategory::kBullying,
    RiskCategory::kRunaway,     RiskCategory::kCrimeVictim};

// Stable code ("ideation", "plan_means", ...), used in the lexicon, the corpus and the API.
std::string_view RiskCategoryName(RiskCategory category);
std::optional<RiskCategory> ParseRiskCategory(std::string_view name);
// Japanese label for the console ("希死念慮", ...).
std::string_view RiskCategoryLabelJa(RiskCategory category);

// A set of categories, as bits.
class RiskCategorySet {
 public:
  constexpr RiskCategorySet() = default;
  constexpr bool Has(RiskCategory c) const { return (bits_ & Bit(c)) != 0; }
  constexpr void Add(RiskCategory c) { bits_ = static_cast<std::uint8_t>(bits_ | Bit(c)); }
  constexpr void Add(RiskCategorySet other) {
    bits_ = static_cast<std::uint8_t>(bits_ | other.bits_);
  }
  constexpr void Remove(RiskCategory c) { bits_ = static_cast<std::uint8_t>(bits_ & ~Bit(c)); }
  constexpr bool Empty() const { return bits_ == 0; }
  constexpr bool Intersects(RiskCategorySet other) const { return (bits_ & other.bits_) != 0; }
  constexpr std::uint8_t bits() const { return bits_; }
  friend constexpr bool operator==(RiskCategorySet, RiskCategorySet) = default;

 private:
  static constexpr std::uint8_t Bit(RiskCategory c) {
    return static_cast<std::uint8_t>(1u << static_cast<unsigned>(c));
  }
  std::uint8_t bits_ = 0;
};

// The suggested level (R19): 0 none, 1 ideation, 2 plan or means, 3 imminent or in progress.
enum class RiskLevel : std::uint8_t { kNone = 0, kIdeation = 1, kPlanOrMeans = 2, kImminent = 3 };
inline constexpr int kRiskLevelMax = 3;
std::string_view RiskLevelLabelJa(RiskLevel level);

// Why a match does not count at its face value. A modified match is still reported, as a
// signal, but it neither adds its categories nor raises the level.
enum class RiskModifier : std::uint8_t {
  kNone,
  kNegated,    // 否定: 死にたくない, リスカはしてない
  kHyperbole,  // 誇張: 死ぬほど眠い, 宿題で死にそう, 推しが尊すぎて死にたい
  kReported,  // 伝聞・第三者・話題: 友達が死にたいって言ってた, ニュースで見た自殺
};
std::string_view RiskModifierName(RiskModifier modifier);  // "none", "negated", ...
std::string_view RiskModifierLabelJa(RiskModifier modifier);

}  // namespace tsunagu::core::risk
