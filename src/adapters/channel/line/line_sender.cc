#include "adapters/channel/line/line_sender.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <chrono>
#include <exception>
#include <utility>
#include <vector>

#include "core/limits.h"
#include "core/utf8.h"
#include "platform/metrics.h"

namespace tsunagu::adapters::line {
namespace {

namespace json = boost::json;

json::string_view J(std::string_view text) { return {text.data(), text.size()}; }

std::string_view TrimAsciiSpace(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const std::size_t begin = text.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, text.find_last_not_of(kSpace) - begin + 1);
}

// Folds ASCII and full-width Latin letters to lower-case ASCII, so that "Line", "LINE" and
// "ＬＩＮＥ" all become "line". Every other code point becomes '\x01'. Input is valid UTF-8.
std::string FoldLatin(std::string_view text) {
  std::string folded;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      folded += (byte >= 'A' && byte <= 'Z') ? static_cast<char>(byte - 'A' + 'a') : text[i];
      continue;
    }
    if ((byte & 0xC0) == 0x80) continue;  // inside a code point already counted
    char letter = '\x01';
    if (byte == 0xEF && i + 2 < text.size()) {
      const auto b1 = static_cast<unsigned char>(text[i + 1]);
      const auto b2 = static_cast<unsigned char>(text[i + 2]);
      if (b1 == 0xBC && b2 >= 0xA1 && b2 <= 0xBA) letter = static_cast<char>('a' + b2 - 0xA1);
      if (b1 == 0xBD && b2 >= 0x81 && b2 <= 0x9A) letter = static_cast<char>('a' + b2 - 0x81);
    }
    folded += letter;
  }
  return folded;
}

bool HasControlChar(std::string_view text) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) return true;
  }
  return false;
}

json::array TextMessages(std::string_view text, std::string_view sender_name) {
  json::object message;
  message["type"] = "text";
  message["text"] = J(text);
  const SenderNameCheck sender = CheckSenderName(sender_name);
  if (!sender.name.empty()) message["sender"] = json::object{{"name", J(sender.name)}};
  json::array messages;
  messages.push_back(std::move(message));
  return messages;
}

// What one outbox item sends: its text, or its image (LINE image messages carry no text; the
// text is the console's description), with its quick reply buttons as postback actions.
json::array ItemMessages(const app::OutboxItem& item) {
  json::array messages = TextMessages(item.text, item.sender_name);
  json::object& message = messages[0].as_object();
  if (item.content_type == "image" && !item.media_url.empty()) {
    message.erase("text");
    message["type"] = "image";
    message["originalContentUrl"] = J(item.media_url);
    message["previewImageUrl"] = J(item.media_url);
  }
  if (!item.quick_replies.empty()) {
    json::array buttons;
    for (const core::QuickReply& q : item.quick_replies) {
      json::object action{{"type", "postback"}, {"label", J(q.label)}, {"data", J(q.data)}};
      if (!q.display_text.empty()) action["displayText"] = J(q.display_text);
      buttons.push_back(json::object{{"type", "action"}, {"action", std::move(action)}});
    }
    message["quickReply"] = json::object{{"items", std::move(buttons)}};
  }
  return messages;
}

// Text from outside (an error body, a network error) made safe for a log line and the console.
std::string SafeText(std::string_view text, std::size_t max_bytes) {
  std::string out = core::ReplaceControlChars(core::TruncateBytes(text, max_bytes));
  if (!core::IsValidUtf8(out)) {
    for (char& c : out) {
      if (static_cast<unsigned char>(c) >= 0x80) c = '?';
    }
  }
  return out;
}

struct LineError {
  bool parsed = false;  // the body had LINE's error shape
  std::string message;
  std::vector<std::pair<std::string, std::string>> details;  // property, message
};

std::string StringMember(const json::object& obj, std::string_view key) {
  const json::value* value = obj.if_contains(J(key));
  if (value == nullptr || !value->is_string()) return {};
  return std::string(value->get_string());
}

