// The StoreTx of PostgresStore: every operation of the port, run on the pooled connection that
// holds the open transaction. It lives only inside PostgresStore::Transact.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "adapters/storage/postgres/pg_connection.h"
#include "app/ports/sealed_rows.h"
#include "app/ports/store.h"

namespace tsunagu::adapters::postgres {

// Advisory locks taken by the store use the two-key form with this first key, so they never
// collide with TryLockJob, which uses the one-key (bigint) space: PostgreSQL keeps the two apart.
inline constexpr int kLockClass = 0x74736e67;  // "tsng"
inline constexpr int kLockInboundIds = 1;      // transaction lock: inbound ids in commit order
inline constexpr int kLockStreamIds = 2;       // transaction lock: journal ids in commit order
inline constexpr int kLockMigrate = 3;         // session lock around Migrate

// The channel the stream journal notifies on (PgChangeFeed listens to it).
inline constexpr const char* kStreamChannel = "tsunagu_stream";

// A stable 64-bit FNV-1a hash of a job name: the TryLockJob key must be the same on every node
// and in every build, which std::hash does not promise.
std::int64_t JobLockKey(std::string_view name);

// Wall-clock time for bookkeeping columns the port gives no time for (migration and participant
// timestamps). Use-case time always comes from the caller.
core::TimeMs WallClockMs();

class PostgresTx final : public app::StoreTx {
 public:
  // cipher seals and opens the columns of app::kSealedColumns; null keeps them as they are.
  PostgresTx(PgConnection& conn, const app::FieldCipher* cipher) : conn_(conn), cipher_(cipher) {}

  // The first failure that left the transaction unable to commit (PostgreSQL aborts the whole
  // transaction on an error outside a savepoint, and a lost connection ends it). When set, the
  // transaction is rolled back even if fn reports success.
  const std::optional<PgFailure>& doomed() const { return doomed_; }
  // A serialization failure or a deadlock happened: running fn again may succeed.
  bool retryable() const { return retryable_; }

  core::Result<core::Program> UpsertProgram(const std::string& key,
                                            const std::string& name) override;
  core::Result<std::optional<core::Program>> FindProgramByKey(const std::string& key) override;
  core::Result<core::StaffId> InsertStaff(const core::Staff& staff) override;
  core::Result<std::optional<core::Staff>> FindStaffByLogin(const std::string& login) override;
  core::Result<std::optional<core::Staff>> GetStaff(core::StaffId id) override;
  core::Result<std::vector<core::Staff>> ListStaff() override;

  core::Result<bool> InsertInboundEvent(const core::InboundEvent& event) override;
  core::Result<std::vector<core::InboundEvent>> ListPendingInboundEvents(
      std::size_t limit) override;
  core::Result<std::optional<core::InboundEvent>> ClaimInboundEvent(
      core::InboundEventId id) override;
  core::Status SetInboundEventState(core::InboundEventId id, core::InboundState state,
                                    core::TimeMs at_ms) override;
  core::Result<std::optional<core::InboundEvent>> FindInboundEvent(
      const std::string& channel_key, const std::string& event_id) override;

  core::Result<std::optional<core::Client>> FindClientByIdentity(
      const std::string& channel_key, const std::string& external_id) override;
  core::Result<core::Client> InsertClient(const core::Client& client,
                                          const core::ChannelIdentity& identity) override;
  core::Result<std::optional<core::Client>> GetClient(core::ClientId id) override;
  core::Status SetClientBlocked(core::ClientId id, bool blocked) override;
  core::Result<std::optional<core::ChannelIdentity>> FindIdentityOfClient(
      core::ClientId id, const std::string& channel_key) override;

  core::Result<std::optional<core::Conversation>> FindOpenConversation(
      core::ClientId client_id, core::ProgramId program_id) override;
  core::Result<core::ConversationId> InsertConversation(
      const core::Conversation& conversation) override;
  core::Result<std::optional<core::Conversation>> GetConversation(core::ConversationId id) override;
  core::Result<std::optional<core::Conversation>> GetConversationForUpdate(
      core::ConversationId id) override;
  core::Status UpdateConversation(const core::Conversation& conversation) override;
  core::Result<std::vector<core::Conversation>> ListConversations(
      const app::ConversationFilter& filter) override;

