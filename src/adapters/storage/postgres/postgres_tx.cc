#include "adapters/storage/postgres/postgres_tx.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <set>
#include <type_traits>
#include <utility>

#include "app/audit_chain.h"
#include "core/audit_chain.h"
#include "core/limits.h"
#include "platform/crypto.h"

namespace tsunagu::adapters::postgres {
namespace {

using core::ErrorCode;

// A value in a row that no version of tsunagu writes: edited by hand or damaged.
std::unexpected<core::Error> Corrupt(std::string_view column) {
  return core::Fail(ErrorCode::kInternal, "postgres: unexpected value in " + std::string(column));
}

std::unexpected<core::Error> NotFound(std::string_view what) {
  return core::Fail(ErrorCode::kNotFound, std::string(what) + " not found");
}

std::unexpected<core::Error> Failed(const PgOutcome& outcome) {
  return std::unexpected(outcome.error().error);
}

template <typename E, typename Parse>
core::Result<E> ParseText(const PgResult& rows, int row, int column, Parse parse,
                          std::string_view name) {
  std::optional<E> value = parse(rows.Text(row, column));
  if (!value) return Corrupt(name);
  return *value;
}

template <typename Read>
using RowType = typename std::invoke_result_t<Read, const PgResult&, int>::value_type;

template <typename Read>
core::Result<std::vector<RowType<Read>>> AllRows(const PgOutcome& outcome, Read read) {
  if (!outcome) return Failed(outcome);
  std::vector<RowType<Read>> rows;
  rows.reserve(static_cast<std::size_t>(outcome->Rows()));
  for (int i = 0; i < outcome->Rows(); ++i) {
    auto row = read(*outcome, i);
    if (!row) return std::unexpected(row.error());
    rows.push_back(std::move(*row));
  }
  return rows;
}

template <typename Read>
core::Result<std::optional<RowType<Read>>> FirstRow(const PgOutcome& outcome, Read read) {
  if (!outcome) return Failed(outcome);
  if (outcome->Rows() == 0) return std::nullopt;
  auto row = read(*outcome, 0);
  if (!row) return std::unexpected(row.error());
  return std::optional<RowType<Read>>(std::move(*row));
}

// For INSERT ... RETURNING id, and single-value queries.
core::Result<std::int64_t> FirstInt(const PgOutcome& outcome) {
  if (!outcome) return Failed(outcome);
  if (outcome->Rows() == 0) return core::Fail(ErrorCode::kInternal, "postgres: no row returned");
  return outcome->Int(0, 0);
}

core::Status Done(const PgOutcome& outcome) {
  if (!outcome) return Failed(outcome);
  return core::Ok();
}

// For UPDATE and DELETE of one row by key: no row changed means the key does not exist.
core::Status ChangedOne(const PgOutcome& outcome, std::string_view what) {
  if (!outcome) return Failed(outcome);
  if (outcome->Affected() == 0) return NotFound(what);
  return core::Ok();
}

core::Result<std::size_t> Affected(const PgOutcome& outcome) {
  if (!outcome) return Failed(outcome);
  return static_cast<std::size_t>(outcome->Affected());
}

// Lists without a named page limit (audit, purges) only need a value inside BIGINT.
constexpr std::size_t kNoCap = std::numeric_limits<std::int64_t>::max();

std::int64_t CappedLimit(std::size_t limit, std::size_t max) {
  return static_cast<std::int64_t>(std::min(limit, max));
}

core::Result<core::Program> ReadProgram(const PgResult& r, int i) {
  return core::Program{r.Int(i, 0), r.Text(i, 1), r.Text(i, 2)};
}

constexpr std::string_view kSelectStaff =
    "SELECT id, login, display_name, role, active, password_hash, created_at_ms FROM staff";

core::Result<core::Staff> ReadStaff(const PgResult& r, int i) {
  auto role = ParseText<core::Role>(r, i, 3, core::ParseRole, "staff.role");
  if (!role) return std::unexpected(role.error());
  return core::Staff{r.Int(i, 0),  r.Text(i, 1), r.Text(i, 2), *role,
                     r.Bool(i, 4), r.Text(i, 5), r.Int(i, 6)};
}

core::Result<core::Client> ReadClient(const PgResult& r, int i) {
  return core::Client{r.Int(i, 0), r.Text(i, 1), r.Bool(i, 2), r.Int(i, 3)};
}

}  // namespace

core::TimeMs WallClockMs() {
  auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count();
}

std::int64_t JobLockKey(std::string_view name) {
  std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a 64 offset basis
  for (char c : name) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;  // FNV-1a 64 prime
  }
  return static_cast<std::int64_t>(hash);  // the same bits as PostgreSQL's signed bigint key
}

PgOutcome PostgresTx::Note(PgOutcome outcome) {
  if (outcome) return outcome;
  const PgFailure& failure = outcome.error();
  if (IsRetryableSqlState(failure.sqlstate)) retryable_ = true;
  // A guarded statement rolls back to its savepoint and leaves the transaction open; anything
  // else (an unguarded error, a failed rollback, a lost connection) ends it.
  if (!doomed_ && (failure.connection_lost || conn_.TransactionStatus() != PQTRANS_INTRANS)) {
    doomed_ = failure;
  }
  return outcome;
}

PgOutcome PostgresTx::Query(std::string_view sql, const std::vector<Param>& params) {
  if (doomed_) return std::unexpected(*doomed_);
  return Note(conn_.Exec(sql, params));
}

PgOutcome PostgresTx::Write(std::string_view sql, const std::vector<Param>& params) {
  if (doomed_) return std::unexpected(*doomed_);
  return Note(conn_.ExecGuarded(sql, params));
}

core::Status PostgresTx::LockOnce(bool& taken, int lock, bool notify_stream) {
  if (taken) return core::Ok();
  // The lock is held until the transaction ends: the ids taken after it become visible in the
  // order they were taken, so a reader that saw id N never later finds a smaller one.
  // pg_notify is delivered at commit (and never for a rolled-back transaction).
  PgOutcome locked =
      notify_stream
          ? Query("SELECT pg_advisory_xact_lock($1::integer, $2::integer), pg_notify($3, '')",
                  Params(kLockClass, lock, std::string_view(kStreamChannel)))
          : Query("SELECT pg_advisory_xact_lock($1::integer, $2::integer)",
                  Params(kLockClass, lock));
  if (!locked) return Failed(locked);
  taken = true;
  return core::Ok();
}

// ---- Programs and staff.

template <typename Read>
auto PostgresTx::Opening(Read read) const {
  return
      [this, read](const PgResult& r, int i) -> std::invoke_result_t<Read, const PgResult&, int> {
        auto value = read(r, i);
        if (!value) return value;
        if (core::Status opened = app::OpenSealedFields(cipher_, *value); !opened) {
          return std::unexpected(opened.error());
        }
        return value;
      };
}

core::Result<core::Program> PostgresTx::UpsertProgram(const std::string& key,
                                                      const std::string& name) {
  auto program = FirstRow(Query("INSERT INTO programs (key, name) VALUES ($1, $2) "
                                "ON CONFLICT (key) DO UPDATE SET name = excluded.name "
                                "RETURNING id, key, name",
                                Params(key, name)),
                          ReadProgram);
  if (!program) return std::unexpected(program.error());
  if (!*program) return core::Fail(ErrorCode::kInternal, "postgres: upsert returned no row");
  return std::move(**program);
}

core::Result<std::optional<core::Program>> PostgresTx::FindProgramByKey(const std::string& key) {
  return FirstRow(Query("SELECT id, key, name FROM programs WHERE key = $1", Params(key)),
                  ReadProgram);
}

core::Result<core::StaffId> PostgresTx::InsertStaff(const core::Staff& staff) {
  return FirstInt(
      Write("INSERT INTO staff (login, display_name, role, active, password_hash, created_at_ms) "
            "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            Params(staff.login, staff.display_name, core::RoleName(staff.role), staff.active,
                   staff.password_hash, staff.created_at_ms)));
}

core::Result<std::optional<core::Staff>> PostgresTx::FindStaffByLogin(const std::string& login) {
  return FirstRow(Query(std::string(kSelectStaff) + " WHERE login = $1", Params(login)), ReadStaff);
}

core::Result<std::optional<core::Staff>> PostgresTx::GetStaff(core::StaffId id) {
  return FirstRow(Query(std::string(kSelectStaff) + " WHERE id = $1", Params(id)), ReadStaff);
}

core::Result<std::vector<core::Staff>> PostgresTx::ListStaff() {
  return AllRows(Query(std::string(kSelectStaff) + " ORDER BY id", {}), ReadStaff);
}

// ---- Inbound events.

namespace {

constexpr std::string_view kSelectInbound =
    "SELECT id, event_id, channel_key, kind, type_name, sender_id, source_type, reply_token, "
    "occurred_at_ms, received_at_ms, redelivery, standby, message_type, message_id, text, "
    "raw_json, state FROM inbound_events";

core::Result<core::InboundEvent> ReadInbound(const PgResult& r, int i) {
  auto kind = ParseText<core::InboundKind>(r, i, 3, core::ParseInboundKind, "inbound_events.kind");
  if (!kind) return std::unexpected(kind.error());
  auto state =
      ParseText<core::InboundState>(r, i, 16, core::ParseInboundState, "inbound_events.state");
  if (!state) return std::unexpected(state.error());
  core::InboundEvent event;
  event.id = r.Int(i, 0);
  event.event_id = r.Text(i, 1);
  event.channel_key = r.Text(i, 2);
  event.kind = *kind;
  event.type_name = r.Text(i, 4);
  event.sender_id = r.Text(i, 5);
  event.source_type = r.Text(i, 6);
  event.reply_token = r.Text(i, 7);
  event.occurred_at_ms = r.Int(i, 8);
  event.received_at_ms = r.Int(i, 9);
  event.redelivery = r.Bool(i, 10);
  event.standby = r.Bool(i, 11);
  event.message_type = r.Text(i, 12);
  event.message_id = r.Text(i, 13);
  event.text = r.Text(i, 14);
  event.raw_json = r.Text(i, 15);
  event.state = *state;
  return event;
}

}  // namespace

