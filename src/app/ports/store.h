// The Store port: everything the use cases keep. SQLite implements it today; a PostgreSQL
// adapter implements the same interface (and passes the same contract tests) without touching
// app or core. Every call runs inside a transaction opened by Store::Transact.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/ports/notifier.h"
#include "core/client.h"
#include "core/conversation.h"
#include "core/inbound_event.h"
#include "core/message.h"
#include "core/program.h"
#include "core/result.h"
#include "core/risk_signals.h"
#include "core/staff.h"
#include "core/wrap_up.h"

namespace tsunagu::app {

// One pending send. It refers to the stored outbound message it delivers.
enum class OutboxState { kPending, kDone, kFailed };

const char* OutboxStateName(OutboxState state);
std::optional<OutboxState> ParseOutboxState(std::string_view name);

struct OutboxItem {
  core::OutboxId id = 0;
  core::MessageId message_id = 0;
  std::string channel_key;
  std::string recipient_id;  // LINE userId (or group id)
  std::string text;          // copied from the message when claimed
  // Also copied from the message when claimed: buttons, and an image (content_type "image").
  std::string content_type;
  std::vector<core::QuickReply> quick_replies;
  std::string media_url;
  std::string sender_name;  // empty for bot/system messages without a named sender
  std::string reply_token;  // empty: push
  core::TimeMs reply_token_expires_at_ms = 0;
  std::string retry_key;  // X-Line-Retry-Key for push; the same on every attempt
  int attempts = 0;
  core::TimeMs next_attempt_at_ms = 0;
  core::TimeMs created_at_ms = 0;
  OutboxState state = OutboxState::kPending;
  std::string last_error;
};

struct Session {
  std::string token_hash;  // SHA-256 of the cookie value; the cookie itself is never stored
  core::StaffId staff_id = 0;
  std::string csrf_token;
  core::TimeMs created_at_ms = 0;
  core::TimeMs expires_at_ms = 0;
};

struct AuditRecord {
  std::int64_t id = 0;
  core::TimeMs at_ms = 0;
  std::optional<core::StaffId> actor_staff_id;
  std::string action;       // "login", "login_failed", "conversation.view", ...
  std::string target_type;  // "conversation", "staff", ...
  std::string target_id;
  std::string detail;  // never message text
};

// A stored audit record with its link in the hash chain (core/audit_chain.h): prev_hash is the
// hash of the record before it, hash covers prev_hash and this record's fields.
struct ChainedAuditRecord {
  AuditRecord record;
  std::string prev_hash;
  std::string hash;
};

// Where the chain ends: the last appended record, kept in a row of its own so that records
// missing from the end show. Records with ids up to legacy_last_id existed before the chain
// (migration 0007 chained them) and may have gaps between their ids.
struct AuditChainHead {
  std::int64_t last_id = 0;
  std::string last_hash;
  std::int64_t legacy_last_id = 0;
};

// A search of the audit log: every set field must match; newest first.
struct AuditFilter {
  std::string action;  // "": any
  std::optional<core::StaffId> actor_staff_id;
  std::string target_type;                // "": any
  std::string target_id;                  // "": any
  std::optional<core::TimeMs> from_ms;    // at_ms >= from_ms
  std::optional<core::TimeMs> to_ms;      // at_ms < to_ms
  std::optional<std::int64_t> before_id;  // id < before_id: the next page
  std::size_t limit = 100;                // capped at core::kAuditPageMax
};

// One change that consoles on every node must see: the stream journal. Each node publishes its
// own changes to its own consoles at once and appends them here; the other nodes read the journal
// after the id they saw last (woken by the store's change feed), so a lost wake-up only delays.
struct StreamRecord {
  std::int64_t id = 0;  // set by the store; increases in commit order of appends
  core::TimeMs at_ms = 0;
  std::string node_id;  // the node that published it (it skips its own records)
  StreamEventKind kind = StreamEventKind::kConversationUpdated;
  core::ConversationId conversation_id = 0;
  core::MessageId message_id = 0;  // 0: the event carries no message
  // What decided who could see the conversation before the change (StreamEvent::before).
  bool has_before = false;
  core::ConversationStatus before_status = core::ConversationStatus::kWaiting;
  std::optional<core::StaffId> before_assigned_staff_id;
  // kRiskAlert: the alert's id; kDebriefFlag: the flag's id; 0 otherwise.
  std::int64_t subject_id = 0;
  bool sound = false;
};

// Work due at a time, kept in the database so that it survives the node that scheduled it.
// (kind, subject) is unique: scheduling it again moves it.
struct Timer {
  std::int64_t id = 0;
  std::string kind;     // who runs it, e.g. "purge.sessions"
  std::string subject;  // what it is about, e.g. a conversation id; "" for periodic jobs
  core::TimeMs due_at_ms = 0;
  int attempts = 0;  // failed runs so far
  std::string last_error;
};

// A chatbot scenario as loaded (docs/scenarios.md). Every version a conversation ran is kept,
// so that a conversation in the middle of a scenario goes on with it after a reload or a
// restart, on any node. The active one of a key is the one activated last.
struct ScenarioVersion {
  std::string scenario_key;
  std::string version_id;  // bot::ScenarioVersionId; unique
  std::string source;      // the file's text
  core::TimeMs activated_at_ms = 0;
  std::string activated_by;  // a staff login, or "startup"
};

// One version of a template (docs/templates.md). Versions of (program_key, key) count from 1;
// the latest is the one in use. Older ones stay for the record.
struct TemplateVersion {
  std::string program_key;
  std::string key;  // e.g. "please_wait"
  int version = 0;
  std::string body;
  std::string created_by;  // a staff login, or "startup" for the shipped default
  core::TimeMs created_at_ms = 0;
  friend bool operator==(const TemplateVersion&, const TemplateVersion&) = default;
};

// A staff member's console says it is open (status "online" or "away"); the dashboard counts
// them as present until last_seen_ms is older than [presence] timeout_seconds.
struct StaffPresence {
  core::StaffId staff_id = 0;
  std::string status;
  core::TimeMs last_seen_ms = 0;
  friend bool operator==(const StaffPresence&, const StaffPresence&) = default;
};

// One answer to the after-close survey (docs/scenarios.md); one per question and conversation.
struct SurveyAnswer {
  core::ConversationId conversation_id = 0;
  std::string question;  // the survey scenario's node id
  std::string answer;    // the button's value
  core::TimeMs at_ms = 0;
};

// How often each answer was given, over the conversations a report covers.
struct SurveyAnswerCount {
  std::string question;
  std::string answer;
  int count = 0;
  friend bool operator==(const SurveyAnswerCount&, const SurveyAnswerCount&) = default;
};

// The facts about one conversation that the counts of a report are made from.
struct ConversationFact {
  core::ConversationId id = 0;
  core::ConversationStatus status = core::ConversationStatus::kWaiting;
  core::BotStatus bot_status = core::BotStatus::kNone;
  core::EndReason end_reason = core::EndReason::kNone;
  core::TimeMs opened_at_ms = 0;
  std::optional<core::TimeMs> queued_at_ms;
  std::optional<core::TimeMs> taken_at_ms;
  std::optional<core::TimeMs> closed_at_ms;
};

// The queue of one program right now.
// A value of a sealed column exactly as stored (app/ports/field_cipher.h), for `keys rotate`.
struct StoredValue {
  std::int64_t id = 0;  // the row's id
  std::string stored;
};

struct QueueSummary {
  int queued = 0;  // waiting, unassigned, queued_at set (as CountQueued)
  std::optional<core::TimeMs> oldest_queued_at_ms;
  int active = 0;  // status active, someone assigned (as CountOpenByStaff)
};

struct ConversationFilter {
  std::vector<core::ConversationStatus> statuses;  // empty: any
  std::optional<core::ProgramId> program_id;       // unset: every program
  std::optional<core::StaffId> assigned_staff_id;
  bool unassigned_only = false;
  // Only people in the human queue (queued_at_ms set): not those the chatbot still talks to.
  bool queued_only = false;
  // Only conversations whose wrap-up is still to write (closed by the system while someone had it).
  bool wrap_up_pending_only = false;
  // false: newest activity first; true: the queue order, core::WaitsBefore (higher suggested
  // risk first, then the earliest queued).
  bool queue_order = false;
  std::size_t limit = 100;
};

// The operations inside one transaction. Implementations throw nothing: every failure is a
// Result error (a busy database is kUnavailable).
class StoreTx {
 public:
  virtual ~StoreTx() = default;

