#include "app/risk_actions.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "core/limits.h"
#include "core/permissions.h"
#include "core/utf8.h"

namespace tsunagu::app {
namespace {

// What a disclosure may name. Values, never the data itself, go into the audit log.
constexpr std::array<std::string_view, 9> kDisclosureFields = {
    "name",    "age",          "address",  "school",
    "phone",   "line_user_id", "location", "conversation_summary",
    "messages"};

core::Result<core::Conversation> Visible(StoreTx& tx, const core::Staff& staff,
                                         core::ConversationId id) {
  if (!core::SeesConversations(staff.role)) {
    return core::Fail(core::ErrorCode::kPermissionDenied,
                      "相談を見る権限がありません / you may not view conversations");
  }
  auto c = tx.GetConversation(id);
  if (!c) return std::unexpected(c.error());
  if (!*c || !core::CanView(staff, **c)) {
    return core::Fail(core::ErrorCode::kNotFound, "相談が見つかりません / not found");
  }
  return **c;
}

// A free-text value for the audit detail: one line, bounded, valid UTF-8.
core::Result<std::string> CleanText(std::string_view value, std::string_view what, bool required) {
  if (!core::Utf8Length(value)) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      std::string(what) + ": 文字コードが正しくありません / not valid UTF-8");
  }
  if (required && core::IsBlank(value)) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      std::string(what) + " が必要です / " + std::string(what) + " is required");
  }
  if (*core::Utf8Length(value) > core::kRiskNoteCharsMax) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      std::string(what) + ": 長すぎます / too long (max " +
                          std::to_string(core::kRiskNoteCharsMax) + " characters)");
  }
  std::string line = core::ReplaceControlChars(value);
  std::replace(line.begin(), line.end(), '\n', ' ');
  return line;
}

std::string DisclosureDetail(const Disclosure& d) {
  std::string fields;
  for (const std::string& f : d.fields) fields += (fields.empty() ? "" : ",") + f;
  return std::string("basis=") + core::DisclosureBasisName(d.basis) + "\nrecipient=" + d.recipient +
         "\nfields=" + fields + "\nnote=" + d.note;
}

std::optional<Disclosure> ParseDisclosure(const AuditRecord& r) {
  Disclosure d;
  d.audit_id = r.id;
  d.at_ms = r.at_ms;
  d.approved_by = r.actor_staff_id.value_or(0);
  std::string_view rest = r.detail;
  bool has_basis = false;
  while (!rest.empty()) {
    std::size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    std::size_t eq = line.find('=');
    if (eq != std::string_view::npos) {
      std::string_view key = line.substr(0, eq);
      std::string_view value = line.substr(eq + 1);
      if (key == "basis") {
        auto basis = core::ParseDisclosureBasis(value);
        if (!basis) return std::nullopt;
        d.basis = *basis;
        has_basis = true;
      } else if (key == "recipient") {
        d.recipient = std::string(value);
      } else if (key == "note") {
        d.note = std::string(value);
      } else if (key == "fields") {
        for (std::string_view field : core::SplitCodes(value)) d.fields.emplace_back(field);
      }
    }
    if (nl == std::string_view::npos) break;
    rest.remove_prefix(nl + 1);
  }
  if (!has_basis) return std::nullopt;
  return d;
}

}  // namespace

RiskActions::RiskActions(AppContext& ctx) : ctx_(ctx) {}

core::Status RiskActions::Audit(StoreTx& tx, const core::Staff& staff, const std::string& action,
                                const std::string& target_type, const std::string& target_id,
                                std::string detail) {
  AuditRecord r;
  r.at_ms = ctx_.clock.NowMs();
  r.actor_staff_id = staff.id;
  r.action = action;
  r.target_type = target_type;
  r.target_id = target_id;
  r.detail = std::move(detail);
  return tx.AppendAudit(r);
}

core::Result<std::vector<AlertView>> RiskActions::OpenAlerts(const core::Staff& staff) {
  if (!core::SeesConversations(staff.role)) {
    return core::Fail(core::ErrorCode::kPermissionDenied,
                      "相談を見る権限がありません / you may not view conversations");
  }
  return TransactFor<std::vector<AlertView>>(
      ctx_.store, [&](StoreTx& tx) -> core::Result<std::vector<AlertView>> {
        auto alerts = tx.ListOpenRiskAlerts(core::kRiskAlertsPageMax);
        if (!alerts) return std::unexpected(alerts.error());
        std::vector<AlertView> out;
        for (core::RiskAlert& a : *alerts) {
          auto c = tx.GetConversation(a.conversation_id);
          if (!c) return std::unexpected(c.error());
          if (!*c || !core::CanSeeRiskAlert(staff, **c)) continue;
          out.push_back({std::move(a), std::move(**c)});
        }
        return out;
      });
}

