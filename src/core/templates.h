// Templates: the fixed texts counselors send by shortcut and the texts tsunagu sends by itself
// (docs/templates.md). Which templates exist, what they are for and which {{variables}} each may
// use is fixed here; the bodies are data, edited by admins and kept in versions (app/templates.h).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tsunagu::core {

enum class TemplateUse {
  kStaff,   // a counselor inserts it into the reply box (Alt+shortcut) and may edit it
  kSystem,  // tsunagu sends it itself (idle check-in, closing time, queue updates)
};

struct TemplateDef {
  std::string_view key;
  std::string_view name_ja;
  std::string_view name_en;
  TemplateUse use = TemplateUse::kStaff;
  int shortcut = 0;  // Alt+digit in the console for staff templates; 0 for system ones
  // The {{names}} a body may use, comma-separated.
  std::string_view variables;
};

inline constexpr std::array<TemplateDef, 11> kTemplateDefs{{
    {"greeting", "挨拶", "Greeting", TemplateUse::kStaff, 1, "counselor_name,program_name"},
    {"please_wait", "少々お待ちください", "Please wait", TemplateUse::kStaff, 2, "counselor_name"},
    {"closing", "終了", "Closing", TemplateUse::kStaff, 3, "counselor_name,hours,program_name"},
    {"out_of_hours", "時間外", "Out of hours", TemplateUse::kStaff, 4,
     "hours,next_opening,helplines"},
    {"emergency", "緊急", "Emergency", TemplateUse::kStaff, 5, "helplines"},
    {"idle_checkin", "無応答の確認", "Idle check-in", TemplateUse::kSystem, 0,
     "idle_close_minutes"},
    {"idle_close", "無応答での終了", "Idle close", TemplateUse::kSystem, 0, "hours"},
    {"closing_warning", "終了時間前のお知らせ", "Before closing time", TemplateUse::kSystem, 0,
     "closing_time,minutes"},
    {"closing_time", "終了時間での終了", "At closing time", TemplateUse::kSystem, 0,
     "hours,next_opening,helplines"},
    {"queue_update", "順番のお知らせ", "Queue update", TemplateUse::kSystem, 0,
     "queue_position,wait_minutes,wait"},
    {"queue_cancelled", "順番待ちの取り消し", "Queue cancelled", TemplateUse::kSystem, 0, "hours"},
}};

// nullptr when there is no such template.
const TemplateDef* FindTemplateDef(std::string_view key);

// The variables a definition allows, in order.
std::vector<std::string> TemplateVariables(const TemplateDef& def);

// The names written as {{name}} in text (trimmed, in order, repeated as written).
std::vector<std::string> PlaceholderNames(std::string_view text);

// Every reason a body cannot be saved ("日本語 / English"): empty, too long for one LINE
// message (5,000 characters), invalid UTF-8, or a {{name}} the template does not allow. Empty
// when it can be saved.
std::vector<std::string> TemplateBodyProblems(const TemplateDef& def, std::string_view body);

}  // namespace tsunagu::core
