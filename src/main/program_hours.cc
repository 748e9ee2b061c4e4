#include "main/program_hours.h"

#include "app/survey.h"
#include "core/calendar/holiday_csv.h"
#include "core/calendar/hours_spec.h"
#include "core/limits.h"
#include "platform/text_encoding.h"

namespace tsunagu::main {
namespace {

namespace cal = core::calendar;

std::vector<std::string> SplitOn(std::string_view text, char separator) {
  std::vector<std::string> parts;
  while (true) {
    std::size_t at = text.find(separator);
    std::string_view part = text.substr(0, at);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    parts.emplace_back(part);
    if (at == std::string_view::npos) break;
    text.remove_prefix(at + 1);
  }
  return parts;
}

// Holidays from the CSV when one is configured; the rules otherwise (null).
std::shared_ptr<const cal::HolidayTable> LoadHolidays(const platform::Config& config,
                                                      std::vector<std::string>& errors) {
  if (config.calendar.holidays_csv.empty()) return nullptr;
  const std::string& path = config.calendar.holidays_csv;
  platform::DecodedText text = platform::ReadSyukujitsuCsv(path);
  if (!text.utf8) {
    errors.push_back("calendar.holidays_csv: " + path + ": " + text.error);
    return nullptr;
  }
  auto listed = cal::ParseSyukujitsuCsv(*text.utf8);
  if (!listed) {
    for (const cal::HolidayCsvError& e : listed.error()) {
      errors.push_back("calendar.holidays_csv: " + path + ": " + e.message);
    }
    return nullptr;
  }
  return std::make_shared<const cal::HolidayTable>(*listed);
}

std::shared_ptr<const cal::OpeningHours> HoursOf(
    const std::string& where, const cal::HoursSpec& spec,
    const std::shared_ptr<const cal::HolidayTable>& holidays, std::vector<std::string>& errors) {
  auto parsed = cal::ParseHoursSpec(spec);
  if (!parsed) {
    for (const cal::HoursSpecError& e : parsed.error()) errors.push_back(where + e.message);
    return nullptr;
  }
  return std::make_shared<const cal::OpeningHours>(std::move(*parsed), holidays);
}

}  // namespace

ProgramHoursBuild BuildProgramHours(const platform::Config& config) {
  ProgramHoursBuild build;
  auto holidays = LoadHolidays(config, build.errors);
  for (const auto& [key, program] : config.programs) {
    ProgramHours& out = build.by_program[key];
    const std::string where = "programs." + key + ".";
    if (!program.shifts.empty()) {
      cal::HoursSpec spec;
      spec.shifts = program.shifts;
      spec.period = program.period;
      spec.closures = program.closures;
      spec.closed_on_holidays = program.closed_on_holidays;
      spec.year_end = program.year_end;
      spec.local_days_off = program.local_days_off;
      spec.intake_closes_minutes_before = program.intake_closes_minutes_before;
      out.hours = HoursOf(where, spec, holidays, build.errors);
    }
    out.queue.overflow_queue_length = program.overflow_queue_length;
    out.queue.overflow_wait_minutes = program.overflow_wait_minutes;
    out.queue.planned_per_hour = program.planned_per_hour;
    out.hours_text = program.hours_text;
    if (out.hours_text.empty()) {
      // The shifts as written (validated above), e.g. "火-金 16:00-20:00、土 13:00-17:00".
      for (const std::string& shift : program.shifts) {
        out.hours_text += (out.hours_text.empty() ? "" : "、") + shift;
      }
    }
    for (std::size_t i = 0; i < program.helplines.size(); ++i) {
      const std::string at = where + "helplines[" + std::to_string(i) + "]: ";
      std::vector<std::string> parts = SplitOn(program.helplines[i], '|');
      if (parts.size() != 3 || parts[0].empty() || parts[1].empty()) {
        build.errors.push_back(at +
                               "\"名前|電話番号|受付時間\" の形にしてください（受付時間が空なら"
                               "24時間） / write \"name|phone|hours\" (empty hours: always "
                               "open)");
        continue;
      }
      app::Helpline helpline{parts[0], parts[1], nullptr};
      if (!parts[2].empty()) {
        cal::HoursSpec spec;
        spec.shifts = SplitOn(parts[2], ';');
        spec.closed_on_holidays = false;
        spec.year_end = "";
        helpline.hours = HoursOf(at, spec, holidays, build.errors);
        if (!helpline.hours) continue;
      }
      out.helplines.push_back(std::move(helpline));
    }
    out.closing.end_conversations = program.at_closing == "end";
    out.closing.warning_minutes = program.closing_warning_minutes;
    if (out.closing.end_conversations && !out.hours) {
      build.errors.push_back(where +
                             "at_closing: 終了時間で終えるには shifts が必要です / \"end\" needs "
                             "shifts to know the closing time");
    }
    if (program.survey_questions.size() > core::kSurveyQuestionsMax) {
      build.errors.push_back(where + "survey_questions: 質問は3つまでです / at most 3 questions");
    }
    for (std::size_t i = 0; i < program.survey_questions.size(); ++i) {
      auto q = core::ParseSurveyQuestion(program.survey_questions[i]);
      if (!q) {
        build.errors.push_back(where + "survey_questions[" + std::to_string(i) +
                               "]: " + q.error().message);
        continue;
      }
      for (const core::SurveyQuestion& other : out.survey.questions) {
        if (other.id == q->id) {
          build.errors.push_back(where + "survey_questions[" + std::to_string(i) + "]: id " +
                                 q->id + " が重複しています / duplicate id");
        }
      }
      out.survey.questions.push_back(std::move(*q));
    }
    out.survey.intro = program.survey_intro;
    out.survey.thanks = program.survey_thanks;
  }
  return build;
}

void ApplyProgramHours(const ProgramHoursBuild& build, const platform::Config& config,
                       std::map<std::string, app::ChannelRoute>& routes) {
  for (auto& [key, route] : routes) {
    const ProgramHours& program = build.by_program.at(config.line.channels.at(key).program);
    route.hours = program.hours;
    route.helplines = program.helplines;
    route.queue = program.queue;
    route.bot_context["hours"] = program.hours_text;
    route.program_key = config.line.channels.at(key).program;
    route.program_name = config.programs.at(route.program_key).name;
    route.closing = program.closing;
    route.survey = program.survey;
  }
}

}  // namespace tsunagu::main
