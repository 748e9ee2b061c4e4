#include "adapters/channel/line/webhook_parser.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/limits.h"

namespace tsunagu::adapters::line {
namespace {

using core::InboundKind;

constexpr core::TimeMs kReceivedAt = 1768070449000;
constexpr std::string_view kUser =
    R"({"type":"user","userId":"U4af4980629a0b2c4d7b8c5e1a0d3f2e1"})";

std::string Body(const std::vector<std::string>& events) {
  std::string body = R"({"destination":"U6d13ebf392bb4210e0c88103a198af8f","events":[)";
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (i > 0) body += ",";
    body += events[i];
  }
  return body + "]}";
}

// One event with the common fields LINE always sends, plus the type-specific extra members.
std::string Event(std::string_view type, std::string_view extra, std::string_view source = kUser,
                  std::string_view id = "01KEMKC1KKBAXQCBNKCE5T4V00") {
  std::string event = R"({"type":")" + std::string(type) + R"(",)";
  if (!extra.empty()) event += std::string(extra) + ",";
  event += R"("webhookEventId":")" + std::string(id) +
           R"(","deliveryContext":{"isRedelivery":false},"timestamp":1768070448250,)";
  event += R"("source":)" + std::string(source) + R"(,"mode":"active"})";
  return event;
}

constexpr std::string_view kReply = R"("replyToken":"aa1d71468ceb40aa82c041fa149a0378")";

core::InboundEvent ParseOne(const std::string& event) {
  auto parsed = ParseWebhook(Body({event}), "main", kReceivedAt);
  EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : parsed.error().message);
  if (!parsed || parsed->events.size() != 1) return {};
  return parsed->events[0];
}

core::Error ParseError(std::string_view body) {
  auto parsed = ParseWebhook(body, "main", kReceivedAt);
  EXPECT_FALSE(parsed.has_value());
  if (parsed) return {};
  EXPECT_EQ(parsed.error().code, core::ErrorCode::kInvalidArgument) << parsed.error().message;
  return parsed.error();
}

// Every event type in webhook.yml's discriminator, with the members the schema requires.
std::vector<std::pair<std::string, std::string>> AllEventTypes() {
  const std::string reply(kReply);
  return {
      {"message", reply + R"(,"message":{"type":"text","id":"595992385457750068",)"
                          R"("quoteToken":"OQLRsEwf","text":"hi"})"},
      {"unsend", R"("unsend":{"messageId":"325708"})"},
      {"follow", reply + R"(,"follow":{"isUnblocked":false})"},
      {"unfollow", ""},
      {"join", reply},
      {"leave", ""},
      {"memberJoined",
       reply +
           R"(,"joined":{"members":[{"type":"user","userId":"U4af4980629a0b2c4d7b8c5e1a0d3f2e1"}]})"},
      {"memberLeft",
       R"("left":{"members":[{"type":"user","userId":"U4af4980629a0b2c4d7b8c5e1a0d3f2e1"}]})"},
      {"postback", reply + R"(,"postback":{"data":"action=start","params":{}})"},
      {"videoPlayComplete", reply + R"(,"videoPlayComplete":{"trackingId":"track-id"})"},
      {"beacon", reply + R"(,"beacon":{"hwid":"d41d8cd98f","type":"enter"})"},
      {"accountLink", reply + R"(,"link":{"result":"ok","nonce":"xxxxxxxxxxxxxxx"})"},
      {"membership", reply + R"(,"membership":{"type":"joined","membershipId":3189})"},
      {"module", R"("module":{"type":"attached","botId":"U111","scopes":["message:send"]})"},
      {"activated", R"("chatControl":{"expireAt":1462629479860})"},
      {"deactivated", ""},
      {"botSuspended", ""},
      {"botResumed", ""},
      {"delivery", R"("delivery":{"data":"934daa0ad3ecf0afa3e3c4e6d6e1b2e1"})"},
  };
}