LineError ParseLineError(std::string_view body) {
  LineError error;
  json::error_code ec;
  const json::value root = json::parse(J(body), ec);
  const json::object* obj = ec ? nullptr : root.if_object();
  if (obj == nullptr) return error;
  const json::value* message = obj->if_contains("message");
  if (message == nullptr || !message->is_string()) return error;
  error.parsed = true;
  error.message = std::string(message->get_string());
  const json::value* details = obj->if_contains("details");
  const json::array* list = details == nullptr ? nullptr : details->if_array();
  if (list == nullptr) return error;
  for (const json::value& item : *list) {
    const json::object* detail = item.if_object();
    if (detail == nullptr) continue;
    error.details.emplace_back(StringMember(*detail, "property"), StringMember(*detail, "message"));
  }
  return error;
}

std::string DescribeParsed(const LineError& error) {
  std::string out = error.message;
  if (error.details.empty()) return out;
  out += " (";
  for (std::size_t i = 0; i < error.details.size(); ++i) {
    const auto& [property, message] = error.details[i];
    if (i > 0) out += "; ";
    if (!property.empty()) out.append(property).append(": ");
    out += message;
  }
  out += ")";
  return out;
}

std::string WithRequestId(std::string detail, const platform::HttpResponse& response) {
  const std::string request_id = response.Header("x-line-request-id");
  if (!request_id.empty()) detail.append(" x-line-request-id=").append(request_id);
  return SafeText(detail, kSendDetailBytesMax);
}

std::string JoinUrl(std::string_view base, std::string_view path) {
  if (base.empty()) base = kLineApiBaseDefault;
  while (!base.empty() && base.back() == '/') base.remove_suffix(1);
  std::string url(base);
  url.append(path);
  return url;
}

}  // namespace

SenderNameCheck CheckSenderName(std::string_view sender_name) {
  if (sender_name.empty()) return {};
  if (!core::IsValidUtf8(sender_name)) return {"", "sender name is not valid UTF-8"};
  if (HasControlChar(sender_name)) return {"", "sender name contains control characters"};
  const std::string_view name = TrimAsciiSpace(
      core::TruncateCodePoints(TrimAsciiSpace(sender_name), core::kSenderNameCharsMax));
  if (name.empty()) return {"", "sender name is blank"};
  // Checked after cutting: what matters is the name LINE would receive.
  if (FoldLatin(name).find("line") != std::string::npos) {
    return {"", "sender name contains \"LINE\", which LINE refuses in sender.name"};
  }
  return {std::string(name), ""};
}

std::string BuildTextMessagesJson(std::string_view text, std::string_view sender_name) {
  return json::serialize(TextMessages(text, sender_name));
}

namespace {

std::string ReplyBody(const app::OutboxItem& item) {
  json::object body;
  body["replyToken"] = J(item.reply_token);
  body["messages"] = ItemMessages(item);
  return json::serialize(body);
}

std::string PushBody(const app::OutboxItem& item) {
  json::object body;
  body["to"] = J(item.recipient_id);
  body["messages"] = ItemMessages(item);
  return json::serialize(body);
}

app::OutboxItem TextItem(std::string_view text, std::string_view sender_name) {
  app::OutboxItem item;
  item.text = text;
  item.sender_name = sender_name;
  return item;
}

}  // namespace

std::string BuildReplyBodyJson(std::string_view reply_token, std::string_view text,
                               std::string_view sender_name) {
  app::OutboxItem item = TextItem(text, sender_name);
  item.reply_token = reply_token;
  return ReplyBody(item);
}

std::string BuildPushBodyJson(std::string_view to, std::string_view text,
                              std::string_view sender_name) {
  app::OutboxItem item = TextItem(text, sender_name);
  item.recipient_id = to;
  return PushBody(item);
}

platform::HttpRequest BuildSendRequest(const LineChannel& channel, const app::OutboxItem& item,
                                       bool use_reply_token) {
  platform::HttpRequest request;
  request.method = "POST";
  request.timeout = std::chrono::milliseconds(kLineRequestTimeoutMs);
  request.headers.emplace_back("Authorization", "Bearer " + channel.access_token);
  request.headers.emplace_back("Content-Type", "application/json");
  if (use_reply_token) {
    request.url = JoinUrl(channel.api_base, "/v2/bot/message/reply");
    request.body = ReplyBody(item);
    return request;
  }
  request.url = JoinUrl(channel.api_base, "/v2/bot/message/push");
  // LINE answers 400 to a retry key on reply, so the header goes on push only.
  if (!item.retry_key.empty()) request.headers.emplace_back("X-Line-Retry-Key", item.retry_key);
  request.body = PushBody(item);
  return request;
}

