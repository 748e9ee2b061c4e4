#pragma once

#include <functional>
#include <vector>

#include "app/context.h"

namespace tsunagu::app {

// Step 3: takes stored events in store order and applies each one in its own transaction,
// together with claiming it (StoreTx::ClaimInboundEvent) and marking it processed. The claim
// keeps each sender's events in order, also across nodes: an event waits while an earlier one of
// its sender is pending. A crash before the commit leaves the event pending, so it is applied
// again from scratch; after the commit it is never applied again. A failing event holds back only
// its own sender.
class InboundProcessor {
 public:
  // on_outbox wakes the outbox sender after a commit that queued a message.
  InboundProcessor(AppContext& ctx, std::function<void()> on_outbox);

  // Processes up to one batch; returns true when it processed anything.
  bool RunOnce();

 private:
  // Analysed before the transaction, so that no writer waits for the analyzer.
  core::MessageRisk AssessRisk(const core::InboundEvent& event);
  core::Status Apply(StoreTx& tx, const core::InboundEvent& event, const core::MessageRisk& risk,
                     std::vector<StreamEvent>& published, bool& queued_outbound);

  AppContext& ctx_;
  std::function<void()> on_outbox_;
};

}  // namespace tsunagu::app
