#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports/clock.h"
#include "app/ports/event_log.h"
#include "app/ports/notifier.h"
#include "app/ports/secrets.h"
#include "app/ports/store.h"
#include "app/risk_signals.h"
#include "app/scenario_catalog.h"
#include "bot/auto_reply.h"
#include "core/calendar/hours.h"
#include "core/ids.h"
#include "core/limits.h"
#include "core/survey.h"

namespace tsunagu::app {

// A helpline the bot names when the program is closed (docs/scenarios.md), open ones first.
struct Helpline {
  std::string name;
  std::string phone;
  std::shared_ptr<const core::calendar::OpeningHours> hours;  // null: always open
};

// When a program's queue is full, and how long a wait looks (docs/scenarios.md): the bot's
// {{queue_position}}, {{wait_minutes}} and {{overflow}}. 0 turns each off.
struct QueueSettings {
  int overflow_queue_length = 0;  // this many waiting or more: newcomers get the overflow path
  int overflow_wait_minutes = 0;  // or an estimated wait this long or longer
  int planned_per_hour = 0;       // conversations the shift takes per hour; 0: no estimate
};

// The optional 1-3 question survey after a close (docs/scenarios.md): each question goes out
// with buttons, one after the other; answers are counted in the reports.
struct SurveySettings {
  std::string intro;                            // said before the first question
  std::vector<core::SurveyQuestion> questions;  // empty: no survey
  std::string thanks;                           // said after the last answer
};

// What happens at the program's closing time ([programs.<key>] at_closing): conversations go on
// (the default), or end with the closing_time template, after a closing_warning before.
struct ClosingSettings {
  bool end_conversations = false;
  int warning_minutes = 0;  // 0: no warning
};

// How one configured channel is routed: to which program, and what the bot says there.
struct ChannelRoute {
  std::string channel_key;
  core::ProgramId program_id = 0;
  bot::AutoReplySettings replies;
  // The program's chatbot scenario (docs/scenarios.md); empty: the fixed replies above. With a
  // scenario the bot talks to the person until it hands over, and the fixed replies are unused.
  std::string scenario_key;
  // Values for {{name}} in the scenario's texts (e.g. "hours").
  std::map<std::string, std::string> bot_context;
  // The program's opening hours (null: always open) and helplines, for the bot's {{open}},
  // {{next_opening}} and {{helplines}} (BotContextAt in bot_conversation.h).
  std::shared_ptr<const core::calendar::OpeningHours> hours;
  std::vector<Helpline> helplines;
  QueueSettings queue;
  std::string program_key;
  std::string program_name;
  ClosingSettings closing;
  SurveySettings survey;
};

// Timed nudges ([nudges], core/limits.h for the defaults); 0 turns each off.
struct NudgeSettings {
  int reply_nudge_minutes = core::kReplyNudgeMinutesDefault;  // the console's suggestion
  int idle_checkin_minutes = core::kIdleCheckinMinutesDefault;
  int idle_close_minutes = core::kIdleCloseMinutesDefault;
  int bot_idle_close_minutes = core::kBotIdleCloseMinutesDefault;
  int queue_notice_interval_seconds = core::kQueueNoticeIntervalSecondsDefault;
};

// The supervisor dashboard ([presence], [dashboard]).
struct DashboardSettings {
  int presence_heartbeat_seconds = core::kPresenceHeartbeatSecondsDefault;
  int presence_timeout_seconds = core::kPresenceTimeoutSecondsDefault;
  int counselors_per_supervisor_max = core::kCounselorsPerSupervisorMaxDefault;
};

class Templates;

// The ports every use case needs. Owned by main; use cases hold a reference.
struct AppContext {
  Store& store;
  Clock& clock;
  Secrets& secrets;
  Notifier& notifier;
  EventLog& log;
  std::map<std::string, ChannelRoute> channels;  // by channel key
  core::TimeMs reply_token_validity_ms = core::kReplyTokenValidityMsDefault;
  // How long a claimed outbox item stays with its sender ([workers] outbox_lease_s).
  core::TimeMs outbox_lease_ms = core::kOutboxLeaseMs;
  // The risk analyzer and the debrief rule (docs/risk.md); no assessor: messages go unassessed.
  RiskSettings risk{};
  // Open conversations a counselor may hold at once ([queue] concurrent_per_counselor).
  int concurrent_per_counselor = core::kConcurrentChatsPerCounselorDefault;
  // The chatbot scenarios; null: no program has one.
  ScenarioCatalog* scenarios = nullptr;
  NudgeSettings nudges{};
  DashboardSettings dashboard{};
  // The programs' templates (templates.h); null: system messages fall back to none (not sent).
  Templates* templates = nullptr;
};

// The route of a program's first channel (by id or by config key); null when no channel serves it.
const ChannelRoute* RouteOfProgram(const AppContext& ctx, core::ProgramId program_id);
const ChannelRoute* RouteOfProgramKey(const AppContext& ctx, std::string_view program_key);

}  // namespace tsunagu::app