  core::Result<std::int64_t> InsertConsent(const core::Consent& consent) override;
  core::Result<std::vector<core::Consent>> ListConsentsOfClient(core::ClientId id) override;

  core::Result<bool> ActivateScenarioVersion(const app::ScenarioVersion& version) override;
  core::Result<std::optional<app::ScenarioVersion>> ActiveScenarioVersion(
      const std::string& scenario_key) override;
  core::Result<std::optional<app::ScenarioVersion>> FindScenarioVersion(
      const std::string& version_id) override;

  core::Result<core::MessageId> InsertMessage(const core::Message& message) override;
  core::Result<std::optional<core::Message>> GetMessage(core::MessageId id) override;
  core::Result<std::vector<core::Message>> ListMessages(core::ConversationId id,
                                                        core::MessageId after_id,
                                                        std::size_t limit) override;
  core::Status SetMessageDelivery(core::MessageId id, core::DeliveryState state,
                                  const std::string& error) override;

  core::Result<core::OutboxId> InsertOutbox(const app::OutboxItem& item) override;
  core::Result<std::vector<app::OutboxItem>> ClaimDueOutbox(core::TimeMs now_ms,
                                                            core::TimeMs lease_ms,
                                                            std::size_t limit) override;
  core::Status UpdateOutbox(const app::OutboxItem& item) override;
  core::Result<std::optional<app::OutboxItem>> GetOutbox(core::OutboxId id) override;

  core::Status InsertSession(const app::Session& session) override;
  core::Result<std::optional<app::Session>> FindSession(const std::string& token_hash) override;
  core::Status DeleteSession(const std::string& token_hash) override;
  core::Result<std::size_t> DeleteExpiredSessions(core::TimeMs now_ms, std::size_t limit) override;

  core::Status AppendAudit(const app::AuditRecord& record) override;
  core::Result<std::vector<app::AuditRecord>> ListAudit(std::size_t limit) override;
  core::Result<std::optional<app::AuditChainHead>> GetAuditChainHead() override;
  core::Result<std::vector<app::ChainedAuditRecord>> ListAuditChain(std::int64_t after_id,
                                                                    std::size_t limit) override;
  core::Result<std::vector<app::ChainedAuditRecord>> SearchAudit(
      const app::AuditFilter& filter) override;

  core::Result<std::int64_t> AppendStreamRecord(const app::StreamRecord& record) override;
  core::Result<std::vector<app::StreamRecord>> ListStreamRecordsAfter(std::int64_t after_id,
                                                                      std::size_t limit) override;
  core::Result<std::int64_t> LastStreamRecordId() override;
  core::Result<std::size_t> DeleteStreamRecordsBefore(core::TimeMs before_ms,
                                                      std::size_t limit) override;

  core::Status ScheduleTimer(const std::string& kind, const std::string& subject,
                             core::TimeMs due_at_ms) override;
  core::Status CancelTimer(const std::string& kind, const std::string& subject) override;
  core::Result<std::vector<app::Timer>> ClaimDueTimers(core::TimeMs now_ms, core::TimeMs lease_ms,
                                                       std::size_t limit) override;
  core::Status FinishTimer(const app::Timer& timer) override;
  core::Status RetryTimer(const app::Timer& timer, core::TimeMs next_due_ms,
                          const std::string& error) override;

  core::Result<std::optional<core::RiskAlert>> FindOpenRiskAlert(
      core::ConversationId conversation) override;
  core::Result<std::optional<core::RiskAlert>> GetRiskAlert(std::int64_t id) override;
  core::Result<std::int64_t> InsertRiskAlert(const core::RiskAlert& alert) override;
  core::Status UpdateRiskAlert(const core::RiskAlert& alert) override;
  core::Result<std::vector<core::RiskAlert>> ListOpenRiskAlerts(std::size_t limit) override;
  core::Result<bool> RecordEmergencyStep(core::ConversationId conversation,
                                         const core::EmergencyStepRecord& record) override;
  core::Result<std::vector<core::EmergencyStepRecord>> ListEmergencySteps(
      core::ConversationId conversation) override;
  core::Result<int> CountQueued(core::ProgramId program_id) override;
  core::Result<int> CountRiskyConversationsOf(core::StaffId staff_id, int min_level,
                                              core::TimeMs since_ms) override;
  core::Result<std::optional<core::DebriefFlag>> FindOpenDebriefFlag(
      core::StaffId staff_id) override;
  core::Result<std::optional<core::DebriefFlag>> GetDebriefFlag(std::int64_t id) override;
  core::Result<std::int64_t> InsertDebriefFlag(const core::DebriefFlag& flag) override;
  core::Status ClearDebriefFlag(std::int64_t id, core::StaffId by, core::TimeMs at_ms) override;
  core::Result<std::vector<core::DebriefFlag>> ListOpenDebriefFlags(std::size_t limit) override;
  core::Result<std::vector<app::AuditRecord>> ListAuditFor(const std::string& target_type,
                                                           const std::string& target_id,
                                                           const std::string& action,
                                                           std::size_t limit) override;

