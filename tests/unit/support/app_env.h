// The real parts the app tests run on: an in-memory SQLite store (migrated), real secrets, a
// FakeClock and a RecordingNotifier, wired into an AppContext with one channel "test" routed to
// one program. Plus small read-back helpers, so that tests assert on what the store holds.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "adapters/storage/sqlite/sqlite_store.h"
#include "adapters/system/platform_secrets.h"
#include "app/context.h"
#include "app/ports/store.h"
#include "core/check.h"
#include "core/inbound_event.h"
#include "unit/support/fakes.h"

namespace tsunagu::testing {

inline constexpr char kChannel[] = "test";
inline constexpr char kGreeting[] = "友だち追加ありがとうございます";
inline constexpr char kWaitingReply[] = "順番にお返事します。少しお待ちください。";

inline std::unique_ptr<adapters::sqlite::SqliteStore> OpenMigratedStore() {
  auto opened = adapters::sqlite::SqliteStore::Open(":memory:");
  TSUNAGU_CHECK(opened.has_value());
  std::unique_ptr<adapters::sqlite::SqliteStore> store = std::move(*opened);
  TSUNAGU_CHECK(store->Migrate().has_value());
  return store;
}

// Runs fn in a transaction and returns its value; a store error fails the test and gives T{}.
template <typename T, typename Fn>
T Read(app::Store& store, Fn&& fn) {
  core::Result<T> r = app::TransactFor<T>(store, std::forward<Fn>(fn));
  if (!r) {
    ADD_FAILURE() << "store read failed: " << core::ErrorCodeName(r.error().code) << ": "
                  << r.error().message;
    return T{};
  }
  return std::move(*r);
}

// Builders for stored inbound events, as the LINE decoder would produce them.
inline core::InboundEvent MakeEvent(core::InboundKind kind, std::string event_id,
                                    std::string sender_id, core::TimeMs received_at_ms) {
  core::InboundEvent e;
  e.event_id = std::move(event_id);
  e.channel_key = kChannel;
  e.kind = kind;
  e.type_name = core::InboundKindName(kind);
  e.sender_id = std::move(sender_id);
  e.source_type = "user";
  e.occurred_at_ms = received_at_ms - 100;
  e.received_at_ms = received_at_ms;
  e.raw_json = "{}";
  return e;
}

inline core::InboundEvent FollowEvent(std::string event_id, std::string sender_id,
                                      std::string reply_token, core::TimeMs received_at_ms) {
  core::InboundEvent e = MakeEvent(core::InboundKind::kFollow, std::move(event_id),
                                   std::move(sender_id), received_at_ms);
  e.reply_token = std::move(reply_token);
  return e;
}

inline core::InboundEvent TextEvent(std::string event_id, std::string sender_id, std::string text,
                                    std::string reply_token, core::TimeMs received_at_ms) {
  core::InboundEvent e =
      MakeEvent(core::InboundKind::kMessage, event_id, std::move(sender_id), received_at_ms);
  e.message_type = "text";
  e.message_id = "m-" + event_id;
  e.text = std::move(text);
  e.reply_token = std::move(reply_token);
  return e;
}

inline core::InboundEvent UnfollowEvent(std::string event_id, std::string sender_id,
                                        core::TimeMs received_at_ms) {
  return MakeEvent(core::InboundKind::kUnfollow, std::move(event_id), std::move(sender_id),
                   received_at_ms);
}

struct TestEnv {
  TestEnv()
      : store_owner(OpenMigratedStore()), store(*store_owner), ctx{store, clock, secrets, notifier,
                                                                   log,   {},    50'000} {
    auto program = app::TransactFor<core::Program>(
        store, [](app::StoreTx& tx) { return tx.UpsertProgram("center", "相談センター"); });
    TSUNAGU_CHECK(program.has_value());
    program_id = program->id;
    SetReplies(kGreeting, kWaitingReply);
  }

  void SetReplies(std::string greeting, std::string waiting_reply) {
    app::ChannelRoute& route = ctx.channels[kChannel];
    route.channel_key = kChannel;
    route.program_id = program_id;
    route.replies = {std::move(greeting), std::move(waiting_reply)};
  }

