#pragma once

#include <string>

#include "core/ids.h"

namespace tsunagu::core {

// A person who writes to a program. Staff see the pseudonym, never the LINE display name.
struct Client {
  ClientId id = 0;
  std::string pseudonym;  // e.g. "相談者-7F3K"
  bool blocked = false;   // unfollowed: nothing is pushed until they follow again
  TimeMs created_at_ms = 0;
};

// How a client is reached on one channel. A LINE userId is scoped to one provider, so the
// identity is keyed by the channel key from the config.
struct ChannelIdentity {
  std::string channel_key;  // [line.channels.<key>]
  std::string external_id;  // LINE userId
  ClientId client_id = 0;
};

}  // namespace tsunagu::core