TEST(WebhookParserTest, ParsesAllNineteenEventTypes) {
  const auto types = AllEventTypes();
  ASSERT_EQ(types.size(), 19u);
  for (const auto& [type, extra] : types) {
    SCOPED_TRACE(type);
    const core::InboundEvent event = ParseOne(Event(type, extra));
    EXPECT_EQ(event.type_name, type);
    EXPECT_EQ(event.event_id, "01KEMKC1KKBAXQCBNKCE5T4V00");
    EXPECT_EQ(event.occurred_at_ms, 1768070448250);
    EXPECT_EQ(event.received_at_ms, kReceivedAt);
    EXPECT_EQ(event.channel_key, "main");
    EXPECT_EQ(event.state, core::InboundState::kPending);
    EXPECT_FALSE(event.raw_json.empty());
    const bool handled =
        type == "message" || type == "postback" || type == "follow" || type == "unfollow";
    EXPECT_EQ(event.kind == InboundKind::kUnsupported, !handled);
  }
}

TEST(WebhookParserTest, ParsesAllTypesInOneBody) {
  std::vector<std::string> events;
  int n = 0;
  for (const auto& [type, extra] : AllEventTypes()) {
    events.push_back(
        Event(type, extra, kUser, "01KEMKC1KKBAXQCBNKCE5T4V" + std::to_string(10 + n++)));
  }
  auto parsed = ParseWebhook(Body(events), "main", kReceivedAt);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->destination, "U6d13ebf392bb4210e0c88103a198af8f");
  ASSERT_EQ(parsed->events.size(), 19u);
  EXPECT_EQ(parsed->events[18].type_name, "delivery");
  EXPECT_EQ(parsed->events[18].event_id, "01KEMKC1KKBAXQCBNKCE5T4V28");
}

TEST(WebhookParserTest, UnknownFutureTypeIsKeptAsUnsupported) {
  const core::InboundEvent event = ParseOne(Event("somethingNew", R"("somethingNew":{"x":1})"));
  EXPECT_EQ(event.kind, InboundKind::kUnsupported);
  EXPECT_EQ(event.type_name, "somethingNew");
}

TEST(WebhookParserTest, BeaconKeepsTypeNameAndReplyToken) {
  const core::InboundEvent event = ParseOne(
      Event("beacon", std::string(kReply) + R"(,"beacon":{"hwid":"d41d8cd98f","type":"enter"})"));
  EXPECT_EQ(event.kind, InboundKind::kUnsupported);
  EXPECT_EQ(event.type_name, "beacon");
  EXPECT_EQ(event.reply_token, "aa1d71468ceb40aa82c041fa149a0378");
  EXPECT_EQ(event.sender_id, "U4af4980629a0b2c4d7b8c5e1a0d3f2e1");
}

TEST(WebhookParserTest, TextMessageFields) {
  // The capture from docs/line-protocols.md, verbatim.
  const std::string body =
      R"({"destination":"U6d13ebf392bb4210e0c88103a198af8f","events":[{"type":"message","message":{"type":"text",)"
      R"("id":"595992385457750068","quoteToken":"OQLRsEwf...","markAsReadToken":"IViAKly3...","text":"sad"},)"
      R"("webhookEventId":"01KEMKC1KKBAXQCBNKCE5T4V00","deliveryContext":{"isRedelivery":false},"timestamp":1768070448250,)"
      R"("source":{"type":"group","groupId":"Ca18e766e2730654fc1ca2573a14e01e2","userId":"U2a0a2c5054c4fa12b78a1d059411e39c"},)"
      R"("replyToken":"aa1d71468ceb40aa82c041fa149a0378","mode":"active"}]})";
  auto parsed = ParseWebhook(body, "main", kReceivedAt);
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->events.size(), 1u);
  const core::InboundEvent& event = parsed->events[0];
  EXPECT_EQ(event.kind, InboundKind::kMessage);
  EXPECT_EQ(event.message_type, "text");
  EXPECT_EQ(event.message_id, "595992385457750068");
  EXPECT_EQ(event.text, "sad");
  EXPECT_EQ(event.sender_id, "U2a0a2c5054c4fa12b78a1d059411e39c");
  EXPECT_EQ(event.source_type, "group");
  EXPECT_EQ(event.reply_token, "aa1d71468ceb40aa82c041fa149a0378");
  EXPECT_FALSE(event.redelivery);
  EXPECT_FALSE(event.standby);
}