  bool InsertEvent(const core::InboundEvent& event) {
    return Read<bool>(store, [&](app::StoreTx& tx) { return tx.InsertInboundEvent(event); });
  }

  std::optional<core::InboundEvent> Event(const std::string& event_id) {
    return Read<std::optional<core::InboundEvent>>(
        store, [&](app::StoreTx& tx) { return tx.FindInboundEvent(kChannel, event_id); });
  }

  std::vector<core::InboundEvent> PendingEvents() {
    return Read<std::vector<core::InboundEvent>>(
        store, [](app::StoreTx& tx) { return tx.ListPendingInboundEvents(1000); });
  }

  core::StaffId AddStaff(const std::string& login, core::Role role, bool active = true) {
    core::Staff staff;
    staff.login = login;
    staff.display_name = login + "さん";
    staff.role = role;
    staff.active = active;
    staff.password_hash = "not-a-real-hash";
    staff.created_at_ms = clock.NowMs();
    return Read<core::StaffId>(store, [&](app::StoreTx& tx) { return tx.InsertStaff(staff); });
  }

  core::Staff StaffById(core::StaffId id) {
    auto staff =
        Read<std::optional<core::Staff>>(store, [&](app::StoreTx& tx) { return tx.GetStaff(id); });
    TSUNAGU_CHECK(staff.has_value());
    return *staff;
  }

  std::optional<core::Client> ClientOf(const std::string& sender_id) {
    return Read<std::optional<core::Client>>(
        store, [&](app::StoreTx& tx) { return tx.FindClientByIdentity(kChannel, sender_id); });
  }

  std::vector<core::Conversation> Conversations() {
    app::ConversationFilter all;
    all.limit = 500;
    return Read<std::vector<core::Conversation>>(
        store, [&](app::StoreTx& tx) { return tx.ListConversations(all); });
  }

  std::optional<core::Conversation> Conversation(core::ConversationId id) {
    return Read<std::optional<core::Conversation>>(
        store, [&](app::StoreTx& tx) { return tx.GetConversation(id); });
  }

  std::optional<core::Conversation> OpenConversationOf(const std::string& sender_id) {
    auto client = ClientOf(sender_id);
    if (!client) return std::nullopt;
    return Read<std::optional<core::Conversation>>(
        store, [&](app::StoreTx& tx) { return tx.FindOpenConversation(client->id, program_id); });
  }

  std::vector<core::Message> Messages(core::ConversationId id) {
    return Read<std::vector<core::Message>>(
        store, [&](app::StoreTx& tx) { return tx.ListMessages(id, 0, 500); });
  }

  std::optional<core::Message> Message(core::MessageId id) {
    return Read<std::optional<core::Message>>(store,
                                              [&](app::StoreTx& tx) { return tx.GetMessage(id); });
  }

  // Every outbox item, in id order. Ids come from AUTOINCREMENT and nothing deletes outbox rows,
  // so they are 1, 2, 3, ... in a fresh database.
  std::vector<app::OutboxItem> Outbox() {
    std::vector<app::OutboxItem> items;
    for (core::OutboxId id = 1;; ++id) {
      auto item = Read<std::optional<app::OutboxItem>>(
          store, [&](app::StoreTx& tx) { return tx.GetOutbox(id); });
      if (!item) return items;
      items.push_back(std::move(*item));
    }
  }

  // The audit log, oldest first.
  std::vector<app::AuditRecord> Audit() {
    auto records = Read<std::vector<app::AuditRecord>>(
        store, [](app::StoreTx& tx) { return tx.ListAudit(10'000); });
    std::reverse(records.begin(), records.end());
    return records;
  }

  std::unique_ptr<adapters::sqlite::SqliteStore> store_owner;
  app::Store& store;
  FakeClock clock;
  adapters::system::PlatformSecrets secrets;
  RecordingNotifier notifier;
  RecordingEventLog log;
  app::AppContext ctx;
  core::ProgramId program_id = 0;
};

}  // namespace tsunagu::testing
