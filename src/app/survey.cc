#include "app/survey.h"

#include <charconv>

#include "app/conversation_ops.h"
#include "core/limits.h"
#include "core/utf8.h"

namespace tsunagu::app {
namespace {

std::vector<core::QuickReply> ButtonsOf(core::ConversationId id, const core::SurveyQuestion& q) {
  std::vector<core::QuickReply> buttons;
  for (const core::SurveyChoice& c : q.choices) {
    buttons.push_back({c.label, core::SurveyPostbackData(id, q.id, c.value), c.label});
  }
  return buttons;
}

core::Status Say(AppContext& ctx, StoreTx& tx, core::Conversation& conversation, std::string text,
                 std::vector<core::QuickReply> buttons, std::vector<StreamEvent>& published) {
  core::Message content;
  content.content_type = "text";
  content.text = std::move(text);
  content.quick_replies = std::move(buttons);
  auto sent =
      QueueOutbound(ctx, tx, conversation, core::SenderKind::kBot, std::nullopt, "", content);
  if (!sent) return std::unexpected(sent.error());
  published.push_back(
      ConversationEvent(StreamEventKind::kMessageCreated, conversation, *sent, std::nullopt));
  return core::Ok();
}

}  // namespace

core::Status StartSurvey(AppContext& ctx, StoreTx& tx, core::Conversation& conversation,
                         std::vector<StreamEvent>& published, bool& queued_outbound) {
  const ChannelRoute* route = RouteOfProgram(ctx, conversation.program_id);
  if (route == nullptr || route->survey.questions.empty() || conversation.client_blocked) {
    return core::Ok();
  }
  const core::SurveyQuestion& first = route->survey.questions.front();
  std::string text =
      route->survey.intro.empty() ? first.text : route->survey.intro + "\n\n" + first.text;
  if (auto s =
          Say(ctx, tx, conversation, std::move(text), ButtonsOf(conversation.id, first), published);
      !s) {
    return s;
  }
  queued_outbound = true;
  return tx.UpdateConversation(conversation);
}

core::Result<bool> ApplySurveyAnswer(AppContext& ctx, StoreTx& tx, const core::InboundEvent& event,
                                     const core::Client& client, const core::SurveyPostback& answer,
                                     std::vector<StreamEvent>& published, bool& queued_outbound) {
  const core::TimeMs now = ctx.clock.NowMs();
  auto found = tx.GetConversationForUpdate(answer.conversation_id);
  if (!found) return std::unexpected(found.error());
  if (!*found) return false;
  core::Conversation& c = **found;
  if (c.client_id != client.id || c.status != core::ConversationStatus::kClosed ||
      !c.closed_at_ms || now - *c.closed_at_ms > core::kSurveyAnswerWindowMs) {
    return false;
  }
  const ChannelRoute* route = RouteOfProgram(ctx, c.program_id);
  if (route == nullptr) return false;
  const auto& questions = route->survey.questions;
  std::size_t index = 0;
  while (index < questions.size() && questions[index].id != answer.question) ++index;
  if (index == questions.size()) return false;
  const core::SurveyQuestion& q = questions[index];
  const core::SurveyChoice* choice = nullptr;
  for (const core::SurveyChoice& ch : q.choices) {
    if (ch.value == answer.value) choice = &ch;
  }
  if (choice == nullptr) return false;
  auto inserted = tx.InsertSurveyAnswer({c.id, q.id, choice->value, now});
  if (!inserted) return std::unexpected(inserted.error());
  if (!*inserted) return false;  // answered already (a second tap): the first stands

  core::Message note = SystemNote(client, event.occurred_at_ms,
                                  "アンケートの回答: " + q.text + " → " + choice->label +
                                      " / survey answer: " + q.id + " = " + choice->value);
  if (auto s = AppendMessage(tx, c, note); !s) return std::unexpected(s.error());
  published.push_back(ConversationEvent(StreamEventKind::kMessageCreated, c, note, std::nullopt));
  if (!event.reply_token.empty() && !event.standby) {
    c.reply_token = event.reply_token;
    c.reply_token_expires_at_ms = event.received_at_ms + ctx.reply_token_validity_ms;
  }
  if (!client.blocked) {
    core::Status said = core::Ok();
    if (index + 1 < questions.size()) {
      const core::SurveyQuestion& next = questions[index + 1];
      said = Say(ctx, tx, c, next.text, ButtonsOf(c.id, next), published);
    } else if (!route->survey.thanks.empty()) {
      said = Say(ctx, tx, c, route->survey.thanks, {}, published);
    }
    if (!said) return std::unexpected(said.error());
    queued_outbound = true;
  }
  if (auto s = tx.UpdateConversation(c); !s) return std::unexpected(s.error());
  return true;
}

}  // namespace tsunagu::app