TEST(WebhookParserTest, ANulInTheTextBecomesAReplacementCharacterAndNothingAfterItIsLost) {
  const core::InboundEvent event = ParseOne(Event(
      "message", std::string(kReply) + R"(,"message":{"type":"text","id":"1","text":"a\u0000b"})"));
  EXPECT_EQ(event.text,
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(event.text.find('\0'), std::string::npos);
}

TEST(WebhookParserTest, JapaneseTextSurvivesAndRawJsonIsCompactEventObject) {
  const core::InboundEvent event = ParseOne(Event(
      "message",
      std::string(kReply) +
          R"(, "message" : {"type":"text","id":"1","quoteToken":"q","text":"つらい\n\"助けて\""})"));
  EXPECT_EQ(event.text, "つらい\n\"助けて\"");
  boost::json::error_code ec;
  const boost::json::value raw = boost::json::parse(event.raw_json, ec);
  ASSERT_FALSE(ec);
  EXPECT_EQ(raw.at("type").as_string(), "message");
  EXPECT_EQ(raw.at("message").at("text").as_string(), "つらい\n\"助けて\"");
  EXPECT_EQ(event.raw_json.find(" : "), std::string::npos);  // re-serialised compactly
  EXPECT_EQ(event.raw_json.front(), '{');
}

TEST(WebhookParserTest, NonTextMessagesAreMessagesWithoutText) {
  const std::vector<std::pair<std::string, std::string>> contents = {
      {"image",
       R"({"type":"image","id":"354718705033693859","quoteToken":"q","contentProvider":{"type":"line"},"imageSet":{"id":"E005D41A7288F41B6","index":1,"total":2}})"},
      {"video",
       R"({"type":"video","id":"325708","quoteToken":"q","duration":60000,"contentProvider":{"type":"external","originalContentUrl":"https://example.com/original.mp4","previewImageUrl":"https://example.com/preview.jpg"}})"},
      {"audio",
       R"({"type":"audio","id":"325708","duration":60000,"contentProvider":{"type":"line"}})"},
      {"file", R"({"type":"file","id":"325708","fileName":"file.txt","fileSize":2138})"},
      {"location",
       R"({"type":"location","id":"325708","title":"my location","address":"日本、〒102-8282 東京都千代田区紀尾井町1番3号","latitude":35.67966,"longitude":139.73669})"},
      {"sticker",
       R"({"type":"sticker","id":"1501597916","quoteToken":"q","stickerId":"738839","packageId":"12287","stickerResourceType":"MESSAGE","keywords":["Anticipation","Sparkle"],"text":"Let's hang out this weekend!"})"},
  };
  for (const auto& [type, content] : contents) {
    SCOPED_TRACE(type);
    const core::InboundEvent event =
        ParseOne(Event("message", std::string(kReply) + R"(,"message":)" + content));
    EXPECT_EQ(event.kind, InboundKind::kMessage);
    EXPECT_EQ(event.message_type, type);
    EXPECT_FALSE(event.message_id.empty());
    EXPECT_TRUE(event.text.empty());
  }
}

TEST(WebhookParserTest, FollowAndUnfollow) {
  const core::InboundEvent follow =
      ParseOne(Event("follow", std::string(kReply) + R"(,"follow":{"isUnblocked":true})"));
  EXPECT_EQ(follow.kind, InboundKind::kFollow);
  EXPECT_EQ(follow.reply_token, "aa1d71468ceb40aa82c041fa149a0378");
  EXPECT_EQ(follow.sender_id, "U4af4980629a0b2c4d7b8c5e1a0d3f2e1");
  EXPECT_EQ(follow.source_type, "user");
  EXPECT_TRUE(follow.message_type.empty());

  const core::InboundEvent unfollow = ParseOne(Event("unfollow", ""));
  EXPECT_EQ(unfollow.kind, InboundKind::kUnfollow);
  EXPECT_TRUE(unfollow.reply_token.empty());
  EXPECT_EQ(unfollow.sender_id, "U4af4980629a0b2c4d7b8c5e1a0d3f2e1");
}

TEST(WebhookParserTest, PostbackDataBecomesText) {
  const core::InboundEvent event = ParseOne(Event(
      "postback",
      std::string(kReply) +
          R"(,"postback":{"data":"storeId=12345","params":{"datetime":"2017-12-25T01:00"}})"));
  EXPECT_EQ(event.kind, InboundKind::kPostback);
  EXPECT_EQ(event.text, "storeId=12345");
  EXPECT_TRUE(event.message_type.empty());
}

TEST(WebhookParserTest, StandbyModeAndRedelivery) {
  std::string event =
      Event("message", std::string(kReply) +
                           R"(,"message":{"type":"text","id":"1","quoteToken":"q","text":"x"})");
  event.replace(event.find(R"("mode":"active")"), 15, R"("mode":"standby")");
  event.replace(event.find(R"("isRedelivery":false)"), 20, R"("isRedelivery":true)");
  const core::InboundEvent parsed = ParseOne(event);
  EXPECT_TRUE(parsed.standby);
  EXPECT_TRUE(parsed.redelivery);
}

TEST(WebhookParserTest, ModeAndDeliveryContextMayBeAbsent) {
  const core::InboundEvent event = ParseOne(
      R"({"type":"unfollow","webhookEventId":"01A","timestamp":1,"source":{"type":"user","userId":"U1"}})");
  EXPECT_FALSE(event.standby);
  EXPECT_FALSE(event.redelivery);
}

TEST(WebhookParserTest, GroupAndRoomSourcesWithoutUserId) {
  const core::InboundEvent join = ParseOne(
      Event("join", kReply, R"({"type":"group","groupId":"Ca56f94637cc4347f90a25382909b24b9"})"));
  EXPECT_EQ(join.source_type, "group");
  EXPECT_TRUE(join.sender_id.empty());
  const core::InboundEvent leave = ParseOne(
      Event("leave", "", R"({"type":"room","roomId":"Ra8dbf4673c4c812cd491258042226c99"})"));
  EXPECT_EQ(leave.source_type, "room");
  EXPECT_TRUE(leave.sender_id.empty());
}

TEST(WebhookParserTest, EventWithoutSource) {
  const core::InboundEvent event = ParseOne(
      R"({"type":"module","module":{"type":"detached","botId":"U1","reason":"bot_deleted"},)"
      R"("webhookEventId":"01B","timestamp":1,"mode":"active","deliveryContext":{"isRedelivery":false}})");
  EXPECT_EQ(event.kind, InboundKind::kUnsupported);
  EXPECT_TRUE(event.source_type.empty());
  EXPECT_TRUE(event.sender_id.empty());
}

TEST(WebhookParserTest, EmptyEventsArrayIsValid) {
  auto parsed =
      ParseWebhook(R"({"destination":"U0123456789abcdef0123456789abcdef","events":[]})", "main", 0);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->destination, "U0123456789abcdef0123456789abcdef");
  EXPECT_TRUE(parsed->events.empty());
}

TEST(WebhookParserTest, MalformedJson) {
  for (std::string_view body : {"", "{", "{\"events\":[]", "not json", "{\"events\":[],}",
                                "{\"events\":[]} trailing", "\xff\xfe"}) {
    SCOPED_TRACE(body);
    const core::Error error = ParseError(body);
    EXPECT_NE(error.message.find("not valid JSON"), std::string::npos) << error.message;
    EXPECT_NE(error.message.find("JSON として不正"), std::string::npos) << error.message;
  }
}

TEST(WebhookParserTest, InvalidUtf8InsideAStringIsMalformed) {
  ParseError(Body({Event(
      "message", std::string(kReply) +
                     "\n,\"message\":{\"type\":\"text\",\"id\":\"1\",\"text\":\"\xc3\x28\"}")}));
}

TEST(WebhookParserTest, RootMustBeAnObject) {
  for (std::string_view body : {"[]", "\"events\"", "42", "null"}) {
    EXPECT_NE(ParseError(body).message.find("body must be an object"), std::string::npos);
  }
}

TEST(WebhookParserTest, MissingEvents) {
  const core::Error error = ParseError(R"({"destination":"U0123456789abcdef0123456789abcdef"})");
  EXPECT_NE(error.message.find("events is missing"), std::string::npos) << error.message;
}

TEST(WebhookParserTest, EventsNotAnArray) {
  for (std::string_view body : {R"({"events":{}})", R"({"events":null})", R"({"events":"[]"})"}) {
    EXPECT_NE(ParseError(body).message.find("events must be an array"), std::string::npos);
  }
}

TEST(WebhookParserTest, EventsLimitBothSides) {
  std::vector<std::string> events;
  for (std::size_t i = 0; i < core::kWebhookEventsMax; ++i) {
    events.push_back(Event("unfollow", "", kUser, "E" + std::to_string(i)));
  }
  auto at_limit = ParseWebhook(Body(events), "main", kReceivedAt);
  ASSERT_TRUE(at_limit) << at_limit.error().message;
  EXPECT_EQ(at_limit->events.size(), core::kWebhookEventsMax);

  events.push_back(Event("unfollow", "", kUser, "E-over"));
  const core::Error error = ParseError(Body(events));
  EXPECT_NE(error.message.find("more than 500 events"), std::string::npos) << error.message;
}

TEST(WebhookParserTest, EventMustBeAnObject) {
  EXPECT_NE(ParseError(R"({"events":[1]})").message.find("events[0] must be an object"),
            std::string::npos);
}

TEST(WebhookParserTest, RequiredCommonFields) {
  const std::string ok = R"("type":"unfollow","webhookEventId":"01A","timestamp":1)";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"webhookEventId":"01A","timestamp":1})", "events[0].type is missing"},
      {R"({"type":"unfollow","timestamp":1})", "events[0].webhookEventId is missing"},
      {R"({"type":"unfollow","webhookEventId":"","timestamp":1})",
       "events[0].webhookEventId must not be empty"},
      {R"({"type":"unfollow","webhookEventId":1,"timestamp":1})",
       "events[0].webhookEventId must be a string"},
      {R"({"type":"unfollow","webhookEventId":"01A"})", "events[0].timestamp is missing"},
      {R"({"type":"unfollow","webhookEventId":"01A","timestamp":"1"})",
       "events[0].timestamp must be an integer"},
      {R"({"type":"unfollow","webhookEventId":"01A","timestamp":1.5})",
       "events[0].timestamp must be an integer"},
      {R"({"type":"unfollow","webhookEventId":"01A","timestamp":-1})",
       "events[0].timestamp is out of range"},
      {R"({"type":"unfollow","webhookEventId":"01A","timestamp":18446744073709551615})",
       "events[0].timestamp is out of range"},
      {R"({"type":7,"webhookEventId":"01A","timestamp":1})", "events[0].type must be a string"},
      {"{" + ok + R"(,"source":"user"})", "events[0].source must be an object"},
      {"{" + ok + R"(,"source":{"type":"user","userId":5}})",
       "events[0].source.userId must be a string"},
      {"{" + ok + R"(,"deliveryContext":{"isRedelivery":"yes"}})",
       "events[0].deliveryContext.isRedelivery must be a boolean"},
      {"{" + ok + R"(,"mode":1})", "events[0].mode must be a string"},
      {"{" + ok + R"(,"replyToken":null})", "events[0].replyToken must be a string"},
  };
  for (const auto& [event, expected] : cases) {
    SCOPED_TRACE(event);
    const core::Error error = ParseError(R"({"events":[)" + event + "]}");
    EXPECT_NE(error.message.find(expected), std::string::npos) << error.message;
  }
}

