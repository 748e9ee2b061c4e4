#include "app/process_inbound.h"

#include "app/bot_conversation.h"
#include "app/conversation_ops.h"
#include "app/conversation_timers.h"
#include "app/survey.h"
#include "core/limits.h"

namespace tsunagu::app {
namespace {

// What the client's event looks like in the conversation.
core::Message InboundMessageOf(const core::InboundEvent& event, const core::Client& client) {
  core::Message m;
  m.direction = core::Direction::kInbound;
  m.sender_kind = core::SenderKind::kClient;
  m.sender_name = client.pseudonym;
  m.external_id = event.message_id;
  m.created_at_ms = event.occurred_at_ms;
  m.delivery_state = core::DeliveryState::kReceived;
  if (event.kind == core::InboundKind::kPostback) {
    m.content_kind = core::ContentKind::kPostback;
    m.content_type = "postback";
    m.text = event.text;
  } else if (event.message_type == "text") {
    m.content_kind = core::ContentKind::kText;
    m.content_type = "text";
    m.text = event.text;
  } else {
    // Kept visibly rather than dropped: the console says what kind of content arrived.
    m.content_kind = core::ContentKind::kUnsupported;
    m.content_type = event.message_type;
  }
  return m;
}

}  // namespace

InboundProcessor::InboundProcessor(AppContext& ctx, std::function<void()> on_outbox)
    : ctx_(ctx), on_outbox_(std::move(on_outbox)) {}

bool InboundProcessor::RunOnce() {
  auto pending = TransactFor<std::vector<core::InboundEvent>>(ctx_.store, [](StoreTx& tx) {
    return tx.ListPendingInboundEvents(core::kInboundClaimBatchMax);
  });
  if (!pending || pending->empty()) return false;
  bool any_processed = false;
  bool any_outbound = false;
  for (const core::InboundEvent& candidate : *pending) {
    std::vector<StreamEvent> published;
    bool queued_outbound = false;
    bool claimed = false;
    const core::MessageRisk risk = AssessRisk(candidate);
    core::Status s = ctx_.store.Transact([&](StoreTx& tx) -> core::Status {
      published.clear();
      queued_outbound = false;
      // Another node may have it, or an earlier event of the same sender is still pending
      // (it failed, or another node is applying it): then it waits for a later round.
      auto event = tx.ClaimInboundEvent(candidate.id);
      if (!event) return std::unexpected(event.error());
      claimed = event->has_value();
      if (!claimed) return core::Ok();
      return Apply(tx, **event, risk, published, queued_outbound);
    });
    if (!s) {
      // The event stays pending and is tried again on the next round; the claim rule keeps
      // its sender's later events behind it, while other senders go on.
      ctx_.log.Warn("inbound event " + std::to_string(candidate.id) + " (" + candidate.type_name +
                        ") not processed; retrying",
                    s.error());
      continue;
    }
    if (!claimed) continue;
    any_processed = true;
    for (const StreamEvent& e : published) ctx_.notifier.Publish(e);
    any_outbound = any_outbound || queued_outbound;
  }
  if (any_outbound && on_outbox_) on_outbox_();
  return any_processed;
}

core::MessageRisk InboundProcessor::AssessRisk(const core::InboundEvent& event) {
  // The client's own text only (what InboundMessageOf stores as text).
  if (!ctx_.risk.assess || event.kind != core::InboundKind::kMessage ||
      event.message_type != "text") {
    return {};
  }
  // A suggestion only: if the analyzer fails, the message goes in unassessed.
  auto risk = ctx_.risk.assess(event.text);
  if (risk) return std::move(*risk);
  ctx_.log.Warn("inbound event " + std::to_string(event.id) + ": risk not assessed", risk.error());
  return {};
}

core::Status InboundProcessor::Apply(StoreTx& tx, const core::InboundEvent& event,
                                     const core::MessageRisk& risk,
                                     std::vector<StreamEvent>& published, bool& queued_outbound) {
  const core::TimeMs now = ctx_.clock.NowMs();
  auto route = ctx_.channels.find(event.channel_key);
  // Events we cannot act on yet (unknown channel, group sources without a user, future types)
  // stay stored with their raw JSON and are marked ignored.
  if (route == ctx_.channels.end() || event.kind == core::InboundKind::kUnsupported ||
      event.sender_id.empty() || event.source_type != "user") {
    return tx.SetInboundEventState(event.id, core::InboundState::kIgnored, now);
  }
  auto client = FindOrCreateClient(ctx_, tx, event.channel_key, event.sender_id);
  if (!client) return std::unexpected(client.error());

  if (event.kind == core::InboundKind::kUnfollow) {
    if (auto s = tx.SetClientBlocked(client->id, true); !s) return s;
    client->blocked = true;
  } else if (client->blocked) {
    // Any event from the person (follow again, or a message) means they can be reached again.
    if (auto s = tx.SetClientBlocked(client->id, false); !s) return s;
    client->blocked = false;
  }

  if (event.kind == core::InboundKind::kUnfollow) {
    // Blocking starts nothing: note it where a conversation is open, and otherwise only
    // remember that the client cannot be reached.
    auto open = tx.FindOpenConversation(client->id, route->second.program_id);
    if (!open) return std::unexpected(open.error());
    if (!*open) return tx.SetInboundEventState(event.id, core::InboundState::kProcessed, now);
  }
  // An answer to the after-close survey belongs to the closed conversation it names, not to a
  // new one; an answer that is not accepted is ignored.
  if (event.kind == core::InboundKind::kPostback) {
    if (auto answer = core::ParseSurveyPostback(event.text)) {
      auto applied =
          ApplySurveyAnswer(ctx_, tx, event, *client, *answer, published, queued_outbound);
      if (!applied) return std::unexpected(applied.error());
      return tx.SetInboundEventState(
          event.id, *applied ? core::InboundState::kProcessed : core::InboundState::kIgnored, now);
    }
  }
  // 「待つのをやめる」 pressed again after the wait ended starts nothing new.
  if (event.kind == core::InboundKind::kPostback && event.text == kQueueCancelData) {
    auto open = tx.FindOpenConversation(client->id, route->second.program_id);
    if (!open) return std::unexpected(open.error());
    if (!*open) return tx.SetInboundEventState(event.id, core::InboundState::kIgnored, now);
  }
  const bool with_bot = !route->second.scenario_key.empty() && ctx_.scenarios != nullptr;
  auto opened = FindOrOpenConversation(ctx_, tx, *client, event.channel_key,
                                       route->second.program_id, with_bot);
  if (!opened) return std::unexpected(opened.error());
  core::Conversation& conversation = opened->conversation;

  core::Message message;
  switch (event.kind) {
    case core::InboundKind::kFollow:
      message = SystemNote(*client, event.occurred_at_ms, "友だち追加されました / followed");
      break;
    case core::InboundKind::kUnfollow:
      message = SystemNote(*client, event.occurred_at_ms, "ブロックされました / blocked");
      break;
    default:
      message = InboundMessageOf(event, *client);
      break;
  }
  if (message.sender_kind == core::SenderKind::kClient) message.risk = risk;
  if (auto s = AppendMessage(tx, conversation, message); !s) return s;
  std::vector<StreamEvent> risk_events;
  if (auto s = ApplyRiskSignal(tx, conversation, message, now, ctx_.risk, risk_events); !s) {
    return s;
  }
  if (!event.reply_token.empty() && !event.standby) {
    conversation.reply_token = event.reply_token;
    conversation.reply_token_expires_at_ms = event.received_at_ms + ctx_.reply_token_validity_ms;
  }
  if (auto s = NoteActivity(ctx_, tx, conversation, message); !s) return s;
  if (auto s = tx.UpdateConversation(conversation); !s) return s;
  if (opened->created) {
    published.push_back(ConversationEvent(StreamEventKind::kConversationUpdated, conversation,
                                          std::nullopt, std::nullopt));
  }
  published.push_back(
      ConversationEvent(StreamEventKind::kMessageCreated, conversation, message, std::nullopt));
  // Alerts after the message, so that consoles have it when the alert points at it.
  for (StreamEvent& e : risk_events) {
    e.conversation = conversation;
    published.push_back(std::move(e));
  }

  // Someone waiting in the queue who stops waiting (「待つのをやめる」, or blocking the account)
  // leaves it: reports count them as abandoned.
  const bool waiting_in_queue = conversation.status == core::ConversationStatus::kWaiting &&
                                !conversation.assigned_staff_id && conversation.queued_at_ms;
  const bool cancels = event.kind == core::InboundKind::kPostback && event.text == kQueueCancelData;
  if (waiting_in_queue && (cancels || event.kind == core::InboundKind::kUnfollow)) {
    if (cancels) {
      auto sent = SendTemplate(ctx_, tx, conversation, "queue_cancelled", {}, {}, published);
      if (!sent) return std::unexpected(sent.error());
      queued_outbound = queued_outbound || sent->has_value();
    }
    if (auto s = EndBySystem(ctx_, tx, conversation, core::EndReason::kAbandoned,
                             cancels ? "相談者が順番待ちをやめました / the person left the queue"
                                     : "ブロックされたため順番待ちを終えました / blocked while "
                                       "waiting: left the queue",
                             published);
        !s) {
      return s;
    }
    return tx.SetInboundEventState(event.id, core::InboundState::kProcessed, now);
  }

  if (BotHasTheConversation(route->second, conversation, event) &&
      event.kind != core::InboundKind::kUnfollow) {
    if (auto s = RunBotTurn(ctx_, tx, route->second, event, *client, conversation, message,
                            published, queued_outbound);
        !s) {
      return s;
    }
    return tx.SetInboundEventState(event.id, core::InboundState::kProcessed, now);
  }
  auto reply =
      route->second.scenario_key.empty()
          ? bot::DecideAutoReply(event, &conversation, opened->created, route->second.replies)
          : std::nullopt;
  if (reply && !client->blocked) {
    auto sent =
        QueueOutbound(ctx_, tx, conversation, core::SenderKind::kBot, std::nullopt, "", *reply);
    if (!sent) return std::unexpected(sent.error());
    published.push_back(
        ConversationEvent(StreamEventKind::kMessageCreated, conversation, *sent, std::nullopt));
    queued_outbound = true;
  }
  return tx.SetInboundEventState(event.id, core::InboundState::kProcessed, now);
}

}  // namespace tsunagu::app