core::Result<bool> PostgresTx::InsertInboundEvent(const core::InboundEvent& e) {
  // Processing follows id order per sender, so ids must become visible in commit order.
  core::Status locked = LockOnce(inbound_locked_, kLockInboundIds, /*notify_stream=*/false);
  if (!locked) return std::unexpected(locked.error());
  // DO NOTHING: a redelivered webhook must neither fail nor overwrite what was stored first.
  // Unguarded: no constraint can refuse it, and the group commit fails whole on any error.
  PgOutcome inserted = Query(
      "INSERT INTO inbound_events (channel_key, event_id, kind, type_name, sender_id, "
      "source_type, reply_token, occurred_at_ms, received_at_ms, redelivery, standby, "
      "message_type, message_id, text, raw_json, state) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) "
      "ON CONFLICT (channel_key, event_id) DO NOTHING",
      Params(e.channel_key, e.event_id, core::InboundKindName(e.kind), e.type_name, e.sender_id,
             e.source_type, e.reply_token, e.occurred_at_ms, e.received_at_ms, e.redelivery,
             e.standby, e.message_type, e.message_id, Seal(app::sealed::kInboundText, e.text),
             Seal(app::sealed::kInboundRawJson, e.raw_json), core::InboundStateName(e.state)));
  if (!inserted) return Failed(inserted);
  return inserted->Affected() == 1;
}

core::Result<std::vector<core::InboundEvent>> PostgresTx::ListPendingInboundEvents(
    std::size_t limit) {
  return AllRows(
      Query(std::string(kSelectInbound) + " WHERE state = 'pending' ORDER BY id LIMIT $1",
            Params(CappedLimit(limit, core::kInboundClaimBatchMax))),
      Opening(ReadInbound));
}

core::Result<std::optional<core::InboundEvent>> PostgresTx::ClaimInboundEvent(
    core::InboundEventId id) {
  // The row lock is held until the transaction ends; SKIP LOCKED answers "another node has it"
  // at once instead of waiting. If the holder commits first, the lock is re-checked against the
  // new row version, whose state is no longer 'pending'.
  return FirstRow(
      Query(std::string(kSelectInbound) +
                " AS e WHERE e.id = $1 AND e.state = 'pending' AND NOT EXISTS ("
                "SELECT 1 FROM inbound_events p WHERE p.state = 'pending' AND "
                "p.channel_key = e.channel_key AND p.sender_id = e.sender_id AND p.id < e.id) "
                "FOR UPDATE OF e SKIP LOCKED",
            Params(id)),
      Opening(ReadInbound));
}

core::Status PostgresTx::SetInboundEventState(core::InboundEventId id, core::InboundState state,
                                              core::TimeMs at_ms) {
  return ChangedOne(
      Query("UPDATE inbound_events SET state = $1, processed_at_ms = $2 WHERE id = $3",
            Params(core::InboundStateName(state), at_ms, id)),
      "inbound event");
}

core::Result<std::optional<core::InboundEvent>> PostgresTx::FindInboundEvent(
    const std::string& channel_key, const std::string& event_id) {
  return FirstRow(Query(std::string(kSelectInbound) + " WHERE channel_key = $1 AND event_id = $2",
                        Params(channel_key, event_id)),
                  Opening(ReadInbound));
}

// ---- Clients and identities.

core::Result<std::optional<core::Client>> PostgresTx::FindClientByIdentity(
    const std::string& channel_key, const std::string& external_id) {
  return FirstRow(Query("SELECT c.id, c.pseudonym, c.blocked, c.created_at_ms "
                        "FROM channel_identities i JOIN clients c ON c.id = i.client_id "
                        "WHERE i.channel_key = $1 AND i.external_id = $2",
                        Params(channel_key, external_id)),
                  ReadClient);
}

core::Result<core::Client> PostgresTx::InsertClient(const core::Client& client,
                                                    const core::ChannelIdentity& identity) {
  // One statement, so a duplicate identity leaves no half client behind. The identity belongs
  // to the new client, whatever identity.client_id says.
  auto id =
      FirstInt(Write("WITH c AS (INSERT INTO clients (pseudonym, blocked, created_at_ms) "
                     "VALUES ($1, $2, $3) RETURNING id) "
                     "INSERT INTO channel_identities (channel_key, external_id, client_id) "
                     "SELECT $4, $5, id FROM c RETURNING client_id",
                     Params(client.pseudonym, client.blocked, client.created_at_ms,
                            identity.channel_key, identity.external_id)));
  if (!id) return std::unexpected(id.error());
  core::Client stored = client;
  stored.id = *id;
  return stored;
}

core::Result<std::optional<core::Client>> PostgresTx::GetClient(core::ClientId id) {
  return FirstRow(
      Query("SELECT id, pseudonym, blocked, created_at_ms FROM clients WHERE id = $1", Params(id)),
      ReadClient);
}

core::Status PostgresTx::SetClientBlocked(core::ClientId id, bool blocked) {
  return ChangedOne(Query("UPDATE clients SET blocked = $1 WHERE id = $2", Params(blocked, id)),
                    "client");
}

core::Result<std::optional<core::ChannelIdentity>> PostgresTx::FindIdentityOfClient(
    core::ClientId id, const std::string& channel_key) {
  auto read = [](const PgResult& r, int i) -> core::Result<core::ChannelIdentity> {
    return core::ChannelIdentity{r.Text(i, 0), r.Text(i, 1), r.Int(i, 2)};
  };
  return FirstRow(Query("SELECT channel_key, external_id, client_id FROM channel_identities "
                        "WHERE client_id = $1 AND channel_key = $2 ORDER BY id LIMIT 1",
                        Params(id, channel_key)),
                  read);
}

// ---- Conversations.

namespace {

// Joins the read-only views (pseudonym, blocked, assigned staff name), so lists need no second
// lookup per row.
constexpr std::string_view kSelectConversation =
    "SELECT c.id, c.program_id, c.client_id, c.channel_key, cl.pseudonym, c.status, "
    "c.assigned_staff_id, c.opened_at_ms, c.last_message_at_ms, c.closed_at_ms, c.reply_token, "
    "c.reply_token_expires_at_ms, COALESCE(st.display_name, ''), cl.blocked, c.risk_level, "
    "c.risk_categories, c.risk_raised_at_ms, c.queued_at_ms, c.bot_status, c.bot_scenario, "
    "c.bot_node, c.bot_variables, c.taken_at_ms, c.awaiting_reply_since_ms, c.end_reason, "
    "c.wrap_up_pending, c.queue_notice_position, c.queue_notice_at_ms "
    "FROM conversations c JOIN clients cl ON cl.id = c.client_id "
    "LEFT JOIN staff st ON st.id = c.assigned_staff_id";

core::Result<core::Conversation> ReadConversation(const PgResult& r, int i) {
  auto status = ParseText<core::ConversationStatus>(r, i, 5, core::ParseConversationStatus,
                                                    "conversations.status");
  if (!status) return std::unexpected(status.error());
  auto bot_status =
      ParseText<core::BotStatus>(r, i, 18, core::ParseBotStatus, "conversations.bot_status");
  if (!bot_status) return std::unexpected(bot_status.error());
  auto end_reason =
      ParseText<core::EndReason>(r, i, 24, core::ParseEndReason, "conversations.end_reason");
  if (!end_reason) return std::unexpected(end_reason.error());
  core::Conversation c;
  c.id = r.Int(i, 0);
  c.program_id = r.Int(i, 1);
  c.client_id = r.Int(i, 2);
  c.channel_key = r.Text(i, 3);
  c.client_pseudonym = r.Text(i, 4);
  c.status = *status;
  c.assigned_staff_id = r.OptionalInt(i, 6);
  c.opened_at_ms = r.Int(i, 7);
  c.last_message_at_ms = r.Int(i, 8);
  c.closed_at_ms = r.OptionalInt(i, 9);
  c.reply_token = r.Text(i, 10);
  c.reply_token_expires_at_ms = r.Int(i, 11);
  c.assigned_staff_name = r.Text(i, 12);
  c.client_blocked = r.Bool(i, 13);
  c.risk_level = static_cast<int>(r.Int(i, 14));
  c.risk_categories = r.Text(i, 15);
  c.risk_raised_at_ms = r.OptionalInt(i, 16);
  c.queued_at_ms = r.OptionalInt(i, 17);
  c.bot_status = *bot_status;
  c.bot_scenario = r.Text(i, 19);
  c.bot_node = r.Text(i, 20);
  c.bot_variables = r.Text(i, 21);
  c.taken_at_ms = r.OptionalInt(i, 22);
  c.awaiting_reply_since_ms = r.OptionalInt(i, 23);
  c.end_reason = *end_reason;
  c.wrap_up_pending = r.Bool(i, 25);
  c.queue_notice_position = static_cast<int>(r.Int(i, 26));
  c.queue_notice_at_ms = r.Int(i, 27);
  return c;
}

// One shape per combination of filters and order, so the statement cache stays small (at most
// 4 x 2 x 2 x 2 x 2 x 2 x 2 shapes) while every value is still bound.
std::string ConversationListSql(std::size_t status_count, bool by_program, bool by_staff,
                                bool unassigned, bool queued_only, bool wrap_up_pending,
                                bool queue_order) {
  std::string sql(kSelectConversation);
  int index = 0;
  sql += " WHERE TRUE";
  if (status_count > 0) {
    sql += " AND c.status IN (";
    for (std::size_t i = 0; i < status_count; ++i) {
      sql += (i == 0 ? "$" : ", $") + std::to_string(++index);
    }
    sql += ")";
  }
  if (by_program) sql += " AND c.program_id = $" + std::to_string(++index);
  if (by_staff) sql += " AND c.assigned_staff_id = $" + std::to_string(++index);
  if (unassigned) sql += " AND c.assigned_staff_id IS NULL";
  if (queued_only) sql += " AND c.queued_at_ms IS NOT NULL";
  if (wrap_up_pending) sql += " AND c.wrap_up_pending";
  // queue_order is core::WaitsBefore, in SQL. The waiting, queued rows are read in this order
  // from the index conversations_queue (migrations/postgres/0004_bot.sql).
  sql += queue_order ? " ORDER BY c.risk_level DESC, COALESCE(c.queued_at_ms, c.opened_at_ms), "
                       "c.id LIMIT $"
                     : " ORDER BY c.last_message_at_ms DESC, c.id DESC LIMIT $";
  sql += std::to_string(++index);
  return sql;
}

}  // namespace

