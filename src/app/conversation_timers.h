// The timed work of a center (docs/scenarios.md, "Nudges and closing time"), kept as timers in
// the store so that any node runs it and a restart loses none:
// - a person silent after a counselor's message gets the idle_checkin template after
//   [nudges] idle_checkin_minutes, and the conversation closes with idle_close after
//   idle_close_minutes more (its wrap-up is then written afterwards);
// - a question of the chatbot left unanswered for bot_idle_close_minutes ends the conversation
//   (reports count it by the node's report, e.g. out_of_hours);
// - at a program's closing time with at_closing = "end": a closing_warning before, then the open
//   conversations end with closing_time, and those still waiting leave the queue (abandoned);
// - the people waiting are told their new position and wait when it changed, at most every
//   [queue] position_notice_interval_seconds.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "app/timer_runner.h"

namespace tsunagu::app {

inline constexpr char kIdleCheckinTimer[] = "conversation.idle_checkin";
inline constexpr char kIdleCloseTimer[] = "conversation.idle_close";
inline constexpr char kBotIdleTimer[] = "conversation.bot_idle";
inline constexpr char kClosingWarningTimer[] = "program.closing_warning";
inline constexpr char kClosingTimer[] = "program.closing";
inline constexpr char kQueueNoticeTimer[] = "queue.notices";
// The postback data of the 「待つのをやめる」 button under queue notices.
inline constexpr char kQueueCancelData[] = "queue:cancel";

// Inside the transaction that stored message in conversation: a staff message (re)starts the
// idle check; a message from the person stops it.
core::Status NoteActivity(AppContext& ctx, StoreTx& tx, const core::Conversation& conversation,
                          const core::Message& message);
// After a bot turn: a question waiting for the person starts the bot's idle timer.
core::Status NoteBotWaiting(AppContext& ctx, StoreTx& tx, const core::Conversation& conversation);

// Inside a transaction: ends a conversation the system closes (idle, closing time, abandoned),
// with a note for staff, and publishes the change. Sends nothing to the person.
core::Status EndBySystem(AppContext& ctx, StoreTx& tx, core::Conversation& conversation,
                         core::EndReason reason, std::string note,
                         std::vector<StreamEvent>& published);

class ConversationTimers {
 public:
  // on_outbox wakes the sender after messages were queued.
  ConversationTimers(AppContext& ctx, std::function<void()> on_outbox);

  void Register(TimerRunner& runner);
  // At start-up: the next closing (and warning) of each program that ends conversations at
  // closing time, and the queue notices when they are on. A closing missed while no node ran is
  // not made up for.
  core::Status ScheduleAll();

  core::Status IdleCheckin(const Timer& timer);
  core::Status IdleClose(const Timer& timer);
  core::Status BotIdle(const Timer& timer);
  core::Status ClosingWarning(const Timer& timer);
  core::Status Closing(const Timer& timer);
  core::Status QueueNotices(const Timer& timer);

 private:
  // Runs fn in a transaction, then publishes what it produced and wakes the sender.
  core::Status Run(const std::function<core::Status(StoreTx&, std::vector<StreamEvent>&)>& fn);
  core::Status ScheduleClosing(StoreTx& tx, const ChannelRoute& route, core::TimeMs after_ms);
  core::Result<std::optional<core::Conversation>> LoadForUpdate(StoreTx& tx,
                                                                const std::string& subject);

  AppContext& ctx_;
  std::function<void()> on_outbox_;
};

}  // namespace tsunagu::app
