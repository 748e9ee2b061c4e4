#include "adapters/channel/line/line_sender.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "unit/adapters/channel/line/fake_http_client.h"

namespace tsunagu::adapters::line {
namespace {

using app::SendOutcome;
using app::SendResult;
using testing::FakeHttpClient;
using testing::Response;

boost::json::value ParseJson(const std::string& text) {
  boost::json::error_code ec;
  boost::json::value value = boost::json::parse(text, ec);
  EXPECT_FALSE(ec) << text;
  return value;
}

std::string HeaderOf(const platform::HttpRequest& request, std::string_view name) {
  for (const auto& [key, value] : request.headers) {
    if (key == name) return value;
  }
  return "<absent>";
}

app::OutboxItem Item() {
  app::OutboxItem item;
  item.id = 7;
  item.channel_key = "main";
  item.recipient_id = "U4af4980629a0b2c4d7b8c5e1a0d3f2e1";
  item.text = "こんにちは。\n\"話してくれてありがとう\"";
  item.sender_name = "相談員 さくら";
  item.reply_token = "aa1d71468ceb40aa82c041fa149a0378";
  item.retry_key = "123e4567-e89b-12d3-a456-426614174000";
  return item;
}

class LineSenderTest : public ::testing::Test {
 protected:
  LineSenderTest() : sender_(http_) {
    sender_.AddChannel("main", LineChannel{"token-abc", "http://127.0.0.1:9/"});
  }

  SendResult Send(platform::HttpResponse response, bool reply) {
    http_.Script(std::move(response));
    return sender_.Send(Item(), reply);
  }