core::Result<std::optional<core::Conversation>> PostgresTx::FindOpenConversation(
    core::ClientId client_id, core::ProgramId program_id) {
  return FirstRow(Query(std::string(kSelectConversation) +
                            " WHERE c.client_id = $1 AND c.program_id = $2 "
                            "AND c.status <> 'closed' ORDER BY c.id DESC LIMIT 1 "
                            "FOR NO KEY UPDATE OF c",
                        Params(client_id, program_id)),
                  Opening(ReadConversation));
}

core::Result<core::ConversationId> PostgresTx::InsertConversation(const core::Conversation& c) {
  // The conversation and its participants in one statement: it happens whole or not at all.
  // The client joins at the opening time; an assigned counselor at the wall clock, because the
  // port passes no time for an assignment.
  return FirstInt(Write(
      "WITH c AS (INSERT INTO conversations (program_id, client_id, channel_key, status, "
      "assigned_staff_id, opened_at_ms, last_message_at_ms, closed_at_ms, reply_token, "
      "reply_token_expires_at_ms, risk_level, risk_categories, risk_raised_at_ms, queued_at_ms, "
      "bot_status, bot_scenario, bot_node, bot_variables, taken_at_ms, awaiting_reply_since_ms, "
      "end_reason, wrap_up_pending, queue_notice_position, queue_notice_at_ms) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $12, $13, $14, $15, $16, $17, $18, $19, "
      "$20, $21, $22, $23, $24, $25) RETURNING id), "
      "client_joined AS (INSERT INTO conversation_participants (conversation_id, kind, "
      "client_id, joined_at_ms) SELECT id, 'client', $2, $6 FROM c), "
      "staff_joined AS (INSERT INTO conversation_participants (conversation_id, kind, staff_id, "
      "joined_at_ms) SELECT id, 'staff', $5, $11 FROM c WHERE $5::bigint IS NOT NULL) "
      "SELECT id FROM c",
      Params(c.program_id, c.client_id, c.channel_key, core::ConversationStatusName(c.status),
             c.assigned_staff_id, c.opened_at_ms, c.last_message_at_ms, c.closed_at_ms,
             c.reply_token, c.reply_token_expires_at_ms, WallClockMs(), c.risk_level,
             c.risk_categories, c.risk_raised_at_ms, c.queued_at_ms,
             core::BotStatusName(c.bot_status), c.bot_scenario, c.bot_node,
             Seal(app::sealed::kBotVariables, c.bot_variables), c.taken_at_ms,
             c.awaiting_reply_since_ms, core::EndReasonName(c.end_reason), c.wrap_up_pending,
             c.queue_notice_position, c.queue_notice_at_ms)));
}

core::Result<std::optional<core::Conversation>> PostgresTx::GetConversation(
    core::ConversationId id) {
  return FirstRow(Query(std::string(kSelectConversation) + " WHERE c.id = $1", Params(id)),
                  Opening(ReadConversation));
}

// NO KEY UPDATE, not UPDATE: inserting a message takes a KEY SHARE lock on its conversation,
// which FOR UPDATE would wait for (two transactions that each inserted a message and then locked
// the conversation would deadlock); the key never changes here.
core::Result<std::optional<core::Conversation>> PostgresTx::GetConversationForUpdate(
    core::ConversationId id) {
  return FirstRow(
      Query(std::string(kSelectConversation) + " WHERE c.id = $1 FOR NO KEY UPDATE OF c",
            Params(id)),
      Opening(ReadConversation));
}

core::Status PostgresTx::UpdateConversation(const core::Conversation& c) {
  // program, client, channel and opening time identify the conversation and never change. A
  // change of counselor closes the previous one's participation and opens the new one's, in
  // the same statement. `old` locks the row and keeps the assignment before the update.
  auto changed = FirstInt(Write(
      "WITH old AS (SELECT id, assigned_staff_id FROM conversations WHERE id = $1 "
      "FOR NO KEY UPDATE), "
      "changed AS (UPDATE conversations c SET status = $2, assigned_staff_id = $3, "
      "last_message_at_ms = $4, closed_at_ms = $5, reply_token = $6, "
      "reply_token_expires_at_ms = $7, risk_level = $9, risk_categories = $10, "
      "risk_raised_at_ms = $11, queued_at_ms = $12, bot_status = $13, bot_scenario = $14, "
      "bot_node = $15, bot_variables = $16, taken_at_ms = $17, awaiting_reply_since_ms = $18, "
      "end_reason = $19, wrap_up_pending = $20, queue_notice_position = $21, "
      "queue_notice_at_ms = $22 FROM old WHERE c.id = old.id "
      "RETURNING c.id, old.assigned_staff_id AS from_staff, c.assigned_staff_id AS to_staff), "
      "staff_left AS (UPDATE conversation_participants p SET left_at_ms = $8 FROM changed "
      "WHERE p.conversation_id = changed.id AND p.kind = 'staff' "
      "AND p.staff_id = changed.from_staff AND p.left_at_ms IS NULL "
      "AND changed.from_staff IS DISTINCT FROM changed.to_staff), "
      "staff_joined AS (INSERT INTO conversation_participants (conversation_id, kind, staff_id, "
      "joined_at_ms) SELECT id, 'staff', to_staff, $8 FROM changed "
      "WHERE to_staff IS NOT NULL AND from_staff IS DISTINCT FROM to_staff) "
      "SELECT COUNT(*) FROM changed",
      Params(c.id, core::ConversationStatusName(c.status), c.assigned_staff_id,
             c.last_message_at_ms, c.closed_at_ms, c.reply_token, c.reply_token_expires_at_ms,
             WallClockMs(), c.risk_level, c.risk_categories, c.risk_raised_at_ms, c.queued_at_ms,
             core::BotStatusName(c.bot_status), c.bot_scenario, c.bot_node,
             Seal(app::sealed::kBotVariables, c.bot_variables), c.taken_at_ms,
             c.awaiting_reply_since_ms, core::EndReasonName(c.end_reason), c.wrap_up_pending,
             c.queue_notice_position, c.queue_notice_at_ms)));
  if (!changed) return std::unexpected(changed.error());
  if (*changed == 0) return NotFound("conversation");
  return core::Ok();
}

core::Result<std::vector<core::Conversation>> PostgresTx::ListConversations(
    const app::ConversationFilter& filter) {
  // Deduplicated, so that the number of SQL shapes stays bounded whatever the caller passes.
  std::set<std::string_view> statuses;
  for (core::ConversationStatus s : filter.statuses) {
    statuses.insert(core::ConversationStatusName(s));
  }
  std::vector<Param> params;
  for (std::string_view name : statuses) params.push_back(ToParam(name));
  if (filter.program_id) params.push_back(ToParam(*filter.program_id));
  if (filter.assigned_staff_id) params.push_back(ToParam(*filter.assigned_staff_id));
  params.push_back(ToParam(CappedLimit(filter.limit, core::kConversationsPageMax)));
  return AllRows(Query(ConversationListSql(statuses.size(), filter.program_id.has_value(),
                                           filter.assigned_staff_id.has_value(),
                                           filter.unassigned_only, filter.queued_only,
                                           filter.wrap_up_pending_only, filter.queue_order),
                       params),
                 Opening(ReadConversation));
}

// ---- Consents and chatbot scenarios.

namespace {

constexpr std::string_view kSelectConsent =
    "SELECT id, client_id, conversation_id, terms_version, agreed, at_ms FROM consents";

core::Result<core::Consent> ReadConsent(const PgResult& r, int i) {
  return core::Consent{r.Int(i, 0),  r.Int(i, 1),  r.Int(i, 2),
                       r.Text(i, 3), r.Bool(i, 4), r.Int(i, 5)};
}

constexpr std::string_view kSelectScenarioVersion =
    "SELECT scenario_key, version_id, source, activated_at_ms, activated_by "
    "FROM scenario_versions";

core::Result<app::ScenarioVersion> ReadScenarioVersion(const PgResult& r, int i) {
  return app::ScenarioVersion{r.Text(i, 0), r.Text(i, 1), r.Text(i, 2), r.Int(i, 3), r.Text(i, 4)};
}

}  // namespace

core::Result<std::int64_t> PostgresTx::InsertConsent(const core::Consent& c) {
  // Guarded: an unknown client or conversation is refused by its foreign key.
  return FirstInt(
      Write("INSERT INTO consents (client_id, conversation_id, terms_version, agreed, at_ms) "
            "VALUES ($1, $2, $3, $4, $5) RETURNING id",
            Params(c.client_id, c.conversation_id, c.terms_version, c.agreed, c.at_ms)));
}

core::Result<std::vector<core::Consent>> PostgresTx::ListConsentsOfClient(core::ClientId id) {
  return AllRows(
      Query(std::string(kSelectConsent) + " WHERE client_id = $1 ORDER BY at_ms, id", Params(id)),
      ReadConsent);
}

