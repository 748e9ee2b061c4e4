#include "adapters/channel/line/webhook_parser.h"

#include <boost/json.hpp>
#include <cstdint>
#include <exception>
#include <utility>

#include "core/limits.h"
#include "core/utf8.h"

namespace tsunagu::adapters::line {
namespace {

namespace json = boost::json;

enum class Problem {
  kNotJson,
  kMissing,
  kNotObject,
  kNotArray,
  kNotString,
  kNotInteger,
  kNotBoolean,
  kEmpty,
  kTooLong,
  kOutOfRange,
  kTooManyEvents,
};

struct ProblemText {
  std::string en;
  std::string ja;
};

ProblemText TextOf(Problem problem) {
  switch (problem) {
    case Problem::kNotJson:
      return {"is not valid JSON", "が JSON として不正です"};
    case Problem::kMissing:
      return {"is missing", "がありません"};
    case Problem::kNotObject:
      return {"must be an object", "はオブジェクトである必要があります"};
    case Problem::kNotArray:
      return {"must be an array", "は配列である必要があります"};
    case Problem::kNotString:
      return {"must be a string", "は文字列である必要があります"};
    case Problem::kNotInteger:
      return {"must be an integer", "は整数である必要があります"};
    case Problem::kNotBoolean:
      return {"must be a boolean", "は真偽値である必要があります"};
    case Problem::kEmpty:
      return {"must not be empty", "が空です"};
    case Problem::kTooLong:
      return {"is too long", "が長すぎます"};
    case Problem::kOutOfRange:
      return {"is out of range", "が範囲外です"};
    case Problem::kTooManyEvents: {
      const std::string max = std::to_string(core::kWebhookEventsMax);
      return {"has more than " + max + " events", "のイベント数が上限 " + max + " を超えています"};
    }
  }
  return {"is invalid", "が不正です"};
}

// The message names the path only: values may be a child's words and do not belong in logs.
std::unexpected<core::Error> Invalid(std::string_view path, Problem problem) {
  const ProblemText text = TextOf(problem);
  std::string message = "invalid LINE webhook: ";
  message.append(path).append(" ").append(text.en);
  message.append(" / LINE Webhook が不正です: ").append(path).append(" ").append(text.ja);
  return core::Fail(core::ErrorCode::kInvalidArgument, std::move(message));
}

std::string Join(std::string_view parent, std::string_view key) {
  std::string path(parent);
  if (!path.empty()) path += '.';
  path.append(key);
  return path;
}

struct StringRule {
  bool required = false;      // absent is an error
  bool non_empty = false;     // "" is an error
  std::size_t bytes_max = 0;  // bound on the UTF-8 bytes
  std::size_t chars_max = 0;  // bound on code points; 0: bytes_max alone
};

constexpr StringRule kOptionalId{false, false, kLineIdBytesMax, 0};
constexpr StringRule kRequiredId{true, true, kLineIdBytesMax, 0};
// 4 bytes per code point is the most UTF-8 needs, so chars_max is the binding bound.
constexpr StringRule kText{true, false, 4 * kInboundTextCharsMax, kInboundTextCharsMax};

// Copies obj[key] into out. An absent optional member leaves out empty.
core::Status ReadString(const json::object& obj, std::string_view key, std::string_view parent,
                        const StringRule& rule, std::string& out) {
  const json::value* value = obj.if_contains(key);
  if (value == nullptr) {
    if (rule.required) return Invalid(Join(parent, key), Problem::kMissing);
    return core::Ok();
  }
  const json::string* str = value->if_string();
  if (str == nullptr) return Invalid(Join(parent, key), Problem::kNotString);
  // JSON may carry U+0000 ("\u0000"). It becomes U+FFFD, so that every store keeps the whole
  // text (PostgreSQL text cannot hold NUL, and a C string would end there).
  std::string text;
  text.reserve(str->size());
  for (char ch : std::string_view(str->data(), str->size())) {
    if (ch == '\0') {
      text += "\xEF\xBF\xBD";
    } else {
      text += ch;
    }
  }
  if (rule.non_empty && text.empty()) return Invalid(Join(parent, key), Problem::kEmpty);
  if (text.size() > rule.bytes_max ||
      (rule.chars_max != 0 && core::CountCodePoints(text) > rule.chars_max)) {
    return Invalid(Join(parent, key), Problem::kTooLong);
  }
  out = std::move(text);
  return core::Ok();
}

// obj[key] as an object; nullptr when it is absent and optional.
core::Result<const json::object*> ReadObject(const json::object& obj, std::string_view key,
                                             std::string_view parent, bool required) {
  const json::value* value = obj.if_contains(key);
  if (value == nullptr) {
    if (required) return Invalid(Join(parent, key), Problem::kMissing);
    return nullptr;
  }
  const json::object* member = value->if_object();
  if (member == nullptr) return Invalid(Join(parent, key), Problem::kNotObject);
  return member;
}

core::Status ReadOptionalBool(const json::object& obj, std::string_view key,
                              std::string_view parent, bool& out) {
  const json::value* value = obj.if_contains(key);
  if (value == nullptr) return core::Ok();
  const bool* flag = value->if_bool();
  if (flag == nullptr) return Invalid(Join(parent, key), Problem::kNotBoolean);
  out = *flag;
  return core::Ok();
}

core::Status ReadTimestamp(const json::object& obj, std::string_view parent, core::TimeMs& out) {
  const json::value* value = obj.if_contains("timestamp");
  const std::string path = Join(parent, "timestamp");
  if (value == nullptr) return Invalid(path, Problem::kMissing);
  // Boost.JSON keeps integers above INT64_MAX as uint64; no real time is that large.
  if (value->is_uint64()) return Invalid(path, Problem::kOutOfRange);
  const std::int64_t* ms = value->if_int64();
  if (ms == nullptr) return Invalid(path, Problem::kNotInteger);
  if (*ms < 0) return Invalid(path, Problem::kOutOfRange);
  out = *ms;
  return core::Ok();
}

core::InboundKind KindOf(std::string_view type) {
  if (type == "follow") return core::InboundKind::kFollow;
  if (type == "unfollow") return core::InboundKind::kUnfollow;
  if (type == "message") return core::InboundKind::kMessage;
  if (type == "postback") return core::InboundKind::kPostback;
  // The other 15 types in webhook.yml, and any type LINE adds later, are kept but not handled.
  return core::InboundKind::kUnsupported;
}

// The fields every event has: type, webhookEventId, timestamp, mode, deliveryContext and, on
// replyable events, replyToken.
core::Status ReadCommon(const json::object& obj, std::string_view path, core::InboundEvent& event) {
  constexpr StringRule kTypeRule{true, true, kWebhookTypeNameBytesMax, 0};
  constexpr StringRule kEventIdRule{true, true, kWebhookEventIdBytesMax, 0};
  constexpr StringRule kModeRule{false, false, kWebhookTypeNameBytesMax, 0};
  constexpr StringRule kReplyTokenRule{false, false, kReplyTokenBytesMax, 0};
  if (auto s = ReadString(obj, "type", path, kTypeRule, event.type_name); !s) return s;
  if (auto s = ReadString(obj, "webhookEventId", path, kEventIdRule, event.event_id); !s) return s;
  if (auto s = ReadTimestamp(obj, path, event.occurred_at_ms); !s) return s;
  std::string mode;
  if (auto s = ReadString(obj, "mode", path, kModeRule, mode); !s) return s;
  event.standby = mode == "standby";
  auto delivery = ReadObject(obj, "deliveryContext", path, false);
  if (!delivery) return std::unexpected(delivery.error());
  if (*delivery != nullptr) {
    const std::string delivery_path = Join(path, "deliveryContext");
    if (auto s = ReadOptionalBool(**delivery, "isRedelivery", delivery_path, event.redelivery);
        !s) {
      return s;
    }
  }
  event.kind = KindOf(event.type_name);
  return ReadString(obj, "replyToken", path, kReplyTokenRule, event.reply_token);
}

// source is optional in webhook.yml (module events may lack it), and userId is absent for
// group and room sources outside message events.
core::Status ReadSource(const json::object& obj, std::string_view path, core::InboundEvent& event) {
  auto source = ReadObject(obj, "source", path, false);
  if (!source) return std::unexpected(source.error());
  if (*source == nullptr) return core::Ok();
  const std::string source_path = Join(path, "source");
  if (auto s = ReadString(**source, "type", source_path, kOptionalId, event.source_type); !s) {
    return s;
  }
  return ReadString(**source, "userId", source_path, kOptionalId, event.sender_id);
}

// message{type,id,text?}: only text messages carry text we keep; other types (image, sticker,
// ...) keep their type so that the app can show them as unsupported content.
core::Status ReadMessage(const json::object& obj, std::string_view path,
                         core::InboundEvent& event) {
  auto message = ReadObject(obj, "message", path, true);
  if (!message) return std::unexpected(message.error());
  const std::string message_path = Join(path, "message");
  const json::object& content = **message;
  if (auto s = ReadString(content, "type", message_path, kRequiredId, event.message_type); !s) {
    return s;
  }
  if (auto s = ReadString(content, "id", message_path, kRequiredId, event.message_id); !s) {
    return s;
  }
  if (event.message_type != "text") return core::Ok();
  return ReadString(content, "text", message_path, kText, event.text);
}

core::Status ReadPostback(const json::object& obj, std::string_view path,
                          core::InboundEvent& event) {
  auto postback = ReadObject(obj, "postback", path, true);
  if (!postback) return std::unexpected(postback.error());
  return ReadString(**postback, "data", Join(path, "postback"), kText, event.text);
}

core::Result<core::InboundEvent> ParseEvent(const json::value& value, std::string_view path,
                                            const std::string& channel_key,
                                            core::TimeMs received_at_ms) {
  const json::object* obj = value.if_object();
  if (obj == nullptr) return Invalid(path, Problem::kNotObject);
  core::InboundEvent event;
  event.channel_key = channel_key;
  event.received_at_ms = received_at_ms;
  event.state = core::InboundState::kPending;
  if (auto s = ReadCommon(*obj, path, event); !s) return std::unexpected(s.error());
  if (auto s = ReadSource(*obj, path, event); !s) return std::unexpected(s.error());
  core::Status content = core::Ok();
  if (event.kind == core::InboundKind::kMessage) content = ReadMessage(*obj, path, event);
  if (event.kind == core::InboundKind::kPostback) content = ReadPostback(*obj, path, event);
  if (!content) return std::unexpected(content.error());
  event.raw_json = json::serialize(value);
  return event;
}

core::Result<ParsedWebhook> ParseBody(std::string_view raw_body, const std::string& channel_key,
                                      core::TimeMs received_at_ms) {
  json::error_code ec;
  // Default options: depth at most 32, strict UTF-8, no comments or trailing commas.
  const json::value root = json::parse(json::string_view(raw_body.data(), raw_body.size()), ec);
  if (ec) return Invalid("body", Problem::kNotJson);
  const json::object* obj = root.if_object();
  if (obj == nullptr) return Invalid("body", Problem::kNotObject);
  ParsedWebhook out;
  if (auto s = ReadString(*obj, "destination", "", kOptionalId, out.destination); !s) {
    return std::unexpected(s.error());
  }
  const json::value* events = obj->if_contains("events");
  if (events == nullptr) return Invalid("events", Problem::kMissing);
  const json::array* list = events->if_array();
  if (list == nullptr) return Invalid("events", Problem::kNotArray);
  if (list->size() > core::kWebhookEventsMax) return Invalid("events", Problem::kTooManyEvents);
  out.events.reserve(list->size());
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string path = "events[" + std::to_string(i) + "]";
    auto event = ParseEvent((*list)[i], path, channel_key, received_at_ms);
    if (!event) return std::unexpected(event.error());
    out.events.push_back(std::move(*event));
  }
  return out;
}

}  // namespace

core::Result<ParsedWebhook> ParseWebhook(std::string_view raw_body, const std::string& channel_key,
                                         core::TimeMs received_at_ms) {
  // Boost.JSON reports syntax errors through ec; what is left to throw is allocation failure.
  try {
    return ParseBody(raw_body, channel_key, received_at_ms);
  } catch (const std::exception& e) {
    return core::Fail(core::ErrorCode::kInternal,
                      std::string("LINE webhook parsing failed: ") + e.what());
  }
}

}  // namespace tsunagu::adapters::line
