#pragma once

#include <cstdint>

namespace tsunagu::core {

// Row ids. 0 means "not stored yet".
using StaffId = std::int64_t;
using ProgramId = std::int64_t;
using ClientId = std::int64_t;
using ConversationId = std::int64_t;
using MessageId = std::int64_t;
using InboundEventId = std::int64_t;
using OutboxId = std::int64_t;

// All timestamps are milliseconds since the Unix epoch, UTC.
using TimeMs = std::int64_t;

}  // namespace tsunagu::core
