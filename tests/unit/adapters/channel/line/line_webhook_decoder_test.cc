#include "adapters/channel/line/line_webhook_decoder.h"

#include <gtest/gtest.h>

#include <string>

#include "adapters/channel/line/signature.h"

namespace tsunagu::adapters::line {
namespace {

constexpr std::string_view kSecret = "0123456789abcdef0123456789abcdef";
constexpr std::string_view kEmptyBody =
    R"({"destination":"U0123456789abcdef0123456789abcdef","events":[]})";
constexpr std::string_view kFollowBody =
    R"({"destination":"U0123456789abcdef0123456789abcdef","events":[{"type":"follow",)"
    R"("follow":{"isUnblocked":false},"webhookEventId":"01H810YECXQQZ37VAXPF6H9E6T",)"
    R"("deliveryContext":{"isRedelivery":false},"timestamp":1692251666727,)"
    R"("source":{"type":"user","userId":"U4af4980629a0b2c4d7b8c5e1a0d3f2e1"},)"
    R"("replyToken":"bb173f4d9cf64aed9d408ab4e36339ad","mode":"active"}]})";

LineWebhookDecoder Decoder(std::size_t body_bytes_max = core::kWebhookBodyBytesMax) {
  return LineWebhookDecoder({{"main", std::string(kSecret)}, {"blank", ""}}, body_bytes_max);
}

TEST(LineWebhookDecoderTest, DocumentedVectorDecodesToNoEvents) {
  auto events =
      Decoder().Decode("main", "94lIexwJJhBAEvU5fHF/i4JXKbSzbpgGUoZUZlwge9Q=", kEmptyBody, 5);
  ASSERT_TRUE(events) << events.error().message;
  EXPECT_TRUE(events->empty());
}

TEST(LineWebhookDecoderTest, SignedFollow) {
  auto events =
      Decoder().Decode("main", ComputeSignature(kSecret, kFollowBody), kFollowBody, 1692251667000);
  ASSERT_TRUE(events) << events.error().message;
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].kind, core::InboundKind::kFollow);
  EXPECT_EQ((*events)[0].channel_key, "main");
  EXPECT_EQ((*events)[0].received_at_ms, 1692251667000);
}

TEST(LineWebhookDecoderTest, UnknownChannel) {
  auto events = Decoder().Decode("nope\n", ComputeSignature(kSecret, kEmptyBody), kEmptyBody, 0);
  ASSERT_FALSE(events);
  EXPECT_EQ(events.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(events.error().message.find('\n'), std::string::npos);
}

TEST(LineWebhookDecoderTest, BadSignatures) {
  for (std::string_view signature :
       {"", "garbage", "94lIexwJJhBAEvU5fHF/i4JXKbSzbpgGUoZUZlwge9R="}) {
    auto events = Decoder().Decode("main", signature, kEmptyBody, 0);
    ASSERT_FALSE(events);
    EXPECT_EQ(events.error().code, core::ErrorCode::kUnauthenticated);
  }
}

TEST(LineWebhookDecoderTest, ChannelWithEmptySecretAcceptsNothing) {
  auto events = Decoder().Decode("blank", ComputeSignature("", kEmptyBody), kEmptyBody, 0);
  ASSERT_FALSE(events);
  EXPECT_EQ(events.error().code, core::ErrorCode::kUnauthenticated);
}

TEST(LineWebhookDecoderTest, SignedGarbageIsInvalidArgument) {
  const std::string body = "[1,2,3]";
  auto events = Decoder().Decode("main", ComputeSignature(kSecret, body), body, 0);
  ASSERT_FALSE(events);
  EXPECT_EQ(events.error().code, core::ErrorCode::kInvalidArgument);
}

TEST(LineWebhookDecoderTest, BodyLimitBothSides) {
  auto at_limit = Decoder(kEmptyBody.size())
                      .Decode("main", ComputeSignature(kSecret, kEmptyBody), kEmptyBody, 0);
  EXPECT_TRUE(at_limit);
  auto over = Decoder(kEmptyBody.size() - 1)
                  .Decode("main", ComputeSignature(kSecret, kEmptyBody), kEmptyBody, 0);
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, core::ErrorCode::kLimitExceeded);
}

}  // namespace
}  // namespace tsunagu::adapters::line