core::Result<AlertView> RiskActions::Acknowledge(const core::Staff& staff, std::int64_t alert_id) {
  auto acked = TransactFor<AlertView>(ctx_.store, [&](StoreTx& tx) -> core::Result<AlertView> {
    auto a = tx.GetRiskAlert(alert_id);
    if (!a) return std::unexpected(a.error());
    if (!*a) return core::Fail(core::ErrorCode::kNotFound, "通知が見つかりません / not found");
    auto c = tx.GetConversation((*a)->conversation_id);
    if (!c) return std::unexpected(c.error());
    if (!*c || !core::CanSeeRiskAlert(staff, **c)) {
      return core::Fail(core::ErrorCode::kNotFound, "通知が見つかりません / not found");
    }
    if (!(*a)->open()) {
      return core::Fail(core::ErrorCode::kConflict,
                        "すでに確認済みです / the alert was acknowledged already");
    }
    (*a)->acknowledged_by = staff.id;
    (*a)->acknowledged_at_ms = ctx_.clock.NowMs();
    if (auto s = tx.UpdateRiskAlert(**a); !s) return std::unexpected(s.error());
    if (auto s =
            Audit(tx, staff, "risk_alert.acknowledge", "conversation",
                  std::to_string((*a)->conversation_id),
                  "alert=" + std::to_string(alert_id) + " level=" + std::to_string((*a)->level));
        !s) {
      return std::unexpected(s.error());
    }
    return AlertView{**a, **c};
  });
  if (acked) {
    StreamEvent e = ConversationEvent(StreamEventKind::kRiskAlert, acked->conversation);
    e.alert = acked->alert;
    ctx_.notifier.Publish(e);
  }
  return acked;
}

core::Result<std::vector<core::EmergencyStepRecord>> RiskActions::Checklist(
    const core::Staff& staff, core::ConversationId id) {
  return TransactFor<std::vector<core::EmergencyStepRecord>>(
      ctx_.store, [&](StoreTx& tx) -> core::Result<std::vector<core::EmergencyStepRecord>> {
        auto c = Visible(tx, staff, id);
        if (!c) return std::unexpected(c.error());
        return tx.ListEmergencySteps(id);
      });
}

core::Result<std::vector<core::EmergencyStepRecord>> RiskActions::RecordStep(
    const core::Staff& staff, core::ConversationId id, core::EmergencyStep step,
    const std::string& note) {
  auto clean = CleanText(note, "note", false);
  if (!clean) return std::unexpected(clean.error());
  core::Conversation after;
  auto steps = TransactFor<std::vector<core::EmergencyStepRecord>>(
      ctx_.store, [&](StoreTx& tx) -> core::Result<std::vector<core::EmergencyStepRecord>> {
        auto c = Visible(tx, staff, id);
        if (!c) return std::unexpected(c.error());
        if (c->risk_level < 3) {
          return core::Fail(core::ErrorCode::kConflict,
                            "緊急対応チェックリストはレベル3の相談で使います / the emergency "
                            "checklist is for level-3 conversations");
        }
        const bool approval = step == core::EmergencyStep::kSupervisorApproval;
        if (!core::CanRecordEmergencyStep(staff, *c, approval)) {
          return core::Fail(core::ErrorCode::kPermissionDenied,
                            approval ? "承認はスーパーバイザーが行います / a supervisor approves"
                                     : "担当者が記録します / the assigned counselor records it");
        }
        core::EmergencyStepRecord r{step, staff.id, staff.display_name, ctx_.clock.NowMs(), *clean};
        auto recorded = tx.RecordEmergencyStep(id, r);
        if (!recorded) return std::unexpected(recorded.error());
        if (!*recorded) {
          return core::Fail(core::ErrorCode::kConflict,
                            "この手順は記録済みです / this step was recorded already");
        }
        if (auto s = Audit(tx, staff, "emergency.step", "conversation", std::to_string(id),
                           std::string("step=") + core::EmergencyStepName(step));
            !s) {
          return std::unexpected(s.error());
        }
        after = *c;
        return tx.ListEmergencySteps(id);
      });
  // Consoles showing the conversation reload its checklist.
  if (steps) ctx_.notifier.Publish(ConversationEvent(StreamEventKind::kConversationUpdated, after));
  return steps;
}

