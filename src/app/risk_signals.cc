#include "app/risk_signals.h"

#include <algorithm>

#include "core/risk/risk_category.h"
#include "core/risk_signals.h"

namespace tsunagu::app {
namespace {

std::string Codes(core::risk::RiskCategorySet set) {
  std::string out;
  for (core::risk::RiskCategory c : core::risk::kAllRiskCategories) {
    if (!set.Has(c)) continue;
    if (!out.empty()) out += ',';
    out += core::risk::RiskCategoryName(c);
  }
  return core::MergeCategoryCodes(out, "");
}

}  // namespace

core::MessageRisk MessageRiskOf(const core::risk::RiskAssessment& assessment) {
  core::MessageRisk risk;
  risk.level = static_cast<int>(assessment.level);
  risk.categories = Codes(assessment.categories);
  risk.signals = Codes(assessment.signals);
  std::vector<core::TextSpan> spans;
  for (const core::risk::RiskMatch& m : assessment.matches) {
    if (m.end > m.begin) spans.push_back({m.begin, m.end});
  }
  // Overlapping or touching matches become one highlighted span.
  std::sort(spans.begin(), spans.end(),
            [](const core::TextSpan& a, const core::TextSpan& b) { return a.begin < b.begin; });
  for (const core::TextSpan& s : spans) {
    if (!risk.spans.empty() && s.begin <= risk.spans.back().end) {
      risk.spans.back().end = std::max(risk.spans.back().end, s.end);
    } else {
      risk.spans.push_back(s);
    }
  }
  for (const std::string& reason : assessment.reasons) {
    if (!risk.reasons.empty()) risk.reasons += '\n';
    risk.reasons += reason;
  }
  return risk;
}

core::Status ApplyRiskSignal(StoreTx& tx, core::Conversation& conversation,
                             const core::Message& message, core::TimeMs now_ms,
                             const RiskSettings& settings, std::vector<StreamEvent>& published) {
  if (message.risk.level <= 0 && message.risk.categories.empty()) return core::Ok();
  const int level_before = conversation.risk_level;
  core::RaiseConversationRisk(conversation, message.risk, now_ms);

  auto open = tx.FindOpenRiskAlert(conversation.id);
  if (!open) return std::unexpected(open.error());
  core::AlertDecision decision =
      core::DecideRiskAlert(*open, conversation.id, message.risk, now_ms);
  if (decision.action == core::AlertAction::kOpen) {
    auto id = tx.InsertRiskAlert(decision.alert);
    if (!id) return std::unexpected(id.error());
    decision.alert.id = *id;
  } else if (decision.action != core::AlertAction::kNone) {
    if (auto s = tx.UpdateRiskAlert(decision.alert); !s) return s;
  }
  if (decision.action != core::AlertAction::kNone) {
    StreamEvent e = ConversationEvent(StreamEventKind::kRiskAlert, conversation, message);
    e.alert = decision.alert;
    e.sound = decision.sound();
    published.push_back(std::move(e));
  }
  // The debrief rule looks at level-2+ conversations of the assigned counselor; it can only
  // change when this conversation reached level 2.
  if (conversation.assigned_staff_id && level_before < core::kDebriefLevelMin &&
      conversation.risk_level >= core::kDebriefLevelMin) {
    return CheckDebrief(tx, *conversation.assigned_staff_id, now_ms, settings, published);
  }
  return core::Ok();
}

core::Status CheckDebrief(StoreTx& tx, core::StaffId staff_id, core::TimeMs now_ms,
                          const RiskSettings& settings, std::vector<StreamEvent>& published) {
  auto open = tx.FindOpenDebriefFlag(staff_id);
  if (!open) return std::unexpected(open.error());
  if (*open) return core::Ok();
  auto count = tx.CountRiskyConversationsOf(staff_id, core::kDebriefLevelMin,
                                            now_ms - settings.debrief_window_ms);
  if (!count) return std::unexpected(count.error());
  if (*count < core::kDebriefConversationsMin) return core::Ok();
  core::DebriefFlag flag;
  flag.staff_id = staff_id;
  flag.flagged_at_ms = now_ms;
  flag.conversation_count = *count;
  auto id = tx.InsertDebriefFlag(flag);
  if (!id) return std::unexpected(id.error());
  auto stored = tx.GetDebriefFlag(*id);
  if (!stored) return std::unexpected(stored.error());
  if (!*stored) return core::Fail(core::ErrorCode::kInternal, "debrief flag vanished");
  StreamEvent e;
  e.kind = StreamEventKind::kDebriefFlag;
  e.debrief = **stored;
  e.sound = true;
  published.push_back(std::move(e));
  return core::Ok();
}

}  // namespace tsunagu::app
