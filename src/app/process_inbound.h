#pragma once

#include <functional>
#include <vector>

#include "app/context.h"

namespace tsunagu::app {

// Step 3: takes stored events in store order (so in order per sender) and applies each one in
// its own transaction together with marking it processed. A crash before the commit leaves the
// event pending, so it is applied again from scratch; after the commit it is never applied again.
class InboundProcessor {
 public:
  // on_outbox wakes the outbox sender after a commit that queued a message.
  InboundProcessor(AppContext& ctx, std::function<void()> on_outbox);

  // Processes up to one batch; returns true when it processed anything.
  bool RunOnce();

 private:
  core::Status Apply(StoreTx& tx, const core::InboundEvent& event,
                     std::vector<StreamEvent>& published, bool& queued_outbound);

  AppContext& ctx_;
  std::function<void()> on_outbox_;
};

}  // namespace tsunagu::app
