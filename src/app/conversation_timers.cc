#include "app/conversation_timers.h"

#include <algorithm>
#include <charconv>

#include "app/bot_conversation.h"
#include "app/conversation_ops.h"
#include "app/survey.h"
#include "core/limits.h"

namespace tsunagu::app {
namespace {

constexpr core::TimeMs kMinuteMs = 60 * 1000;

std::optional<core::ConversationId> IdOf(const std::string& subject) {
  core::ConversationId id = 0;
  auto [end, ec] = std::from_chars(subject.data(), subject.data() + subject.size(), id);
  if (ec != std::errc() || end != subject.data() + subject.size() || id <= 0) return std::nullopt;
  return id;
}

// The system's note in a conversation; it needs the client for the pseudonym.
core::Status Note(StoreTx& tx, core::Conversation& c, core::TimeMs now, std::string text,
                  std::vector<StreamEvent>& published) {
  auto client = tx.GetClient(c.client_id);
  if (!client) return std::unexpected(client.error());
  if (!*client) return core::Fail(core::ErrorCode::kInternal, "client vanished");
  core::Message note = SystemNote(**client, now, std::move(text));
  if (auto s = AppendMessage(tx, c, note); !s) return s;
  published.push_back(ConversationEvent(StreamEventKind::kMessageCreated, c, note, std::nullopt));
  return core::Ok();
}

core::EndReason BotEndReason(AppContext& ctx, StoreTx& tx, const core::Conversation& c) {
  if (ctx.scenarios == nullptr || c.bot_scenario.empty()) return core::EndReason::kBotEnded;
  auto scenario = ctx.scenarios->Version(tx, c.bot_scenario);
  if (!scenario) return core::EndReason::kBotEnded;
  return BotEndReasonAt(**scenario, c.bot_node);
}

}  // namespace

core::Status NoteActivity(AppContext& ctx, StoreTx& tx, const core::Conversation& conversation,
                          const core::Message& message) {
  const std::string subject = std::to_string(conversation.id);
  if (message.sender_kind == core::SenderKind::kClient) {
    if (auto s = tx.CancelTimer(kIdleCheckinTimer, subject); !s) return s;
    return tx.CancelTimer(kIdleCloseTimer, subject);
  }
  if (message.sender_kind == core::SenderKind::kStaff &&
      conversation.status == core::ConversationStatus::kActive &&
      ctx.nudges.idle_checkin_minutes > 0) {
    if (auto s = tx.CancelTimer(kIdleCloseTimer, subject); !s) return s;
    return tx.ScheduleTimer(kIdleCheckinTimer, subject,
                            ctx.clock.NowMs() + ctx.nudges.idle_checkin_minutes * kMinuteMs);
  }
  return core::Ok();
}

core::Status NoteBotWaiting(AppContext& ctx, StoreTx& tx, const core::Conversation& conversation) {
  const std::string subject = std::to_string(conversation.id);
  if (conversation.bot_status != core::BotStatus::kRunning ||
      conversation.status == core::ConversationStatus::kClosed ||
      ctx.nudges.bot_idle_close_minutes <= 0) {
    return tx.CancelTimer(kBotIdleTimer, subject);
  }
  return tx.ScheduleTimer(kBotIdleTimer, subject,
                          ctx.clock.NowMs() + ctx.nudges.bot_idle_close_minutes * kMinuteMs);
}

core::Status EndBySystem(AppContext& ctx, StoreTx& tx, core::Conversation& conversation,
                         core::EndReason reason, std::string note,
                         std::vector<StreamEvent>& published) {
  const core::TimeMs now = ctx.clock.NowMs();
  const core::Conversation before = conversation;
  if (auto s = core::Close(conversation, now, reason); !s) return s;
  if (conversation.bot_status == core::BotStatus::kRunning) {
    conversation.bot_status = core::BotStatus::kEnded;
  }
  if (auto s = Note(tx, conversation, now, std::move(note), published); !s) return s;
  if (auto s = tx.UpdateConversation(conversation); !s) return s;
  published.push_back(
      ConversationEvent(StreamEventKind::kConversationUpdated, conversation, std::nullopt, before));
  const std::string subject = std::to_string(conversation.id);
  for (const char* kind : {kIdleCheckinTimer, kIdleCloseTimer, kBotIdleTimer}) {
    if (auto s = tx.CancelTimer(kind, subject); !s) return s;
  }
  return core::Ok();
}

ConversationTimers::ConversationTimers(AppContext& ctx, std::function<void()> on_outbox)
    : ctx_(ctx), on_outbox_(std::move(on_outbox)) {}

void ConversationTimers::Register(TimerRunner& runner) {
  runner.On(kIdleCheckinTimer, [this](const Timer& t) { return IdleCheckin(t); });
  runner.On(kIdleCloseTimer, [this](const Timer& t) { return IdleClose(t); });
  runner.On(kBotIdleTimer, [this](const Timer& t) { return BotIdle(t); });
  runner.On(kClosingWarningTimer, [this](const Timer& t) { return ClosingWarning(t); });
  runner.On(kClosingTimer, [this](const Timer& t) { return Closing(t); });
  runner.On(kQueueNoticeTimer, [this](const Timer& t) { return QueueNotices(t); });
}

core::Status ConversationTimers::Run(
    const std::function<core::Status(StoreTx&, std::vector<StreamEvent>&)>& fn) {
  std::vector<StreamEvent> published;
  core::Status s = ctx_.store.Transact([&](StoreTx& tx) {
    published.clear();
    return fn(tx, published);
  });
  if (!s) return s;
  bool outbound = false;
  for (const StreamEvent& e : published) {
    ctx_.notifier.Publish(e);
    if (e.message && e.message->direction == core::Direction::kOutbound) outbound = true;
  }
  if (outbound && on_outbox_) on_outbox_();
  return core::Ok();
}

core::Result<std::optional<core::Conversation>> ConversationTimers::LoadForUpdate(
    StoreTx& tx, const std::string& subject) {
  auto id = IdOf(subject);
  if (!id) return std::optional<core::Conversation>();
  return tx.GetConversationForUpdate(*id);
}

core::Status ConversationTimers::IdleCheckin(const Timer& timer) {
  return Run([&](StoreTx& tx, std::vector<StreamEvent>& published) -> core::Status {
    auto c = LoadForUpdate(tx, timer.subject);
    if (!c) return std::unexpected(c.error());
    // Only while a counselor's message is the last word: the person answered, or it ended.
    if (!*c || (*c)->status != core::ConversationStatus::kActive || (*c)->awaiting_reply_since_ms) {
      return core::Ok();
    }
    auto sent = SendTemplate(
        ctx_, tx, **c, "idle_checkin",
        {{"idle_close_minutes", std::to_string(ctx_.nudges.idle_close_minutes)}}, {}, published);
    if (!sent) return std::unexpected(sent.error());
    if (ctx_.nudges.idle_close_minutes <= 0) return core::Ok();
    return tx.ScheduleTimer(kIdleCloseTimer, timer.subject,
                            ctx_.clock.NowMs() + ctx_.nudges.idle_close_minutes * kMinuteMs);
  });
}

core::Status ConversationTimers::IdleClose(const Timer& timer) {
  return Run([&](StoreTx& tx, std::vector<StreamEvent>& published) -> core::Status {
    auto c = LoadForUpdate(tx, timer.subject);
    if (!c) return std::unexpected(c.error());
    if (!*c || (*c)->status != core::ConversationStatus::kActive || (*c)->awaiting_reply_since_ms) {
      return core::Ok();
    }
    auto sent = SendTemplate(ctx_, tx, **c, "idle_close", {}, {}, published);
    if (!sent) return std::unexpected(sent.error());
    if (auto s =
            EndBySystem(ctx_, tx, **c, core::EndReason::kIdle,
                        "相談者からの返信がなかったため自動で終了しました（記録は後から書けます） "
                        "/ closed: no reply from the person (write the wrap-up later)",
                        published);
        !s) {
      return s;
    }
    bool queued = false;
    return StartSurvey(ctx_, tx, **c, published, queued);
  });
}

core::Status ConversationTimers::BotIdle(const Timer& timer) {
  return Run([&](StoreTx& tx, std::vector<StreamEvent>& published) -> core::Status {
    auto c = LoadForUpdate(tx, timer.subject);
    if (!c) return std::unexpected(c.error());
    if (!*c || (*c)->bot_status != core::BotStatus::kRunning ||
        (*c)->status == core::ConversationStatus::kClosed || (*c)->assigned_staff_id) {
      return core::Ok();
    }
    return EndBySystem(ctx_, tx, **c, BotEndReason(ctx_, tx, **c),
                       "ボットの質問に答えがないまま時間が過ぎたため終了しました / ended: the "
                       "chatbot's question was left unanswered",
                       published);
  });
}

core::Status ConversationTimers::ScheduleClosing(StoreTx& tx, const ChannelRoute& route,
                                                 core::TimeMs after_ms) {
  if (!route.closing.end_conversations || !route.hours) return core::Ok();
  const core::calendar::HoursStatus status = route.hours->StatusAt(after_ms);
  if (!status.next_close) return core::Ok();
  if (auto s = tx.ScheduleTimer(kClosingTimer, route.program_key, *status.next_close); !s) {
    return s;
  }
  const core::TimeMs warn_at = *status.next_close - route.closing.warning_minutes * kMinuteMs;
  if (route.closing.warning_minutes > 0 && warn_at > after_ms) {
    return tx.ScheduleTimer(kClosingWarningTimer, route.program_key, warn_at);
  }
  return core::Ok();
}

core::Status ConversationTimers::ScheduleAll() {
  return ctx_.store.Transact([&](StoreTx& tx) -> core::Status {
    const core::TimeMs now = ctx_.clock.NowMs();
    for (const auto& [key, route] : ctx_.channels) {
      if (auto s = ScheduleClosing(tx, route, now); !s) return s;
    }
    if (ctx_.nudges.queue_notice_interval_seconds > 0) {
      return tx.ScheduleTimer(kQueueNoticeTimer, "", now + core::kQueueNoticeCheckMs);
    }
    return core::Ok();
  });
}

namespace {

core::Result<std::vector<core::Conversation>> OpenOf(StoreTx& tx, core::ProgramId program,
                                                     core::ConversationStatus status) {
  ConversationFilter filter;
  filter.program_id = program;
  filter.statuses = {status};
  filter.limit = core::kConversationsPageMax;
  return tx.ListConversations(filter);
}

}  // namespace

core::Status ConversationTimers::ClosingWarning(const Timer& timer) {
  const ChannelRoute* route = RouteOfProgramKey(ctx_, timer.subject);
  if (route == nullptr || !route->hours) return core::Ok();
  return Run([&](StoreTx& tx, std::vector<StreamEvent>& published) -> core::Status {
    const core::TimeMs now = ctx_.clock.NowMs();
    const core::calendar::HoursStatus status = route->hours->StatusAt(now);
    if (!status.open || !status.next_close) return core::Ok();
    auto active = OpenOf(tx, route->program_id, core::ConversationStatus::kActive);
    if (!active) return std::unexpected(active.error());
    const int minutes = static_cast<int>((*status.next_close - now + kMinuteMs - 1) / kMinuteMs);
    const std::string at = FormatTokyoJa(*status.next_close);
    for (core::Conversation& c : *active) {
      auto locked = tx.GetConversationForUpdate(c.id);
      if (!locked) return std::unexpected(locked.error());
      if (!*locked || (*locked)->status != core::ConversationStatus::kActive) continue;
      auto sent = SendTemplate(
          ctx_, tx, **locked, "closing_warning",
          {{"closing_time", at.substr(at.size() - 5)}, {"minutes", std::to_string(minutes)}}, {},
          published);
      if (!sent) return std::unexpected(sent.error());
    }
    return core::Ok();
  });
}

core::Status ConversationTimers::Closing(const Timer& timer) {
  const ChannelRoute* route = RouteOfProgramKey(ctx_, timer.subject);
  if (route == nullptr) return core::Ok();
  return Run([&](StoreTx& tx, std::vector<StreamEvent>& published) -> core::Status {
    const core::TimeMs now = ctx_.clock.NowMs();
    if (route->closing.end_conversations) {
      for (core::ConversationStatus st :
           {core::ConversationStatus::kActive, core::ConversationStatus::kWaiting}) {
        auto open = OpenOf(tx, route->program_id, st);
        if (!open) return std::unexpected(open.error());
        for (const core::Conversation& listed : *open) {
          auto locked = tx.GetConversationForUpdate(listed.id);
          if (!locked) return std::unexpected(locked.error());
          if (!*locked || (*locked)->status != st) continue;
          core::Conversation& c = **locked;
          // Someone still with the chatbot hears from it that the program is closed.
          if (c.bot_status == core::BotStatus::kRunning) continue;
          const bool taken = c.assigned_staff_id.has_value();
          auto sent = SendTemplate(ctx_, tx, c, "closing_time", {}, {}, published);
          if (!sent) return std::unexpected(sent.error());
          if (auto s = EndBySystem(
                  ctx_, tx, c, taken ? core::EndReason::kClosingTime : core::EndReason::kAbandoned,
                  taken ? "終了時間になったため自動で終了しました（記録は後から書けます） / "
                          "closed at closing time (write the wrap-up later)"
                        : "終了時間までに順番が来ませんでした / the queue closed before their turn",
                  published);
              !s) {
            return s;
          }
        }
      }
    }
    // The next closing after this one.
    return ScheduleClosing(tx, *route, now + 1);
  });
}

core::Status ConversationTimers::QueueNotices(const Timer& timer) {
  (void)timer;
  const int interval_s = ctx_.nudges.queue_notice_interval_seconds;
  if (interval_s <= 0) return core::Ok();
  return Run([&](StoreTx& tx, std::vector<StreamEvent>& published) -> core::Status {
    const core::TimeMs now = ctx_.clock.NowMs();
    std::vector<core::ProgramId> programs;
    for (const auto& [key, route] : ctx_.channels) {
      if (std::ranges::find(programs, route.program_id) == programs.end()) {
        programs.push_back(route.program_id);
      }
    }
    for (core::ProgramId program : programs) {
      const ChannelRoute* route = RouteOfProgram(ctx_, program);
      ConversationFilter filter;
      filter.program_id = program;
      filter.statuses = {core::ConversationStatus::kWaiting};
      filter.unassigned_only = true;
      filter.queued_only = true;
      filter.queue_order = true;
      filter.limit = core::kConversationsPageMax;
      auto queue = tx.ListConversations(filter);
      if (!queue) return std::unexpected(queue.error());
      int position = 0;
      for (const core::Conversation& listed : *queue) {
        ++position;
        if (listed.queue_notice_position == position || listed.client_blocked) continue;
        if (listed.queue_notice_position != 0 &&
            now - listed.queue_notice_at_ms < static_cast<core::TimeMs>(interval_s) * 1000) {
          continue;
        }
        auto locked = tx.GetConversationForUpdate(listed.id);
        if (!locked) return std::unexpected(locked.error());
        if (!*locked) continue;
        core::Conversation& c = **locked;
        // As text at once: the estimate is empty when the program plans no pace.
        std::string wait_minutes;
        if (route != nullptr) {
          if (auto wait = EstimatedWaitMinutes(route->queue, position)) {
            wait_minutes = std::to_string(*wait);
          }
        }
        auto sent = SendTemplate(
            ctx_, tx, c, "queue_update",
            {{"queue_position", std::to_string(position)},
             {"wait_minutes", wait_minutes},
             {"wait",
              wait_minutes.empty() ? "" : "待ち時間の目安は約 " + wait_minutes + " 分です。"}},
            {{"待つのをやめる", kQueueCancelData, "待つのをやめる"}}, published);
        if (!sent) return std::unexpected(sent.error());
        c.queue_notice_position = position;
        c.queue_notice_at_ms = now;
        if (auto s = tx.UpdateConversation(c); !s) return s;
      }
    }
    return tx.ScheduleTimer(kQueueNoticeTimer, "", now + core::kQueueNoticeCheckMs);
  });
}

}  // namespace tsunagu::app