// The active version of a key is the one with the greatest activated_at_ms, then the later id.
// So that the version activated last is the active one even when the clock went back (another
// node's) or two activations fall in one millisecond, activated_at_ms is never stored below the
// other versions' of the key: a new version (the latest id) at least equals them, a known one
// activated again passes them by a millisecond.
core::Result<bool> PostgresTx::ActivateScenarioVersion(const app::ScenarioVersion& v) {
  // DO NOTHING waits for a concurrent insert of the same version, then inserts nothing: the
  // version is new for exactly one of them.
  auto inserted = Affected(
      Write("INSERT INTO scenario_versions (scenario_key, version_id, source, activated_at_ms, "
            "activated_by) VALUES ($1, $2, $3, GREATEST($4::bigint, (SELECT MAX(activated_at_ms) "
            "FROM scenario_versions WHERE scenario_key = $1)), $5) "
            "ON CONFLICT (version_id) DO NOTHING",
            Params(v.scenario_key, v.version_id, v.source, v.activated_at_ms, v.activated_by)));
  if (!inserted) return std::unexpected(inserted.error());
  if (*inserted == 1) return true;
  // Known already: the version is immutable (its id names its content), only its activation
  // changes.
  auto updated =
      Affected(Write("UPDATE scenario_versions v SET activated_by = $4, activated_at_ms = GREATEST("
                     "$3::bigint, (SELECT MAX(o.activated_at_ms) + 1 FROM scenario_versions o "
                     "WHERE o.scenario_key = v.scenario_key AND o.id <> v.id)) "
                     "WHERE v.version_id = $1 AND v.scenario_key = $2",
                     Params(v.version_id, v.scenario_key, v.activated_at_ms, v.activated_by)));
  if (!updated) return std::unexpected(updated.error());
  if (*updated == 0) {
    return core::Fail(ErrorCode::kConflict, "the scenario version belongs to another scenario");
  }
  return false;
}

core::Result<std::optional<app::ScenarioVersion>> PostgresTx::ActiveScenarioVersion(
    const std::string& scenario_key) {
  return FirstRow(
      Query(std::string(kSelectScenarioVersion) + " WHERE scenario_key = $1 "
                                                  "ORDER BY activated_at_ms DESC, id DESC LIMIT 1",
            Params(scenario_key)),
      ReadScenarioVersion);
}

core::Result<std::optional<app::ScenarioVersion>> PostgresTx::FindScenarioVersion(
    const std::string& version_id) {
  return FirstRow(
      Query(std::string(kSelectScenarioVersion) + " WHERE version_id = $1", Params(version_id)),
      ReadScenarioVersion);
}

// ---- Messages.

namespace {

constexpr std::string_view kSelectMessage =
    "SELECT id, conversation_id, direction, sender_kind, sender_staff_id, sender_name, "
    "content_kind, content_type, text, external_id, created_at_ms, delivery_state, "
    "delivery_error, risk_level, risk_categories, risk_signals, risk_spans, risk_reasons, "
    "quick_replies, media_url FROM messages";

core::Result<core::Message> ReadMessage(const PgResult& r, int i) {
  auto direction = ParseText<core::Direction>(r, i, 2, core::ParseDirection, "messages.direction");
  auto sender = ParseText<core::SenderKind>(r, i, 3, core::ParseSenderKind, "messages.sender_kind");
  auto content =
      ParseText<core::ContentKind>(r, i, 6, core::ParseContentKind, "messages.content_kind");
  auto delivery =
      ParseText<core::DeliveryState>(r, i, 11, core::ParseDeliveryState, "messages.delivery_state");
  if (!direction) return std::unexpected(direction.error());
  if (!sender) return std::unexpected(sender.error());
  if (!content) return std::unexpected(content.error());
  if (!delivery) return std::unexpected(delivery.error());
  auto spans = core::ParseSpansText(r.Text(i, 16));
  if (!spans) return Corrupt("messages.risk_spans");
  auto quick_replies = core::ParseQuickRepliesText(r.Text(i, 18));
  if (!quick_replies) return Corrupt("messages.quick_replies");
  core::Message m;
  m.id = r.Int(i, 0);
  m.conversation_id = r.Int(i, 1);
  m.direction = *direction;
  m.sender_kind = *sender;
  m.sender_staff_id = r.OptionalInt(i, 4);
  m.sender_name = r.Text(i, 5);
  m.content_kind = *content;
  m.content_type = r.Text(i, 7);
  m.text = r.Text(i, 8);
  m.external_id = r.Text(i, 9);
  m.created_at_ms = r.Int(i, 10);
  m.delivery_state = *delivery;
  m.delivery_error = r.Text(i, 12);
  m.risk.level = static_cast<int>(r.Int(i, 13));
  m.risk.categories = r.Text(i, 14);
  m.risk.signals = r.Text(i, 15);
  m.risk.spans = std::move(*spans);
  m.risk.reasons = r.Text(i, 17);
  m.quick_replies = std::move(*quick_replies);
  m.media_url = r.Text(i, 19);
  return m;
}

}  // namespace

core::Result<core::MessageId> PostgresTx::InsertMessage(const core::Message& m) {
  // Checked here, so that no stored row fails to read back.
  if (!core::SpansAreOrdered(m.risk.spans)) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "message risk spans must be non-empty, ordered and not overlapping");
  }
  const std::string quick_replies = core::QuickRepliesText(m.quick_replies);
  if (core::ParseQuickRepliesText(quick_replies) != m.quick_replies) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "quick replies need a label and data, and no tabs or line breaks");
  }
  return FirstInt(Write(
      "INSERT INTO messages (conversation_id, direction, sender_kind, sender_staff_id, "
      "sender_name, content_kind, content_type, text, external_id, created_at_ms, "
      "delivery_state, delivery_error, risk_level, risk_categories, risk_signals, "
      "risk_spans, risk_reasons, quick_replies, media_url) VALUES ($1, $2, $3, $4, $5, $6, "
      "$7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id",
      Params(m.conversation_id, core::DirectionName(m.direction),
             core::SenderKindName(m.sender_kind), m.sender_staff_id, m.sender_name,
             core::ContentKindName(m.content_kind), m.content_type,
             Seal(app::sealed::kMessageText, m.text), m.external_id, m.created_at_ms,
             core::DeliveryStateName(m.delivery_state), m.delivery_error, m.risk.level,
             m.risk.categories, m.risk.signals, core::SpansText(m.risk.spans),
             Seal(app::sealed::kMessageRiskReasons, m.risk.reasons), quick_replies, m.media_url)));
}

core::Result<std::optional<core::Message>> PostgresTx::GetMessage(core::MessageId id) {
  return FirstRow(Query(std::string(kSelectMessage) + " WHERE id = $1", Params(id)),
                  Opening(ReadMessage));
}

core::Result<std::vector<core::Message>> PostgresTx::ListMessages(core::ConversationId id,
                                                                  core::MessageId after_id,
                                                                  std::size_t limit) {
  return AllRows(Query(std::string(kSelectMessage) +
                           " WHERE conversation_id = $1 AND id > $2 ORDER BY id LIMIT $3",
                       Params(id, after_id, CappedLimit(limit, core::kMessagesPageMax))),
                 Opening(ReadMessage));
}

core::Status PostgresTx::SetMessageDelivery(core::MessageId id, core::DeliveryState state,
                                            const std::string& error) {
  return ChangedOne(
      Query("UPDATE messages SET delivery_state = $1, delivery_error = $2 WHERE id = $3",
            Params(core::DeliveryStateName(state), error, id)),
      "message");
}

// ---- Outbox.

namespace {

// What is sent (text, type, buttons, image) comes from the message.
constexpr std::string_view kOutboxColumns =
    "o.id, o.message_id, o.channel_key, o.recipient_id, m.text, o.sender_name, o.reply_token, "
    "o.reply_token_expires_at_ms, o.retry_key, o.attempts, o.next_attempt_at_ms, "
    "o.created_at_ms, o.state, o.last_error, m.content_type, m.quick_replies, m.media_url";

core::Result<app::OutboxItem> ReadOutbox(const PgResult& r, int i) {
  auto state = ParseText<app::OutboxState>(r, i, 12, app::ParseOutboxState, "outbox.state");
  if (!state) return std::unexpected(state.error());
  auto quick_replies = core::ParseQuickRepliesText(r.Text(i, 15));
  if (!quick_replies) return Corrupt("messages.quick_replies");
  app::OutboxItem item;
  item.id = r.Int(i, 0);
  item.message_id = r.Int(i, 1);
  item.channel_key = r.Text(i, 2);
  item.recipient_id = r.Text(i, 3);
  item.text = r.Text(i, 4);
  item.sender_name = r.Text(i, 5);
  item.reply_token = r.Text(i, 6);
  item.reply_token_expires_at_ms = r.Int(i, 7);
  item.retry_key = r.Text(i, 8);
  item.attempts = static_cast<int>(r.Int(i, 9));
  item.next_attempt_at_ms = r.Int(i, 10);
  item.created_at_ms = r.Int(i, 11);
  item.state = *state;
  item.last_error = r.Text(i, 13);
  item.content_type = r.Text(i, 14);
  item.quick_replies = std::move(*quick_replies);
  item.media_url = r.Text(i, 16);
  return item;
}

}  // namespace

core::Result<core::OutboxId> PostgresTx::InsertOutbox(const app::OutboxItem& o) {
  return FirstInt(
      Write("INSERT INTO outbox (message_id, channel_key, recipient_id, sender_name, reply_token, "
            "reply_token_expires_at_ms, retry_key, attempts, next_attempt_at_ms, lease_until_ms, "
            "created_at_ms, state, last_error) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $11, $12) RETURNING id",
            Params(o.message_id, o.channel_key, o.recipient_id, o.sender_name, o.reply_token,
                   o.reply_token_expires_at_ms, o.retry_key, o.attempts, o.next_attempt_at_ms,
                   o.created_at_ms, app::OutboxStateName(o.state), o.last_error)));
}