  // Programs and staff.
  virtual core::Result<core::Program> UpsertProgram(const std::string& key,
                                                    const std::string& name) = 0;
  virtual core::Result<std::optional<core::Program>> FindProgramByKey(const std::string& key) = 0;
  virtual core::Result<core::StaffId> InsertStaff(
      const core::Staff& staff) = 0;  // kConflict on login
  virtual core::Result<std::optional<core::Staff>> FindStaffByLogin(const std::string& login) = 0;
  virtual core::Result<std::optional<core::Staff>> GetStaff(core::StaffId id) = 0;
  virtual core::Result<std::vector<core::Staff>> ListStaff() = 0;

  // Inbound events: inserted once per (channel_key, event_id); false means a duplicate.
  virtual core::Result<bool> InsertInboundEvent(const core::InboundEvent& event) = 0;
  // Pending events in store order (the order they were committed). A list of candidates only:
  // process one after ClaimInboundEvent has taken it.
  virtual core::Result<std::vector<core::InboundEvent>> ListPendingInboundEvents(
      std::size_t limit) = 0;
  // Takes the pending event `id` for this transaction (a row lock on PostgreSQL, held until the
  // transaction ends) when it is its source's next one: still pending, not held by another
  // transaction, and no earlier event of the same (channel_key, sender_id) is pending. nullopt
  // otherwise: another node has it, or it waits for an earlier one. This keeps order per sender
  // across nodes and processes each event once.
  virtual core::Result<std::optional<core::InboundEvent>> ClaimInboundEvent(
      core::InboundEventId id) = 0;
  virtual core::Status SetInboundEventState(core::InboundEventId id, core::InboundState state,
                                            core::TimeMs at_ms) = 0;
  virtual core::Result<std::optional<core::InboundEvent>> FindInboundEvent(
      const std::string& channel_key, const std::string& event_id) = 0;

