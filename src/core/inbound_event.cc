#include "core/inbound_event.h"

namespace tsunagu::core {

const char* InboundKindName(InboundKind kind) {
  switch (kind) {
    case InboundKind::kFollow:
      return "follow";
    case InboundKind::kUnfollow:
      return "unfollow";
    case InboundKind::kMessage:
      return "message";
    case InboundKind::kPostback:
      return "postback";
    case InboundKind::kUnsupported:
      return "unsupported";
  }
  return "unsupported";
}

std::optional<InboundKind> ParseInboundKind(std::string_view name) {
  if (name == "follow") return InboundKind::kFollow;
  if (name == "unfollow") return InboundKind::kUnfollow;
  if (name == "message") return InboundKind::kMessage;
  if (name == "postback") return InboundKind::kPostback;
  if (name == "unsupported") return InboundKind::kUnsupported;
  return std::nullopt;
}

}  // namespace tsunagu::core