core::Result<std::vector<app::OutboxItem>> PostgresTx::ClaimDueOutbox(core::TimeMs now_ms,
                                                                      core::TimeMs lease_ms,
                                                                      std::size_t limit) {
  // Only the head of each recipient's queue: an earlier pending item, leased or waiting for its
  // retry, holds back the later ones. SKIP LOCKED passes over items another sender is claiming
  // right now; the lease keeps them after that transaction commits. ARRAY(...) runs the
  // choice once, as an init plan.
  auto claimed = AllRows(
      Query("UPDATE outbox o SET lease_until_ms = $2 FROM messages m "
            "WHERE m.id = o.message_id AND o.id = ANY (ARRAY ("
            "SELECT d.id FROM outbox d WHERE d.state = 'pending' "
            "AND d.next_attempt_at_ms <= $1 AND d.lease_until_ms <= $1 AND NOT EXISTS ("
            "SELECT 1 FROM outbox p WHERE p.state = 'pending' AND p.channel_key = d.channel_key "
            "AND p.recipient_id = d.recipient_id AND p.id < d.id) "
            "ORDER BY d.id LIMIT $3 FOR UPDATE SKIP LOCKED)) RETURNING " +
                std::string(kOutboxColumns),
            Params(now_ms, now_ms + lease_ms, CappedLimit(limit, core::kOutboxClaimBatchMax))),
      Opening(ReadOutbox));
  if (!claimed) return std::unexpected(claimed.error());
  // RETURNING has no order; id order keeps each recipient's messages in the order written.
  std::sort(claimed->begin(), claimed->end(),
            [](const app::OutboxItem& a, const app::OutboxItem& b) { return a.id < b.id; });
  return claimed;
}

core::Status PostgresTx::UpdateOutbox(const app::OutboxItem& o) {
  // The lease ends with the update: the sender reports back, so the item is free again.
  return ChangedOne(
      Query("UPDATE outbox SET reply_token = $1, reply_token_expires_at_ms = $2, "
            "attempts = $3, next_attempt_at_ms = $4, state = $5, last_error = $6, "
            "lease_until_ms = 0 WHERE id = $7",
            Params(o.reply_token, o.reply_token_expires_at_ms, o.attempts, o.next_attempt_at_ms,
                   app::OutboxStateName(o.state), o.last_error, o.id)),
      "outbox item");
}

core::Result<std::optional<app::OutboxItem>> PostgresTx::GetOutbox(core::OutboxId id) {
  return FirstRow(Query("SELECT " + std::string(kOutboxColumns) +
                            " FROM outbox o JOIN messages m ON m.id = o.message_id "
                            "WHERE o.id = $1",
                        Params(id)),
                  Opening(ReadOutbox));
}

// ---- Sessions.

core::Status PostgresTx::InsertSession(const app::Session& s) {
  return Done(
      Write("INSERT INTO sessions (token_hash, staff_id, csrf_token, created_at_ms, "
            "expires_at_ms) VALUES ($1, $2, $3, $4, $5)",
            Params(s.token_hash, s.staff_id, s.csrf_token, s.created_at_ms, s.expires_at_ms)));
}

core::Result<std::optional<app::Session>> PostgresTx::FindSession(const std::string& token_hash) {
  auto read = [](const PgResult& r, int i) -> core::Result<app::Session> {
    return app::Session{r.Text(i, 0), r.Int(i, 1), r.Text(i, 2), r.Int(i, 3), r.Int(i, 4)};
  };
  return FirstRow(Query("SELECT token_hash, staff_id, csrf_token, created_at_ms, "
                        "expires_at_ms FROM sessions WHERE token_hash = $1",
                        Params(token_hash)),
                  read);
}

core::Status PostgresTx::DeleteSession(const std::string& token_hash) {
  // Deleting a session that is already gone is fine: logging out twice is not an error.
  return Done(Query("DELETE FROM sessions WHERE token_hash = $1", Params(token_hash)));
}

core::Result<std::size_t> PostgresTx::DeleteExpiredSessions(core::TimeMs now_ms,
                                                            std::size_t limit) {
  return Affected(
      Query("DELETE FROM sessions WHERE token_hash = ANY (ARRAY ("
            "SELECT token_hash FROM sessions WHERE expires_at_ms <= $1 "
            "ORDER BY expires_at_ms LIMIT $2))",
            Params(now_ms, CappedLimit(limit, kNoCap))));
}

// ---- Audit log.

namespace {

constexpr std::string_view kSelectChainedAudit =
    "SELECT id, at_ms, actor_staff_id, action, target_type, target_id, detail, prev_hash, hash "
    "FROM audit_log";

core::Result<app::AuditRecord> ReadAudit(const PgResult& r, int i) {
  return app::AuditRecord{r.Int(i, 0),  r.Int(i, 1),  r.OptionalInt(i, 2), r.Text(i, 3),
                          r.Text(i, 4), r.Text(i, 5), r.Text(i, 6)};
}

core::Result<app::ChainedAuditRecord> ReadChainedAudit(const PgResult& r, int i) {
  auto record = ReadAudit(r, i);
  if (!record) return std::unexpected(record.error());
  return app::ChainedAuditRecord{std::move(*record), r.Text(i, 7), r.Text(i, 8)};
}

}  // namespace

// Appends serialise on the chain head's row: the first statement makes sure it exists (a fresh
// store has none), the second locks it until this transaction ends. A second node's append
// waits there and then reads the head this one wrote, so no two records share a predecessor,
// and ids come out dense (the identity sequence is not used, it would skip ids on rollbacks).
core::Status PostgresTx::AppendAudit(const app::AuditRecord& r) {
  if (auto s = Done(Write("INSERT INTO audit_chain_head (id, last_id, last_hash, legacy_last_id) "
                          "VALUES (1, 0, $1, 0) ON CONFLICT (id) DO NOTHING",
                          Params(core::kAuditGenesisHash)));
      !s) {
    return s;
  }
  auto head = FirstRow(
      Query("SELECT last_id, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE", {}),
      [](const PgResult& rows, int i) -> core::Result<std::pair<std::int64_t, std::string>> {
        return std::pair{rows.Int(i, 0), rows.Text(i, 1)};
      });
  if (!head) return std::unexpected(head.error());
  if (!*head) return core::Fail(ErrorCode::kInternal, "postgres: the audit chain head is missing");
  const auto& [last_id, last_hash] = **head;
  const std::int64_t id = last_id + 1;
  const std::string hash =
      platform::Sha256Hex(core::AuditHashInput(last_hash, app::AuditFieldsOf(id, r)));
  if (auto s = Done(Write("INSERT INTO audit_log (id, at_ms, actor_staff_id, action, target_type, "
                          "target_id, detail, prev_hash, hash) "
                          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                          Params(id, r.at_ms, r.actor_staff_id, r.action, r.target_type,
                                 r.target_id, r.detail, last_hash, hash)));
      !s) {
    return s;
  }
  return Done(Write("UPDATE audit_chain_head SET last_id = $1, last_hash = $2 WHERE id = 1",
                    Params(id, hash)));
}

core::Result<std::vector<app::AuditRecord>> PostgresTx::ListAudit(std::size_t limit) {
  return AllRows(Query("SELECT id, at_ms, actor_staff_id, action, target_type, target_id, "
                       "detail FROM audit_log ORDER BY id DESC LIMIT $1",
                       Params(CappedLimit(limit, kNoCap))),
                 ReadAudit);
}

core::Result<std::optional<app::AuditChainHead>> PostgresTx::GetAuditChainHead() {
  return FirstRow(
      Query("SELECT last_id, last_hash, legacy_last_id FROM audit_chain_head WHERE id = 1", {}),
      [](const PgResult& r, int i) -> core::Result<app::AuditChainHead> {
        return app::AuditChainHead{r.Int(i, 0), r.Text(i, 1), r.Int(i, 2)};
      });
}

core::Result<std::vector<app::ChainedAuditRecord>> PostgresTx::ListAuditChain(std::int64_t after_id,
                                                                              std::size_t limit) {
  return AllRows(Query(std::string(kSelectChainedAudit) + " WHERE id > $1 ORDER BY id LIMIT $2",
                       Params(after_id, CappedLimit(limit, core::kAuditPageMax))),
                 ReadChainedAudit);
}

core::Result<std::vector<app::ChainedAuditRecord>> PostgresTx::SearchAudit(
    const app::AuditFilter& f) {
  // Only the clauses of the set fields, so that each filter can use its index; the texts come
  // from this fixed set, the values are bound.
  std::string sql(kSelectChainedAudit);
  std::vector<Param> params;
  std::string_view glue = " WHERE ";
  auto clause = [&](std::string_view column_op, Param value) {
    params.push_back(std::move(value));
    sql += glue;
    sql += column_op;
    sql += " $" + std::to_string(params.size());
    glue = " AND ";
  };
  if (!f.action.empty()) clause("action =", ToParam(f.action));
  if (f.actor_staff_id) clause("actor_staff_id =", ToParam(*f.actor_staff_id));
  if (!f.target_type.empty()) clause("target_type =", ToParam(f.target_type));
  if (!f.target_id.empty()) clause("target_id =", ToParam(f.target_id));
  if (f.from_ms) clause("at_ms >=", ToParam(*f.from_ms));
  if (f.to_ms) clause("at_ms <", ToParam(*f.to_ms));
  if (f.before_id) clause("id <", ToParam(*f.before_id));
  params.push_back(ToParam(CappedLimit(f.limit, core::kAuditPageMax)));
  sql += " ORDER BY id DESC LIMIT $" + std::to_string(params.size());
  return AllRows(Query(sql, params), ReadChainedAudit);
}

