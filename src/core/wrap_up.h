// The wrap-up a counselor writes when closing a conversation (終了時の記録): the topics talked
// about, the risk level the counselor judged, how the conversation ended, and an optional
// summary. Reports count them (topics several per conversation, levels, outcomes including moves
// to phone and referrals), so they are structured values, never free text. Conversations the
// chatbot ended have none.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.h"
#include "core/result.h"
#include "core/topics.h"

namespace tsunagu::core {

// How the conversation ended (R24/R25 in the domain notes). The names are stored and sent.
enum class WrapUpOutcome {
  kCloseContact,  // close_contact 身近な人へ: encouraged to talk to someone close
  kContinue,      // continue 継続: to be continued on SNS
  kInterrupted,   // interrupted 中断: broken off (the person left)
  kReferral,      // referral 関係機関へ紹介: referred to an agency
  kPhone,         // phone 電話へ移行: moved to a phone call (SNS→電話移行)
  kEnded,         // ended 終了: finished
};

inline constexpr std::array<WrapUpOutcome, 6> kWrapUpOutcomes = {
    WrapUpOutcome::kCloseContact, WrapUpOutcome::kContinue, WrapUpOutcome::kInterrupted,
    WrapUpOutcome::kReferral,     WrapUpOutcome::kPhone,    WrapUpOutcome::kEnded};

const char* WrapUpOutcomeName(WrapUpOutcome outcome);
std::optional<WrapUpOutcome> ParseWrapUpOutcome(std::string_view name);
const char* WrapUpOutcomeLabelJa(WrapUpOutcome outcome);
const char* WrapUpOutcomeLabelEn(WrapUpOutcome outcome);

// The levels a counselor may record: the same scale as the analyzer's suggestion (docs/risk.md).
inline constexpr int kWrapUpRiskLevelMin = 0;
inline constexpr int kWrapUpRiskLevelMax = 3;

struct WrapUp {
  ConversationId conversation_id = 0;
  std::vector<std::string> topic_codes;  // sorted, unique, at least one, each in the topic list
  int risk_level = 0;                    // 0 none, 1 ideation, 2 plan or means, 3 imminent
  WrapUpOutcome outcome = WrapUpOutcome::kEnded;
  std::string summary;  // optional; at most kWrapUpSummaryCharsMax characters
  StaffId by_staff_id = 0;
  TimeMs at_ms = 0;
  friend bool operator==(const WrapUp&, const WrapUp&) = default;
};

// What staff send, unchecked: every field may be missing or wrong.
struct WrapUpDraft {
  std::vector<std::string> topic_codes;  // any order; repeats are dropped
  std::optional<int> risk_level;
  std::string outcome;  // a WrapUpOutcomeName
  std::string summary;
};

// Every reason the draft cannot be a wrap-up, each "日本語 / English"; empty when it can.
std::vector<std::string> WrapUpDraftProblems(const WrapUpDraft& draft, const TopicList& topics);

// The wrap-up of a valid draft (topics sorted and unique), or kInvalidArgument whose message is
// the reasons of WrapUpDraftProblems, one per line.
Result<WrapUp> MakeWrapUp(const WrapUpDraft& draft, const TopicList& topics,
                          ConversationId conversation_id, StaffId by_staff_id, TimeMs at_ms);

// Checks a wrap-up read back or built elsewhere: the rules above without the topic list (a stored
// wrap-up may name a topic a later list dropped).
bool IsWellFormed(const WrapUp& wrap_up);

}  // namespace tsunagu::core
