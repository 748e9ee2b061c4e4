#include "core/message.h"

#include "core/enum_names.h"

namespace tsunagu::core {
namespace {

constexpr std::array<EnumName<Direction>, 2> kDirections{{
    {Direction::kInbound, "inbound"},
    {Direction::kOutbound, "outbound"},
}};
constexpr std::array<EnumName<SenderKind>, 4> kSenderKinds{{
    {SenderKind::kClient, "client"},
    {SenderKind::kStaff, "staff"},
    {SenderKind::kBot, "bot"},
    {SenderKind::kSystem, "system"},
}};
constexpr std::array<EnumName<DeliveryState>, 4> kDeliveryStates{{
    {DeliveryState::kReceived, "received"},
    {DeliveryState::kQueued, "queued"},
    {DeliveryState::kDelivered, "delivered"},
    {DeliveryState::kFailed, "failed"},
}};
constexpr std::array<EnumName<ContentKind>, 3> kContentKinds{{
    {ContentKind::kText, "text"},
    {ContentKind::kPostback, "postback"},
    {ContentKind::kUnsupported, "unsupported"},
}};

}  // namespace

const char* DirectionName(Direction v) { return NameIn(kDirections, v); }
const char* SenderKindName(SenderKind v) { return NameIn(kSenderKinds, v); }
const char* DeliveryStateName(DeliveryState v) { return NameIn(kDeliveryStates, v); }
const char* ContentKindName(ContentKind v) { return NameIn(kContentKinds, v); }
std::optional<Direction> ParseDirection(std::string_view n) { return ParseIn(kDirections, n); }
std::optional<SenderKind> ParseSenderKind(std::string_view n) { return ParseIn(kSenderKinds, n); }
std::optional<DeliveryState> ParseDeliveryState(std::string_view n) {
  return ParseIn(kDeliveryStates, n);
}
std::optional<ContentKind> ParseContentKind(std::string_view n) {
  return ParseIn(kContentKinds, n);
}

std::string SpansText(const std::vector<TextSpan>& spans) {
  std::string out;
  for (const TextSpan& span : spans) {
    if (!out.empty()) out += ',';
    out += std::to_string(span.begin) + "-" + std::to_string(span.end);
  }
  return out;
}

namespace {

std::optional<std::size_t> ParseOffset(std::string_view digits) {
  if (digits.empty() || digits.size() > 12) return std::nullopt;
  std::size_t value = 0;
  for (char ch : digits) {
    if (ch < '0' || ch > '9') return std::nullopt;
    value = value * 10 + static_cast<std::size_t>(ch - '0');
  }
  return value;
}

}  // namespace

bool SpansAreOrdered(const std::vector<TextSpan>& spans) {
  std::size_t previous_end = 0;
  for (const TextSpan& span : spans) {
    if (span.begin >= span.end || span.begin < previous_end) return false;
    previous_end = span.end;
  }
  return true;
}

std::optional<std::vector<TextSpan>> ParseSpansText(std::string_view text) {
  std::vector<TextSpan> spans;
  std::size_t previous_end = 0;
  while (!text.empty()) {
    std::size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    std::size_t dash = item.find('-');
    if (dash == std::string_view::npos) return std::nullopt;
    auto begin = ParseOffset(item.substr(0, dash));
    auto end = ParseOffset(item.substr(dash + 1));
    if (!begin || !end || *begin >= *end || *begin < previous_end) return std::nullopt;
    spans.push_back({*begin, *end});
    previous_end = *end;
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
    if (text.empty()) return std::nullopt;  // a trailing comma
  }
  return spans;
}

std::string QuickRepliesText(const std::vector<QuickReply>& items) {
  std::string out;
  for (const QuickReply& item : items) {
    if (!out.empty()) out += '\n';
    out += item.label + '\t' + item.data + '\t' + item.display_text;
  }
  return out;
}

std::optional<std::vector<QuickReply>> ParseQuickRepliesText(std::string_view text) {
  std::vector<QuickReply> items;
  while (!text.empty()) {
    std::size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    std::size_t tab1 = line.find('\t');
    if (tab1 == std::string_view::npos) return std::nullopt;
    std::size_t tab2 = line.find('\t', tab1 + 1);
    if (tab2 == std::string_view::npos || line.find('\t', tab2 + 1) != std::string_view::npos) {
      return std::nullopt;
    }
    QuickReply item{std::string(line.substr(0, tab1)),
                    std::string(line.substr(tab1 + 1, tab2 - tab1 - 1)),
                    std::string(line.substr(tab2 + 1))};
    if (item.label.empty() || item.data.empty()) return std::nullopt;
    items.push_back(std::move(item));
    if (newline == std::string_view::npos) break;
    text.remove_prefix(newline + 1);
    if (text.empty()) return std::nullopt;  // a trailing line break
  }
  return items;
}

}  // namespace tsunagu::core
