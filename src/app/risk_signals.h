// What a risky inbound message does, inside the transaction that stores it (docs/risk.md, "What
// a signal does"): the conversation's suggested level rises, the waiting queue re-orders by it,
// supervisors get one grouped alert per conversation, and a counselor with several level-2+
// conversations in one shift is flagged for a debrief. The analyzer only suggests: nothing here
// blocks the message or sends anything to the person.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "app/ports/notifier.h"
#include "app/ports/store.h"
#include "core/message.h"
#include "core/result.h"
#include "core/risk/risk_assessment.h"

namespace tsunagu::app {

// How the processor asks for a message's risk (wired in main to RiskAnalyzer::Analyze; empty
// when the analyzer is off). An error leaves the message unassessed, never undelivered.
using RiskAssessor = std::function<core::Result<core::MessageRisk>(std::string_view text)>;

// The stored form of an assessment: counted categories, signals, merged spans, reasons.
core::MessageRisk MessageRiskOf(const core::risk::RiskAssessment& assessment);

struct RiskSettings {
  RiskAssessor assess;
  // The debrief rule's shift: risky conversations counted over this window before now.
  core::TimeMs debrief_window_ms = 8LL * 3600 * 1000;
};

// Applies message's risk (already stored with the message) to its conversation (the caller
// writes the conversation afterwards) and to the alerts; appends what consoles must hear to
// published.
core::Status ApplyRiskSignal(StoreTx& tx, core::Conversation& conversation,
                             const core::Message& message, core::TimeMs now_ms,
                             const RiskSettings& settings, std::vector<StreamEvent>& published);

// Flags staff_id for a debrief when the rule says so and no flag is open; appends the event.
core::Status CheckDebrief(StoreTx& tx, core::StaffId staff_id, core::TimeMs now_ms,
                          const RiskSettings& settings, std::vector<StreamEvent>& published);

}  // namespace tsunagu::app