TEST(WebhookParserTest, OneBadEventInvalidatesTheBody) {
  const core::Error error =
      ParseError(Body({Event("unfollow", ""), R"({"type":"unfollow","timestamp":1})"}));
  EXPECT_NE(error.message.find("events[1].webhookEventId is missing"), std::string::npos);
}

TEST(WebhookParserTest, WebhookEventIdLimitBothSides) {
  const std::string at_limit(kWebhookEventIdBytesMax, 'A');
  EXPECT_EQ(ParseOne(Event("unfollow", "", kUser, at_limit)).event_id, at_limit);
  const core::Error error = ParseError(Body({Event("unfollow", "", kUser, at_limit + "A")}));
  EXPECT_NE(error.message.find("events[0].webhookEventId is too long"), std::string::npos);
}

TEST(WebhookParserTest, MessageContentIsRequiredForMessageEvents) {
  EXPECT_NE(
      ParseError(Body({Event("message", kReply)})).message.find("events[0].message is missing"),
      std::string::npos);
  EXPECT_NE(ParseError(Body({Event("message", std::string(kReply) +
                                                  R"(,"message":{"type":"text","id":"1"})")}))
                .message.find("events[0].message.text is missing"),
            std::string::npos);
  EXPECT_NE(
      ParseError(Body({Event("message", std::string(kReply) + R"(,"message":{"type":"image"})")}))
          .message.find("events[0].message.id is missing"),
      std::string::npos);
  EXPECT_NE(ParseError(Body({Event("postback", std::string(kReply) + R"(,"postback":{})")}))
                .message.find("events[0].postback.data is missing"),
            std::string::npos);
}

