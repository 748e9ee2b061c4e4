#include "adapters/http/json_views.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

namespace tsunagu::adapters::http {
namespace {

namespace json = boost::json;

std::set<std::string> Keys(const json::object& o) {
  std::set<std::string> keys;
  for (const auto& kv : o) keys.insert(std::string(kv.key()));
  return keys;
}

TEST(FormatIsoUtcTest, Epoch) { EXPECT_EQ(FormatIsoUtc(0), "1970-01-01T00:00:00.000Z"); }

TEST(FormatIsoUtcTest, Milliseconds) {
  EXPECT_EQ(FormatIsoUtc(1), "1970-01-01T00:00:00.001Z");
  EXPECT_EQ(FormatIsoUtc(1'234), "1970-01-01T00:00:01.234Z");
  EXPECT_EQ(FormatIsoUtc(59'999), "1970-01-01T00:00:59.999Z");
}

TEST(FormatIsoUtcTest, RecentDates) {
  EXPECT_EQ(FormatIsoUtc(1'795'707'180'123), "2026-11-26T15:33:00.123Z");
  EXPECT_EQ(FormatIsoUtc(1'709'251'199'999), "2024-02-29T23:59:59.999Z");  // leap day
  EXPECT_EQ(FormatIsoUtc(1'543'647'600'000), "2018-12-01T07:00:00.000Z");  // 16:00 in Tokyo
}

TEST(FormatIsoUtcTest, MatchesTheApiPattern) {
  const std::regex pattern(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$)");
  for (core::TimeMs ms : {0LL, 999LL, 1'700'000'000'000LL, 1'795'707'180'123LL}) {
    EXPECT_TRUE(std::regex_match(FormatIsoUtc(ms), pattern)) << FormatIsoUtc(ms);
  }
}

core::Conversation SampleConversation() {
  core::Conversation c;
  c.id = 42;
  c.program_id = 1;
  c.client_id = 77;
  c.channel_key = "center";
  c.client_pseudonym = "相談者-7F3K";
  c.status = core::ConversationStatus::kWaiting;
  c.opened_at_ms = 1'795'707'180'123;
  c.last_message_at_ms = 1'795'707'181'000;
  c.reply_token = "secret-reply-token";
  c.reply_token_expires_at_ms = 1'795'707'230'123;
  return c;
}

const std::set<std::string> kConversationKeys = {"id",
                                                 "taken_at",
                                                 "awaiting_reply_since",
                                                 "end_reason",
                                                 "wrap_up_pending",
                                                 "program_id",
                                                 "client_pseudonym",
                                                 "status",
                                                 "assigned_staff_id",
                                                 "assigned_staff_name",
                                                 "opened_at",
                                                 "last_message_at",
                                                 "closed_at",
                                                 "client_blocked",
                                                 "risk_level",
                                                 "risk_categories",
                                                 "risk_raised_at",
                                                 "queued_at",
                                                 "bot_status",
                                                 "intake"};

TEST(ConversationJsonTest, AnUnassignedOpenConversation) {
  const json::object o = ConversationJson(SampleConversation());
  EXPECT_EQ(Keys(o), kConversationKeys);
  EXPECT_EQ(o.at("id").as_int64(), 42);
  EXPECT_EQ(o.at("program_id").as_int64(), 1);
  EXPECT_EQ(o.at("client_pseudonym").as_string(), "相談者-7F3K");
  EXPECT_EQ(o.at("status").as_string(), "waiting");
  EXPECT_TRUE(o.at("assigned_staff_id").is_null());
  EXPECT_TRUE(o.at("assigned_staff_name").is_null());
  EXPECT_EQ(o.at("opened_at").as_string(), "2026-11-26T15:33:00.123Z");
  EXPECT_EQ(o.at("last_message_at").as_string(), "2026-11-26T15:33:01.000Z");
  EXPECT_TRUE(o.at("closed_at").is_null());
  EXPECT_EQ(o.at("client_blocked").as_bool(), false);
  EXPECT_EQ(o.at("risk_level").as_int64(), 0);
  EXPECT_TRUE(o.at("risk_categories").as_array().empty());
  EXPECT_TRUE(o.at("risk_raised_at").is_null());
}

TEST(ConversationJsonTest, TheSuggestedRisk) {
  core::Conversation c = SampleConversation();
  c.risk_level = 2;
  c.risk_categories = "ideation,plan_means";
  c.risk_raised_at_ms = 1'795'707'180'123;
  const json::object o = ConversationJson(c);
  EXPECT_EQ(o.at("risk_level").as_int64(), 2);
  EXPECT_EQ(json::serialize(o.at("risk_categories")), R"(["ideation","plan_means"])");
  EXPECT_EQ(o.at("risk_raised_at").as_string(), "2026-11-26T15:33:00.123Z");
}

TEST(ConversationJsonTest, AnAssignedClosedConversationOfABlockedClient) {
  core::Conversation c = SampleConversation();
  c.status = core::ConversationStatus::kClosed;
  c.assigned_staff_id = 3;
  c.assigned_staff_name = "佐藤 美咲";
  c.closed_at_ms = 1'795'707'240'000;
  c.client_blocked = true;
  const json::object o = ConversationJson(c);
  EXPECT_EQ(Keys(o), kConversationKeys);
  EXPECT_EQ(o.at("status").as_string(), "closed");
  EXPECT_EQ(o.at("assigned_staff_id").as_int64(), 3);
  EXPECT_EQ(o.at("assigned_staff_name").as_string(), "佐藤 美咲");
  EXPECT_EQ(o.at("closed_at").as_string(), "2026-11-26T15:34:00.000Z");
  EXPECT_EQ(o.at("client_blocked").as_bool(), true);
}

TEST(ConversationJsonTest, NeverCarriesTheReplyTokenOrChannelIdentity) {
  const std::string text = json::serialize(ConversationJson(SampleConversation()));
  EXPECT_EQ(text.find("secret-reply-token"), std::string::npos);
  EXPECT_EQ(text.find("reply_token"), std::string::npos);
  EXPECT_EQ(text.find("client_id"), std::string::npos);
  EXPECT_EQ(text.find("channel_key"), std::string::npos);
}

core::Message SampleMessage() {
  core::Message m;
  m.id = 903;
  m.conversation_id = 42;
  m.direction = core::Direction::kOutbound;
  m.sender_kind = core::SenderKind::kStaff;
  m.sender_staff_id = 3;
  m.sender_name = "佐藤 美咲";
  m.content_kind = core::ContentKind::kText;
  m.content_type = "text";
  m.text = "話してくれてありがとう。";
  m.external_id = "line-message-id-1";
  m.created_at_ms = 1'795'707'180'123;
  m.delivery_state = core::DeliveryState::kQueued;
  return m;
}

const std::set<std::string> kMessageKeys = {"id",
                                            "conversation_id",
                                            "direction",
                                            "sender_kind",
                                            "sender_name",
                                            "content_kind",
                                            "content_type",
                                            "text",
                                            "created_at",
                                            "delivery_state",
                                            "delivery_error",
                                            "risk",
                                            "quick_replies",
                                            "media_url"};

TEST(MessageJsonTest, TheRiskOfAClientsMessage) {
  core::Message m = SampleMessage();
  EXPECT_TRUE(MessageJson(m).at("risk").is_null());
  m.risk.level = 1;
  m.risk.categories = "ideation";
  m.risk.signals = "self_harm";
  m.risk.spans = {{6, 18}};
  m.risk.reasons = "死にたい: 希死念慮 / ideation\nline 2";
  const json::object o = MessageJson(m);
  EXPECT_EQ(json::serialize(o.at("risk")),
            R"({"level":1,"categories":["ideation"],"signals":["self_harm"],"spans":[[6,18]],)"
            R"("reasons":["死にたい: 希死念慮 / ideation","line 2"]})");
}

TEST(MessageJsonTest, FieldsOfAQueuedMessage) {
  const json::object o = MessageJson(SampleMessage());
  EXPECT_EQ(Keys(o), kMessageKeys);
  EXPECT_EQ(o.at("id").as_int64(), 903);
  EXPECT_EQ(o.at("conversation_id").as_int64(), 42);
  EXPECT_EQ(o.at("direction").as_string(), "outbound");
  EXPECT_EQ(o.at("sender_kind").as_string(), "staff");
  EXPECT_EQ(o.at("sender_name").as_string(), "佐藤 美咲");
  EXPECT_EQ(o.at("content_kind").as_string(), "text");
  EXPECT_EQ(o.at("content_type").as_string(), "text");
  EXPECT_EQ(o.at("text").as_string(), "話してくれてありがとう。");
  EXPECT_EQ(o.at("created_at").as_string(), "2026-11-26T15:33:00.123Z");
  EXPECT_EQ(o.at("delivery_state").as_string(), "queued");
  EXPECT_TRUE(o.at("delivery_error").is_null());
  EXPECT_EQ(json::serialize(o).find("line-message-id-1"), std::string::npos);
}

TEST(MessageJsonTest, AFailedMessageCarriesItsError) {
  core::Message m = SampleMessage();
  m.delivery_state = core::DeliveryState::kFailed;
  m.delivery_error = "LINE 400: The property, to, in the request body is invalid";
  const json::object o = MessageJson(m);
  EXPECT_EQ(o.at("delivery_state").as_string(), "failed");
  EXPECT_EQ(o.at("delivery_error").as_string(),
            "LINE 400: The property, to, in the request body is invalid");
}

TEST(MessageJsonTest, AnUnsupportedInboundMessage) {
  core::Message m = SampleMessage();
  m.direction = core::Direction::kInbound;
  m.sender_kind = core::SenderKind::kClient;
  m.content_kind = core::ContentKind::kUnsupported;
  m.content_type = "sticker";
  m.text = "";
  m.delivery_state = core::DeliveryState::kReceived;
  const json::object o = MessageJson(m);
  EXPECT_EQ(o.at("content_kind").as_string(), "unsupported");
  EXPECT_EQ(o.at("content_type").as_string(), "sticker");
  EXPECT_EQ(o.at("text").as_string(), "");
  EXPECT_EQ(o.at("delivery_state").as_string(), "received");
}

app::StreamEvent EventOf(app::StreamEventKind kind, std::optional<core::Message> message) {
  app::StreamEvent e;
  e.kind = kind;
  e.conversation = SampleConversation();
  e.message = std::move(message);
  return e;
}

TEST(StreamEventJsonTest, TypesAndTheOptionalMessage) {
  json::object o = StreamEventJson(EventOf(app::StreamEventKind::kMessageCreated, SampleMessage()));
  EXPECT_EQ(Keys(o), (std::set<std::string>{"type", "conversation", "message"}));
  EXPECT_EQ(o.at("type").as_string(), "message.created");
  EXPECT_EQ(o.at("conversation").as_object().at("id").as_int64(), 42);
  EXPECT_EQ(o.at("message").as_object().at("id").as_int64(), 903);

  EXPECT_EQ(StreamEventJson(EventOf(app::StreamEventKind::kMessageUpdated, SampleMessage()))
                .at("type")
                .as_string(),
            "message.updated");

  o = StreamEventJson(EventOf(app::StreamEventKind::kConversationUpdated, std::nullopt));
  EXPECT_EQ(Keys(o), (std::set<std::string>{"type", "conversation"}));
  EXPECT_EQ(o.at("type").as_string(), "conversation.updated");
}

TEST(ErrorBodyTest, Shape) {
  const json::value v = json::parse(ErrorBody("not_found", "相談が見つかりません"));
  EXPECT_EQ(v.at("error").at("code").as_string(), "not_found");
  EXPECT_EQ(v.at("error").at("message").as_string(), "相談が見つかりません");
}

TEST(HttpStatusOfTest, EveryErrorCode) {
  EXPECT_EQ(HttpStatusOf(core::ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusOf(core::ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusOf(core::ErrorCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusOf(core::ErrorCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusOf(core::ErrorCode::kConflict), 409);
  EXPECT_EQ(HttpStatusOf(core::ErrorCode::kLimitExceeded), 429);
  EXPECT_EQ(HttpStatusOf(core::ErrorCode::kInternal), 500);
  EXPECT_EQ(HttpStatusOf(core::ErrorCode::kUnavailable), 503);
}

}  // namespace
}  // namespace tsunagu::adapters::http