core::Result<Disclosure> RiskActions::RecordDisclosure(const core::Staff& staff,
                                                       core::ConversationId id, Disclosure d) {
  if (!staff.active || !core::RoleHas(staff.role, core::Permission::kRecordDisclosure)) {
    return core::Fail(core::ErrorCode::kPermissionDenied,
                      "情報提供の記録はスーパーバイザーが行います / a supervisor records "
                      "disclosures");
  }
  auto recipient = CleanText(d.recipient, "recipient", true);
  if (!recipient) return std::unexpected(recipient.error());
  auto note = CleanText(d.note, "note", false);
  if (!note) return std::unexpected(note.error());
  d.recipient = *recipient;
  d.note = *note;
  if (d.fields.empty()) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "提供した項目を選んでください / fields: name what was disclosed");
  }
  std::sort(d.fields.begin(), d.fields.end());
  d.fields.erase(std::unique(d.fields.begin(), d.fields.end()), d.fields.end());
  for (const std::string& f : d.fields) {
    if (std::find(kDisclosureFields.begin(), kDisclosureFields.end(), f) ==
        kDisclosureFields.end()) {
      return core::Fail(core::ErrorCode::kInvalidArgument,
                        "fields: 不明な項目 / unknown field " + core::ReplaceControlChars(f));
    }
  }
  return TransactFor<Disclosure>(ctx_.store, [&](StoreTx& tx) -> core::Result<Disclosure> {
    auto c = Visible(tx, staff, id);
    if (!c) return std::unexpected(c.error());
    Disclosure stored = d;
    stored.at_ms = ctx_.clock.NowMs();
    stored.approved_by = staff.id;
    if (auto s = Audit(tx, staff, "disclosure", "conversation", std::to_string(id),
                       DisclosureDetail(stored));
        !s) {
      return std::unexpected(s.error());
    }
    return stored;
  });
}

core::Result<std::vector<Disclosure>> RiskActions::Disclosures(const core::Staff& staff,
                                                               core::ConversationId id) {
  return TransactFor<std::vector<Disclosure>>(
      ctx_.store, [&](StoreTx& tx) -> core::Result<std::vector<Disclosure>> {
        auto c = Visible(tx, staff, id);
        if (!c) return std::unexpected(c.error());
        auto records = tx.ListAuditFor("conversation", std::to_string(id), "disclosure",
                                       core::kRiskAlertsPageMax);
        if (!records) return std::unexpected(records.error());
        std::vector<Disclosure> out;
        for (const AuditRecord& r : *records) {
          if (auto d = ParseDisclosure(r)) out.push_back(std::move(*d));
        }
        return out;
      });
}

core::Result<std::vector<core::DebriefFlag>> RiskActions::OpenDebriefFlags(
    const core::Staff& staff) {
  if (!staff.active || !core::RoleHas(staff.role, core::Permission::kReceiveRiskAlerts)) {
    return core::Fail(core::ErrorCode::kPermissionDenied,
                      "スーパーバイザー向けの一覧です / for supervisors");
  }
  return TransactFor<std::vector<core::DebriefFlag>>(
      ctx_.store, [](StoreTx& tx) { return tx.ListOpenDebriefFlags(core::kRiskAlertsPageMax); });
}

core::Status RiskActions::ClearDebriefFlag(const core::Staff& staff, std::int64_t flag_id) {
  if (!staff.active || !core::RoleHas(staff.role, core::Permission::kReceiveRiskAlerts)) {
    return core::Fail(core::ErrorCode::kPermissionDenied,
                      "スーパーバイザー向けの操作です / for supervisors");
  }
  std::optional<core::DebriefFlag> cleared;
  core::Status s = ctx_.store.Transact([&](StoreTx& tx) -> core::Status {
    const core::TimeMs now = ctx_.clock.NowMs();
    if (auto c = tx.ClearDebriefFlag(flag_id, staff.id, now); !c) return c;
    if (auto a = Audit(tx, staff, "debrief.clear", "debrief_flag", std::to_string(flag_id), "");
        !a) {
      return a;
    }
    auto flag = tx.GetDebriefFlag(flag_id);
    if (!flag) return std::unexpected(flag.error());
    cleared = *flag;
    return core::Ok();
  });
  if (s && cleared) {
    StreamEvent e;
    e.kind = StreamEventKind::kDebriefFlag;
    e.debrief = *cleared;
    ctx_.notifier.Publish(e);
  }
  return s;
}

}  // namespace tsunagu::app