// ---- Stream journal.

namespace {

constexpr std::string_view kSelectStreamRecord =
    "SELECT id, at_ms, node_id, kind, conversation_id, message_id, has_before, before_status, "
    "before_assigned_staff_id, subject_id, sound FROM stream_records";

core::Result<app::StreamRecord> ReadStreamRecord(const PgResult& r, int i) {
  auto kind =
      ParseText<app::StreamEventKind>(r, i, 3, app::ParseStreamEventKind, "stream_records.kind");
  if (!kind) return std::unexpected(kind.error());
  auto status = ParseText<core::ConversationStatus>(r, i, 7, core::ParseConversationStatus,
                                                    "stream_records.before_status");
  if (!status) return std::unexpected(status.error());
  app::StreamRecord record;
  record.id = r.Int(i, 0);
  record.at_ms = r.Int(i, 1);
  record.node_id = r.Text(i, 2);
  record.kind = *kind;
  record.conversation_id = r.Int(i, 4);
  record.message_id = r.Int(i, 5);
  record.has_before = r.Bool(i, 6);
  record.before_status = *status;
  record.before_assigned_staff_id = r.OptionalInt(i, 8);
  record.subject_id = r.Int(i, 9);
  record.sound = r.Bool(i, 10);
  return record;
}

}  // namespace

core::Result<std::int64_t> PostgresTx::AppendStreamRecord(const app::StreamRecord& r) {
  core::Status locked = LockOnce(stream_locked_, kLockStreamIds, /*notify_stream=*/true);
  if (!locked) return std::unexpected(locked.error());
  return FirstInt(
      Query("INSERT INTO stream_records (at_ms, node_id, kind, conversation_id, message_id, "
            "has_before, before_status, before_assigned_staff_id, subject_id, sound) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            Params(r.at_ms, r.node_id, app::StreamEventKindName(r.kind), r.conversation_id,
                   r.message_id, r.has_before, core::ConversationStatusName(r.before_status),
                   r.before_assigned_staff_id, r.subject_id, r.sound)));
}

core::Result<std::vector<app::StreamRecord>> PostgresTx::ListStreamRecordsAfter(
    std::int64_t after_id, std::size_t limit) {
  return AllRows(Query(std::string(kSelectStreamRecord) + " WHERE id > $1 ORDER BY id LIMIT $2",
                       Params(after_id, CappedLimit(limit, core::kStreamRecordPageMax))),
                 ReadStreamRecord);
}

core::Result<std::int64_t> PostgresTx::LastStreamRecordId() {
  return FirstInt(Query("SELECT COALESCE(MAX(id), 0) FROM stream_records", {}));
}

core::Result<std::size_t> PostgresTx::DeleteStreamRecordsBefore(core::TimeMs before_ms,
                                                                std::size_t limit) {
  return Affected(
      Query("DELETE FROM stream_records WHERE id = ANY (ARRAY ("
            "SELECT id FROM stream_records WHERE at_ms < $1 ORDER BY id LIMIT $2))",
            Params(before_ms, CappedLimit(limit, kNoCap))));
}

// ---- Timers.

core::Status PostgresTx::ScheduleTimer(const std::string& kind, const std::string& subject,
                                       core::TimeMs due_at_ms) {
  return Done(
      Query("INSERT INTO timers (kind, subject, due_at_ms, lease_until_ms, attempts, last_error) "
            "VALUES ($1, $2, $3, 0, 0, '') ON CONFLICT (kind, subject) DO UPDATE SET "
            "due_at_ms = excluded.due_at_ms, lease_until_ms = 0, attempts = 0, last_error = ''",
            Params(kind, subject, due_at_ms)));
}

core::Status PostgresTx::CancelTimer(const std::string& kind, const std::string& subject) {
  return Done(Query("DELETE FROM timers WHERE kind = $1 AND subject = $2", Params(kind, subject)));
}

core::Result<std::vector<app::Timer>> PostgresTx::ClaimDueTimers(core::TimeMs now_ms,
                                                                 core::TimeMs lease_ms,
                                                                 std::size_t limit) {
  auto read = [](const PgResult& r, int i) -> core::Result<app::Timer> {
    return app::Timer{
        r.Int(i, 0), r.Text(i, 1), r.Text(i, 2), r.Int(i, 3), static_cast<int>(r.Int(i, 4)),
        r.Text(i, 5)};
  };
  auto claimed = AllRows(
      Query("UPDATE timers SET lease_until_ms = $2 WHERE id = ANY (ARRAY ("
            "SELECT id FROM timers WHERE due_at_ms <= $1 AND lease_until_ms <= $1 "
            "ORDER BY due_at_ms, id LIMIT $3 FOR UPDATE SKIP LOCKED)) "
            "RETURNING id, kind, subject, due_at_ms, attempts, last_error",
            Params(now_ms, now_ms + lease_ms, CappedLimit(limit, core::kTimerClaimBatchMax))),
      read);
  if (!claimed) return std::unexpected(claimed.error());
  std::sort(claimed->begin(), claimed->end(), [](const app::Timer& a, const app::Timer& b) {
    return a.due_at_ms != b.due_at_ms ? a.due_at_ms < b.due_at_ms : a.id < b.id;
  });
  return claimed;
}

core::Status PostgresTx::FinishTimer(const app::Timer& timer) {
  // Unless scheduled again meanwhile (due_at_ms moved): then the new schedule stands.
  return Done(Query("DELETE FROM timers WHERE id = $1 AND due_at_ms = $2",
                    Params(timer.id, timer.due_at_ms)));
}

core::Status PostgresTx::RetryTimer(const app::Timer& timer, core::TimeMs next_due_ms,
                                    const std::string& error) {
  return Done(
      Query("UPDATE timers SET due_at_ms = $1, lease_until_ms = 0, "
            "attempts = attempts + 1, last_error = $2 WHERE id = $3 AND due_at_ms = $4",
            Params(next_due_ms, error, timer.id, timer.due_at_ms)));
}

// ---- Risk alerts, the emergency checklist, debriefs.

namespace {

constexpr std::string_view kSelectRiskAlert =
    "SELECT id, conversation_id, level, categories, first_at_ms, last_at_ms, message_count, "
    "acknowledged_by, acknowledged_at_ms FROM risk_alerts";

core::Result<core::RiskAlert> ReadRiskAlert(const PgResult& r, int i) {
  core::RiskAlert a;
  a.id = r.Int(i, 0);
  a.conversation_id = r.Int(i, 1);
  a.level = static_cast<int>(r.Int(i, 2));
  a.categories = r.Text(i, 3);
  a.first_at_ms = r.Int(i, 4);
  a.last_at_ms = r.Int(i, 5);
  a.message_count = static_cast<int>(r.Int(i, 6));
  a.acknowledged_by = r.OptionalInt(i, 7);
  a.acknowledged_at_ms = r.OptionalInt(i, 8);
  return a;
}

// Joins the flagged counselor's name (a read-only view).
constexpr std::string_view kSelectDebriefFlag =
    "SELECT f.id, f.staff_id, s.display_name, f.flagged_at_ms, f.conversation_count, "
    "f.cleared_by, f.cleared_at_ms FROM debrief_flags f JOIN staff s ON s.id = f.staff_id";

core::Result<core::DebriefFlag> ReadDebriefFlag(const PgResult& r, int i) {
  core::DebriefFlag f;
  f.id = r.Int(i, 0);
  f.staff_id = r.Int(i, 1);
  f.staff_name = r.Text(i, 2);
  f.flagged_at_ms = r.Int(i, 3);
  f.conversation_count = static_cast<int>(r.Int(i, 4));
  f.cleared_by = r.OptionalInt(i, 5);
  f.cleared_at_ms = r.OptionalInt(i, 6);
  return f;
}

}  // namespace

core::Result<std::optional<core::RiskAlert>> PostgresTx::FindOpenRiskAlert(
    core::ConversationId conversation) {
  return FirstRow(Query(std::string(kSelectRiskAlert) +
                            " WHERE conversation_id = $1 AND acknowledged_at_ms IS NULL",
                        Params(conversation)),
                  ReadRiskAlert);
}

core::Result<std::optional<core::RiskAlert>> PostgresTx::GetRiskAlert(std::int64_t id) {
  return FirstRow(Query(std::string(kSelectRiskAlert) + " WHERE id = $1", Params(id)),
                  ReadRiskAlert);
}

core::Result<std::int64_t> PostgresTx::InsertRiskAlert(const core::RiskAlert& a) {
  // A second open alert of the conversation violates risk_alerts_one_open: kConflict. A
  // concurrent inserter waits for the first to commit, then gets the conflict.
  return FirstInt(
      Write("INSERT INTO risk_alerts (conversation_id, level, categories, first_at_ms, "
            "last_at_ms, message_count, acknowledged_by, acknowledged_at_ms) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            Params(a.conversation_id, a.level, a.categories, a.first_at_ms, a.last_at_ms,
                   a.message_count, a.acknowledged_by, a.acknowledged_at_ms)));
}

core::Status PostgresTx::UpdateRiskAlert(const core::RiskAlert& a) {
  // Guarded: the level check, the acknowledging staff member's key and the one-open index can
  // all refuse it.
  return ChangedOne(
      Write("UPDATE risk_alerts SET level = $1, categories = $2, last_at_ms = $3, "
            "message_count = $4, acknowledged_by = $5, acknowledged_at_ms = $6 WHERE id = $7",
            Params(a.level, a.categories, a.last_at_ms, a.message_count, a.acknowledged_by,
                   a.acknowledged_at_ms, a.id)),
      "risk alert");
}

