#include "core/wrap_up.h"

#include <algorithm>

#include "core/limits.h"
#include "core/utf8.h"

namespace tsunagu::core {
namespace {

struct OutcomeEntry {
  WrapUpOutcome value;
  const char* name;
  const char* label_ja;
  const char* label_en;
};

constexpr std::array<OutcomeEntry, 6> kOutcomeTable = {{
    {WrapUpOutcome::kCloseContact, "close_contact", "身近な人へ", "To someone close"},
    {WrapUpOutcome::kContinue, "continue", "継続", "To be continued"},
    {WrapUpOutcome::kInterrupted, "interrupted", "中断", "Broken off"},
    {WrapUpOutcome::kReferral, "referral", "関係機関へ紹介", "Referred to an agency"},
    {WrapUpOutcome::kPhone, "phone", "電話へ移行", "Moved to phone"},
    {WrapUpOutcome::kEnded, "ended", "終了", "Ended"},
}};

const OutcomeEntry& EntryOf(WrapUpOutcome outcome) {
  for (const OutcomeEntry& e : kOutcomeTable) {
    if (e.value == outcome) return e;
  }
  return kOutcomeTable[0];
}

std::vector<std::string> SortedUnique(std::vector<std::string> codes) {
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  return codes;
}

}  // namespace

const char* WrapUpOutcomeName(WrapUpOutcome outcome) { return EntryOf(outcome).name; }

std::optional<WrapUpOutcome> ParseWrapUpOutcome(std::string_view name) {
  for (const OutcomeEntry& e : kOutcomeTable) {
    if (name == e.name) return e.value;
  }
  return std::nullopt;
}

const char* WrapUpOutcomeLabelJa(WrapUpOutcome outcome) { return EntryOf(outcome).label_ja; }
const char* WrapUpOutcomeLabelEn(WrapUpOutcome outcome) { return EntryOf(outcome).label_en; }

std::vector<std::string> WrapUpDraftProblems(const WrapUpDraft& draft, const TopicList& topics) {
  std::vector<std::string> problems;
  if (draft.topic_codes.empty()) {
    problems.push_back("相談内容（トピック）を1つ以上選んでください / choose at least one topic");
  }
  for (const std::string& code : SortedUnique(draft.topic_codes)) {
    if (!topics.Contains(code)) {
      problems.push_back("トピック " + QuoteForError(code, 40) + " は一覧にありません / topic " +
                         QuoteForError(code, 40) + " is not in the list");
    }
  }
  if (!draft.risk_level) {
    problems.push_back("リスクレベル（0〜3）を選んでください / choose a risk level (0-3)");
  } else if (*draft.risk_level < kWrapUpRiskLevelMin || *draft.risk_level > kWrapUpRiskLevelMax) {
    problems.push_back("リスクレベルは0〜3です / the risk level must be 0-3");
  }
  if (draft.outcome.empty()) {
    problems.push_back("対応結果を選んでください / choose an outcome");
  } else if (!ParseWrapUpOutcome(draft.outcome)) {
    problems.push_back("対応結果 " + QuoteForError(draft.outcome, 40) +
                       " は close_contact / continue / interrupted / referral / phone / ended "
                       "のいずれかです / unknown outcome");
  }
  const auto length = Utf8Length(draft.summary);
  if (!length) {
    problems.push_back("要約の文字コードが正しくありません / the summary is not valid UTF-8");
  } else if (*length > kWrapUpSummaryCharsMax) {
    problems.push_back("要約は" + std::to_string(kWrapUpSummaryCharsMax) +
                       "文字までです / the summary is at most " +
                       std::to_string(kWrapUpSummaryCharsMax) + " characters");
  }
  return problems;
}

Result<WrapUp> MakeWrapUp(const WrapUpDraft& draft, const TopicList& topics,
                          ConversationId conversation_id, StaffId by_staff_id, TimeMs at_ms) {
  const std::vector<std::string> problems = WrapUpDraftProblems(draft, topics);
  if (!problems.empty()) {
    std::string message;
    for (const std::string& p : problems) message += (message.empty() ? "" : "\n") + p;
    return Fail(ErrorCode::kInvalidArgument, std::move(message));
  }
  WrapUp w;
  w.conversation_id = conversation_id;
  w.topic_codes = SortedUnique(draft.topic_codes);
  w.risk_level = *draft.risk_level;
  w.outcome = *ParseWrapUpOutcome(draft.outcome);
  w.summary = draft.summary;
  w.by_staff_id = by_staff_id;
  w.at_ms = at_ms;
  return w;
}

bool IsWellFormed(const WrapUp& w) {
  if (w.topic_codes.empty()) return false;
  for (std::size_t i = 0; i < w.topic_codes.size(); ++i) {
    if (!IsTopicCode(w.topic_codes[i])) return false;
    if (i > 0 && !(w.topic_codes[i - 1] < w.topic_codes[i])) return false;
  }
  if (w.risk_level < kWrapUpRiskLevelMin || w.risk_level > kWrapUpRiskLevelMax) return false;
  if (!ParseWrapUpOutcome(WrapUpOutcomeName(w.outcome))) return false;
  const auto length = Utf8Length(w.summary);
  return length && *length <= kWrapUpSummaryCharsMax;
}

}  // namespace tsunagu::core