  // Clients and their channel identities.
  virtual core::Result<std::optional<core::Client>> FindClientByIdentity(
      const std::string& channel_key, const std::string& external_id) = 0;
  // Creates the client and its identity together.
  virtual core::Result<core::Client> InsertClient(const core::Client& client,
                                                  const core::ChannelIdentity& identity) = 0;
  virtual core::Result<std::optional<core::Client>> GetClient(core::ClientId id) = 0;
  virtual core::Status SetClientBlocked(core::ClientId id, bool blocked) = 0;
  virtual core::Result<std::optional<core::ChannelIdentity>> FindIdentityOfClient(
      core::ClientId id, const std::string& channel_key) = 0;

  // Conversations. FindOpenConversation and GetConversationForUpdate keep the row locked for the
  // rest of the transaction (PostgreSQL: FOR NO KEY UPDATE), so that reading a conversation,
  // changing it and writing it back cannot lose a change made meanwhile by another node. Use
  // them on every path that ends in UpdateConversation; GetConversation only reads.
  virtual core::Result<std::optional<core::Conversation>> FindOpenConversation(
      core::ClientId client_id, core::ProgramId program_id) = 0;
  virtual core::Result<std::optional<core::Conversation>> GetConversationForUpdate(
      core::ConversationId id) = 0;
  virtual core::Result<core::ConversationId> InsertConversation(
      const core::Conversation& conversation) = 0;
  virtual core::Result<std::optional<core::Conversation>> GetConversation(
      core::ConversationId id) = 0;
  virtual core::Status UpdateConversation(const core::Conversation& conversation) = 0;
  // Newest activity first.
  virtual core::Result<std::vector<core::Conversation>> ListConversations(
      const ConversationFilter& filter) = 0;

  // Consents to the terms of use, oldest first.
  virtual core::Result<std::int64_t> InsertConsent(const core::Consent& consent) = 0;
  virtual core::Result<std::vector<core::Consent>> ListConsentsOfClient(core::ClientId id) = 0;