core::Result<std::vector<core::RiskAlert>> PostgresTx::ListOpenRiskAlerts(std::size_t limit) {
  return AllRows(
      Query(std::string(kSelectRiskAlert) + " WHERE acknowledged_at_ms IS NULL "
                                            "ORDER BY level DESC, first_at_ms, id LIMIT $1",
            Params(CappedLimit(limit, core::kRiskAlertsPageMax))),
      ReadRiskAlert);
}

core::Result<bool> PostgresTx::RecordEmergencyStep(core::ConversationId conversation,
                                                   const core::EmergencyStepRecord& r) {
  // The first record of a step stands; a concurrent second one waits for it, then does nothing.
  // Guarded all the same: an unknown conversation or staff member is refused.
  auto inserted = Affected(Write(
      "INSERT INTO emergency_steps (conversation_id, step, done_by, done_at_ms, note) "
      "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (conversation_id, step) DO NOTHING",
      Params(conversation, core::EmergencyStepName(r.step), r.done_by, r.done_at_ms, r.note)));
  if (!inserted) return std::unexpected(inserted.error());
  return *inserted == 1;
}

core::Result<std::vector<core::EmergencyStepRecord>> PostgresTx::ListEmergencySteps(
    core::ConversationId conversation) {
  auto read = [](const PgResult& r, int i) -> core::Result<core::EmergencyStepRecord> {
    auto step =
        ParseText<core::EmergencyStep>(r, i, 0, core::ParseEmergencyStep, "emergency_steps.step");
    if (!step) return std::unexpected(step.error());
    return core::EmergencyStepRecord{*step, r.Int(i, 1), r.Text(i, 2), r.Int(i, 3), r.Text(i, 4)};
  };
  return AllRows(Query("SELECT e.step, e.done_by, s.display_name, e.done_at_ms, e.note "
                       "FROM emergency_steps e JOIN staff s ON s.id = e.done_by "
                       "WHERE e.conversation_id = $1 ORDER BY e.id",
                       Params(conversation)),
                 read);
}

core::Result<int> PostgresTx::CountQueued(core::ProgramId program_id) {
  auto count = FirstInt(
      Query("SELECT COUNT(*) FROM conversations WHERE status = 'waiting' AND program_id = $1 "
            "AND assigned_staff_id IS NULL AND queued_at_ms IS NOT NULL",
            Params(program_id)));
  if (!count) return std::unexpected(count.error());
  return static_cast<int>(*count);
}

core::Result<int> PostgresTx::CountRiskyConversationsOf(core::StaffId staff_id, int min_level,
                                                        core::TimeMs since_ms) {
  // risk_level > 0 as well, so that the partial index conversations_risky_by_staff applies.
  auto count =
      FirstInt(Query("SELECT COUNT(*) FROM conversations WHERE assigned_staff_id = $1 "
                     "AND risk_level >= $2 AND risk_level > 0 AND last_message_at_ms >= $3",
                     Params(staff_id, min_level, since_ms)));
  if (!count) return std::unexpected(count.error());
  return static_cast<int>(*count);
}

core::Result<std::optional<core::DebriefFlag>> PostgresTx::FindOpenDebriefFlag(
    core::StaffId staff_id) {
  return FirstRow(
      Query(std::string(kSelectDebriefFlag) + " WHERE f.staff_id = $1 AND f.cleared_at_ms IS NULL",
            Params(staff_id)),
      ReadDebriefFlag);
}

core::Result<std::optional<core::DebriefFlag>> PostgresTx::GetDebriefFlag(std::int64_t id) {
  return FirstRow(Query(std::string(kSelectDebriefFlag) + " WHERE f.id = $1", Params(id)),
                  ReadDebriefFlag);
}

core::Result<std::int64_t> PostgresTx::InsertDebriefFlag(const core::DebriefFlag& f) {
  // A second open flag of the counselor violates debrief_flags_one_open: kConflict.
  return FirstInt(Write(
      "INSERT INTO debrief_flags (staff_id, flagged_at_ms, conversation_count, "
      "cleared_by, cleared_at_ms) VALUES ($1, $2, $3, $4, $5) RETURNING id",
      Params(f.staff_id, f.flagged_at_ms, f.conversation_count, f.cleared_by, f.cleared_at_ms)));
}

core::Status PostgresTx::ClearDebriefFlag(std::int64_t id, core::StaffId by, core::TimeMs at_ms) {
  // Guarded: an unknown staff member in cleared_by is refused by its foreign key.
  return ChangedOne(Write("UPDATE debrief_flags SET cleared_by = $1, cleared_at_ms = $2 "
                          "WHERE id = $3 AND cleared_at_ms IS NULL",
                          Params(by, at_ms, id)),
                    "open debrief flag");
}

core::Result<std::vector<core::DebriefFlag>> PostgresTx::ListOpenDebriefFlags(std::size_t limit) {
  return AllRows(Query(std::string(kSelectDebriefFlag) +
                           " WHERE f.cleared_at_ms IS NULL ORDER BY f.flagged_at_ms, f.id "
                           "LIMIT $1",
                       Params(CappedLimit(limit, core::kRiskAlertsPageMax))),
                 ReadDebriefFlag);
}

core::Result<std::vector<app::AuditRecord>> PostgresTx::ListAuditFor(const std::string& target_type,
                                                                     const std::string& target_id,
                                                                     const std::string& action,
                                                                     std::size_t limit) {
  return AllRows(Query("SELECT id, at_ms, actor_staff_id, action, target_type, target_id, "
                       "detail FROM audit_log WHERE target_type = $1 AND target_id = $2 "
                       "AND action = $3 ORDER BY id LIMIT $4",
                       Params(target_type, target_id, action, CappedLimit(limit, kNoCap))),
                 ReadAudit);
}

core::Result<bool> PostgresTx::TryLockJob(const std::string& name) {
  PgOutcome locked =
      Query("SELECT pg_try_advisory_xact_lock($1::bigint)", Params(JobLockKey(name)));
  if (!locked) return Failed(locked);
  if (locked->Rows() == 0) return core::Fail(ErrorCode::kInternal, "postgres: no lock result");
  return locked->Bool(0, 0);
}

// ---- Templates, presence, the queue and reports.

namespace {

constexpr std::string_view kSelectTemplate =
    "SELECT program_key, template_key, version, body, created_by, created_at_ms FROM templates";

core::Result<app::TemplateVersion> ReadTemplate(const PgResult& r, int i) {
  return app::TemplateVersion{r.Text(i, 0), r.Text(i, 1), static_cast<int>(r.Int(i, 2)),
                              r.Text(i, 3), r.Text(i, 4), r.Int(i, 5)};
}

}  // namespace

core::Status PostgresTx::InsertTemplateVersion(const app::TemplateVersion& v) {
  // Guarded: a duplicate version violates the unique key (kConflict), a version below 1 the
  // CHECK (kInvalidArgument).
  return Done(
      Write("INSERT INTO templates (program_key, template_key, version, body, created_by, "
            "created_at_ms) VALUES ($1, $2, $3, $4, $5, $6)",
            Params(v.program_key, v.key, v.version, v.body, v.created_by, v.created_at_ms)));
}

core::Result<std::vector<app::TemplateVersion>> PostgresTx::LatestTemplates(
    const std::string& program_key) {
  // Each key's greatest version. Keys sort byte by byte (COLLATE "C"), as in SQLite.
  return AllRows(Query("SELECT * FROM (SELECT DISTINCT ON (template_key) program_key, "
                       "template_key, version, body, created_by, created_at_ms FROM templates "
                       "WHERE program_key = $1 ORDER BY template_key, version DESC) latest "
                       "ORDER BY template_key COLLATE \"C\"",
                       Params(program_key)),
                 ReadTemplate);
}

core::Result<std::vector<app::TemplateVersion>> PostgresTx::ListTemplateVersions(
    const std::string& program_key, const std::string& key, std::size_t limit) {
  return AllRows(
      Query(std::string(kSelectTemplate) + " WHERE program_key = $1 AND template_key = $2 "
                                           "ORDER BY version DESC LIMIT $3",
            Params(program_key, key, CappedLimit(limit, kNoCap))),
      ReadTemplate);
}

core::Status PostgresTx::UpsertPresence(const app::StaffPresence& p) {
  // Guarded: an unknown staff member is refused by the foreign key (kNotFound), an unknown
  // status by the CHECK (kInvalidArgument).
  return Done(
      Write("INSERT INTO staff_presence (staff_id, status, last_seen_ms) "
            "VALUES ($1, $2, $3) ON CONFLICT (staff_id) DO UPDATE SET "
            "status = excluded.status, last_seen_ms = excluded.last_seen_ms",
            Params(p.staff_id, p.status, p.last_seen_ms)));
}

// A console may close twice (a tab and its logout): deleting what is gone already is no error.
core::Status PostgresTx::DeletePresence(core::StaffId staff_id) {
  return Done(Query("DELETE FROM staff_presence WHERE staff_id = $1", Params(staff_id)));
}

core::Result<std::vector<app::StaffPresence>> PostgresTx::ListPresence() {
  auto read = [](const PgResult& r, int i) -> core::Result<app::StaffPresence> {
    return app::StaffPresence{r.Int(i, 0), r.Text(i, 1), r.Int(i, 2)};
  };
  return AllRows(
      Query("SELECT staff_id, status, last_seen_ms FROM staff_presence ORDER BY staff_id", {}),
      read);
}

core::Result<std::vector<std::pair<core::StaffId, int>>> PostgresTx::CountOpenByStaff() {
  auto read = [](const PgResult& r, int i) -> core::Result<std::pair<core::StaffId, int>> {
    return std::pair<core::StaffId, int>(r.Int(i, 0), static_cast<int>(r.Int(i, 1)));
  };
  return AllRows(Query("SELECT assigned_staff_id, COUNT(*) FROM conversations "
                       "WHERE status = 'active' AND assigned_staff_id IS NOT NULL "
                       "GROUP BY assigned_staff_id ORDER BY assigned_staff_id",
                       {}),
                 read);
}

