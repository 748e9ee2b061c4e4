#include "adapters/storage/sqlite/state_names.h"

namespace tsunagu::adapters::sqlite {

const char* InboundStateName(core::InboundState state) {
  switch (state) {
    case core::InboundState::kPending:
      return "pending";
    case core::InboundState::kProcessed:
      return "processed";
    case core::InboundState::kIgnored:
      return "ignored";
  }
  return "pending";
}

std::optional<core::InboundState> ParseInboundState(std::string_view name) {
  if (name == "pending") return core::InboundState::kPending;
  if (name == "processed") return core::InboundState::kProcessed;
  if (name == "ignored") return core::InboundState::kIgnored;
  return std::nullopt;
}

const char* OutboxStateName(app::OutboxState state) {
  switch (state) {
    case app::OutboxState::kPending:
      return "pending";
    case app::OutboxState::kDone:
      return "done";
    case app::OutboxState::kFailed:
      return "failed";
  }
  return "pending";
}

std::optional<app::OutboxState> ParseOutboxState(std::string_view name) {
  if (name == "pending") return app::OutboxState::kPending;
  if (name == "done") return app::OutboxState::kDone;
  if (name == "failed") return app::OutboxState::kFailed;
  return std::nullopt;
}

}  // namespace tsunagu::adapters::sqlite