  // Chatbot scenarios. Activate stores the version if it is new (true) and makes it the active
  // one of its key either way.
  virtual core::Result<bool> ActivateScenarioVersion(const ScenarioVersion& version) = 0;
  virtual core::Result<std::optional<ScenarioVersion>> ActiveScenarioVersion(
      const std::string& scenario_key) = 0;
  virtual core::Result<std::optional<ScenarioVersion>> FindScenarioVersion(
      const std::string& version_id) = 0;

  // Messages, oldest first.
  virtual core::Result<core::MessageId> InsertMessage(const core::Message& message) = 0;
  virtual core::Result<std::optional<core::Message>> GetMessage(core::MessageId id) = 0;
  virtual core::Result<std::vector<core::Message>> ListMessages(core::ConversationId id,
                                                                core::MessageId after_id,
                                                                std::size_t limit) = 0;
  virtual core::Status SetMessageDelivery(core::MessageId id, core::DeliveryState state,
                                          const std::string& error) = 0;

  // Outbox.
  virtual core::Result<core::OutboxId> InsertOutbox(const OutboxItem& item) = 0;
  // Pending items due at now_ms, oldest first; each is leased until now_ms + lease_ms so that
  // a second sender does not take it, and a crashed sender's lease runs out. Only the head of
  // each recipient's queue is taken (no earlier pending item to the same channel_key and
  // recipient_id, leased or not), so messages to one person go out one at a time, in order,
  // whichever node sends them.
  virtual core::Result<std::vector<OutboxItem>> ClaimDueOutbox(core::TimeMs now_ms,
                                                               core::TimeMs lease_ms,
                                                               std::size_t limit) = 0;
  virtual core::Status UpdateOutbox(const OutboxItem& item) = 0;
  virtual core::Result<std::optional<OutboxItem>> GetOutbox(core::OutboxId id) = 0;

  // Sessions.
  virtual core::Status InsertSession(const Session& session) = 0;
  virtual core::Result<std::optional<Session>> FindSession(const std::string& token_hash) = 0;
  virtual core::Status DeleteSession(const std::string& token_hash) = 0;
  // Deletes up to `limit` sessions that expired at or before now_ms; returns how many.
  virtual core::Result<std::size_t> DeleteExpiredSessions(core::TimeMs now_ms,
                                                          std::size_t limit) = 0;

  // Audit log: append only. Appending links the record into the hash chain: it takes the next
  // id after the chain head and the head's hash as prev_hash, under a lock that serialises
  // appends across nodes (PostgreSQL: the head row FOR UPDATE until the transaction ends), so
  // that no two records link to the same predecessor. record.id is ignored.
  virtual core::Status AppendAudit(const AuditRecord& record) = 0;
  virtual core::Result<std::vector<AuditRecord>> ListAudit(std::size_t limit) = 0;
  // The chain's head; nullopt while nothing was ever appended.
  virtual core::Result<std::optional<AuditChainHead>> GetAuditChainHead() = 0;
  // Records with id > after_id, oldest first, with their links (for `tsunagu audit verify`);
  // limit is capped at core::kAuditPageMax.
  virtual core::Result<std::vector<ChainedAuditRecord>> ListAuditChain(std::int64_t after_id,
                                                                       std::size_t limit) = 0;
  // The records that match, newest first, with their links.
  virtual core::Result<std::vector<ChainedAuditRecord>> SearchAudit(const AuditFilter& filter) = 0;

  // Stream journal. Appending wakes the change feeds of every node when the transaction commits.
  virtual core::Result<std::int64_t> AppendStreamRecord(const StreamRecord& record) = 0;
  // Records with id > after_id, oldest first.
  virtual core::Result<std::vector<StreamRecord>> ListStreamRecordsAfter(std::int64_t after_id,
                                                                         std::size_t limit) = 0;
  // The newest id, 0 when empty: where a starting node begins reading.
  virtual core::Result<std::int64_t> LastStreamRecordId() = 0;
  // Deletes up to `limit` records older than before_ms; returns how many.
  virtual core::Result<std::size_t> DeleteStreamRecordsBefore(core::TimeMs before_ms,
                                                              std::size_t limit) = 0;

