// libFuzzer target for the topic list (core/topics.h) and wrap-up validation (core/wrap_up.h).
// Input layout: the bytes before the first NUL are a topics.tsv; the bytes after it are a
// wrap-up draft: its first byte picks the risk level (-2..5) and the outcome, the rest are topic
// codes, one a line. Beyond "no crash": every error has a line within the file and a message,
// at most kTopicsErrorsMax + 1 of them; an accepted list is non-empty, its codes well-formed and
// unique, its labels within the limits, and it reads back the same from TopicsTsvText; a draft
// is accepted exactly when it has no problems, and what it makes is well-formed and names only
// listed topics.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "core/limits.h"
#include "core/topics.h"
#include "core/utf8.h"
#include "core/wrap_up.h"

namespace {

using namespace tsunagu::core;

void CheckDraft(const TopicList& list, std::string_view tail) {
  if (tail.empty()) return;
  WrapUpDraft draft;
  const unsigned char pick = static_cast<unsigned char>(tail[0]);
  if (pick % 9 != 8) draft.risk_level = static_cast<int>(pick % 9) - 2;
  static constexpr std::string_view kOutcomes[] = {
      "close_contact", "continue", "interrupted", "referral", "phone", "ended", "", "unknown"};
  draft.outcome = std::string(kOutcomes[(pick >> 4) % 8]);
  tail.remove_prefix(1);
  while (!tail.empty()) {
    const std::size_t nl = tail.find('\n');
    draft.topic_codes.emplace_back(tail.substr(0, nl));
    if (nl == std::string_view::npos) break;
    tail.remove_prefix(nl + 1);
  }
  if ((pick & 1) != 0 && !draft.topic_codes.empty()) {
    draft.summary = draft.topic_codes.back();
    draft.topic_codes.pop_back();
  }
  const bool clean = WrapUpDraftProblems(draft, list).empty();
  auto made = MakeWrapUp(draft, list, 1, 2, 3);
  if (made.has_value() != clean) __builtin_trap();
  if (!made) {
    if (made.error().message.empty()) __builtin_trap();
    return;
  }
  if (!IsWellFormed(*made)) __builtin_trap();
  for (const std::string& code : made->topic_codes) {
    if (!list.Contains(code)) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::size_t nul = bytes.find('\0');
  const std::string_view file = bytes.substr(0, nul);
  const std::string_view tail =
      nul == std::string_view::npos ? std::string_view() : bytes.substr(nul + 1);

  const auto parsed = ParseTopicsTsv(file);
  if (!parsed) {
    const std::size_t lines =
        1 + static_cast<std::size_t>(std::count(file.begin(), file.end(), '\n'));
    if (parsed.error().empty() || parsed.error().size() > kTopicsErrorsMax + 1) __builtin_trap();
    for (const TopicsError& e : parsed.error()) {
      if (e.message.empty() || e.line > lines || !IsValidUtf8(e.message)) __builtin_trap();
    }
    CheckDraft(TopicList(), tail);
    return 0;
  }
  const TopicList& list = *parsed;
  if (list.empty() || list.topics().size() > kTopicsMax) __builtin_trap();
  std::set<std::string> codes;
  for (const Topic& t : list.topics()) {
    if (!IsTopicCode(t.code) || !codes.insert(t.code).second) __builtin_trap();
    for (const std::string* label : {&t.label_ja, &t.label_en}) {
      const auto length = Utf8Length(*label);
      if (!length || *length == 0 || *length > kTopicLabelCharsMax) __builtin_trap();
    }
    if (list.Find(t.code) != &t) __builtin_trap();
  }
  const auto again = ParseTopicsTsv(TopicsTsvText(list));
  if (!again || *again != list) __builtin_trap();
  CheckDraft(list, tail);
  return 0;
}
