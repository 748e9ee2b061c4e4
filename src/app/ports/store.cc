#include "app/ports/store.h"

#include "core/enum_names.h"

namespace tsunagu::app {
namespace {

constexpr std::array<core::EnumName<OutboxState>, 3> kOutboxStates{{
    {OutboxState::kPending, "pending"},
    {OutboxState::kDone, "done"},
    {OutboxState::kFailed, "failed"},
}};

}  // namespace

const char* OutboxStateName(OutboxState state) { return core::NameIn(kOutboxStates, state); }
std::optional<OutboxState> ParseOutboxState(std::string_view name) {
  return core::ParseIn(kOutboxStates, name);
}

}  // namespace tsunagu::app