std::string TextEvent(const std::string& text) {
  return Event("message", std::string(kReply) +
                              R"(,"message":{"type":"text","id":"1","quoteToken":"q","text":")" +
                              text + R"("})");
}

std::string Repeat(std::string_view unit, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += unit;
  return out;
}

TEST(WebhookParserTest, TextLimitCountsCodePointsBothSides) {
  // 10,000 Japanese characters are 30,000 bytes: LINE can deliver them, so they must parse.
  const std::string at_limit = Repeat("あ", kInboundTextCharsMax);
  EXPECT_EQ(ParseOne(TextEvent(at_limit)).text, at_limit);
  const core::Error error = ParseError(Body({TextEvent(at_limit + "a")}));
  EXPECT_NE(error.message.find("events[0].message.text is too long"), std::string::npos);
  EXPECT_EQ(error.message.find("あ"), std::string::npos);  // the value is never echoed
}

TEST(WebhookParserTest, ReplyTokenLimitBothSides) {
  const std::string at_limit(kReplyTokenBytesMax, 'a');
  EXPECT_EQ(ParseOne(Event("join", R"("replyToken":")" + at_limit + "\"")).reply_token, at_limit);
  ParseError(Body({Event("join", R"("replyToken":")" + at_limit + "a\"")}));
}

TEST(WebhookParserTest, UserIdLimitBothSides) {
  const std::string at_limit(kLineIdBytesMax, 'U');
  const std::string source = R"({"type":"user","userId":")" + at_limit + "\"}";
  EXPECT_EQ(ParseOne(Event("unfollow", "", source)).sender_id, at_limit);
  const std::string over = R"({"type":"user","userId":")" + at_limit + "U\"}";
  ParseError(Body({Event("unfollow", "", over)}));
}

TEST(WebhookParserTest, DeeplyNestedJsonIsRejectedNotCrashing) {
  const std::string deep = R"({"events":[{"x":)" + std::string(100000, '[') + "]}]}";
  ParseError(deep);
}

TEST(WebhookParserTest, DestinationMayBeAbsentButNotWrong) {
  auto parsed = ParseWebhook(R"({"events":[]})", "main", 0);
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(parsed->destination.empty());
  ParseError(R"({"destination":42,"events":[]})");
}

}  // namespace
}  // namespace tsunagu::adapters::line
