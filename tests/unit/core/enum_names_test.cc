// Names are stored in the database and sent over the API, so each one must round-trip and an
// unknown name must never parse as something else.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "app/ports/store.h"
#include "core/conversation.h"
#include "core/inbound_event.h"
#include "core/message.h"
#include "core/result.h"
#include "core/staff.h"

namespace tsunagu::core {
namespace {

template <typename Enum, typename NameFn, typename ParseFn>
void ExpectRoundTrip(std::initializer_list<Enum> values, NameFn name, ParseFn parse) {
  std::set<std::string> seen;
  for (Enum v : values) {
    const std::string n = name(v);
    SCOPED_TRACE(n);
    EXPECT_FALSE(n.empty());
    EXPECT_TRUE(seen.insert(n).second) << "duplicate name";
    EXPECT_EQ(parse(n), std::optional<Enum>(v));
  }
  for (const char* unknown : {"", "unknown", " ", "TEXT", "Counselor", "waiting\n"}) {
    if (seen.contains(unknown)) continue;
    EXPECT_FALSE(parse(unknown).has_value()) << "'" << unknown << "' parsed";
  }
}

TEST(EnumNamesTest, Role) {
  ExpectRoundTrip({Role::kCounselor, Role::kSupervisor, Role::kAdmin, Role::kAuditor}, RoleName,
                  ParseRole);
  EXPECT_STREQ(RoleName(Role::kCounselor), "counselor");
  EXPECT_STREQ(RoleName(Role::kSupervisor), "supervisor");
  EXPECT_STREQ(RoleName(Role::kAdmin), "admin");
  EXPECT_STREQ(RoleName(Role::kAuditor), "auditor");
  EXPECT_FALSE(ParseRole("ADMIN").has_value());
}

TEST(EnumNamesTest, InboundKind) {
  ExpectRoundTrip({InboundKind::kFollow, InboundKind::kUnfollow, InboundKind::kMessage,
                   InboundKind::kPostback, InboundKind::kUnsupported},
                  InboundKindName, ParseInboundKind);
  EXPECT_STREQ(InboundKindName(InboundKind::kFollow), "follow");
  EXPECT_STREQ(InboundKindName(InboundKind::kUnfollow), "unfollow");
  EXPECT_STREQ(InboundKindName(InboundKind::kMessage), "message");
  EXPECT_STREQ(InboundKindName(InboundKind::kPostback), "postback");
  EXPECT_STREQ(InboundKindName(InboundKind::kUnsupported), "unsupported");
  // LINE's own type names that we do not model are not kinds.
  EXPECT_FALSE(ParseInboundKind("beacon").has_value());
  EXPECT_FALSE(ParseInboundKind("join").has_value());
}

// The stored state names are part of the schema: they must never change.
TEST(EnumNamesTest, InboundState) {
  ExpectRoundTrip({InboundState::kPending, InboundState::kProcessed, InboundState::kIgnored},
                  InboundStateName, ParseInboundState);
  EXPECT_STREQ(InboundStateName(InboundState::kPending), "pending");
  EXPECT_STREQ(InboundStateName(InboundState::kProcessed), "processed");
  EXPECT_STREQ(InboundStateName(InboundState::kIgnored), "ignored");
}

TEST(EnumNamesTest, OutboxState) {
  ExpectRoundTrip({app::OutboxState::kPending, app::OutboxState::kDone, app::OutboxState::kFailed},
                  app::OutboxStateName, app::ParseOutboxState);
  EXPECT_STREQ(app::OutboxStateName(app::OutboxState::kDone), "done");
}

TEST(EnumNamesTest, ConversationStatus) {
  ExpectRoundTrip(
      {ConversationStatus::kWaiting, ConversationStatus::kActive, ConversationStatus::kClosed},
      ConversationStatusName, ParseConversationStatus);
  EXPECT_STREQ(ConversationStatusName(ConversationStatus::kClosed), "closed");
}

TEST(EnumNamesTest, Direction) {
  ExpectRoundTrip({Direction::kInbound, Direction::kOutbound}, DirectionName, ParseDirection);
  EXPECT_STREQ(DirectionName(Direction::kInbound), "inbound");
  EXPECT_STREQ(DirectionName(Direction::kOutbound), "outbound");
}

TEST(EnumNamesTest, SenderKind) {
  ExpectRoundTrip({SenderKind::kClient, SenderKind::kStaff, SenderKind::kBot, SenderKind::kSystem},
                  SenderKindName, ParseSenderKind);
  EXPECT_STREQ(SenderKindName(SenderKind::kClient), "client");
  EXPECT_STREQ(SenderKindName(SenderKind::kStaff), "staff");
  EXPECT_STREQ(SenderKindName(SenderKind::kBot), "bot");
  EXPECT_STREQ(SenderKindName(SenderKind::kSystem), "system");
}

TEST(EnumNamesTest, DeliveryState) {
  ExpectRoundTrip({DeliveryState::kReceived, DeliveryState::kQueued, DeliveryState::kDelivered,
                   DeliveryState::kFailed},
                  DeliveryStateName, ParseDeliveryState);
  EXPECT_STREQ(DeliveryStateName(DeliveryState::kReceived), "received");
  EXPECT_STREQ(DeliveryStateName(DeliveryState::kQueued), "queued");
  EXPECT_STREQ(DeliveryStateName(DeliveryState::kDelivered), "delivered");
  EXPECT_STREQ(DeliveryStateName(DeliveryState::kFailed), "failed");
}

TEST(EnumNamesTest, ContentKind) {
  ExpectRoundTrip({ContentKind::kText, ContentKind::kPostback, ContentKind::kUnsupported},
                  ContentKindName, ParseContentKind);
  EXPECT_STREQ(ContentKindName(ContentKind::kText), "text");
  EXPECT_STREQ(ContentKindName(ContentKind::kPostback), "postback");
  EXPECT_STREQ(ContentKindName(ContentKind::kUnsupported), "unsupported");
  // A channel's content type is not a content kind.
  EXPECT_FALSE(ParseContentKind("sticker").has_value());
}

TEST(EnumNamesTest, ErrorCodeNamesAreDistinct) {
  std::set<std::string> names;
  for (ErrorCode code :
       {ErrorCode::kInvalidArgument, ErrorCode::kNotFound, ErrorCode::kUnauthenticated,
        ErrorCode::kPermissionDenied, ErrorCode::kConflict, ErrorCode::kLimitExceeded,
        ErrorCode::kUnavailable, ErrorCode::kInternal}) {
    EXPECT_TRUE(names.insert(ErrorCodeName(code)).second) << ErrorCodeName(code);
  }
  EXPECT_STREQ(ErrorCodeName(ErrorCode::kConflict), "conflict");
  EXPECT_STREQ(ErrorCodeName(ErrorCode::kLimitExceeded), "limit_exceeded");
}

}  // namespace
}  // namespace tsunagu::core
