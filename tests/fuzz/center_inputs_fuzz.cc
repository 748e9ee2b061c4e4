// libFuzzer target for the center's small parsers: ISO 8601 moments (core/calendar/date.h: the
// stats range and the test clock), after-close survey questions and survey postback data
// (core/survey.h), template bodies (core/templates.h) and the shipped template file
// (adapters/templates). The first input byte picks the parser; the rest is its input.
//
// Beyond "no crash": an accepted moment prints back (as UTC) and parses to the same value; an
// accepted question has an id, a text and 2-13 choices within the limits; postback data that
// parses is rebuilt to the same bytes; template problems are "日本語 / English" lines; a template
// file's bodies are only known templates.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "adapters/templates/json_template_defaults.h"
#include "core/calendar/date.h"
#include "core/limits.h"
#include "core/survey.h"
#include "core/templates.h"
#include "core/utf8.h"

namespace {

using namespace tsunagu;

std::string IsoUtc(core::TimeMs ms) {
  const core::TimeMs days =
      ms >= 0 ? ms / core::calendar::kMsPerDay
              : -((-ms + core::calendar::kMsPerDay - 1) / core::calendar::kMsPerDay);
  const core::TimeMs rest = ms - days * core::calendar::kMsPerDay;
  const core::calendar::Date d = core::calendar::DateFromDays(days);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02lld:%02lld:%02lld.%03lldZ", d.year, d.month,
                d.day, static_cast<long long>(rest / 3'600'000),
                static_cast<long long>(rest / 60'000 % 60),
                static_cast<long long>(rest / 1000 % 60), static_cast<long long>(rest % 1000));
  return buf;
}

void Moment(std::string_view input) {
  auto t = core::calendar::ParseIsoMoment(input);
  if (!t) return;
  const core::calendar::Date d = core::calendar::DateFromDays(*t / core::calendar::kMsPerDay);
  if (d.year < 1 || d.year > 9999) return;  // outside what IsoUtc prints with 4 digits
  if (core::calendar::ParseIsoMoment(IsoUtc(*t)) != t) __builtin_trap();
}

void Question(std::string_view input) {
  auto q = core::ParseSurveyQuestion(input);
  if (!q) {
    if (q.error().message.find(" / ") == std::string::npos) __builtin_trap();
    return;
  }
  if (q->id.empty() || q->text.empty()) __builtin_trap();
  if (q->choices.size() < 2 || q->choices.size() > core::kQuickReplyItemsMax) __builtin_trap();
  for (const core::SurveyChoice& c : q->choices) {
    auto chars = core::Utf8Length(c.label);
    if (!chars || *chars == 0 || *chars > core::kQuickReplyLabelCharsMax) __builtin_trap();
    if (c.value.empty()) __builtin_trap();
  }
}

void Postback(std::string_view input) {
  auto p = core::ParseSurveyPostback(input);
  if (!p) return;
  if (p->conversation_id <= 0) __builtin_trap();
  if (core::SurveyPostbackData(p->conversation_id, p->question, p->value) != input) {
    // Leading zeros in the id are the one way to write the same postback differently.
    if (input.find(":0") == std::string_view::npos) __builtin_trap();
  }
}

void Body(std::string_view input) {
  for (const core::TemplateDef& def : core::kTemplateDefs) {
    for (const std::string& p : core::TemplateBodyProblems(def, input)) {
      if (p.find(" / ") == std::string::npos) __builtin_trap();
    }
  }
}

void File(std::string_view input) {
  auto load = adapters::templates::ParseTemplateDefaults(input, "t.json");
  for (const auto& [key, body] : load.bodies) {
    if (core::FindTemplateDef(key) == nullptr) __builtin_trap();
  }
  for (const std::string& e : load.errors) {
    if (e.rfind("t.json: ", 0) != 0) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 5) {
    case 0:
      Moment(input);
      break;
    case 1:
      Question(input);
      break;
    case 2:
      Postback(input);
      break;
    case 3:
      Body(input);
      break;
    case 4:
      File(input);
      break;
  }
  return 0;
}
