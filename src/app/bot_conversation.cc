#include "app/bot_conversation.h"

#include <cstdio>

#include "app/conversation_ops.h"
#include "app/conversation_timers.h"
#include "bot/scenario_engine.h"
#include "core/calendar/date.h"

namespace tsunagu::app {
namespace {

bot::BotInput InputOf(const core::InboundEvent& event, const core::Message& message,
                      bool starting) {
  bot::BotInput input;
  // Someone who speaks of dying or self-harm during the intake is not asked their age next; a
  // first message with a plan or means goes to a counselor before the terms are even shown.
  if (message.risk.level >= (starting ? 2 : 1)) {
    input.kind = bot::InputKind::kHandOver;
  } else if (starting) {
    input.kind = bot::InputKind::kStart;
  } else if (event.kind == core::InboundKind::kPostback) {
    input.kind = bot::InputKind::kPostback;
    input.text = event.text;
  } else {
    // A sticker or a photo is not an answer either: the question is asked again.
    input.kind = bot::InputKind::kText;
    if (event.message_type == "text") input.text = event.text;
  }
  return input;
}

}  // namespace

std::string FormatTokyoJa(core::TimeMs t) {
  const core::calendar::TokyoTime tokyo = core::calendar::ToTokyoTime(t);
  const auto weekday = core::calendar::WeekdayNameJa(core::calendar::WeekdayOf(tokyo.date));
  char time[32];
  std::snprintf(time, sizeof time, "%02d:%02d", tokyo.minute_of_day / 60, tokyo.minute_of_day % 60);
  return std::to_string(tokyo.date.month) + "月" + std::to_string(tokyo.date.day) + "日（" +
         std::string(weekday) + "）" + time;
}

std::optional<int> EstimatedWaitMinutes(const QueueSettings& queue, int position) {
  if (queue.planned_per_hour <= 0 || position <= 0) return std::nullopt;
  return (position * 60 + queue.planned_per_hour - 1) / queue.planned_per_hour;
}

std::map<std::string, std::string> BotContextAt(const ChannelRoute& route, core::TimeMs now_ms,
                                                int queue_length) {
  std::map<std::string, std::string> context = route.bot_context;
  const int position = queue_length + 1;
  const std::optional<int> wait = EstimatedWaitMinutes(route.queue, position);
  const bool full =
      route.queue.overflow_queue_length > 0 && queue_length >= route.queue.overflow_queue_length;
  const bool too_long =
      route.queue.overflow_wait_minutes > 0 && wait && *wait >= route.queue.overflow_wait_minutes;
  context["queue_length"] = std::to_string(queue_length);
  context["queue_position"] = std::to_string(position);
  context["wait_minutes"] = wait ? std::to_string(*wait) : "";
  context["wait_known"] = wait ? "yes" : "no";
  context["overflow"] = full || too_long ? "yes" : "no";
  context["open"] = "yes";
  context["next_opening"] = "";
  if (route.hours) {
    const core::calendar::HoursStatus status = route.hours->StatusAt(now_ms);
    context["open"] = status.intake_open ? "yes" : "no";
    if (status.next_open) {
      context["next_opening"] = FormatTokyoJa(*status.next_open);
    } else {
      context["next_opening"] = "未定";
    }
  }
  std::string open_now;
  std::string later;
  for (const Helpline& h : route.helplines) {
    const bool open = !h.hours || h.hours->StatusAt(now_ms).open;
    std::string line = "・" + h.name + " " + h.phone;
    if (open) {
      open_now += line + "（いま受付中）\n";
    } else {
      later += line + "\n";
    }
  }
  std::string all = open_now + later;
  if (!all.empty()) all.pop_back();
  context["helplines"] = all;
  return context;
}

core::EndReason BotEndReasonAt(const bot::Scenario& scenario, const std::string& node) {
  auto it = scenario.nodes.find(node);
  if (it == scenario.nodes.end() || it->second.report.empty()) return core::EndReason::kBotEnded;
  return core::ParseEndReason(it->second.report).value_or(core::EndReason::kBotEnded);
}

bool BotHasTheConversation(const ChannelRoute& route, const core::Conversation& conversation,
                           const core::InboundEvent& event) {
  return !route.scenario_key.empty() && conversation.bot_status == core::BotStatus::kRunning &&
         !conversation.assigned_staff_id &&
         conversation.status != core::ConversationStatus::kClosed && !event.standby;
}

core::Status RunBotTurn(AppContext& ctx, StoreTx& tx, const ChannelRoute& route,
                        const core::InboundEvent& event, const core::Client& client,
                        core::Conversation& conversation, const core::Message& message,
                        std::vector<StreamEvent>& published, bool& queued_outbound) {
  const core::TimeMs now = ctx.clock.NowMs();
  const bool starting = conversation.bot_scenario.empty();
  core::Result<std::shared_ptr<const bot::Scenario>> scenario =
      ctx.scenarios == nullptr ? core::Fail(core::ErrorCode::kNotFound, "no scenarios")
                               : (starting ? ctx.scenarios->Active(tx, route.scenario_key)
                                           : ctx.scenarios->Version(tx, conversation.bot_scenario));
  bot::BotState state;
  bot::BotTurn turn;
  if (!scenario) {
    // Without its scenario the bot cannot go on; the person is never left with a silent bot.
    ctx.log.Warn(
        "conversation " + std::to_string(conversation.id) + ": scenario unavailable, handed over",
        scenario.error());
    turn.outcome = bot::TurnOutcome::kHandover;
  } else {
    auto variables = core::ParseBotVariablesText(conversation.bot_variables);
    state.node = conversation.bot_node;
    if (variables) state.variables = std::move(*variables);
    auto waiting = tx.CountQueued(conversation.program_id);
    if (!waiting) return std::unexpected(waiting.error());
    turn = bot::Step(**scenario, state, InputOf(event, message, starting),
                     BotContextAt(route, now, *waiting));
    if (!turn.error.empty()) {
      ctx.log.Warn("conversation " + std::to_string(conversation.id) + ": scenario " +
                       (*scenario)->key + ": " + turn.error,
                   core::Error{core::ErrorCode::kInternal, "scenario"});
    }
    conversation.bot_scenario = bot::ScenarioVersionId(**scenario);
    conversation.bot_node = state.node;
    conversation.bot_variables = core::BotVariablesText(state.variables);
  }
  if (turn.consent) {
    core::Consent consent;
    consent.client_id = client.id;
    consent.conversation_id = conversation.id;
    consent.terms_version = turn.consent->terms_version;
    consent.agreed = turn.consent->agreed;
    consent.at_ms = now;
    if (auto id = tx.InsertConsent(consent); !id) return std::unexpected(id.error());
  }
  if (!client.blocked) {
    for (const bot::BotMessage& said : turn.messages) {
      core::Message content;
      content.content_type = said.image_url.empty() ? "text" : "image";
      content.text = said.text;
      content.media_url = said.image_url;
      content.quick_replies = said.quick_replies;
      auto sent =
          QueueOutbound(ctx, tx, conversation, core::SenderKind::kBot, std::nullopt, "", content);
      if (!sent) return std::unexpected(sent.error());
      published.push_back(
          ConversationEvent(StreamEventKind::kMessageCreated, conversation, *sent, std::nullopt));
      queued_outbound = true;
    }
  }
  if (turn.outcome == bot::TurnOutcome::kWaiting) {
    if (auto s = NoteBotWaiting(ctx, tx, conversation); !s) return s;
    return tx.UpdateConversation(conversation);
  }

  const core::Conversation before = conversation;
  std::string note;
  if (turn.outcome == bot::TurnOutcome::kHandover) {
    conversation.bot_status = core::BotStatus::kHandedOver;
    conversation.queued_at_ms = now;
    // The hand-over message told the position (scenario's {{queue_position}}); queue notices
    // (conversation_timers.h) speak again only when it changes.
    auto waiting = tx.CountQueued(conversation.program_id);
    if (!waiting) return std::unexpected(waiting.error());
    conversation.queue_notice_position = *waiting + 1;
    conversation.queue_notice_at_ms = now;
    note = message.risk.level >= (starting ? 2 : 1)
               ? "リスクの表現があったため受付を止め、相談の順番待ちに入りました / risk: handed "
                 "over before the end of the intake"
               : "受付が終わり、相談の順番待ちに入りました / intake done: in the queue";
  } else {
    conversation.bot_status = core::BotStatus::kEnded;
    const core::EndReason reason =
        scenario ? BotEndReasonAt(**scenario, conversation.bot_node) : core::EndReason::kBotEnded;
    if (auto s = core::Close(conversation, now, reason); !s) return s;
    note = "ボットの案内で終了しました（相談員にはつながっていません） / ended by the bot";
  }
  core::Message system = SystemNote(client, now, std::move(note));
  if (auto s = AppendMessage(tx, conversation, system); !s) return s;
  if (auto s = NoteBotWaiting(ctx, tx, conversation); !s) return s;
  if (auto s = tx.UpdateConversation(conversation); !s) return s;
  published.push_back(
      ConversationEvent(StreamEventKind::kMessageCreated, conversation, system, std::nullopt));
  published.push_back(
      ConversationEvent(StreamEventKind::kConversationUpdated, conversation, std::nullopt, before));
  return core::Ok();
}

}  // namespace tsunagu::app
