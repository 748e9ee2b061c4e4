#include "app/context.h"

namespace tsunagu::app {

const ChannelRoute* RouteOfProgram(const AppContext& ctx, core::ProgramId program_id) {
  for (const auto& [key, route] : ctx.channels) {
    if (route.program_id == program_id) return &route;
  }
  return nullptr;
}

const ChannelRoute* RouteOfProgramKey(const AppContext& ctx, std::string_view program_key) {
  for (const auto& [key, route] : ctx.channels) {
    if (route.program_key == program_key) return &route;
  }
  return nullptr;
}

}  // namespace tsunagu::app
