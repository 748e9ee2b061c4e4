#include "core/risk_signals.h"

#include <algorithm>
#include <set>

#include "core/enum_names.h"

namespace tsunagu::core {
namespace {

constexpr std::array<EnumName<EmergencyStep>, 4> kStepNames{{
    {EmergencyStep::kKeepChatting, "keep_chatting"},
    {EmergencyStep::kAskLocation, "ask_location"},
    {EmergencyStep::kCallEmergency, "call_emergency"},
    {EmergencyStep::kSupervisorApproval, "supervisor_approval"},
}};
constexpr std::array<EnumName<EmergencyStep>, 4> kStepLabels{{
    {EmergencyStep::kKeepChatting, "会話を続ける / keep the chat going"},
    {EmergencyStep::kAskLocation, "居場所を尋ねる / ask where the person is"},
    {EmergencyStep::kCallEmergency,
     "地域の手順に従い 110 / 119 に通報 / call 110 or 119 under the local protocol"},
    {EmergencyStep::kSupervisorApproval, "スーパーバイザーの承認 / supervisor approval"},
}};
constexpr std::array<EnumName<DisclosureBasis>, 3> kBasisNames{{
    {DisclosureBasis::kConsent, "consent"},
    {DisclosureBasis::kArt27_1_2, "art27_1_ii"},
    {DisclosureBasis::kArt27_1_3, "art27_1_iii"},
}};
constexpr std::array<EnumName<DisclosureBasis>, 3> kBasisLabels{{
    {DisclosureBasis::kConsent, "本人の同意 / the person's consent"},
    {DisclosureBasis::kArt27_1_2,
     "個人情報保護法27条1項2号（生命・身体・財産の保護）/ APPI art. 27(1)(ii): protecting life, "
     "body or property"},
    {DisclosureBasis::kArt27_1_3,
     "個人情報保護法27条1項3号（児童の健全な育成）/ APPI art. 27(1)(iii): the sound growth of "
     "children"},
}};

}  // namespace

std::vector<std::string_view> SplitCodes(std::string_view codes) {
  std::vector<std::string_view> out;
  while (!codes.empty()) {
    std::size_t comma = codes.find(',');
    std::string_view code = codes.substr(0, comma);
    if (!code.empty()) out.push_back(code);
    if (comma == std::string_view::npos) break;
    codes.remove_prefix(comma + 1);
  }
  return out;
}

std::string MergeCategoryCodes(std::string_view a, std::string_view b) {
  std::set<std::string_view> codes;
  for (std::string_view list : {a, b}) {
    for (std::string_view code : SplitCodes(list)) codes.insert(code);
  }
  std::string out;
  for (std::string_view code : codes) {
    if (!out.empty()) out += ',';
    out += code;
  }
  return out;
}

bool RaiseConversationRisk(Conversation& conversation, const MessageRisk& risk, TimeMs now_ms) {
  bool changed = false;
  if (risk.level > conversation.risk_level) {
    conversation.risk_level = std::min(risk.level, 3);
    conversation.risk_raised_at_ms = now_ms;
    changed = true;
  }
  std::string merged = MergeCategoryCodes(conversation.risk_categories, risk.categories);
  if (merged != conversation.risk_categories) {
    conversation.risk_categories = std::move(merged);
    changed = true;
  }
  return changed;
}

AlertDecision DecideRiskAlert(const std::optional<RiskAlert>& open, ConversationId conversation,
                              const MessageRisk& risk, TimeMs now_ms) {
  AlertDecision d;
  if (risk.level <= 0 && risk.categories.empty()) return d;
  const int level = std::clamp(risk.level, 0, 3);
  if (!open || !open->open()) {
    d.action = AlertAction::kOpen;
    d.alert.conversation_id = conversation;
    d.alert.level = level;
    d.alert.categories = MergeCategoryCodes("", risk.categories);
    d.alert.first_at_ms = now_ms;
    d.alert.last_at_ms = now_ms;
    d.alert.message_count = 1;
    return d;
  }
  d.alert = *open;
  d.alert.last_at_ms = now_ms;
  d.alert.message_count += 1;
  d.alert.categories = MergeCategoryCodes(open->categories, risk.categories);
  // Worse means a higher level or a kind of harm not seen before (abuse on top of ideation).
  const bool worse = level > open->level || d.alert.categories != open->categories;
  d.alert.level = std::max(open->level, level);
  d.action = worse ? AlertAction::kEscalate : AlertAction::kGroup;
  return d;
}

const char* EmergencyStepName(EmergencyStep step) { return NameIn(kStepNames, step); }
std::optional<EmergencyStep> ParseEmergencyStep(std::string_view name) {
  return ParseIn(kStepNames, name);
}
const char* EmergencyStepLabelJa(EmergencyStep step) { return NameIn(kStepLabels, step); }

const char* DisclosureBasisName(DisclosureBasis basis) { return NameIn(kBasisNames, basis); }
std::optional<DisclosureBasis> ParseDisclosureBasis(std::string_view name) {
  return ParseIn(kBasisNames, name);
}
const char* DisclosureBasisLabelJa(DisclosureBasis basis) { return NameIn(kBasisLabels, basis); }

}  // namespace tsunagu::core