  FakeHttpClient http_;
  LineSender sender_;
};

// --- Request shape ---

TEST_F(LineSenderTest, ReplyRequest) {
  Send(Response(200, "{\"sentMessages\":[]}"), true);
  const auto requests = http_.requests();
  ASSERT_EQ(requests.size(), 1u);
  const platform::HttpRequest& request = requests[0];
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, "http://127.0.0.1:9/v2/bot/message/reply");
  EXPECT_EQ(HeaderOf(request, "Authorization"), "Bearer token-abc");
  EXPECT_EQ(HeaderOf(request, "Content-Type"), "application/json");
  EXPECT_EQ(HeaderOf(request, "X-Line-Retry-Key"), "<absent>");
  EXPECT_EQ(request.timeout, std::chrono::milliseconds(10'000));
  const boost::json::value body = ParseJson(request.body);
  EXPECT_EQ(body, ParseJson(R"({"replyToken":"aa1d71468ceb40aa82c041fa149a0378","messages":[)"
                            R"({"type":"text","text":"こんにちは。\n\"話してくれてありがとう\"",)"
                            R"("sender":{"name":"相談員 さくら"}}]})"));
}

TEST_F(LineSenderTest, PushRequest) {
  Send(Response(200, "{}"), false);
  const auto requests = http_.requests();
  ASSERT_EQ(requests.size(), 1u);
  const platform::HttpRequest& request = requests[0];
  EXPECT_EQ(request.url, "http://127.0.0.1:9/v2/bot/message/push");
  EXPECT_EQ(HeaderOf(request, "Authorization"), "Bearer token-abc");
  EXPECT_EQ(HeaderOf(request, "Content-Type"), "application/json");
  EXPECT_EQ(HeaderOf(request, "X-Line-Retry-Key"), "123e4567-e89b-12d3-a456-426614174000");
  EXPECT_EQ(request.timeout, std::chrono::milliseconds(10'000));
  const boost::json::value body = ParseJson(request.body);
  EXPECT_EQ(body.at("to").as_string(), "U4af4980629a0b2c4d7b8c5e1a0d3f2e1");
  EXPECT_FALSE(body.as_object().contains("replyToken"));
  EXPECT_EQ(body.at("messages").as_array().size(), 1u);
  EXPECT_EQ(body.at("messages").at(0).at("text").as_string(), Item().text);
}

TEST(LineSenderBuildTest, DefaultApiBase) {
  const platform::HttpRequest request = BuildSendRequest(LineChannel{"t"}, Item(), false);
  EXPECT_EQ(request.url, "https://api.line.me/v2/bot/message/push");
  const platform::HttpRequest empty_base = BuildSendRequest(LineChannel{"t", ""}, Item(), true);
  EXPECT_EQ(empty_base.url, "https://api.line.me/v2/bot/message/reply");
}

TEST(LineSenderBuildTest, MessagesJsonShape) {
  EXPECT_EQ(BuildTextMessagesJson("hi", ""), R"([{"type":"text","text":"hi"}])");
  EXPECT_EQ(BuildTextMessagesJson("hi", "Sakura"),
            R"([{"type":"text","text":"hi","sender":{"name":"Sakura"}}])");
  EXPECT_EQ(BuildReplyBodyJson("rt", "hi", ""),
            R"({"replyToken":"rt","messages":[{"type":"text","text":"hi"}]})");
  EXPECT_EQ(BuildPushBodyJson("U1", "hi", ""),
            R"({"to":"U1","messages":[{"type":"text","text":"hi"}]})");
}

TEST(LineSenderBuildTest, UserTextCannotBreakTheJson) {
  const std::string hostile = R"(","messages":[],"x":"\)"
                              "\x01\n</script>";
  const boost::json::value body = ParseJson(BuildPushBodyJson("U1", hostile, hostile));
  EXPECT_EQ(body.at("messages").at(0).at("text").as_string(), hostile);
  EXPECT_EQ(body.as_object().size(), 2u);
}

// --- Sender name ---

TEST(SenderNameTest, KeepsShortNames) {
  EXPECT_EQ(CheckSenderName("さくら").name, "さくら");
  EXPECT_EQ(CheckSenderName("  Sakura  ").name, "Sakura");
  EXPECT_TRUE(CheckSenderName("").name.empty());
  EXPECT_TRUE(CheckSenderName("").dropped_reason.empty());
}

TEST(SenderNameTest, TruncatesToTwentyCodePointsBothSides) {
  const std::string twenty = "あいうえおかきくけこさしすせそたちつてと";
  EXPECT_EQ(CheckSenderName(twenty).name, twenty);
  EXPECT_EQ(CheckSenderName(twenty + "な").name, twenty);
  EXPECT_EQ(CheckSenderName(std::string(25, 'x')).name, std::string(20, 'x'));
  // An emoji is one code point, four bytes; it is never split.
  const std::string emoji = "😀";
  std::string many;
  for (int i = 0; i < 21; ++i) many += emoji;
  EXPECT_EQ(CheckSenderName(many).name.size(), 20u * 4);
}

TEST(SenderNameTest, DropsNamesContainingLine) {
  for (std::string_view name :
       {"LINE相談", "line", "Online Team", "LiNe", "ＬＩＮＥ窓口", "ｌｉｎｅ", "LＩnE"}) {
    SCOPED_TRACE(name);
    const SenderNameCheck check = CheckSenderName(name);
    EXPECT_TRUE(check.name.empty());
    EXPECT_NE(check.dropped_reason.find("LINE"), std::string::npos);
  }
  EXPECT_EQ(CheckSenderName("L I N E").name, "L I N E");
  EXPECT_EQ(CheckSenderName("ライン").name, "ライン");
}

TEST(SenderNameTest, CheckedAfterTruncation) {
  // "line" starts at the 20th character, so the name sent ("...l") does not contain it.
  const std::string name = std::string(19, 'x') + "line";
  EXPECT_EQ(CheckSenderName(name).name, std::string(19, 'x') + "l");
}

TEST(SenderNameTest, DropsInvalidNames) {
  EXPECT_FALSE(CheckSenderName("   ").dropped_reason.empty());
  EXPECT_FALSE(CheckSenderName("a\nb").dropped_reason.empty());
  EXPECT_FALSE(CheckSenderName("\xc3\x28").dropped_reason.empty());
  EXPECT_TRUE(CheckSenderName("\xc3\x28").name.empty());
}

TEST_F(LineSenderTest, DroppedSenderNameStillSends) {
  app::OutboxItem item = Item();
  item.sender_name = "LINE相談員";
  http_.Script(Response(200));
  EXPECT_EQ(sender_.Send(item, false).outcome, SendOutcome::kDelivered);
  const boost::json::value body = ParseJson(http_.requests().at(0).body);
  EXPECT_FALSE(body.at("messages").at(0).as_object().contains("sender"));
}

TEST_F(LineSenderTest, EmptySenderNameOmitsSender) {
  app::OutboxItem item = Item();
  item.sender_name.clear();
  http_.Script(Response(200));
  sender_.Send(item, true);
  const boost::json::value body = ParseJson(http_.requests().at(0).body);
  EXPECT_FALSE(body.at("messages").at(0).as_object().contains("sender"));
}

// --- Response mapping ---

TEST_F(LineSenderTest, OkIsDeliveredWithRequestId) {
  const SendResult result =
      Send(Response(200, "{\"sentMessages\":[{\"id\":\"1\"}]}", {{"X-Line-Request-Id", "req-123"}}),
           false);
  EXPECT_EQ(result.outcome, SendOutcome::kDelivered);
  EXPECT_NE(result.detail.find("200"), std::string::npos);
  EXPECT_NE(result.detail.find("req-123"), std::string::npos);
}

TEST_F(LineSenderTest, ConflictOnPushIsDelivered) {
  const SendResult result =
      Send(Response(409, R"({"message":"The retry key is already accepted","sentMessages":[]})",
                    {{"x-line-request-id", "req-2"}, {"X-Line-Accepted-Request-Id", "req-1"}}),
           false);
  EXPECT_EQ(result.outcome, SendOutcome::kDelivered);
  EXPECT_NE(result.detail.find("x-line-accepted-request-id=req-1"), std::string::npos)
      << result.detail;
}

TEST_F(LineSenderTest, ConflictOnReplyIsFailed) {
  EXPECT_EQ(Send(Response(409, R"({"message":"Conflict"})"), true).outcome, SendOutcome::kFailed);
}

TEST_F(LineSenderTest, InvalidReplyTokenIsRejected) {
  const SendResult result = Send(Response(400, R"({"message":"Invalid reply token"})"), true);
  EXPECT_EQ(result.outcome, SendOutcome::kReplyTokenRejected);
  EXPECT_NE(result.detail.find("400 Invalid reply token"), std::string::npos) << result.detail;
}

TEST_F(LineSenderTest, InvalidReplyTokenMessageOnPushIsFailed) {
  EXPECT_EQ(Send(Response(400, R"({"message":"Invalid reply token"})"), false).outcome,
            SendOutcome::kFailed);
}

TEST_F(LineSenderTest, OtherBadRequestOnReplyIsFailedWithDetails) {
  const SendResult result = Send(
      Response(
          400,
          R"j({"message":"The request body has 2 error(s)","details":[)j"
          R"({"message":"May not be empty","property":"messages[0].text"},)"
          R"({"message":"Length must be between 0 and 20","property":"messages[0].sender.name"}]})",
          {{"X-Line-Request-Id", "req-9"}}),
      true);
  EXPECT_EQ(result.outcome, SendOutcome::kFailed);
  EXPECT_EQ(result.detail,
            "400 The request body has 2 error(s) (messages[0].text: May not be empty; "
            "messages[0].sender.name: Length must be between 0 and 20) x-line-request-id=req-9");
}

TEST_F(LineSenderTest, RetryLaterOn429And5xxAndNoResponse) {
  EXPECT_EQ(Send(Response(429, R"({"message":"Too Many Requests"})"), false).outcome,
            SendOutcome::kRetryLater);
  const SendResult quota =
      Send(Response(429, R"({"message":"You have reached your monthly limit."})"), false);
  EXPECT_EQ(quota.outcome, SendOutcome::kRetryLater);
  EXPECT_NE(quota.detail.find("monthly limit"), std::string::npos);
  for (int status : {500, 502, 503, 504, 599}) {
    EXPECT_EQ(Send(Response(status, "upstream"), true).outcome, SendOutcome::kRetryLater) << status;
  }
  platform::HttpResponse none;
  none.error = "connect timeout";
  const SendResult network = Send(none, false);
  EXPECT_EQ(network.outcome, SendOutcome::kRetryLater);
  EXPECT_NE(network.detail.find("connect timeout"), std::string::npos);
}

TEST_F(LineSenderTest, OtherStatusesAreFailed) {
  for (int status : {401, 403, 404, 410, 413, 415}) {
    const SendResult result = Send(
        Response(status, R"({"message":"Authentication failed due to the following reason: x"})"),
        false);
    EXPECT_EQ(result.outcome, SendOutcome::kFailed) << status;
    EXPECT_EQ(result.detail.rfind(std::to_string(status) + " Authentication failed", 0), 0u)
        << result.detail;
  }
  EXPECT_EQ(Send(Response(302, ""), false).outcome, SendOutcome::kFailed);
}

TEST_F(LineSenderTest, NonJsonErrorBodyIsTruncatedRawText) {
  const std::string html = "<html>\n" + std::string(1000, 'x') + "</html>";
  const SendResult result = Send(Response(403, html), false);
  EXPECT_EQ(result.outcome, SendOutcome::kFailed);
  EXPECT_EQ(result.detail, "403 <html> " + std::string(kLineErrorBodyBytesMax - 7, 'x'));
}

TEST(DescribeLineErrorTest, Lenient) {
  EXPECT_EQ(DescribeLineError(R"({"message":"m"})"), "m");
  EXPECT_EQ(DescribeLineError(R"({"message":"m","details":[{"message":"d"},{"property":"p"},7]})"),
            "m (d; p: )");
  EXPECT_EQ(DescribeLineError(R"({"message":"m","details":"x"})"), "m");
  EXPECT_EQ(DescribeLineError(R"({"error":"invalid_request"})"), R"({"error":"invalid_request"})");
  EXPECT_EQ(DescribeLineError(""), "");
  // Cut on a code point boundary, and binary garbage never passes through.
  EXPECT_EQ(DescribeLineError(std::string(299, 'a') + "あ"), std::string(299, 'a'));
  EXPECT_EQ(DescribeLineError("\xff\xfe ok"), "?? ok");
}

TEST_F(LineSenderTest, UnknownChannelFailsWithoutHttp) {
  app::OutboxItem item = Item();
  item.channel_key = "other";
  const SendResult result = sender_.Send(item, false);
  EXPECT_EQ(result.outcome, SendOutcome::kFailed);
  EXPECT_NE(result.detail.find("unknown LINE channel \"other\""), std::string::npos);
  EXPECT_TRUE(http_.requests().empty());
}

TEST_F(LineSenderTest, ReplyWithoutTokenIsRejectedWithoutHttp) {
  app::OutboxItem item = Item();
  item.reply_token.clear();
  EXPECT_EQ(sender_.Send(item, true).outcome, SendOutcome::kReplyTokenRejected);
  EXPECT_TRUE(http_.requests().empty());
}

TEST_F(LineSenderTest, ChannelsFromConstructor) {
  FakeHttpClient http;
  LineSender sender(http, {{"a", LineChannel{"tok-a", "https://a.example"}}});
  http.Script(Response(200));
  EXPECT_EQ(sender
                .Send(
                    [] {
                      app::OutboxItem item = Item();
                      item.channel_key = "a";
                      return item;
                    }(),
                    false)
                .outcome,
            SendOutcome::kDelivered);
  EXPECT_EQ(http.requests().at(0).url, "https://a.example/v2/bot/message/push");
  EXPECT_EQ(HeaderOf(http.requests().at(0), "Authorization"), "Bearer tok-a");
}

}  // namespace
}  // namespace tsunagu::adapters::line
