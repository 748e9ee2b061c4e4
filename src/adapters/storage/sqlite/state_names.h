// Text names for the two state enums that have none in core or app yet. The names are what the
// tables store, so they must never change; the PostgreSQL adapter needs the same ones.
#pragma once

#include <optional>
#include <string_view>

#include "app/ports/store.h"
#include "core/inbound_event.h"

namespace tsunagu::adapters::sqlite {

const char* InboundStateName(core::InboundState state);
std::optional<core::InboundState> ParseInboundState(std::string_view name);

const char* OutboxStateName(app::OutboxState state);
std::optional<app::OutboxState> ParseOutboxState(std::string_view name);

}  // namespace tsunagu::adapters::sqlite