core::Result<app::QueueSummary> PostgresTx::SummarizeQueue(core::ProgramId program_id) {
  // queued is CountQueued's set; active the program's taken conversations (active, assigned).
  auto read = [](const PgResult& r, int i) -> core::Result<app::QueueSummary> {
    return app::QueueSummary{static_cast<int>(r.Int(i, 0)), r.OptionalInt(i, 1),
                             static_cast<int>(r.Int(i, 2))};
  };
  auto summary =
      FirstRow(Query("SELECT COUNT(*) FILTER (WHERE q), MIN(queued_at_ms) FILTER (WHERE q), "
                     "COUNT(*) FILTER (WHERE a) FROM (SELECT queued_at_ms, "
                     "(status = 'waiting' AND assigned_staff_id IS NULL "
                     "AND queued_at_ms IS NOT NULL) AS q, "
                     "(status = 'active' AND assigned_staff_id IS NOT NULL) AS a "
                     "FROM conversations WHERE program_id = $1 AND status <> 'closed') o",
                     Params(program_id)),
               read);
  if (!summary) return std::unexpected(summary.error());
  return summary->value_or(app::QueueSummary{});
}

core::Result<bool> PostgresTx::InsertSurveyAnswer(const app::SurveyAnswer& a) {
  // The first answer stands; a concurrent second one waits for it, then does nothing. Guarded
  // all the same: an unknown conversation is refused (kNotFound).
  auto inserted =
      Affected(Write("INSERT INTO survey_answers (conversation_id, question, answer, at_ms) "
                     "VALUES ($1, $2, $3, $4) ON CONFLICT (conversation_id, question) DO NOTHING",
                     Params(a.conversation_id, a.question, a.answer, a.at_ms)));
  if (!inserted) return std::unexpected(inserted.error());
  return *inserted == 1;
}

core::Result<std::vector<app::SurveyAnswerCount>> PostgresTx::CountSurveyAnswers(
    core::ProgramId program_id, core::TimeMs from_ms, core::TimeMs to_ms) {
  auto read = [](const PgResult& r, int i) -> core::Result<app::SurveyAnswerCount> {
    return app::SurveyAnswerCount{r.Text(i, 0), r.Text(i, 1), static_cast<int>(r.Int(i, 2))};
  };
  // The conversations come from conversations_by_program_opened, their answers from the key.
  // Sorted byte by byte (COLLATE "C"), as in SQLite.
  return AllRows(Query("SELECT s.question, s.answer, COUNT(*) FROM conversations c "
                       "JOIN survey_answers s ON s.conversation_id = c.id "
                       "WHERE c.program_id = $1 AND c.opened_at_ms >= $2 AND c.opened_at_ms < $3 "
                       "GROUP BY s.question, s.answer "
                       "ORDER BY s.question COLLATE \"C\", s.answer COLLATE \"C\"",
                       Params(program_id, from_ms, to_ms)),
                 read);
}

core::Result<std::vector<app::ConversationFact>> PostgresTx::ListConversationFacts(
    core::ProgramId program_id, core::TimeMs from_ms, core::TimeMs to_ms,
    core::ConversationId after_id, std::size_t limit) {
  auto read = [](const PgResult& r, int i) -> core::Result<app::ConversationFact> {
    auto status = ParseText<core::ConversationStatus>(r, i, 1, core::ParseConversationStatus,
                                                      "conversations.status");
    if (!status) return std::unexpected(status.error());
    auto bot_status =
        ParseText<core::BotStatus>(r, i, 2, core::ParseBotStatus, "conversations.bot_status");
    if (!bot_status) return std::unexpected(bot_status.error());
    auto end_reason =
        ParseText<core::EndReason>(r, i, 3, core::ParseEndReason, "conversations.end_reason");
    if (!end_reason) return std::unexpected(end_reason.error());
    app::ConversationFact f;
    f.id = r.Int(i, 0);
    f.status = *status;
    f.bot_status = *bot_status;
    f.end_reason = *end_reason;
    f.opened_at_ms = r.Int(i, 4);
    f.queued_at_ms = r.OptionalInt(i, 5);
    f.taken_at_ms = r.OptionalInt(i, 6);
    f.closed_at_ms = r.OptionalInt(i, 7);
    return f;
  };
  // Not capped below the caller's page: a report that pages until a short page would otherwise
  // stop early. kNoCap only keeps the value inside BIGINT.
  return AllRows(Query("SELECT id, status, bot_status, end_reason, opened_at_ms, queued_at_ms, "
                       "taken_at_ms, closed_at_ms FROM conversations WHERE program_id = $1 "
                       "AND opened_at_ms >= $2 AND opened_at_ms < $3 AND id > $4 "
                       "ORDER BY id LIMIT $5",
                       Params(program_id, from_ms, to_ms, after_id, CappedLimit(limit, kNoCap))),
                 read);
}

// ---- Wrap-ups (core/wrap_up.h).

core::Status PostgresTx::InsertWrapUp(const core::WrapUp& w) {
  if (!core::IsWellFormed(w)) {
    return core::Fail(ErrorCode::kInvalidArgument, "postgres: the wrap-up is not well formed");
  }
  // One statement, so that the row and its topics are stored together or not at all. Topic
  // codes are a-z, 0-9 and _ (core::IsTopicCode), so a line break can join them.
  std::string codes;
  for (const std::string& code : w.topic_codes) codes += (codes.empty() ? "" : "\n") + code;
  return Done(
      Write("WITH w AS (INSERT INTO wrap_ups (conversation_id, risk_level, outcome, summary, "
            "by_staff_id, at_ms) VALUES ($1, $2, $3, $4, $5, $6) RETURNING conversation_id) "
            "INSERT INTO wrap_up_topics (conversation_id, topic_code) "
            "SELECT w.conversation_id, t FROM w, unnest(string_to_array($7, E'\\n')) AS t",
            Params(w.conversation_id, w.risk_level, core::WrapUpOutcomeName(w.outcome),
                   Seal(app::sealed::kWrapUpSummary, w.summary), w.by_staff_id, w.at_ms, codes)));
}

core::Result<std::optional<core::WrapUp>> PostgresTx::GetWrapUp(core::ConversationId id) {
  auto read = [this](const PgResult& r, int i) -> core::Result<core::WrapUp> {
    auto outcome =
        ParseText<core::WrapUpOutcome>(r, i, 2, core::ParseWrapUpOutcome, "wrap_ups.outcome");
    if (!outcome) return std::unexpected(outcome.error());
    core::WrapUp w;
    w.conversation_id = r.Int(i, 0);
    w.risk_level = static_cast<int>(r.Int(i, 1));
    w.outcome = *outcome;
    w.summary = r.Text(i, 3);
    if (auto opened = app::OpenField(cipher_, app::sealed::kWrapUpSummary, w.summary); !opened) {
      return std::unexpected(opened.error());
    }
    w.by_staff_id = r.Int(i, 4);
    w.at_ms = r.Int(i, 5);
    const std::string text = r.Text(i, 6);
    std::string_view codes = text;
    while (!codes.empty()) {
      const std::size_t nl = codes.find('\n');
      w.topic_codes.emplace_back(codes.substr(0, nl));
      if (nl == std::string_view::npos) break;
      codes.remove_prefix(nl + 1);
    }
    if (!core::IsWellFormed(w)) return Corrupt("wrap_ups");
    return w;
  };
  return FirstRow(
      Query("SELECT w.conversation_id, w.risk_level, w.outcome, w.summary, w.by_staff_id, "
            "w.at_ms, array_to_string(ARRAY(SELECT t.topic_code FROM wrap_up_topics t "
            "WHERE t.conversation_id = w.conversation_id ORDER BY t.topic_code COLLATE \"C\"), "
            "E'\\n') FROM wrap_ups w WHERE w.conversation_id = $1",
            Params(id)),
      read);
}

// ---- Encryption at rest: stored values as they are, for `keys rotate`.

core::Result<std::vector<app::StoredValue>> PostgresTx::ListStoredValues(std::string_view column,
                                                                         std::int64_t after_id,
                                                                         std::size_t limit) {
  auto sealed = app::SealedColumnNamed(column);
  if (!sealed) return std::unexpected(sealed.error());
  const std::string sql = "SELECT id, " + std::string((*sealed)->column) + " FROM " +
                          std::string((*sealed)->table) + " WHERE id > $1 ORDER BY id LIMIT $2";
  return AllRows(Query(sql, Params(after_id, CappedLimit(limit, core::kStoredValuesPageMax))),
                 [](const PgResult& r, int i) -> core::Result<app::StoredValue> {
                   return app::StoredValue{r.Int(i, 0), r.Text(i, 1)};
                 });
}

core::Result<bool> PostgresTx::ReplaceStoredValue(std::string_view column, std::int64_t id,
                                                  const std::string& expected,
                                                  const std::string& replacement) {
  auto sealed = app::SealedColumnNamed(column);
  if (!sealed) return std::unexpected(sealed.error());
  const std::string name((*sealed)->column);
  const std::string sql = "UPDATE " + std::string((*sealed)->table) + " SET " + name +
                          " = $1 WHERE id = $2 AND " + name + " = $3";
  auto changed = Affected(Query(sql, Params(replacement, id, expected)));
  if (!changed) return std::unexpected(changed.error());
  return *changed == 1;
}

core::Result<std::int64_t> PostgresTx::CountStoredValues(std::string_view column) {
  auto sealed = app::SealedColumnNamed(column);
  if (!sealed) return std::unexpected(sealed.error());
  return FirstInt(Query("SELECT COUNT(*) FROM " + std::string((*sealed)->table), {}));
}

}  // namespace tsunagu::adapters::postgres
