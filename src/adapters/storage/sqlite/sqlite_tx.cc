#include "adapters/storage/sqlite/sqlite_tx.h"

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

namespace tsunagu::adapters::sqlite {
namespace {

using core::ErrorCode;

// A value in a row that no version of tsunagu writes: the file was edited by hand or is damaged.
std::unexpected<core::Error> Corrupt(std::string_view column) {
  return core::Fail(ErrorCode::kInternal, "sqlite: unexpected value in " + std::string(column));
}

std::unexpected<core::Error> NotFound(std::string_view what) {
  return core::Fail(ErrorCode::kNotFound, std::string(what) + " not found");
}

template <typename E, typename Parse>
core::Result<E> ParseText(const Statement& row, int column, Parse parse, std::string_view name) {
  std::optional<E> value = parse(row.Text(column));
  if (!value) return Corrupt(name);
  return *value;
}

template <typename Read>
using RowType = typename std::invoke_result_t<Read, const Statement&>::value_type;

template <typename Read>
core::Result<std::vector<RowType<Read>>> AllRows(core::Result<Statement> stmt, Read read) {
  if (!stmt) return std::unexpected(stmt.error());
  std::vector<RowType<Read>> rows;
  for (;;) {
    core::Result<bool> has_row = stmt->Step();
    if (!has_row) return std::unexpected(has_row.error());
    if (!*has_row) return rows;
    auto row = read(*stmt);
    if (!row) return std::unexpected(row.error());
    rows.push_back(std::move(*row));
  }
}

template <typename Read>
core::Result<std::optional<RowType<Read>>> FirstRow(core::Result<Statement> stmt, Read read) {
  if (!stmt) return std::unexpected(stmt.error());
  core::Result<bool> has_row = stmt->Step();
  if (!has_row) return std::unexpected(has_row.error());
  if (!*has_row) return std::nullopt;
  auto row = read(*stmt);
  if (!row) return std::unexpected(row.error());
  return std::optional<RowType<Read>>(std::move(*row));
}

// For INSERT ... RETURNING id.
// Claims: leases every row taken, by id, until until_ms (table is a fixed name, never input).
template <typename Row>
core::Status LeaseAll(Connection& conn, std::string_view table, const std::vector<Row>& rows,
                      core::TimeMs until_ms) {
  const std::string sql = "UPDATE " + std::string(table) + " SET lease_until_ms = ? WHERE id = ?";
  for (const Row& row : rows) {
    auto leased = conn.Change(sql, until_ms, row.id);
    if (!leased) return std::unexpected(leased.error());
  }
  return core::Ok();
}

core::Result<std::int64_t> ReturnedId(core::Result<Statement> stmt) {
  if (!stmt) return std::unexpected(stmt.error());
  core::Result<bool> has_row = stmt->Step();
  if (!has_row) return std::unexpected(has_row.error());
  if (!*has_row) return core::Fail(ErrorCode::kInternal, "sqlite: INSERT returned no id");
  std::int64_t id = stmt->Int(0);
  core::Result<std::int64_t> done = stmt->Execute();
  if (!done) return std::unexpected(done.error());
  return id;
}

// For UPDATE and DELETE of one row by key: no row changed means the key does not exist.
core::Status ChangedOne(core::Result<std::int64_t> changed, std::string_view what) {
  if (!changed) return std::unexpected(changed.error());
  if (*changed == 0) return NotFound(what);
  return core::Ok();
}

// The audit list has no named page limit yet; this only keeps the value inside SQLite's range.
constexpr std::size_t kNoCap = std::numeric_limits<std::int64_t>::max();

std::int64_t CappedLimit(std::size_t limit, std::size_t max) {
  return static_cast<std::int64_t>(std::min(limit, max));
}

core::Result<core::Program> ReadProgram(const Statement& row) {
  return core::Program{row.Int(0), row.Text(1), row.Text(2)};
}

constexpr std::string_view kSelectStaff =
    "SELECT id, login, display_name, role, active, password_hash, created_at_ms FROM staff";

core::Result<core::Staff> ReadStaff(const Statement& row) {
  core::Result<core::Role> role = ParseText<core::Role>(row, 3, core::ParseRole, "staff.role");
  if (!role) return std::unexpected(role.error());
  return core::Staff{row.Int(0),  row.Text(1), row.Text(2), *role,
                     row.Bool(4), row.Text(5), row.Int(6)};
}

core::Result<core::Client> ReadClient(const Statement& row) {
  return core::Client{row.Int(0), row.Text(1), row.Bool(2), row.Int(3)};
}

}  // namespace

template <typename Read>
auto SqliteTx::Opening(Read read) const {
  return [this, read](const Statement& row) -> std::invoke_result_t<Read, const Statement&> {
    auto value = read(row);
    if (!value) return value;
    if (core::Status opened = app::OpenSealedFields(cipher_, *value); !opened) {
      return std::unexpected(opened.error());
    }
    return value;
  };
}

core::TimeMs WallClockMs() {
  auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count();
}

core::Status SqliteTx::Atomically(const std::function<core::Status()>& body) {
  core::Status begin = conn_.Run("SAVEPOINT store_op");
  if (!begin) return begin;
  core::Status status = body();
  if (status) {
    core::Status release = conn_.Run("RELEASE store_op");
    if (release) return release;
    status = release;
  }
  // Undo only this operation: the caller may handle the error and go on in the transaction.
  if (!conn_.Run("ROLLBACK TO store_op") || !conn_.Run("RELEASE store_op")) broken_ = true;
  return status;
}

// ---- Programs and staff.

core::Result<core::Program> SqliteTx::UpsertProgram(const std::string& key,
                                                    const std::string& name) {
  auto program = FirstRow(conn_.Bound("INSERT INTO programs (key, name) VALUES (?, ?) "
                                      "ON CONFLICT (key) DO UPDATE SET name = excluded.name "
                                      "RETURNING id, key, name",
                                      key, name),
                          ReadProgram);
  if (!program) return std::unexpected(program.error());
  if (!*program) return core::Fail(ErrorCode::kInternal, "sqlite: upsert returned no row");
  return std::move(**program);
}

core::Result<std::optional<core::Program>> SqliteTx::FindProgramByKey(const std::string& key) {
  return FirstRow(conn_.Bound("SELECT id, key, name FROM programs WHERE key = ?", key),
                  ReadProgram);
}

core::Result<core::StaffId> SqliteTx::InsertStaff(const core::Staff& staff) {
  return ReturnedId(conn_.Bound(
      "INSERT INTO staff (login, display_name, role, active, password_hash, created_at_ms) "
      "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      staff.login, staff.display_name, core::RoleName(staff.role), staff.active,
      staff.password_hash, staff.created_at_ms));
}

core::Result<std::optional<core::Staff>> SqliteTx::FindStaffByLogin(const std::string& login) {
  return FirstRow(conn_.Bound(std::string(kSelectStaff) + " WHERE login = ?", login), ReadStaff);
}

core::Result<std::optional<core::Staff>> SqliteTx::GetStaff(core::StaffId id) {
  return FirstRow(conn_.Bound(std::string(kSelectStaff) + " WHERE id = ?", id), ReadStaff);
}

core::Result<std::vector<core::Staff>> SqliteTx::ListStaff() {
  return AllRows(conn_.Bound(std::string(kSelectStaff) + " ORDER BY id"), ReadStaff);
}

// ---- Inbound events.

namespace {

constexpr std::string_view kSelectInbound =
    "SELECT id, event_id, channel_key, kind, type_name, sender_id, source_type, reply_token, "
    "occurred_at_ms, received_at_ms, redelivery, standby, message_type, message_id, text, "
    "raw_json, state FROM inbound_events";

core::Result<core::InboundEvent> ReadInbound(const Statement& row) {
  auto kind = ParseText<core::InboundKind>(row, 3, core::ParseInboundKind, "inbound_events.kind");
  if (!kind) return std::unexpected(kind.error());
  auto state =
      ParseText<core::InboundState>(row, 16, core::ParseInboundState, "inbound_events.state");
  if (!state) return std::unexpected(state.error());
  core::InboundEvent event;
  event.id = row.Int(0);
  event.event_id = row.Text(1);
  event.channel_key = row.Text(2);
  event.kind = *kind;
  event.type_name = row.Text(4);
  event.sender_id = row.Text(5);
  event.source_type = row.Text(6);
  event.reply_token = row.Text(7);
  event.occurred_at_ms = row.Int(8);
  event.received_at_ms = row.Int(9);
  event.redelivery = row.Bool(10);
  event.standby = row.Bool(11);
  event.message_type = row.Text(12);
  event.message_id = row.Text(13);
  event.text = row.Text(14);
  event.raw_json = row.Text(15);
  event.state = *state;
  return event;
}

}  // namespace

core::Result<bool> SqliteTx::InsertInboundEvent(const core::InboundEvent& e) {
  // DO NOTHING: a redelivered webhook must neither fail nor overwrite what was stored first.
  core::Result<std::int64_t> inserted = conn_.Change(
      "INSERT INTO inbound_events (channel_key, event_id, kind, type_name, sender_id, "
      "source_type, reply_token, occurred_at_ms, received_at_ms, redelivery, standby, "
      "message_type, message_id, text, raw_json, state) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (channel_key, event_id) DO NOTHING",
      e.channel_key, e.event_id, core::InboundKindName(e.kind), e.type_name, e.sender_id,
      e.source_type, e.reply_token, e.occurred_at_ms, e.received_at_ms, e.redelivery, e.standby,
      e.message_type, e.message_id, Seal(app::sealed::kInboundText, e.text),
      Seal(app::sealed::kInboundRawJson, e.raw_json), core::InboundStateName(e.state));
  if (!inserted) return std::unexpected(inserted.error());
  return *inserted == 1;
}

core::Result<std::vector<core::InboundEvent>> SqliteTx::ListPendingInboundEvents(
    std::size_t limit) {
  return AllRows(
      conn_.Bound(std::string(kSelectInbound) + " WHERE state = 'pending' ORDER BY id LIMIT ?",
                  CappedLimit(limit, core::kInboundClaimBatchMax)),
      Opening(ReadInbound));
}

core::Status SqliteTx::SetInboundEventState(core::InboundEventId id, core::InboundState state,
                                            core::TimeMs at_ms) {
  return ChangedOne(
      conn_.Change("UPDATE inbound_events SET state = ?, processed_at_ms = ? WHERE id = ?",
                   core::InboundStateName(state), at_ms, id),
      "inbound event");
}

core::Result<std::optional<core::InboundEvent>> SqliteTx::ClaimInboundEvent(
    core::InboundEventId id) {
  // One writer at a time holds the database, so no other transaction can hold the event; what
  // is left is the order per sender.
  return FirstRow(conn_.Bound(std::string(kSelectInbound) +
                                  " AS e WHERE e.id = ?1 AND e.state = 'pending' AND NOT EXISTS ("
                                  "SELECT 1 FROM inbound_events p WHERE p.state = 'pending' AND "
                                  "p.channel_key = e.channel_key AND p.sender_id = e.sender_id "
                                  "AND p.id < e.id)",
                              id),
                  Opening(ReadInbound));
}

core::Result<std::optional<core::InboundEvent>> SqliteTx::FindInboundEvent(
    const std::string& channel_key, const std::string& event_id) {
  return FirstRow(
      conn_.Bound(std::string(kSelectInbound) + " WHERE channel_key = ? AND event_id = ?",
                  channel_key, event_id),
      Opening(ReadInbound));
}

// ---- Clients and identities.

core::Result<std::optional<core::Client>> SqliteTx::FindClientByIdentity(
    const std::string& channel_key, const std::string& external_id) {
  return FirstRow(conn_.Bound("SELECT c.id, c.pseudonym, c.blocked, c.created_at_ms "
                              "FROM channel_identities i JOIN clients c ON c.id = i.client_id "
                              "WHERE i.channel_key = ? AND i.external_id = ?",
                              channel_key, external_id),
                  ReadClient);
}

core::Result<core::Client> SqliteTx::InsertClient(const core::Client& client,
                                                  const core::ChannelIdentity& identity) {
  core::Client stored = client;
  core::Status status = Atomically([&]() -> core::Status {
    auto id = ReturnedId(conn_.Bound(
        "INSERT INTO clients (pseudonym, blocked, created_at_ms) VALUES (?, ?, ?) RETURNING id",
        client.pseudonym, client.blocked, client.created_at_ms));
    if (!id) return std::unexpected(id.error());
    stored.id = *id;
    // The identity belongs to the new client, whatever identity.client_id says.
    auto linked = conn_.Change(
        "INSERT INTO channel_identities (channel_key, external_id, client_id) VALUES (?, ?, ?)",
        identity.channel_key, identity.external_id, stored.id);
    if (!linked) return std::unexpected(linked.error());
    return core::Ok();
  });
  if (!status) return std::unexpected(status.error());
  return stored;
}

core::Result<std::optional<core::Client>> SqliteTx::GetClient(core::ClientId id) {
  return FirstRow(
      conn_.Bound("SELECT id, pseudonym, blocked, created_at_ms FROM clients WHERE id = ?", id),
      ReadClient);
}

core::Status SqliteTx::SetClientBlocked(core::ClientId id, bool blocked) {
  return ChangedOne(conn_.Change("UPDATE clients SET blocked = ? WHERE id = ?", blocked, id),
                    "client");
}

core::Result<std::optional<core::ChannelIdentity>> SqliteTx::FindIdentityOfClient(
    core::ClientId id, const std::string& channel_key) {
  auto read = [](const Statement& row) -> core::Result<core::ChannelIdentity> {
    return core::ChannelIdentity{row.Text(0), row.Text(1), row.Int(2)};
  };
  return FirstRow(conn_.Bound("SELECT channel_key, external_id, client_id FROM channel_identities "
                              "WHERE client_id = ? AND channel_key = ? ORDER BY id LIMIT 1",
                              id, channel_key),
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

core::Result<core::Conversation> ReadConversation(const Statement& row) {
  auto status = ParseText<core::ConversationStatus>(row, 5, core::ParseConversationStatus,
                                                    "conversations.status");
  if (!status) return std::unexpected(status.error());
  auto bot_status =
      ParseText<core::BotStatus>(row, 18, core::ParseBotStatus, "conversations.bot_status");
  if (!bot_status) return std::unexpected(bot_status.error());
  auto end_reason =
      ParseText<core::EndReason>(row, 24, core::ParseEndReason, "conversations.end_reason");
  if (!end_reason) return std::unexpected(end_reason.error());
  core::Conversation c;
  c.id = row.Int(0);
  c.program_id = row.Int(1);
  c.client_id = row.Int(2);
  c.channel_key = row.Text(3);
  c.client_pseudonym = row.Text(4);
  c.status = *status;
  c.assigned_staff_id = row.OptionalInt(6);
  c.opened_at_ms = row.Int(7);
  c.last_message_at_ms = row.Int(8);
  c.closed_at_ms = row.OptionalInt(9);
  c.reply_token = row.Text(10);
  c.reply_token_expires_at_ms = row.Int(11);
  c.assigned_staff_name = row.Text(12);
  c.client_blocked = row.Bool(13);
  c.risk_level = static_cast<int>(row.Int(14));
  c.risk_categories = row.Text(15);
  c.risk_raised_at_ms = row.OptionalInt(16);
  c.queued_at_ms = row.OptionalInt(17);
  c.bot_status = *bot_status;
  c.bot_scenario = row.Text(19);
  c.bot_node = row.Text(20);
  c.bot_variables = row.Text(21);
  c.taken_at_ms = row.OptionalInt(22);
  c.awaiting_reply_since_ms = row.OptionalInt(23);
  c.end_reason = *end_reason;
  c.wrap_up_pending = row.Bool(25);
  c.queue_notice_position = static_cast<int>(row.Int(26));
  c.queue_notice_at_ms = row.Int(27);
  return c;
}

// The SQL has one shape per combination of filters and order, so the statement cache stays
// small (at most 4 x 2 x 2 x 2 x 2 x 2 x 2 shapes) while every value is still bound.
std::string ConversationListSql(std::size_t status_count, bool by_program, bool by_staff,
                                bool unassigned, bool queued_only, bool wrap_up_pending,
                                bool queue_order) {
  std::string sql(kSelectConversation);
  sql += " WHERE 1 = 1";
  if (status_count > 0) {
    sql += " AND c.status IN (?";
    for (std::size_t i = 1; i < status_count; ++i) sql += ", ?";
    sql += ")";
  }
  if (by_program) sql += " AND c.program_id = ?";
  if (by_staff) sql += " AND c.assigned_staff_id = ?";
  if (unassigned) sql += " AND c.assigned_staff_id IS NULL";
  if (queued_only) sql += " AND c.queued_at_ms IS NOT NULL";
  if (wrap_up_pending) sql += " AND c.wrap_up_pending = 1";
  // queue_order is core::WaitsBefore, in SQL. The waiting, queued rows are read in this order
  // from the index conversations_queue (migrations/sqlite/0004_bot.sql).
  sql += queue_order ? " ORDER BY c.risk_level DESC, COALESCE(c.queued_at_ms, c.opened_at_ms), "
                       "c.id LIMIT ?"
                     : " ORDER BY c.last_message_at_ms DESC, c.id DESC LIMIT ?";
  return sql;
}

}  // namespace

core::Result<std::optional<core::Conversation>> SqliteTx::FindOpenConversation(
    core::ClientId client_id, core::ProgramId program_id) {
  return FirstRow(conn_.Bound(std::string(kSelectConversation) +
                                  " WHERE c.client_id = ? AND c.program_id = ? "
                                  "AND c.status <> 'closed' ORDER BY c.id DESC LIMIT 1",
                              client_id, program_id),
                  Opening(ReadConversation));
}

core::Result<core::ConversationId> SqliteTx::InsertConversation(const core::Conversation& c) {
  core::ConversationId id = 0;
  core::Status status = Atomically([&]() -> core::Status {
    auto inserted = ReturnedId(conn_.Bound(
        "INSERT INTO conversations (program_id, client_id, channel_key, status, "
        "assigned_staff_id, opened_at_ms, last_message_at_ms, closed_at_ms, reply_token, "
        "reply_token_expires_at_ms, risk_level, risk_categories, risk_raised_at_ms, "
        "queued_at_ms, bot_status, bot_scenario, bot_node, bot_variables, taken_at_ms, "
        "awaiting_reply_since_ms, end_reason, wrap_up_pending, queue_notice_position, "
        "queue_notice_at_ms) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id",
        c.program_id, c.client_id, c.channel_key, core::ConversationStatusName(c.status),
        c.assigned_staff_id, c.opened_at_ms, c.last_message_at_ms, c.closed_at_ms, c.reply_token,
        c.reply_token_expires_at_ms, c.risk_level, c.risk_categories, c.risk_raised_at_ms,
        c.queued_at_ms, core::BotStatusName(c.bot_status), c.bot_scenario, c.bot_node,
        Seal(app::sealed::kBotVariables, c.bot_variables), c.taken_at_ms, c.awaiting_reply_since_ms,
        core::EndReasonName(c.end_reason), c.wrap_up_pending, c.queue_notice_position,
        c.queue_notice_at_ms));
    if (!inserted) return std::unexpected(inserted.error());
    id = *inserted;
    auto client = conn_.Change(
        "INSERT INTO conversation_participants (conversation_id, kind, client_id, joined_at_ms) "
        "VALUES (?, 'client', ?, ?)",
        id, c.client_id, c.opened_at_ms);
    if (!client) return std::unexpected(client.error());
    return UpdateStaffParticipant(id, std::nullopt, c.assigned_staff_id);
  });
  if (!status) return std::unexpected(status.error());
  return id;
}

// The writer holds the whole database for the transaction: every read is already locked.
core::Result<std::optional<core::Conversation>> SqliteTx::GetConversationForUpdate(
    core::ConversationId id) {
  return GetConversation(id);
}

core::Result<std::optional<core::Conversation>> SqliteTx::GetConversation(core::ConversationId id) {
  return FirstRow(conn_.Bound(std::string(kSelectConversation) + " WHERE c.id = ?", id),
                  Opening(ReadConversation));
}

core::Status SqliteTx::UpdateConversation(const core::Conversation& c) {
  return Atomically([&]() -> core::Status {
    auto before = GetConversation(c.id);
    if (!before) return std::unexpected(before.error());
    if (!*before) return NotFound("conversation");
    // program, client, channel and opening time identify the conversation and never change.
    auto updated = conn_.Change(
        "UPDATE conversations SET status = ?, assigned_staff_id = ?, last_message_at_ms = ?, "
        "closed_at_ms = ?, reply_token = ?, reply_token_expires_at_ms = ?, risk_level = ?, "
        "risk_categories = ?, risk_raised_at_ms = ?, queued_at_ms = ?, bot_status = ?, "
        "bot_scenario = ?, bot_node = ?, bot_variables = ?, taken_at_ms = ?, "
        "awaiting_reply_since_ms = ?, end_reason = ?, wrap_up_pending = ?, "
        "queue_notice_position = ?, queue_notice_at_ms = ? WHERE id = ?",
        core::ConversationStatusName(c.status), c.assigned_staff_id, c.last_message_at_ms,
        c.closed_at_ms, c.reply_token, c.reply_token_expires_at_ms, c.risk_level, c.risk_categories,
        c.risk_raised_at_ms, c.queued_at_ms, core::BotStatusName(c.bot_status), c.bot_scenario,
        c.bot_node, Seal(app::sealed::kBotVariables, c.bot_variables), c.taken_at_ms,
        c.awaiting_reply_since_ms, core::EndReasonName(c.end_reason), c.wrap_up_pending,
        c.queue_notice_position, c.queue_notice_at_ms, c.id);
    if (!updated) return std::unexpected(updated.error());
    return UpdateStaffParticipant(c.id, (*before)->assigned_staff_id, c.assigned_staff_id);
  });
}

core::Status SqliteTx::UpdateStaffParticipant(core::ConversationId id,
                                              std::optional<core::StaffId> from,
                                              std::optional<core::StaffId> to) {
  if (from == to) return core::Ok();
  // The port passes no time for an assignment, so the participant rows take the wall clock.
  core::TimeMs now_ms = WallClockMs();
  if (from) {
    auto left = conn_.Change(
        "UPDATE conversation_participants SET left_at_ms = ? WHERE conversation_id = ? "
        "AND kind = 'staff' AND staff_id = ? AND left_at_ms IS NULL",
        now_ms, id, *from);
    if (!left) return std::unexpected(left.error());
  }
  if (!to) return core::Ok();
  auto joined = conn_.Change(
      "INSERT INTO conversation_participants (conversation_id, kind, staff_id, joined_at_ms) "
      "VALUES (?, 'staff', ?, ?)",
      id, *to, now_ms);
  if (!joined) return std::unexpected(joined.error());
  return core::Ok();
}

core::Result<std::vector<core::Conversation>> SqliteTx::ListConversations(
    const app::ConversationFilter& filter) {
  // Deduplicated, so that the number of SQL shapes stays bounded whatever the caller passes.
  std::set<std::string_view> statuses;
  for (core::ConversationStatus s : filter.statuses) {
    statuses.insert(core::ConversationStatusName(s));
  }
  auto stmt = conn_.Prepare(ConversationListSql(
      statuses.size(), filter.program_id.has_value(), filter.assigned_staff_id.has_value(),
      filter.unassigned_only, filter.queued_only, filter.wrap_up_pending_only, filter.queue_order));
  if (!stmt) return std::unexpected(stmt.error());
  int index = 0;
  core::Status bound = core::Ok();
  for (std::string_view name : statuses) {
    if (bound) bound = stmt->BindAt(++index, name);
  }
  if (bound && filter.program_id) bound = stmt->BindAt(++index, *filter.program_id);
  if (bound && filter.assigned_staff_id) bound = stmt->BindAt(++index, *filter.assigned_staff_id);
  if (bound) bound = stmt->BindAt(++index, CappedLimit(filter.limit, core::kConversationsPageMax));
  if (!bound) return std::unexpected(bound.error());
  return AllRows(std::move(stmt), Opening(ReadConversation));
}

// ---- Consents and chatbot scenarios.

namespace {

constexpr std::string_view kSelectConsent =
    "SELECT id, client_id, conversation_id, terms_version, agreed, at_ms FROM consents";

core::Result<core::Consent> ReadConsent(const Statement& row) {
  return core::Consent{row.Int(0), row.Int(1), row.Int(2), row.Text(3), row.Bool(4), row.Int(5)};
}

constexpr std::string_view kSelectScenarioVersion =
    "SELECT scenario_key, version_id, source, activated_at_ms, activated_by "
    "FROM scenario_versions";

core::Result<app::ScenarioVersion> ReadScenarioVersion(const Statement& row) {
  return app::ScenarioVersion{row.Text(0), row.Text(1), row.Text(2), row.Int(3), row.Text(4)};
}

}  // namespace

core::Result<std::int64_t> SqliteTx::InsertConsent(const core::Consent& c) {
  return ReturnedId(
      conn_.Bound("INSERT INTO consents (client_id, conversation_id, terms_version, agreed, at_ms) "
                  "VALUES (?, ?, ?, ?, ?) RETURNING id",
                  c.client_id, c.conversation_id, c.terms_version, c.agreed, c.at_ms));
}

core::Result<std::vector<core::Consent>> SqliteTx::ListConsentsOfClient(core::ClientId id) {
  return AllRows(
      conn_.Bound(std::string(kSelectConsent) + " WHERE client_id = ? ORDER BY at_ms, id", id),
      ReadConsent);
}

// The active version of a key is the one with the greatest activated_at_ms, then the later id.
// So that the version activated last is the active one even when the clock went back (another
// node's) or two activations fall in one millisecond, activated_at_ms is never stored below the
// other versions' of the key: a new version (the latest id) at least equals them, a known one
// activated again passes them by a millisecond.
core::Result<bool> SqliteTx::ActivateScenarioVersion(const app::ScenarioVersion& v) {
  auto inserted = conn_.Change(
      "INSERT INTO scenario_versions (scenario_key, version_id, source, activated_at_ms, "
      "activated_by) VALUES (?1, ?2, ?3, max(?4, coalesce((SELECT max(activated_at_ms) FROM "
      "scenario_versions WHERE scenario_key = ?1), ?4)), ?5) "
      "ON CONFLICT (version_id) DO NOTHING",
      v.scenario_key, v.version_id, v.source, v.activated_at_ms, v.activated_by);
  if (!inserted) return std::unexpected(inserted.error());
  if (*inserted == 1) return true;
  // Known already: the version is immutable (its id names its content), only its activation
  // changes.
  auto updated = conn_.Change(
      "UPDATE scenario_versions SET activated_by = ?4, activated_at_ms = max(?3, coalesce(("
      "SELECT max(o.activated_at_ms) + 1 FROM scenario_versions o "
      "WHERE o.scenario_key = scenario_versions.scenario_key AND o.id <> scenario_versions.id), "
      "?3)) WHERE version_id = ?1 AND scenario_key = ?2",
      v.version_id, v.scenario_key, v.activated_at_ms, v.activated_by);
  if (!updated) return std::unexpected(updated.error());
  if (*updated == 0) {
    return core::Fail(ErrorCode::kConflict, "the scenario version belongs to another scenario");
  }
  return false;
}

core::Result<std::optional<app::ScenarioVersion>> SqliteTx::ActiveScenarioVersion(
    const std::string& scenario_key) {
  return FirstRow(conn_.Bound(std::string(kSelectScenarioVersion) +
                                  " WHERE scenario_key = ? "
                                  "ORDER BY activated_at_ms DESC, id DESC LIMIT 1",
                              scenario_key),
                  ReadScenarioVersion);
}

core::Result<std::optional<app::ScenarioVersion>> SqliteTx::FindScenarioVersion(
    const std::string& version_id) {
  return FirstRow(
      conn_.Bound(std::string(kSelectScenarioVersion) + " WHERE version_id = ?", version_id),
      ReadScenarioVersion);
}

// ---- Messages.

namespace {

constexpr std::string_view kSelectMessage =
    "SELECT id, conversation_id, direction, sender_kind, sender_staff_id, sender_name, "
    "content_kind, content_type, text, external_id, created_at_ms, delivery_state, "
    "delivery_error, risk_level, risk_categories, risk_signals, risk_spans, risk_reasons, "
    "quick_replies, media_url FROM messages";

core::Result<core::Message> ReadMessage(const Statement& row) {
  auto direction = ParseText<core::Direction>(row, 2, core::ParseDirection, "messages.direction");
  auto sender = ParseText<core::SenderKind>(row, 3, core::ParseSenderKind, "messages.sender_kind");
  auto content =
      ParseText<core::ContentKind>(row, 6, core::ParseContentKind, "messages.content_kind");
  auto delivery =
      ParseText<core::DeliveryState>(row, 11, core::ParseDeliveryState, "messages.delivery_state");
  if (!direction) return std::unexpected(direction.error());
  if (!sender) return std::unexpected(sender.error());
  if (!content) return std::unexpected(content.error());
  if (!delivery) return std::unexpected(delivery.error());
  core::Message m;
  m.id = row.Int(0);
  m.conversation_id = row.Int(1);
  m.direction = *direction;
  m.sender_kind = *sender;
  m.sender_staff_id = row.OptionalInt(4);
  m.sender_name = row.Text(5);
  m.content_kind = *content;
  m.content_type = row.Text(7);
  m.text = row.Text(8);
  m.external_id = row.Text(9);
  m.created_at_ms = row.Int(10);
  m.delivery_state = *delivery;
  m.delivery_error = row.Text(12);
  m.risk.level = static_cast<int>(row.Int(13));
  m.risk.categories = row.Text(14);
  m.risk.signals = row.Text(15);
  auto spans = core::ParseSpansText(row.Text(16));
  if (!spans) return Corrupt("messages.risk_spans");
  m.risk.spans = std::move(*spans);
  m.risk.reasons = row.Text(17);
  auto quick_replies = core::ParseQuickRepliesText(row.Text(18));
  if (!quick_replies) return Corrupt("messages.quick_replies");
  m.quick_replies = std::move(*quick_replies);
  m.media_url = row.Text(19);
  return m;
}

}  // namespace

core::Result<core::MessageId> SqliteTx::InsertMessage(const core::Message& m) {
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
  return ReturnedId(conn_.Bound(
      "INSERT INTO messages (conversation_id, direction, sender_kind, sender_staff_id, "
      "sender_name, content_kind, content_type, text, external_id, created_at_ms, "
      "delivery_state, delivery_error, risk_level, risk_categories, risk_signals, risk_spans, "
      "risk_reasons, quick_replies, media_url) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      m.conversation_id, core::DirectionName(m.direction), core::SenderKindName(m.sender_kind),
      m.sender_staff_id, m.sender_name, core::ContentKindName(m.content_kind), m.content_type,
      Seal(app::sealed::kMessageText, m.text), m.external_id, m.created_at_ms,
      core::DeliveryStateName(m.delivery_state), m.delivery_error, m.risk.level, m.risk.categories,
      m.risk.signals, core::SpansText(m.risk.spans),
      Seal(app::sealed::kMessageRiskReasons, m.risk.reasons), quick_replies, m.media_url));
}

core::Result<std::optional<core::Message>> SqliteTx::GetMessage(core::MessageId id) {
  return FirstRow(conn_.Bound(std::string(kSelectMessage) + " WHERE id = ?", id),
                  Opening(ReadMessage));
}

core::Result<std::vector<core::Message>> SqliteTx::ListMessages(core::ConversationId id,
                                                                core::MessageId after_id,
                                                                std::size_t limit) {
  return AllRows(conn_.Bound(std::string(kSelectMessage) +
                                 " WHERE conversation_id = ? AND id > ? ORDER BY id LIMIT ?",
                             id, after_id, CappedLimit(limit, core::kMessagesPageMax)),
                 Opening(ReadMessage));
}

core::Status SqliteTx::SetMessageDelivery(core::MessageId id, core::DeliveryState state,
                                          const std::string& error) {
  return ChangedOne(
      conn_.Change("UPDATE messages SET delivery_state = ?, delivery_error = ? WHERE id = ?",
                   core::DeliveryStateName(state), error, id),
      "message");
}

// ---- Outbox.

namespace {

// What is sent (text, type, buttons, image) comes from the message.
constexpr std::string_view kSelectOutbox =
    "SELECT o.id, o.message_id, o.channel_key, o.recipient_id, m.text, o.sender_name, "
    "o.reply_token, o.reply_token_expires_at_ms, o.retry_key, o.attempts, o.next_attempt_at_ms, "
    "o.created_at_ms, o.state, o.last_error, m.content_type, m.quick_replies, m.media_url "
    "FROM outbox o JOIN messages m ON m.id = o.message_id";

core::Result<app::OutboxItem> ReadOutbox(const Statement& row) {
  auto state = ParseText<app::OutboxState>(row, 12, app::ParseOutboxState, "outbox.state");
  if (!state) return std::unexpected(state.error());
  auto quick_replies = core::ParseQuickRepliesText(row.Text(15));
  if (!quick_replies) return Corrupt("messages.quick_replies");
  app::OutboxItem item;
  item.id = row.Int(0);
  item.message_id = row.Int(1);
  item.channel_key = row.Text(2);
  item.recipient_id = row.Text(3);
  item.text = row.Text(4);
  item.sender_name = row.Text(5);
  item.reply_token = row.Text(6);
  item.reply_token_expires_at_ms = row.Int(7);
  item.retry_key = row.Text(8);
  item.attempts = static_cast<int>(row.Int(9));
  item.next_attempt_at_ms = row.Int(10);
  item.created_at_ms = row.Int(11);
  item.state = *state;
  item.last_error = row.Text(13);
  item.content_type = row.Text(14);
  item.quick_replies = std::move(*quick_replies);
  item.media_url = row.Text(16);
  return item;
}

}  // namespace

core::Result<core::OutboxId> SqliteTx::InsertOutbox(const app::OutboxItem& o) {
  return ReturnedId(conn_.Bound(
      "INSERT INTO outbox (message_id, channel_key, recipient_id, sender_name, reply_token, "
      "reply_token_expires_at_ms, retry_key, attempts, next_attempt_at_ms, lease_until_ms, "
      "created_at_ms, state, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?) "
      "RETURNING id",
      o.message_id, o.channel_key, o.recipient_id, o.sender_name, o.reply_token,
      o.reply_token_expires_at_ms, o.retry_key, o.attempts, o.next_attempt_at_ms, o.created_at_ms,
      app::OutboxStateName(o.state), o.last_error));
}

core::Result<std::vector<app::OutboxItem>> SqliteTx::ClaimDueOutbox(core::TimeMs now_ms,
                                                                    core::TimeMs lease_ms,
                                                                    std::size_t limit) {
  std::vector<app::OutboxItem> claimed;
  core::Status status = Atomically([&]() -> core::Status {
    // Id order keeps the messages to one recipient in the order they were written.
    // Only the head of each recipient's queue: an earlier pending item, leased or waiting for
    // its retry, holds back the later ones.
    auto due = AllRows(conn_.Bound(std::string(kSelectOutbox) +
                                       " WHERE o.state = 'pending' AND o.next_attempt_at_ms <= ?1"
                                       " AND o.lease_until_ms <= ?1 AND NOT EXISTS ("
                                       "SELECT 1 FROM outbox p WHERE p.state = 'pending' AND "
                                       "p.channel_key = o.channel_key AND "
                                       "p.recipient_id = o.recipient_id AND p.id < o.id)"
                                       " ORDER BY o.id LIMIT ?2",
                                   now_ms, CappedLimit(limit, core::kOutboxClaimBatchMax)),
                       Opening(ReadOutbox));
    if (!due) return std::unexpected(due.error());
    if (auto s = LeaseAll(conn_, "outbox", *due, now_ms + lease_ms); !s) return s;
    claimed = std::move(*due);
    return core::Ok();
  });
  if (!status) return std::unexpected(status.error());
  return claimed;
}

core::Status SqliteTx::UpdateOutbox(const app::OutboxItem& o) {
  // The lease ends with the update: the sender reports back, so the item is free again.
  return ChangedOne(
      conn_.Change("UPDATE outbox SET reply_token = ?, reply_token_expires_at_ms = ?, "
                   "attempts = ?, next_attempt_at_ms = ?, state = ?, last_error = ?, "
                   "lease_until_ms = 0 WHERE id = ?",
                   o.reply_token, o.reply_token_expires_at_ms, o.attempts, o.next_attempt_at_ms,
                   app::OutboxStateName(o.state), o.last_error, o.id),
      "outbox item");
}

core::Result<std::optional<app::OutboxItem>> SqliteTx::GetOutbox(core::OutboxId id) {
  return FirstRow(conn_.Bound(std::string(kSelectOutbox) + " WHERE o.id = ?", id),
                  Opening(ReadOutbox));
}

// ---- Sessions.

core::Status SqliteTx::InsertSession(const app::Session& s) {
  auto inserted = conn_.Change(
      "INSERT INTO sessions (token_hash, staff_id, csrf_token, created_at_ms, expires_at_ms) "
      "VALUES (?, ?, ?, ?, ?)",
      s.token_hash, s.staff_id, s.csrf_token, s.created_at_ms, s.expires_at_ms);
  if (!inserted) return std::unexpected(inserted.error());
  return core::Ok();
}

core::Result<std::optional<app::Session>> SqliteTx::FindSession(const std::string& token_hash) {
  auto read = [](const Statement& row) -> core::Result<app::Session> {
    return app::Session{row.Text(0), row.Int(1), row.Text(2), row.Int(3), row.Int(4)};
  };
  return FirstRow(conn_.Bound("SELECT token_hash, staff_id, csrf_token, created_at_ms, "
                              "expires_at_ms FROM sessions WHERE token_hash = ?",
                              token_hash),
                  read);
}

core::Status SqliteTx::DeleteSession(const std::string& token_hash) {
  // Deleting a session that is already gone is fine: logging out twice is not an error.
  auto deleted = conn_.Change("DELETE FROM sessions WHERE token_hash = ?", token_hash);
  if (!deleted) return std::unexpected(deleted.error());
  return core::Ok();
}

core::Result<std::size_t> SqliteTx::DeleteExpiredSessions(core::TimeMs now_ms, std::size_t limit) {
  auto deleted = conn_.Change(
      "DELETE FROM sessions WHERE token_hash IN (SELECT token_hash FROM sessions "
      "WHERE expires_at_ms <= ? ORDER BY expires_at_ms LIMIT ?)",
      now_ms, CappedLimit(limit, kNoCap));
  if (!deleted) return std::unexpected(deleted.error());
  return static_cast<std::size_t>(*deleted);
}

// ---- Audit log.

namespace {

constexpr std::string_view kSelectAudit =
    "SELECT id, at_ms, actor_staff_id, action, target_type, target_id, detail FROM audit_log";

core::Result<app::AuditRecord> ReadAudit(const Statement& row) {
  return app::AuditRecord{row.Int(0),  row.Int(1),  row.OptionalInt(2), row.Text(3),
                          row.Text(4), row.Text(5), row.Text(6)};
}

constexpr std::string_view kSelectChainedAudit =
    "SELECT id, at_ms, actor_staff_id, action, target_type, target_id, detail, prev_hash, hash "
    "FROM audit_log";

core::Result<app::ChainedAuditRecord> ReadChainedAudit(const Statement& row) {
  auto record = ReadAudit(row);
  if (!record) return std::unexpected(record.error());
  return app::ChainedAuditRecord{std::move(*record), row.Text(7), row.Text(8)};
}

}  // namespace

// SQLite has one writer at a time (every Transact is BEGIN IMMEDIATE), so reading the head and
// writing it again cannot interleave with another append.
core::Status SqliteTx::AppendAudit(const app::AuditRecord& r) {
  auto head = GetAuditChainHead();
  if (!head) return std::unexpected(head.error());
  app::AuditChainHead next =
      head->value_or(app::AuditChainHead{0, std::string(core::kAuditGenesisHash), 0});
  const std::int64_t id = next.last_id + 1;
  const std::string hash =
      platform::Sha256Hex(core::AuditHashInput(next.last_hash, app::AuditFieldsOf(id, r)));
  auto inserted = conn_.Change(
      "INSERT INTO audit_log (id, at_ms, actor_staff_id, action, target_type, target_id, detail, "
      "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      id, r.at_ms, r.actor_staff_id, r.action, r.target_type, r.target_id, r.detail, next.last_hash,
      hash);
  if (!inserted) return std::unexpected(inserted.error());
  auto moved = conn_.Change(
      "INSERT INTO audit_chain_head (id, last_id, last_hash, legacy_last_id) VALUES (1, ?, ?, ?) "
      "ON CONFLICT (id) DO UPDATE SET last_id = excluded.last_id, last_hash = excluded.last_hash",
      id, hash, next.legacy_last_id);
  if (!moved) return std::unexpected(moved.error());
  return core::Ok();
}

core::Result<std::optional<app::AuditChainHead>> SqliteTx::GetAuditChainHead() {
  return FirstRow(
      conn_.Bound("SELECT last_id, last_hash, legacy_last_id FROM audit_chain_head WHERE id = 1"),
      [](const Statement& row) -> core::Result<app::AuditChainHead> {
        return app::AuditChainHead{row.Int(0), row.Text(1), row.Int(2)};
      });
}

core::Result<std::vector<app::ChainedAuditRecord>> SqliteTx::ListAuditChain(std::int64_t after_id,
                                                                            std::size_t limit) {
  return AllRows(conn_.Bound(std::string(kSelectChainedAudit) + " WHERE id > ? ORDER BY id LIMIT ?",
                             after_id, CappedLimit(limit, core::kAuditPageMax)),
                 ReadChainedAudit);
}

core::Result<std::vector<app::ChainedAuditRecord>> SqliteTx::SearchAudit(
    const app::AuditFilter& f) {
  // Only the clauses of the set fields, so that each filter can use its index; the texts come
  // from this fixed set, the values are bound.
  std::string sql(kSelectChainedAudit);
  std::string_view glue = " WHERE ";
  auto clause = [&](std::string_view text) {
    sql += glue;
    sql += text;
    glue = " AND ";
  };
  if (!f.action.empty()) clause("action = ?");
  if (f.actor_staff_id) clause("actor_staff_id = ?");
  if (!f.target_type.empty()) clause("target_type = ?");
  if (!f.target_id.empty()) clause("target_id = ?");
  if (f.from_ms) clause("at_ms >= ?");
  if (f.to_ms) clause("at_ms < ?");
  if (f.before_id) clause("id < ?");
  sql += " ORDER BY id DESC LIMIT ?";
  auto stmt = conn_.Prepare(sql);
  if (!stmt) return std::unexpected(stmt.error());
  int index = 0;
  core::Status bound = core::Ok();
  auto bind = [&](const auto& value) {
    if (bound) bound = stmt->BindAt(++index, value);
  };
  if (!f.action.empty()) bind(f.action);
  if (f.actor_staff_id) bind(*f.actor_staff_id);
  if (!f.target_type.empty()) bind(f.target_type);
  if (!f.target_id.empty()) bind(f.target_id);
  if (f.from_ms) bind(*f.from_ms);
  if (f.to_ms) bind(*f.to_ms);
  if (f.before_id) bind(*f.before_id);
  bind(CappedLimit(f.limit, core::kAuditPageMax));
  if (!bound) return std::unexpected(bound.error());
  return AllRows(std::move(stmt), ReadChainedAudit);
}

core::Result<std::vector<app::AuditRecord>> SqliteTx::ListAudit(std::size_t limit) {
  return AllRows(conn_.Bound(std::string(kSelectAudit) + " ORDER BY id DESC LIMIT ?",
                             CappedLimit(limit, kNoCap)),
                 ReadAudit);
}

// ---- Stream journal.

namespace {

constexpr std::string_view kSelectStreamRecord =
    "SELECT id, at_ms, node_id, kind, conversation_id, message_id, has_before, before_status, "
    "before_assigned_staff_id, subject_id, sound FROM stream_records";

core::Result<app::StreamRecord> ReadStreamRecord(const Statement& row) {
  app::StreamRecord r;
  r.id = row.Int(0);
  r.at_ms = row.Int(1);
  r.node_id = row.Text(2);
  auto kind =
      ParseText<app::StreamEventKind>(row, 3, app::ParseStreamEventKind, "stream_records.kind");
  if (!kind) return std::unexpected(kind.error());
  r.kind = *kind;
  r.conversation_id = row.Int(4);
  r.message_id = row.Int(5);
  r.has_before = row.Bool(6);
  auto status = ParseText<core::ConversationStatus>(row, 7, core::ParseConversationStatus,
                                                    "stream_records.before_status");
  if (!status) return std::unexpected(status.error());
  r.before_status = *status;
  r.before_assigned_staff_id = row.OptionalInt(8);
  r.subject_id = row.Int(9);
  r.sound = row.Bool(10);
  return r;
}

}  // namespace

core::Result<std::int64_t> SqliteTx::AppendStreamRecord(const app::StreamRecord& r) {
  return ReturnedId(conn_.Bound(
      "INSERT INTO stream_records (at_ms, node_id, kind, conversation_id, message_id, has_before, "
      "before_status, before_assigned_staff_id, subject_id, sound) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      r.at_ms, r.node_id, app::StreamEventKindName(r.kind), r.conversation_id, r.message_id,
      r.has_before, core::ConversationStatusName(r.before_status), r.before_assigned_staff_id,
      r.subject_id, r.sound));
}

core::Result<std::vector<app::StreamRecord>> SqliteTx::ListStreamRecordsAfter(std::int64_t after_id,
                                                                              std::size_t limit) {
  return AllRows(conn_.Bound(std::string(kSelectStreamRecord) + " WHERE id > ? ORDER BY id LIMIT ?",
                             after_id, CappedLimit(limit, core::kStreamRecordPageMax)),
                 ReadStreamRecord);
}

core::Result<std::int64_t> SqliteTx::LastStreamRecordId() {
  auto read = [](const Statement& row) -> core::Result<std::int64_t> { return row.Int(0); };
  auto last = FirstRow(conn_.Bound("SELECT coalesce(max(id), 0) FROM stream_records"), read);
  if (!last) return std::unexpected(last.error());
  return last->value_or(0);
}

core::Result<std::size_t> SqliteTx::DeleteStreamRecordsBefore(core::TimeMs before_ms,
                                                              std::size_t limit) {
  auto deleted = conn_.Change(
      "DELETE FROM stream_records WHERE id IN (SELECT id FROM stream_records WHERE at_ms < ? "
      "ORDER BY id LIMIT ?)",
      before_ms, CappedLimit(limit, kNoCap));
  if (!deleted) return std::unexpected(deleted.error());
  return static_cast<std::size_t>(*deleted);
}

// ---- Timers.

core::Status SqliteTx::ScheduleTimer(const std::string& kind, const std::string& subject,
                                     core::TimeMs due_at_ms) {
  auto scheduled = conn_.Change(
      "INSERT INTO timers (kind, subject, due_at_ms, lease_until_ms, attempts, last_error) "
      "VALUES (?1, ?2, ?3, 0, 0, '') ON CONFLICT (kind, subject) DO UPDATE SET "
      "due_at_ms = ?3, lease_until_ms = 0, attempts = 0, last_error = ''",
      kind, subject, due_at_ms);
  if (!scheduled) return std::unexpected(scheduled.error());
  return core::Ok();
}

core::Status SqliteTx::CancelTimer(const std::string& kind, const std::string& subject) {
  auto deleted = conn_.Change("DELETE FROM timers WHERE kind = ? AND subject = ?", kind, subject);
  if (!deleted) return std::unexpected(deleted.error());
  return core::Ok();
}

core::Result<std::vector<app::Timer>> SqliteTx::ClaimDueTimers(core::TimeMs now_ms,
                                                               core::TimeMs lease_ms,
                                                               std::size_t limit) {
  auto read = [](const Statement& row) -> core::Result<app::Timer> {
    return app::Timer{
        row.Int(0), row.Text(1), row.Text(2), row.Int(3), static_cast<int>(row.Int(4)),
        row.Text(5)};
  };
  std::vector<app::Timer> claimed;
  core::Status status = Atomically([&]() -> core::Status {
    auto due = AllRows(conn_.Bound("SELECT id, kind, subject, due_at_ms, attempts, last_error "
                                   "FROM timers WHERE due_at_ms <= ?1 AND lease_until_ms <= ?1 "
                                   "ORDER BY due_at_ms, id LIMIT ?2",
                                   now_ms, CappedLimit(limit, core::kTimerClaimBatchMax)),
                       read);
    if (!due) return std::unexpected(due.error());
    if (auto s = LeaseAll(conn_, "timers", *due, now_ms + lease_ms); !s) return s;
    claimed = std::move(*due);
    return core::Ok();
  });
  if (!status) return std::unexpected(status.error());
  return claimed;
}

core::Status SqliteTx::FinishTimer(const app::Timer& timer) {
  auto deleted =
      conn_.Change("DELETE FROM timers WHERE id = ? AND due_at_ms = ?", timer.id, timer.due_at_ms);
  if (!deleted) return std::unexpected(deleted.error());
  return core::Ok();
}

core::Status SqliteTx::RetryTimer(const app::Timer& timer, core::TimeMs next_due_ms,
                                  const std::string& error) {
  auto updated = conn_.Change(
      "UPDATE timers SET due_at_ms = ?, lease_until_ms = 0, attempts = attempts + 1, "
      "last_error = ? WHERE id = ? AND due_at_ms = ?",
      next_due_ms, error, timer.id, timer.due_at_ms);
  if (!updated) return std::unexpected(updated.error());
  return core::Ok();
}

// ---- Risk alerts, the emergency checklist, debriefs.

namespace {

constexpr std::string_view kSelectRiskAlert =
    "SELECT id, conversation_id, level, categories, first_at_ms, last_at_ms, message_count, "
    "acknowledged_by, acknowledged_at_ms FROM risk_alerts";

core::Result<core::RiskAlert> ReadRiskAlert(const Statement& row) {
  core::RiskAlert a;
  a.id = row.Int(0);
  a.conversation_id = row.Int(1);
  a.level = static_cast<int>(row.Int(2));
  a.categories = row.Text(3);
  a.first_at_ms = row.Int(4);
  a.last_at_ms = row.Int(5);
  a.message_count = static_cast<int>(row.Int(6));
  a.acknowledged_by = row.OptionalInt(7);
  a.acknowledged_at_ms = row.OptionalInt(8);
  return a;
}

constexpr std::string_view kSelectDebriefFlag =
    "SELECT f.id, f.staff_id, s.display_name, f.flagged_at_ms, f.conversation_count, "
    "f.cleared_by, f.cleared_at_ms FROM debrief_flags f JOIN staff s ON s.id = f.staff_id";

core::Result<core::DebriefFlag> ReadDebriefFlag(const Statement& row) {
  core::DebriefFlag f;
  f.id = row.Int(0);
  f.staff_id = row.Int(1);
  f.staff_name = row.Text(2);
  f.flagged_at_ms = row.Int(3);
  f.conversation_count = static_cast<int>(row.Int(4));
  f.cleared_by = row.OptionalInt(5);
  f.cleared_at_ms = row.OptionalInt(6);
  return f;
}

}  // namespace

core::Result<std::optional<core::RiskAlert>> SqliteTx::FindOpenRiskAlert(
    core::ConversationId conversation) {
  return FirstRow(conn_.Bound(std::string(kSelectRiskAlert) +
                                  " WHERE conversation_id = ? AND acknowledged_at_ms IS NULL",
                              conversation),
                  ReadRiskAlert);
}

core::Result<std::optional<core::RiskAlert>> SqliteTx::GetRiskAlert(std::int64_t id) {
  return FirstRow(conn_.Bound(std::string(kSelectRiskAlert) + " WHERE id = ?", id), ReadRiskAlert);
}

core::Result<std::int64_t> SqliteTx::InsertRiskAlert(const core::RiskAlert& a) {
  return ReturnedId(conn_.Bound(
      "INSERT INTO risk_alerts (conversation_id, level, categories, first_at_ms, last_at_ms, "
      "message_count, acknowledged_by, acknowledged_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      a.conversation_id, a.level, a.categories, a.first_at_ms, a.last_at_ms, a.message_count,
      a.acknowledged_by, a.acknowledged_at_ms));
}

core::Status SqliteTx::UpdateRiskAlert(const core::RiskAlert& a) {
  return ChangedOne(
      conn_.Change("UPDATE risk_alerts SET level = ?, categories = ?, last_at_ms = ?, "
                   "message_count = ?, acknowledged_by = ?, acknowledged_at_ms = ? WHERE id = ?",
                   a.level, a.categories, a.last_at_ms, a.message_count, a.acknowledged_by,
                   a.acknowledged_at_ms, a.id),
      "risk alert");
}

core::Result<std::vector<core::RiskAlert>> SqliteTx::ListOpenRiskAlerts(std::size_t limit) {
  return AllRows(
      conn_.Bound(std::string(kSelectRiskAlert) + " WHERE acknowledged_at_ms IS NULL "
                                                  "ORDER BY level DESC, first_at_ms, id LIMIT ?",
                  CappedLimit(limit, core::kRiskAlertsPageMax)),
      ReadRiskAlert);
}

core::Result<bool> SqliteTx::RecordEmergencyStep(core::ConversationId conversation,
                                                 const core::EmergencyStepRecord& r) {
  auto inserted = conn_.Change(
      "INSERT INTO emergency_steps (conversation_id, step, done_by, done_at_ms, note) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (conversation_id, step) DO NOTHING",
      conversation, core::EmergencyStepName(r.step), r.done_by, r.done_at_ms, r.note);
  if (!inserted) return std::unexpected(inserted.error());
  return *inserted == 1;
}

core::Result<std::vector<core::EmergencyStepRecord>> SqliteTx::ListEmergencySteps(
    core::ConversationId conversation) {
  auto read = [](const Statement& row) -> core::Result<core::EmergencyStepRecord> {
    auto step =
        ParseText<core::EmergencyStep>(row, 0, core::ParseEmergencyStep, "emergency_steps.step");
    if (!step) return std::unexpected(step.error());
    return core::EmergencyStepRecord{*step, row.Int(1), row.Text(2), row.Int(3), row.Text(4)};
  };
  return AllRows(conn_.Bound("SELECT e.step, e.done_by, s.display_name, e.done_at_ms, e.note "
                             "FROM emergency_steps e JOIN staff s ON s.id = e.done_by "
                             "WHERE e.conversation_id = ? ORDER BY e.id",
                             conversation),
                 read);
}

core::Result<int> SqliteTx::CountQueued(core::ProgramId program_id) {
  auto read = [](const Statement& row) -> core::Result<int> {
    return static_cast<int>(row.Int(0));
  };
  auto count = FirstRow(conn_.Bound("SELECT count(*) FROM conversations WHERE status = 'waiting' "
                                    "AND program_id = ? AND assigned_staff_id IS NULL "
                                    "AND queued_at_ms IS NOT NULL",
                                    program_id),
                        read);
  if (!count) return std::unexpected(count.error());
  return count->value_or(0);
}

core::Result<int> SqliteTx::CountRiskyConversationsOf(core::StaffId staff_id, int min_level,
                                                      core::TimeMs since_ms) {
  auto read = [](const Statement& row) -> core::Result<int> {
    return static_cast<int>(row.Int(0));
  };
  auto count = FirstRow(conn_.Bound("SELECT count(*) FROM conversations WHERE "
                                    "assigned_staff_id = ? AND risk_level >= ? AND risk_level > 0 "
                                    "AND last_message_at_ms >= ?",
                                    staff_id, min_level, since_ms),
                        read);
  if (!count) return std::unexpected(count.error());
  return count->value_or(0);
}

core::Result<std::optional<core::DebriefFlag>> SqliteTx::FindOpenDebriefFlag(
    core::StaffId staff_id) {
  return FirstRow(conn_.Bound(std::string(kSelectDebriefFlag) +
                                  " WHERE f.staff_id = ? AND f.cleared_at_ms IS NULL",
                              staff_id),
                  ReadDebriefFlag);
}

core::Result<std::optional<core::DebriefFlag>> SqliteTx::GetDebriefFlag(std::int64_t id) {
  return FirstRow(conn_.Bound(std::string(kSelectDebriefFlag) + " WHERE f.id = ?", id),
                  ReadDebriefFlag);
}

core::Result<std::int64_t> SqliteTx::InsertDebriefFlag(const core::DebriefFlag& f) {
  return ReturnedId(conn_.Bound(
      "INSERT INTO debrief_flags (staff_id, flagged_at_ms, conversation_count, cleared_by, "
      "cleared_at_ms) VALUES (?, ?, ?, ?, ?) RETURNING id",
      f.staff_id, f.flagged_at_ms, f.conversation_count, f.cleared_by, f.cleared_at_ms));
}

core::Status SqliteTx::ClearDebriefFlag(std::int64_t id, core::StaffId by, core::TimeMs at_ms) {
  return ChangedOne(conn_.Change("UPDATE debrief_flags SET cleared_by = ?, cleared_at_ms = ? "
                                 "WHERE id = ? AND cleared_at_ms IS NULL",
                                 by, at_ms, id),
                    "open debrief flag");
}

core::Result<std::vector<core::DebriefFlag>> SqliteTx::ListOpenDebriefFlags(std::size_t limit) {
  return AllRows(conn_.Bound(std::string(kSelectDebriefFlag) +
                                 " WHERE f.cleared_at_ms IS NULL ORDER BY f.flagged_at_ms, f.id "
                                 "LIMIT ?",
                             CappedLimit(limit, core::kRiskAlertsPageMax)),
                 ReadDebriefFlag);
}

core::Result<std::vector<app::AuditRecord>> SqliteTx::ListAuditFor(const std::string& target_type,
                                                                   const std::string& target_id,
                                                                   const std::string& action,
                                                                   std::size_t limit) {
  return AllRows(conn_.Bound(std::string(kSelectAudit) +
                                 " WHERE target_type = ? AND target_id = ? AND action = ? "
                                 "ORDER BY id LIMIT ?",
                             target_type, target_id, action, CappedLimit(limit, kNoCap)),
                 ReadAudit);
}

// SQLite has one writer at a time, and Transact always writes: the lock is held already.
core::Result<bool> SqliteTx::TryLockJob(const std::string& /*name*/) { return true; }

// ---- Templates, presence, the queue and reports.

namespace {

constexpr std::string_view kSelectTemplate =
    "SELECT program_key, template_key, version, body, created_by, created_at_ms FROM templates";

core::Result<app::TemplateVersion> ReadTemplate(const Statement& row) {
  return app::TemplateVersion{row.Text(0), row.Text(1), static_cast<int>(row.Int(2)),
                              row.Text(3), row.Text(4), row.Int(5)};
}

}  // namespace

core::Status SqliteTx::InsertTemplateVersion(const app::TemplateVersion& v) {
  // A duplicate version violates the unique key: kConflict.
  auto inserted = conn_.Change(
      "INSERT INTO templates (program_key, template_key, version, body, created_by, "
      "created_at_ms) VALUES (?, ?, ?, ?, ?, ?)",
      v.program_key, v.key, v.version, v.body, v.created_by, v.created_at_ms);
  if (!inserted) return std::unexpected(inserted.error());
  return core::Ok();
}

core::Result<std::vector<app::TemplateVersion>> SqliteTx::LatestTemplates(
    const std::string& program_key) {
  // Each key's greatest version, read from the unique key (program_key, template_key, version).
  return AllRows(conn_.Bound(std::string(kSelectTemplate) +
                                 " t WHERE program_key = ?1 AND version = (SELECT max(o.version) "
                                 "FROM templates o WHERE o.program_key = ?1 "
                                 "AND o.template_key = t.template_key) ORDER BY template_key",
                             program_key),
                 ReadTemplate);
}

core::Result<std::vector<app::TemplateVersion>> SqliteTx::ListTemplateVersions(
    const std::string& program_key, const std::string& key, std::size_t limit) {
  return AllRows(
      conn_.Bound(std::string(kSelectTemplate) + " WHERE program_key = ? AND template_key = ? "
                                                 "ORDER BY version DESC LIMIT ?",
                  program_key, key, CappedLimit(limit, kNoCap)),
      ReadTemplate);
}

core::Status SqliteTx::UpsertPresence(const app::StaffPresence& p) {
  // An unknown staff member is refused by the foreign key (kNotFound), an unknown status by the
  // CHECK (kInvalidArgument).
  auto upserted = conn_.Change(
      "INSERT INTO staff_presence (staff_id, status, last_seen_ms) VALUES (?, ?, ?) "
      "ON CONFLICT (staff_id) DO UPDATE SET status = excluded.status, "
      "last_seen_ms = excluded.last_seen_ms",
      p.staff_id, p.status, p.last_seen_ms);
  if (!upserted) return std::unexpected(upserted.error());
  return core::Ok();
}

// A console may close twice (a tab and its logout): deleting what is gone already is no error.
core::Status SqliteTx::DeletePresence(core::StaffId staff_id) {
  auto deleted = conn_.Change("DELETE FROM staff_presence WHERE staff_id = ?", staff_id);
  if (!deleted) return std::unexpected(deleted.error());
  return core::Ok();
}

core::Result<std::vector<app::StaffPresence>> SqliteTx::ListPresence() {
  auto read = [](const Statement& row) -> core::Result<app::StaffPresence> {
    return app::StaffPresence{row.Int(0), row.Text(1), row.Int(2)};
  };
  return AllRows(conn_.Bound("SELECT staff_id, status, last_seen_ms FROM staff_presence "
                             "ORDER BY staff_id"),
                 read);
}

core::Result<std::vector<std::pair<core::StaffId, int>>> SqliteTx::CountOpenByStaff() {
  auto read = [](const Statement& row) -> core::Result<std::pair<core::StaffId, int>> {
    return std::pair<core::StaffId, int>(row.Int(0), static_cast<int>(row.Int(1)));
  };
  return AllRows(conn_.Bound("SELECT assigned_staff_id, count(*) FROM conversations "
                             "WHERE status = 'active' AND assigned_staff_id IS NOT NULL "
                             "GROUP BY assigned_staff_id ORDER BY assigned_staff_id"),
                 read);
}

core::Result<app::QueueSummary> SqliteTx::SummarizeQueue(core::ProgramId program_id) {
  // queued is CountQueued's set; active the program's taken conversations (active, assigned).
  auto read = [](const Statement& row) -> core::Result<app::QueueSummary> {
    return app::QueueSummary{static_cast<int>(row.Int(0)), row.OptionalInt(1),
                             static_cast<int>(row.Int(2))};
  };
  auto summary = FirstRow(
      conn_.Bound("SELECT coalesce(sum(q), 0), min(CASE WHEN q = 1 THEN queued_at_ms END), "
                  "coalesce(sum(a), 0) FROM (SELECT queued_at_ms, "
                  "(status = 'waiting' AND assigned_staff_id IS NULL "
                  "AND queued_at_ms IS NOT NULL) AS q, "
                  "(status = 'active' AND assigned_staff_id IS NOT NULL) AS a "
                  "FROM conversations WHERE program_id = ? AND status <> 'closed')",
                  program_id),
      read);
  if (!summary) return std::unexpected(summary.error());
  return summary->value_or(app::QueueSummary{});
}

core::Result<bool> SqliteTx::InsertSurveyAnswer(const app::SurveyAnswer& a) {
  // An unknown conversation is refused by the foreign key (kNotFound).
  auto inserted = conn_.Change(
      "INSERT INTO survey_answers (conversation_id, question, answer, at_ms) "
      "VALUES (?, ?, ?, ?) ON CONFLICT (conversation_id, question) DO NOTHING",
      a.conversation_id, a.question, a.answer, a.at_ms);
  if (!inserted) return std::unexpected(inserted.error());
  return *inserted == 1;
}

core::Result<std::vector<app::SurveyAnswerCount>> SqliteTx::CountSurveyAnswers(
    core::ProgramId program_id, core::TimeMs from_ms, core::TimeMs to_ms) {
  auto read = [](const Statement& row) -> core::Result<app::SurveyAnswerCount> {
    return app::SurveyAnswerCount{row.Text(0), row.Text(1), static_cast<int>(row.Int(2))};
  };
  // The conversations come from conversations_by_program_opened, their answers from the key.
  return AllRows(conn_.Bound("SELECT s.question, s.answer, count(*) FROM conversations c "
                             "JOIN survey_answers s ON s.conversation_id = c.id "
                             "WHERE c.program_id = ? AND c.opened_at_ms >= ? "
                             "AND c.opened_at_ms < ? "
                             "GROUP BY s.question, s.answer ORDER BY s.question, s.answer",
                             program_id, from_ms, to_ms),
                 read);
}

core::Result<std::vector<app::ConversationFact>> SqliteTx::ListConversationFacts(
    core::ProgramId program_id, core::TimeMs from_ms, core::TimeMs to_ms,
    core::ConversationId after_id, std::size_t limit) {
  auto read = [](const Statement& row) -> core::Result<app::ConversationFact> {
    auto status = ParseText<core::ConversationStatus>(row, 1, core::ParseConversationStatus,
                                                      "conversations.status");
    if (!status) return std::unexpected(status.error());
    auto bot_status =
        ParseText<core::BotStatus>(row, 2, core::ParseBotStatus, "conversations.bot_status");
    if (!bot_status) return std::unexpected(bot_status.error());
    auto end_reason =
        ParseText<core::EndReason>(row, 3, core::ParseEndReason, "conversations.end_reason");
    if (!end_reason) return std::unexpected(end_reason.error());
    app::ConversationFact f;
    f.id = row.Int(0);
    f.status = *status;
    f.bot_status = *bot_status;
    f.end_reason = *end_reason;
    f.opened_at_ms = row.Int(4);
    f.queued_at_ms = row.OptionalInt(5);
    f.taken_at_ms = row.OptionalInt(6);
    f.closed_at_ms = row.OptionalInt(7);
    return f;
  };
  // Not capped below the caller's page: a report that pages until a short page would otherwise
  // stop early. kNoCap only keeps the value inside SQLite's range.
  return AllRows(conn_.Bound("SELECT id, status, bot_status, end_reason, opened_at_ms, "
                             "queued_at_ms, taken_at_ms, closed_at_ms FROM conversations "
                             "WHERE program_id = ? AND opened_at_ms >= ? AND opened_at_ms < ? "
                             "AND id > ? ORDER BY id LIMIT ?",
                             program_id, from_ms, to_ms, after_id, CappedLimit(limit, kNoCap)),
                 read);
}

// ---- Wrap-ups (core/wrap_up.h): the row and its topics, together or not at all.

core::Status SqliteTx::InsertWrapUp(const core::WrapUp& w) {
  if (!core::IsWellFormed(w)) {
    return core::Fail(ErrorCode::kInvalidArgument, "sqlite: the wrap-up is not well formed");
  }
  return Atomically([&]() -> core::Status {
    auto inserted = conn_.Change(
        "INSERT INTO wrap_ups (conversation_id, risk_level, outcome, summary, by_staff_id, at_ms) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        w.conversation_id, w.risk_level, core::WrapUpOutcomeName(w.outcome),
        Seal(app::sealed::kWrapUpSummary, w.summary), w.by_staff_id, w.at_ms);
    if (!inserted) return std::unexpected(inserted.error());
    for (const std::string& code : w.topic_codes) {
      auto topic =
          conn_.Change("INSERT INTO wrap_up_topics (conversation_id, topic_code) VALUES (?, ?)",
                       w.conversation_id, code);
      if (!topic) return std::unexpected(topic.error());
    }
    return core::Ok();
  });
}

core::Result<std::optional<core::WrapUp>> SqliteTx::GetWrapUp(core::ConversationId id) {
  auto read = [](const Statement& row) -> core::Result<core::WrapUp> {
    auto outcome =
        ParseText<core::WrapUpOutcome>(row, 2, core::ParseWrapUpOutcome, "wrap_ups.outcome");
    if (!outcome) return std::unexpected(outcome.error());
    core::WrapUp w;
    w.conversation_id = row.Int(0);
    w.risk_level = static_cast<int>(row.Int(1));
    w.outcome = *outcome;
    w.summary = row.Text(3);
    w.by_staff_id = row.Int(4);
    w.at_ms = row.Int(5);
    return w;
  };
  auto found = FirstRow(conn_.Bound("SELECT conversation_id, risk_level, outcome, summary, "
                                    "by_staff_id, at_ms FROM wrap_ups WHERE conversation_id = ?",
                                    id),
                        Opening(read));
  if (!found || !*found) return found;
  auto codes =
      AllRows(conn_.Bound("SELECT topic_code FROM wrap_up_topics "
                          "WHERE conversation_id = ? ORDER BY topic_code",
                          id),
              [](const Statement& row) -> core::Result<std::string> { return row.Text(0); });
  if (!codes) return std::unexpected(codes.error());
  (*found)->topic_codes = std::move(*codes);
  if (!core::IsWellFormed(**found)) return Corrupt("wrap_ups");
  return found;
}

// ---- Encryption at rest: stored values as they are, for `keys rotate`.

core::Result<std::vector<app::StoredValue>> SqliteTx::ListStoredValues(std::string_view column,
                                                                       std::int64_t after_id,
                                                                       std::size_t limit) {
  auto sealed = app::SealedColumnNamed(column);
  if (!sealed) return std::unexpected(sealed.error());
  const std::string sql = "SELECT id, " + std::string((*sealed)->column) + " FROM " +
                          std::string((*sealed)->table) + " WHERE id > ? ORDER BY id LIMIT ?";
  return AllRows(conn_.Bound(sql, after_id, CappedLimit(limit, core::kStoredValuesPageMax)),
                 [](const Statement& row) -> core::Result<app::StoredValue> {
                   return app::StoredValue{row.Int(0), row.Text(1)};
                 });
}

core::Result<bool> SqliteTx::ReplaceStoredValue(std::string_view column, std::int64_t id,
                                                const std::string& expected,
                                                const std::string& replacement) {
  auto sealed = app::SealedColumnNamed(column);
  if (!sealed) return std::unexpected(sealed.error());
  const std::string name((*sealed)->column);
  const std::string sql = "UPDATE " + std::string((*sealed)->table) + " SET " + name +
                          " = ? WHERE id = ? AND " + name + " = ?";
  auto changed = conn_.Change(sql, replacement, id, expected);
  if (!changed) return std::unexpected(changed.error());
  return *changed == 1;
}

core::Result<std::int64_t> SqliteTx::CountStoredValues(std::string_view column) {
  auto sealed = app::SealedColumnNamed(column);
  if (!sealed) return std::unexpected(sealed.error());
  auto count =
      FirstRow(conn_.Bound("SELECT COUNT(*) FROM " + std::string((*sealed)->table)),
               [](const Statement& row) -> core::Result<std::int64_t> { return row.Int(0); });
  if (!count) return std::unexpected(count.error());
  return count->value_or(0);
}

}  // namespace tsunagu::adapters::sqlite
