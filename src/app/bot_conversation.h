// The chatbot's part of processing one inbound event (docs/scenarios.md): feeds the event to the
// conversation's scenario, stores what the bot says and what it recorded (consent, answers), and
// hands the person to the human queue when the scenario says so. Runs inside the processing
// transaction; the bot never answers once a counselor has the conversation.
#pragma once

#include <vector>

#include "app/context.h"
#include "app/ports/notifier.h"
#include "bot/scenario.h"
#include "core/inbound_event.h"

namespace tsunagu::app {

// Whether the bot should act on event in conversation: the program has a scenario, the bot is
// still running, nobody is assigned, and LINE did not say standby.
bool BotHasTheConversation(const ChannelRoute& route, const core::Conversation& conversation,
                           const core::InboundEvent& event);

// What the app tells the scenario at now_ms, besides route.bot_context: "open" ("yes" while the
// program takes new people, "no" when closed or after the intake cut-off), "next_opening" (e.g.
// "12月4日（火）16:00", or "未定" when none is known), "helplines" (one per line, those open now
// first and marked), and "hours" (route.bot_context's, or written from the shifts).
//
// With queue_length (people of the program waiting in the queue now): "queue_length",
// "queue_position" (the newcomer's place at the back), "wait_minutes" (at the planned pace;
// empty without one), "wait_known" ("yes"/"no") and "overflow" ("yes" when the queue or the
// estimated wait has reached the program's limit).
std::map<std::string, std::string> BotContextAt(const ChannelRoute& route, core::TimeMs now_ms,
                                                int queue_length = 0);

// The estimated wait of the person at position (1-based) at planned_per_hour, rounded up;
// nullopt without a planned pace.
std::optional<int> EstimatedWaitMinutes(const QueueSettings& queue, int position);

// "12月4日（火）16:00" in Japan's time.
std::string FormatTokyoJa(core::TimeMs t);

// How reports count a conversation the bot ended (or gave up on) at node: the node's report
// (out_of_hours, overflow, declined), else bot_ended.
core::EndReason BotEndReasonAt(const bot::Scenario& scenario, const std::string& node);

// Runs one bot turn. message is the person's message as stored (with its risk suggestion): a
// risky message ends the intake and hands over at once. Publishes the bot's messages, and the
// conversation when it joins the queue or ends. queued_outbound is set when anything was queued.
core::Status RunBotTurn(AppContext& ctx, StoreTx& tx, const ChannelRoute& route,
                        const core::InboundEvent& event, const core::Client& client,
                        core::Conversation& conversation, const core::Message& message,
                        std::vector<StreamEvent>& published, bool& queued_outbound);

}  // namespace tsunagu::app
