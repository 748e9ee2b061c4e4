// Sends outbox items through the LINE Messaging API: reply with a reply token, or push with a
// retry key. The JSON builders and the response mapping are free functions so that tests can
// check them without HTTP.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "app/ports/channel_sender.h"
#include "platform/http_client.h"

namespace tsunagu::adapters::line {

// Reply and push answer within a second normally; 10 s covers a slow network without holding
// an outbox worker for long.
inline constexpr std::int64_t kLineRequestTimeoutMs = 10'000;
// A non-JSON error body (a proxy's HTML page, say) is kept to this many bytes in the detail.
inline constexpr std::size_t kLineErrorBodyBytesMax = 300;
// SendResult::detail is shown to staff and logged; it never needs more than this.
inline constexpr std::size_t kSendDetailBytesMax = 1'000;
inline constexpr std::string_view kLineApiBaseDefault = "https://api.line.me";

struct LineChannel {
  std::string access_token;
  std::string api_base = std::string(kLineApiBaseDefault);  // no trailing slash needed
};

// What LINE would accept as sender.name: the name cut to core::kSenderNameCharsMax code points
// and trimmed. LINE refuses the whole message when the name contains "LINE" (any case, half- or
// full-width), so such a name is dropped rather than altered.
struct SenderNameCheck {
  std::string name;            // to send; empty: send no sender object
  std::string dropped_reason;  // why a non-empty input was dropped; empty otherwise
};
SenderNameCheck CheckSenderName(std::string_view sender_name);

// [{"type":"text","text":...,"sender":{"name":...}}]; sender is present only when
// CheckSenderName keeps a name.
std::string BuildTextMessagesJson(std::string_view text, std::string_view sender_name);
// {"replyToken":...,"messages":[...]}
std::string BuildReplyBodyJson(std::string_view reply_token, std::string_view text,
                               std::string_view sender_name);
// {"to":...,"messages":[...]}
std::string BuildPushBodyJson(std::string_view to, std::string_view text,
                              std::string_view sender_name);

// The full HTTP request for item: reply (use_reply_token) or push with X-Line-Retry-Key.
platform::HttpRequest BuildSendRequest(const LineChannel& channel, const app::OutboxItem& item,
                                       bool use_reply_token);

// LINE's error body {"message","details":[{"message","property"}]} as one line:
// "message (property: message; ...)". A body that is not that shape is returned as raw text,
// cut to kLineErrorBodyBytesMax. Control characters and invalid UTF-8 never come through.
std::string DescribeLineError(std::string_view body);

// 2xx: kDelivered. 409 on push: kDelivered (the retry key was accepted before). 400 "Invalid
// reply token" on reply: kReplyTokenRejected. 0 (no response), 429, 5xx: kRetryLater. Any other
// status: kFailed with "<status> <LINE message> (<details>)".
app::SendResult MapSendResponse(const platform::HttpResponse& response, bool is_reply);

class LineSender final : public app::ChannelSender {
 public:
  using Channels = std::map<std::string, LineChannel, std::less<>>;

  explicit LineSender(platform::HttpClient& http, Channels channels = {});

  // Adds or replaces a channel. Call before the first Send: Send may run on several threads
  // and reads the channels without a lock.
  void AddChannel(std::string channel_key, LineChannel channel);

  app::SendResult Send(const app::OutboxItem& item, bool use_reply_token) override;

 private:
  platform::HttpClient& http_;
  Channels channels_;
};

}  // namespace tsunagu::adapters::line