  core::Result<bool> TryLockJob(const std::string& name) override;

  // Templates, presence, the queue and reports.
  core::Status InsertTemplateVersion(const app::TemplateVersion& version) override;
  core::Result<std::vector<app::TemplateVersion>> LatestTemplates(
      const std::string& program_key) override;
  core::Result<std::vector<app::TemplateVersion>> ListTemplateVersions(
      const std::string& program_key, const std::string& key, std::size_t limit) override;
  core::Status UpsertPresence(const app::StaffPresence& presence) override;
  core::Status DeletePresence(core::StaffId staff_id) override;
  core::Result<std::vector<app::StaffPresence>> ListPresence() override;
  core::Result<std::vector<std::pair<core::StaffId, int>>> CountOpenByStaff() override;
  core::Result<app::QueueSummary> SummarizeQueue(core::ProgramId program_id) override;
  core::Result<bool> InsertSurveyAnswer(const app::SurveyAnswer& answer) override;
  core::Result<std::vector<app::SurveyAnswerCount>> CountSurveyAnswers(core::ProgramId program_id,
                                                                       core::TimeMs from_ms,
                                                                       core::TimeMs to_ms) override;
  core::Result<std::vector<app::ConversationFact>> ListConversationFacts(
      core::ProgramId program_id, core::TimeMs from_ms, core::TimeMs to_ms,
      core::ConversationId after_id, std::size_t limit) override;

  // Wrap-ups (core/wrap_up.h).
  core::Status InsertWrapUp(const core::WrapUp& wrap_up) override;
  core::Result<std::optional<core::WrapUp>> GetWrapUp(core::ConversationId id) override;

  // Encryption at rest (app/ports/field_cipher.h).
  core::Result<std::vector<app::StoredValue>> ListStoredValues(std::string_view column,
                                                               std::int64_t after_id,
                                                               std::size_t limit) override;
  core::Result<bool> ReplaceStoredValue(std::string_view column, std::int64_t id,
                                        const std::string& expected,
                                        const std::string& replacement) override;
  core::Result<std::int64_t> CountStoredValues(std::string_view column) override;

 private:
  std::string Seal(std::string_view column, std::string_view plaintext) const {
    return app::SealField(cipher_, column, plaintext);
  }
  // read, then the row's sealed fields opened (app/ports/sealed_rows.h).
  template <typename Read>
  auto Opening(Read read) const;
  // Runs a statement that cannot fail on the caller's input (a read, or a write no constraint
  // can refuse). If it fails anyway, the transaction is doomed.
  PgOutcome Query(std::string_view sql, const std::vector<Param>& params);
  // Runs a statement that a constraint can refuse (kConflict, kNotFound, ...) inside its own
  // savepoint, so the caller can handle the error and go on in the same transaction. Every
  // operation is a single statement (several writes become data-modifying CTEs), so this also
  // makes each operation atomic on its own.
  PgOutcome Write(std::string_view sql, const std::vector<Param>& params);
  PgOutcome Note(PgOutcome outcome);
  // Takes one of the store's transaction-level advisory locks once per transaction.
  core::Status LockOnce(bool& taken, int lock, bool notify_stream);

  PgConnection& conn_;
  const app::FieldCipher* cipher_;
  std::optional<PgFailure> doomed_;
  bool retryable_ = false;
  bool inbound_locked_ = false;
  bool stream_locked_ = false;
};

}  // namespace tsunagu::adapters::postgres
