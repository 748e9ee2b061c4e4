// Wiring for each program's settings from [programs.<key>]: opening hours (docs/calendar.md)
// with the national holidays (the rules, or the Cabinet Office's syukujitsu.csv), the helplines
// the bot names when a program is closed, the queue, what happens at closing time and the
// after-close survey (docs/scenarios.md).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/context.h"
#include "platform/config.h"

namespace tsunagu::main {

struct ProgramHours {
  std::shared_ptr<const core::calendar::OpeningHours> hours;  // null: no shifts, always open
  std::vector<app::Helpline> helplines;
  std::string hours_text;  // hours_text, or the shifts written out
  app::QueueSettings queue;
  app::ClosingSettings closing;
  app::SurveySettings survey;
};

struct ProgramHoursBuild {
  std::map<std::string, ProgramHours> by_program;
  // Every problem, one line each, naming the config key ("programs.center.shifts[1]: ...").
  std::vector<std::string> errors;
};

ProgramHoursBuild BuildProgramHours(const platform::Config& config);

// Gives each channel's route its program's key, name, hours, helplines, queue, closing and
// survey settings.
void ApplyProgramHours(const ProgramHoursBuild& build, const platform::Config& config,
                       std::map<std::string, app::ChannelRoute>& routes);

}  // namespace tsunagu::main
