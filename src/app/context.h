#pragma once

#include <map>
#include <string>

#include "app/ports/clock.h"
#include "app/ports/event_log.h"
#include "app/ports/notifier.h"
#include "app/ports/secrets.h"
#include "app/ports/store.h"
#include "app/risk_signals.h"
#include "bot/auto_reply.h"
#include "core/ids.h"
#include "core/limits.h"

namespace tsunagu::app {

// How one configured channel is routed: to which program, and what the bot says there.
struct ChannelRoute {
  std::string channel_key;
  core::ProgramId program_id = 0;
  bot::AutoReplySettings replies;
};

// The ports every use case needs. Owned by main; use cases hold a reference.
struct AppContext {
  Store& store;
  Clock& clock;
  Secrets& secrets;
  Notifier& notifier;
  EventLog& log;
  std::map<std::string, ChannelRoute> channels;  // by channel key
  core::TimeMs reply_token_validity_ms = core::kReplyTokenValidityMsDefault;
  // How long a claimed outbox item stays with its sender ([workers] outbox_lease_s).
  core::TimeMs outbox_lease_ms = core::kOutboxLeaseMs;
  // The risk analyzer and the debrief rule (docs/risk.md); no assessor: messages go unassessed.
  RiskSettings risk{};
};

}  // namespace tsunagu::app
