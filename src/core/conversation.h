#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/ids.h"
#include "core/result.h"

namespace tsunagu::core {

// waiting: nobody has taken it yet; active: a staff member answers; closed: finished.
enum class ConversationStatus { kWaiting, kActive, kClosed };

const char* ConversationStatusName(ConversationStatus status);
std::optional<ConversationStatus> ParseConversationStatus(std::string_view name);

// Where the chatbot is with a conversation (docs/scenarios.md). kNone: the program has no
// scenario; kRunning: the bot talks (the person is not in the queue yet); kHandedOver: the bot
// handed the person to the queue; kEnded: the scenario ended without a counselor.
enum class BotStatus { kNone, kRunning, kHandedOver, kEnded };

const char* BotStatusName(BotStatus status);
std::optional<BotStatus> ParseBotStatus(std::string_view name);

// How a conversation ended (reports count by it; docs/scenarios.md). kNone while it is open.
// staff: closed by a staff member with a wrap-up; idle: the person stayed silent after the
// check-in; closing_time: the program closed with "end" at closing; abandoned: the person left the
// queue (cancelled, blocked, or the queue closed) before anyone took them; out_of_hours, overflow,
// declined, bot_ended: the chatbot ended it (the scenario's end node names which).
enum class EndReason {
  kNone,
  kStaff,
  kIdle,
  kClosingTime,
  kAbandoned,
  kOutOfHours,
  kOverflow,
  kDeclined,
  kBotEnded
};

const char* EndReasonName(EndReason reason);  // "" for kNone
std::optional<EndReason> ParseEndReason(std::string_view name);

struct Conversation {
  ConversationId id = 0;
  ProgramId program_id = 0;
  ClientId client_id = 0;
  std::string channel_key;
  std::string client_pseudonym;  // denormalised for lists
  ConversationStatus status = ConversationStatus::kWaiting;
  std::optional<StaffId> assigned_staff_id;
  TimeMs opened_at_ms = 0;
  TimeMs last_message_at_ms = 0;
  std::optional<TimeMs> closed_at_ms;
  // The newest unused reply token from the client, and when it stops being usable.
  std::string reply_token;
  TimeMs reply_token_expires_at_ms = 0;
  // The risk analyzer's suggestion for the whole conversation (docs/risk.md): the highest level
  // any message suggested (0 none .. 3 imminent; raised, never lowered automatically), the
  // categories seen so far (RiskCategoryName codes, sorted, comma-separated), and when the level
  // last rose. The queue order uses the level (core/queue_order.h).
  int risk_level = 0;
  std::string risk_categories;
  std::optional<TimeMs> risk_raised_at_ms;
  // When the person joined the human queue; unset while the bot still has them. The queue
  // order counts from here (core/queue_order.h).
  std::optional<TimeMs> queued_at_ms;
  // The chatbot's state: the scenario version it runs (bot::ScenarioVersionId), the question
  // it waits at, and its variables (BotVariablesText).
  BotStatus bot_status = BotStatus::kNone;
  std::string bot_scenario;
  std::string bot_node;
  std::string bot_variables;
  // When a staff member first took it (reports: the wait is taken_at - queued_at).
  std::optional<TimeMs> taken_at_ms;
  // The first of the person's messages that staff have not answered yet; cleared by a staff
  // message. The console's reply nudge counts from here.
  std::optional<TimeMs> awaiting_reply_since_ms;
  EndReason end_reason = EndReason::kNone;
  // Closed by the system (idle, closing time) while a staff member had it: the wrap-up is
  // written afterwards.
  bool wrap_up_pending = false;
  // The last queue position the person was told, and when (0: never told).
  int queue_notice_position = 0;
  TimeMs queue_notice_at_ms = 0;

  // Read-only views filled by the store on every read (joined, not stored here): what lists
  // show without a second lookup.
  std::string assigned_staff_name;
  bool client_blocked = false;
};

// Bot variables as stored: "name<TAB>value" lines; a value's backslash, tab and line breaks are
// escaped (\\, \t, \n, \r). Parsing rejects anything else (a damaged row).
std::string BotVariablesText(const std::map<std::string, std::string>& variables);
std::optional<std::map<std::string, std::string>> ParseBotVariablesText(std::string_view text);

// A person's answer to the terms of use, kept as a record of its own (who, which terms, when).
struct Consent {
  std::int64_t id = 0;
  ClientId client_id = 0;
  ConversationId conversation_id = 0;
  std::string terms_version;
  bool agreed = false;
  TimeMs at_ms = 0;
  friend bool operator==(const Consent&, const Consent&) = default;
};

// State transitions. They check the state only; who may do them is in permissions.h.
// Take sets taken_at the first time.
Status Take(Conversation& conversation, StaffId staff_id, const std::string& staff_name,
            TimeMs now_ms);
// Close records how it ended; a system close (idle, closing time) of an assigned conversation
// leaves its wrap-up pending.
Status Close(Conversation& conversation, TimeMs now_ms, EndReason reason);
// A transfer: to another staff member (who then answers), or back to the queue, where the person
// keeps the place they had (queued_at is kept). Refused for a closed conversation, and to the
// staff member who already has it.
Status TransferTo(Conversation& conversation, StaffId staff_id, const std::string& staff_name,
                  TimeMs now_ms);
Status ReturnToQueue(Conversation& conversation, TimeMs now_ms);

struct ReplyToken {
  std::string token;
  TimeMs expires_at_ms = 0;
};

// True while a reply token can still be used at now_ms, keeping a safety margin for the request.
bool ReplyTokenUsable(TimeMs expires_at_ms, TimeMs now_ms);

// Takes the reply token if it is still usable at now_ms and clears it either way, because LINE
// reply tokens are single-use.
std::optional<ReplyToken> TakeReplyToken(Conversation& conversation, TimeMs now_ms);

}  // namespace tsunagu::core
