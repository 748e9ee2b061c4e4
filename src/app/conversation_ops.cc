#include "app/conversation_ops.h"

#include "app/templates.h"

namespace tsunagu::app {
namespace {

// Crockford base32 without I, L, O, U: easy to read aloud between staff.
constexpr char kPseudonymAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr int kPseudonymChars = 5;
constexpr int kPseudonymAttemptsMax = 8;

std::string NewPseudonym(Secrets& secrets) {
  const std::string hex = secrets.Sha256Hex(secrets.RandomToken(16));
  std::string out = "相談者-";
  for (int i = 0; i < kPseudonymChars; ++i) {
    const int v = std::stoi(hex.substr(static_cast<std::size_t>(i) * 2, 2), nullptr, 16);
    out += kPseudonymAlphabet[v % 32];
  }
  return out;
}

}  // namespace

core::Result<core::Client> FindOrCreateClient(AppContext& ctx, StoreTx& tx,
                                              const std::string& channel_key,
                                              const std::string& external_id) {
  auto found = tx.FindClientByIdentity(channel_key, external_id);
  if (!found) return std::unexpected(found.error());
  if (*found) return **found;
  core::ChannelIdentity identity{channel_key, external_id, 0};
  for (int attempt = 0; attempt < kPseudonymAttemptsMax; ++attempt) {
    core::Client client;
    client.pseudonym = NewPseudonym(ctx.secrets);
    client.created_at_ms = ctx.clock.NowMs();
    auto created = tx.InsertClient(client, identity);
    if (created) return *created;
    // A pseudonym collision is a conflict: draw again. Anything else is a real failure.
    if (created.error().code != core::ErrorCode::kConflict) return created;
  }
  return core::Fail(core::ErrorCode::kInternal, "could not draw a free pseudonym");
}

core::Result<OpenedConversation> FindOrOpenConversation(AppContext& ctx, StoreTx& tx,
                                                        const core::Client& client,
                                                        const std::string& channel_key,
                                                        core::ProgramId program_id, bool with_bot) {
  auto open = tx.FindOpenConversation(client.id, program_id);
  if (!open) return std::unexpected(open.error());
  if (*open) return OpenedConversation{**open, false};
  core::Conversation c;
  c.program_id = program_id;
  c.client_id = client.id;
  c.channel_key = channel_key;
  c.client_pseudonym = client.pseudonym;
  c.status = core::ConversationStatus::kWaiting;
  c.opened_at_ms = ctx.clock.NowMs();
  c.last_message_at_ms = c.opened_at_ms;
  if (with_bot) {
    c.bot_status = core::BotStatus::kRunning;
  } else {
    c.queued_at_ms = c.opened_at_ms;
  }
  auto id = tx.InsertConversation(c);
  if (!id) return std::unexpected(id.error());
  c.id = *id;
  return OpenedConversation{c, true};
}

core::Message SystemNote(const core::Client& client, core::TimeMs at_ms, std::string text) {
  core::Message m;
  m.direction = core::Direction::kInbound;
  m.sender_kind = core::SenderKind::kSystem;
  m.sender_name = client.pseudonym;
  m.content_kind = core::ContentKind::kText;
  m.content_type = "system";
  m.text = std::move(text);
  m.created_at_ms = at_ms;
  m.delivery_state = core::DeliveryState::kReceived;
  return m;
}

core::Status AppendMessage(StoreTx& tx, core::Conversation& conversation, core::Message& message) {
  message.conversation_id = conversation.id;
  auto id = tx.InsertMessage(message);
  if (!id) return std::unexpected(id.error());
  message.id = *id;
  conversation.last_message_at_ms =
      std::max(conversation.last_message_at_ms, message.created_at_ms);
  // The reply nudge counts from the first message staff have not answered yet.
  if (message.sender_kind == core::SenderKind::kClient &&
      message.direction == core::Direction::kInbound && !conversation.awaiting_reply_since_ms) {
    conversation.awaiting_reply_since_ms = message.created_at_ms;
  } else if (message.sender_kind == core::SenderKind::kStaff) {
    conversation.awaiting_reply_since_ms.reset();
  }
  return core::Ok();
}

core::Result<core::Message> QueueOutbound(AppContext& ctx, StoreTx& tx,
                                          core::Conversation& conversation,
                                          core::SenderKind sender_kind,
                                          std::optional<core::StaffId> staff_id,
                                          const std::string& sender_name, const std::string& text) {
  core::Message content;
  content.content_type = "text";
  content.text = text;
  return QueueOutbound(ctx, tx, conversation, sender_kind, staff_id, sender_name, content);
}

core::Result<core::Message> QueueOutbound(AppContext& ctx, StoreTx& tx,
                                          core::Conversation& conversation,
                                          core::SenderKind sender_kind,
                                          std::optional<core::StaffId> staff_id,
                                          const std::string& sender_name,
                                          const core::Message& content) {
  auto identity = tx.FindIdentityOfClient(conversation.client_id, conversation.channel_key);
  if (!identity) return std::unexpected(identity.error());
  if (!*identity) {
    return core::Fail(
        core::ErrorCode::kNotFound,
        "相談者の連絡先が見つかりません / the client has no identity on this channel");
  }
  const core::TimeMs now = ctx.clock.NowMs();
  core::Message m;
  m.direction = core::Direction::kOutbound;
  m.sender_kind = sender_kind;
  m.sender_staff_id = staff_id;
  m.sender_name = sender_name;
  m.content_kind = core::ContentKind::kText;
  m.content_type = content.content_type.empty() ? "text" : content.content_type;
  m.text = content.text;
  m.quick_replies = content.quick_replies;
  m.media_url = content.media_url;
  m.created_at_ms = now;
  m.delivery_state = core::DeliveryState::kQueued;
  if (auto s = AppendMessage(tx, conversation, m); !s) return std::unexpected(s.error());

  OutboxItem item;
  item.message_id = m.id;
  item.channel_key = conversation.channel_key;
  item.recipient_id = (*identity)->external_id;
  item.sender_name = sender_name;
  if (auto token = core::TakeReplyToken(conversation, now)) {
    item.reply_token = token->token;
    item.reply_token_expires_at_ms = token->expires_at_ms;
  }
  item.retry_key = ctx.secrets.NewUuid();
  item.next_attempt_at_ms = now;
  item.created_at_ms = now;
  if (auto id = tx.InsertOutbox(item); !id) return std::unexpected(id.error());
  if (auto s = tx.UpdateConversation(conversation); !s) return std::unexpected(s.error());
  return m;
}

core::Result<std::optional<core::Message>> SendTemplate(
    AppContext& ctx, StoreTx& tx, core::Conversation& conversation, std::string_view key,
    const std::map<std::string, std::string>& extra_vars,
    std::vector<core::QuickReply> quick_replies, std::vector<StreamEvent>& published) {
  if (ctx.templates == nullptr || conversation.client_blocked) {
    return std::optional<core::Message>();
  }
  const ChannelRoute* route = RouteOfProgram(ctx, conversation.program_id);
  if (route == nullptr) return std::optional<core::Message>();
  auto body = ctx.templates->Body(tx, route->program_key, key);
  if (!body) return std::unexpected(body.error());
  if (!*body) return std::optional<core::Message>();
  auto vars = Templates::VariablesFor(route, nullptr, ctx.clock.NowMs());
  for (const auto& [name, value] : extra_vars) vars[name] = value;
  core::Message content;
  content.content_type = "text";
  content.text = Templates::Render(**body, vars);
  content.quick_replies = std::move(quick_replies);
  auto sent =
      QueueOutbound(ctx, tx, conversation, core::SenderKind::kBot, std::nullopt, "", content);
  if (!sent) return std::unexpected(sent.error());
  published.push_back(
      ConversationEvent(StreamEventKind::kMessageCreated, conversation, *sent, std::nullopt));
  return std::optional<core::Message>(*sent);
}

}  // namespace tsunagu::app