  // Timers. Scheduling inserts the timer or moves it (and frees any lease).
  virtual core::Status ScheduleTimer(const std::string& kind, const std::string& subject,
                                     core::TimeMs due_at_ms) = 0;
  // Removes a scheduled timer; removing one that does not exist is not an error.
  virtual core::Status CancelTimer(const std::string& kind, const std::string& subject) = 0;
  // Timers due at now_ms, earliest first, each leased until now_ms + lease_ms (skipping timers
  // that another transaction holds). A node that dies mid-run leaves the lease to run out.
  virtual core::Result<std::vector<Timer>> ClaimDueTimers(core::TimeMs now_ms,
                                                          core::TimeMs lease_ms,
                                                          std::size_t limit) = 0;
  // Deletes a claimed timer after its run, unless it was scheduled again meanwhile (its
  // due_at_ms changed); then the new schedule stands.
  virtual core::Status FinishTimer(const Timer& timer) = 0;
  // Records a failed run: attempts + 1, last_error, due again at next_due_ms, lease freed.
  // Does nothing when the timer was scheduled again meanwhile.
  virtual core::Status RetryTimer(const Timer& timer, core::TimeMs next_due_ms,
                                  const std::string& error) = 0;

  // Risk alerts: at most one open (unacknowledged) alert per conversation.
  virtual core::Result<std::optional<core::RiskAlert>> FindOpenRiskAlert(
      core::ConversationId conversation) = 0;
  virtual core::Result<std::optional<core::RiskAlert>> GetRiskAlert(std::int64_t id) = 0;
  // kConflict when the conversation already has an open alert.
  virtual core::Result<std::int64_t> InsertRiskAlert(const core::RiskAlert& alert) = 0;
  // Writes level, categories, last_at_ms, message_count and the acknowledgement.
  virtual core::Status UpdateRiskAlert(const core::RiskAlert& alert) = 0;
  // Open alerts, highest level first, then the oldest.
  virtual core::Result<std::vector<core::RiskAlert>> ListOpenRiskAlerts(std::size_t limit) = 0;

  // The level-3 emergency checklist: each step once per conversation; false when the step was
  // recorded already (the first record stands).
  virtual core::Result<bool> RecordEmergencyStep(core::ConversationId conversation,
                                                 const core::EmergencyStepRecord& record) = 0;
  // In the order they were recorded, with done_by_name filled.
  virtual core::Result<std::vector<core::EmergencyStepRecord>> ListEmergencySteps(
      core::ConversationId conversation) = 0;

  // People of a program waiting in the human queue: waiting, nobody assigned, queued_at set.
  virtual core::Result<int> CountQueued(core::ProgramId program_id) = 0;
  // Debriefs: conversations assigned to staff_id with a suggested level of at least min_level
  // and activity at or after since_ms.
  virtual core::Result<int> CountRiskyConversationsOf(core::StaffId staff_id, int min_level,
                                                      core::TimeMs since_ms) = 0;
  virtual core::Result<std::optional<core::DebriefFlag>> FindOpenDebriefFlag(
      core::StaffId staff_id) = 0;
  virtual core::Result<std::optional<core::DebriefFlag>> GetDebriefFlag(std::int64_t id) = 0;
  // kConflict when the staff member already has an open flag.
  virtual core::Result<std::int64_t> InsertDebriefFlag(const core::DebriefFlag& flag) = 0;
  // Sets cleared_by and cleared_at_ms; kNotFound unless the flag exists and is open.
  virtual core::Status ClearDebriefFlag(std::int64_t id, core::StaffId by, core::TimeMs at_ms) = 0;
  // Open flags, oldest first, with staff_name filled.
  virtual core::Result<std::vector<core::DebriefFlag>> ListOpenDebriefFlags(std::size_t limit) = 0;

  // Audit records about one target with one action, oldest first (e.g. the disclosures of a
  // conversation).
  virtual core::Result<std::vector<AuditRecord>> ListAuditFor(const std::string& target_type,
                                                              const std::string& target_id,
                                                              const std::string& action,
                                                              std::size_t limit) = 0;

  // Singleton work: true when this transaction now holds the named lock (released when it ends),
  // false when another transaction holds it. SQLite serialises writers, so there it is true.
  virtual core::Result<bool> TryLockJob(const std::string& name) = 0;