std::string DescribeLineError(std::string_view body) {
  const LineError error = ParseLineError(body);
  if (!error.parsed) return SafeText(body, kLineErrorBodyBytesMax);
  return SafeText(DescribeParsed(error), kSendDetailBytesMax);
}

app::SendResult MapSendResponse(const platform::HttpResponse& response, bool is_reply) {
  using app::SendOutcome;
  const int status = response.status;
  if (status == 0) {
    return {SendOutcome::kRetryLater,
            SafeText("no response: " + response.error, kSendDetailBytesMax)};
  }
  if (status >= 200 && status < 300) {
    return {SendOutcome::kDelivered, WithRequestId(std::to_string(status), response)};
  }
  if (status == 409 && !is_reply) {
    std::string detail = "409 retry key already accepted; x-line-accepted-request-id=" +
                         response.Header("x-line-accepted-request-id");
    return {SendOutcome::kDelivered, WithRequestId(std::move(detail), response)};
  }
  const LineError error = ParseLineError(response.body);
  const std::string described =
      error.parsed ? DescribeParsed(error) : SafeText(response.body, kLineErrorBodyBytesMax);
  std::string detail = WithRequestId(std::to_string(status) + " " + described, response);
  if (is_reply && status == 400 && error.message == "Invalid reply token") {
    return {SendOutcome::kReplyTokenRejected, std::move(detail)};
  }
  // 429 covers rate limits and the monthly quota alike; only the message tells them apart.
  if (status == 429 || (status >= 500 && status < 600)) {
    return {SendOutcome::kRetryLater, std::move(detail)};
  }
  return {SendOutcome::kFailed, std::move(detail)};
}

LineSender::LineSender(platform::HttpClient& http, Channels channels)
    : http_(http), channels_(std::move(channels)) {}

void LineSender::AddChannel(std::string channel_key, LineChannel channel) {
  channels_.insert_or_assign(std::move(channel_key), std::move(channel));
}

namespace {

const char* OutcomeName(app::SendOutcome outcome) {
  switch (outcome) {
    case app::SendOutcome::kDelivered:
      return "delivered";
    case app::SendOutcome::kReplyTokenRejected:
      return "reply_token_rejected";
    case app::SendOutcome::kRetryLater:
      return "retry_later";
    case app::SendOutcome::kFailed:
      return "failed";
  }
  return "failed";
}

void CountSend(bool reply, app::SendOutcome outcome) {
  platform::Registry::Global()
      .GetCounter("tsunagu_line_sends_total", "Calls to LINE's reply and push, by outcome",
                  {{"kind", reply ? "reply" : "push"}, {"outcome", OutcomeName(outcome)}})
      .Add();
}

}  // namespace

app::SendResult LineSender::Send(const app::OutboxItem& item, bool use_reply_token) {
  const auto it = channels_.find(item.channel_key);
  if (it == channels_.end()) {
    return {app::SendOutcome::kFailed,
            SafeText("unknown LINE channel \"" + item.channel_key + "\" (not in [line.channels])",
                     kSendDetailBytesMax)};
  }
  // Without a token there is nothing to reply with; the caller falls back to push.
  if (use_reply_token && item.reply_token.empty()) {
    return {app::SendOutcome::kReplyTokenRejected, "no reply token"};
  }
  if (!use_reply_token && item.recipient_id.empty()) {
    return {app::SendOutcome::kFailed, "no recipient for push"};
  }
  const SenderNameCheck sender = CheckSenderName(item.sender_name);
  if (!sender.dropped_reason.empty()) {
    spdlog::warn("LINE channel {} outbox {}: sent without sender name: {}", item.channel_key,
                 item.id, sender.dropped_reason);
  }
  try {
    const platform::HttpRequest request = BuildSendRequest(it->second, item, use_reply_token);
    app::SendResult result = MapSendResponse(http_.Send(request), use_reply_token);
    CountSend(use_reply_token, result.outcome);
    return result;
  } catch (const std::exception& e) {
    // HttpClient promises not to throw; if one does anyway, the outbox should try again.
    return {app::SendOutcome::kRetryLater,
            SafeText(std::string("LINE send failed: ") + e.what(), kSendDetailBytesMax)};
  }
}

}  // namespace tsunagu::adapters::line