  // Templates: versions are only added. kConflict when (program_key, key, version) exists.
  virtual core::Status InsertTemplateVersion(const TemplateVersion& version) = 0;
  // The latest version of each of the program's templates, by key.
  virtual core::Result<std::vector<TemplateVersion>> LatestTemplates(
      const std::string& program_key) = 0;
  // Every version of one template, newest first.
  virtual core::Result<std::vector<TemplateVersion>> ListTemplateVersions(
      const std::string& program_key, const std::string& key, std::size_t limit) = 0;

  // Presence: one row per staff member, replaced on each report.
  virtual core::Status UpsertPresence(const StaffPresence& presence) = 0;
  // Deleting a row that does not exist is not an error.
  virtual core::Status DeletePresence(core::StaffId staff_id) = 0;
  virtual core::Result<std::vector<StaffPresence>> ListPresence() = 0;

  // Active conversations (status active, someone assigned) per staff member; staff without any
  // are absent.
  virtual core::Result<std::vector<std::pair<core::StaffId, int>>> CountOpenByStaff() = 0;
  virtual core::Result<QueueSummary> SummarizeQueue(core::ProgramId program_id) = 0;

  // The after-close survey: false when that question of that conversation has an answer already
  // (the first stands).
  virtual core::Result<bool> InsertSurveyAnswer(const SurveyAnswer& answer) = 0;
  // Counts of the answers of the program's conversations opened in [from_ms, to_ms), sorted by
  // question and answer.
  virtual core::Result<std::vector<SurveyAnswerCount>> CountSurveyAnswers(
      core::ProgramId program_id, core::TimeMs from_ms, core::TimeMs to_ms) = 0;

  // The program's conversations opened in [from_ms, to_ms) with id > after_id, by id (a page of
  // at most `limit`).
  virtual core::Result<std::vector<ConversationFact>> ListConversationFacts(
      core::ProgramId program_id, core::TimeMs from_ms, core::TimeMs to_ms,
      core::ConversationId after_id, std::size_t limit) = 0;

  // Wrap-ups (core/wrap_up.h): at most one per conversation, stored with its topics as rows of
  // their own so that reports can count them. kConflict when the conversation has one already,
  // kNotFound when the conversation or the staff member does not exist.
  virtual core::Status InsertWrapUp(const core::WrapUp& wrap_up) = 0;
  // topic_codes come back sorted.
  virtual core::Result<std::optional<core::WrapUp>> GetWrapUp(core::ConversationId id) = 0;

  // Encryption at rest, for `tsunagu keys rotate`: `column` is the name of one of
  // app::kSealedColumns (kInvalidArgument otherwise); values are as stored, never opened.
  // The values of rows with id > after_id, by id, at most limit (capped at
  // core::kStoredValuesPageMax).
  virtual core::Result<std::vector<StoredValue>> ListStoredValues(std::string_view column,
                                                                  std::int64_t after_id,
                                                                  std::size_t limit) = 0;
  // Writes replacement when the row still holds expected; false when it changed meanwhile (a
  // writer sealed a new value) or is gone, so a rotation never overwrites newer data.
  virtual core::Result<bool> ReplaceStoredValue(std::string_view column, std::int64_t id,
                                                const std::string& expected,
                                                const std::string& replacement) = 0;
  // Rows of the column's table: the total that rotation progress counts to.
  virtual core::Result<std::int64_t> CountStoredValues(std::string_view column) = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Applies the numbered migrations that have not run yet. Idempotent.
  virtual core::Status Migrate() = 0;

  // Runs fn in one transaction. It commits when fn succeeds and rolls back when it fails.
  // Writers are serialised; a busy database is retried inside, then reported kUnavailable.
  virtual core::Status Transact(const std::function<core::Status(StoreTx&)>& fn) = 0;
};

// Runs fn in a transaction and returns what it produced.
template <typename T, typename Fn>
core::Result<T> TransactFor(Store& store, Fn&& fn) {
  std::optional<T> out;
  core::Status status = store.Transact([&](StoreTx& tx) -> core::Status {
    core::Result<T> r = fn(tx);
    if (!r) return std::unexpected(r.error());
    out = std::move(*r);
    return core::Ok();
  });
  if (!status) return std::unexpected(status.error());
  return std::move(*out);
}

}  // namespace tsunagu::app
