// The Store contract for running a center: the conversation fields reports and the console need
// (when it was taken, how it ended, the reply nudge, a pending wrap-up, the last queue notice),
// listing by program, template versions, staff presence, the load per counselor, the queue
// summary, the after-close survey and the facts reports are counted from. Like
// store_contract_test.cc, it runs on every backend and knows none of them.
#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "contract/store_contract.h"

namespace tsunagu::contract {
namespace {

using core::ConversationStatus;
using core::EndReason;
using core::ErrorCode;

constexpr core::TimeMs kT0 = 1'700'000'000'000;

// Two programs, two counselors and a supply of clients: a client has at most one open
// conversation per program, so every conversation a test opens gets a client of its own.
struct OpsWorld {
  core::ProgramId center = 0;
  core::ProgramId other = 0;
  core::StaffId sato = 0;
  core::StaffId suzuki = 0;
  std::vector<core::ClientId> clients;
};

constexpr int kClients = 12;

core::Result<OpsWorld> MakeOpsWorld(app::StoreTx& tx) {
  OpsWorld w;
  auto center = tx.UpsertProgram("center", "子ども・若者総合相談センター");
  if (!center) return std::unexpected(center.error());
  w.center = center->id;
  auto other = tx.UpsertProgram("other", "別の窓口");
  if (!other) return std::unexpected(other.error());
  w.other = other->id;
  for (const char* login : {"sato", "suzuki"}) {
    core::Staff staff;
    staff.login = login;
    staff.display_name = std::string("相談員 ") + login;
    staff.password_hash = "hash";
    staff.created_at_ms = kT0;
    auto id = tx.InsertStaff(staff);
    if (!id) return std::unexpected(id.error());
    (w.sato == 0 ? w.sato : w.suzuki) = *id;
  }
  for (int i = 0; i < kClients; ++i) {
    const std::string n = std::to_string(i);
    auto client = tx.InsertClient({0, "相談者-OPS" + n, false, kT0}, {"main", "U-ops-" + n, 0});
    if (!client) return std::unexpected(client.error());
    w.clients.push_back(client->id);
  }
  return w;
}

// A waiting conversation of `program` in the human queue, with the new fields at their defaults.
core::Conversation MakeConversation(const OpsWorld& w, core::ProgramId program, int client,
                                    core::TimeMs opened_at_ms) {
  core::Conversation c;
  c.program_id = program;
  c.client_id = w.clients.at(static_cast<std::size_t>(client));
  c.channel_key = "main";
  c.status = ConversationStatus::kWaiting;
  c.opened_at_ms = opened_at_ms;
  c.last_message_at_ms = opened_at_ms;
  c.queued_at_ms = opened_at_ms;
  return c;
}

void ExpectSameOpsFields(const core::Conversation& want, const core::Conversation& got) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.program_id, want.program_id);
  EXPECT_EQ(got.status, want.status);
  EXPECT_EQ(got.assigned_staff_id, want.assigned_staff_id);
  EXPECT_EQ(got.closed_at_ms, want.closed_at_ms);
  EXPECT_EQ(got.queued_at_ms, want.queued_at_ms);
  EXPECT_EQ(got.taken_at_ms, want.taken_at_ms);
  EXPECT_EQ(got.awaiting_reply_since_ms, want.awaiting_reply_since_ms);
  EXPECT_EQ(got.end_reason, want.end_reason)
      << core::EndReasonName(got.end_reason) << " vs " << core::EndReasonName(want.end_reason);
  EXPECT_EQ(got.wrap_up_pending, want.wrap_up_pending);
  EXPECT_EQ(got.queue_notice_position, want.queue_notice_position);
  EXPECT_EQ(got.queue_notice_at_ms, want.queue_notice_at_ms);
}

template <typename Row>
std::vector<std::int64_t> Ids(const std::vector<Row>& rows) {
  std::vector<std::int64_t> ids;
  for (const Row& row : rows) ids.push_back(row.id);
  return ids;
}

// ---- Conversations.

TEST_P(StoreContract, CenterOpsFieldsOfAConversationRoundTripThroughEveryRead) {
  const OpsWorld w = Tx(MakeOpsWorld);
  auto check_reads = [&](const core::Conversation& want) {
    auto got = Tx([&](app::StoreTx& tx) { return tx.GetConversation(want.id); });
    ASSERT_TRUE(got.has_value());
    ExpectSameOpsFields(want, *got);
    auto locked = Tx([&](app::StoreTx& tx) { return tx.GetConversationForUpdate(want.id); });
    ASSERT_TRUE(locked.has_value());
    ExpectSameOpsFields(want, *locked);
    if (want.status != ConversationStatus::kClosed) {
      auto open = Tx([&](app::StoreTx& tx) {
        return tx.FindOpenConversation(want.client_id, want.program_id);
      });
      ASSERT_TRUE(open.has_value());
      ExpectSameOpsFields(want, *open);
    }
    for (bool queue_order : {false, true}) {
      app::ConversationFilter filter;
      filter.program_id = want.program_id;
      filter.queue_order = queue_order;
      auto listed = Tx([&](app::StoreTx& tx) { return tx.ListConversations(filter); });
      auto it = std::find_if(listed.begin(), listed.end(),
                             [&](const core::Conversation& row) { return row.id == want.id; });
      ASSERT_NE(it, listed.end());
      ExpectSameOpsFields(want, *it);
    }
  };

  // Inserted with the defaults: nothing set comes back as set.
  core::Conversation plain = MakeConversation(w, w.center, 0, kT0);
  plain.id = Tx([&](app::StoreTx& tx) { return tx.InsertConversation(plain); });
  check_reads(plain);
  auto read_plain = Tx([&](app::StoreTx& tx) { return tx.GetConversation(plain.id); });
  ASSERT_TRUE(read_plain.has_value());
  EXPECT_FALSE(read_plain->taken_at_ms.has_value());
  EXPECT_FALSE(read_plain->awaiting_reply_since_ms.has_value());
  EXPECT_EQ(read_plain->end_reason, EndReason::kNone);
  EXPECT_FALSE(read_plain->wrap_up_pending);
  EXPECT_EQ(read_plain->queue_notice_position, 0);
  EXPECT_EQ(read_plain->queue_notice_at_ms, 0);

  // Inserted with every field set.
  core::Conversation c = MakeConversation(w, w.other, 1, kT0 + 10);
  c.status = ConversationStatus::kActive;
  c.assigned_staff_id = w.sato;
  c.taken_at_ms = kT0 + 20;
  c.awaiting_reply_since_ms = kT0 + 30;
  c.queue_notice_position = 7;
  c.queue_notice_at_ms = kT0 + 15;
  c.id = Tx([&](app::StoreTx& tx) { return tx.InsertConversation(c); });
  check_reads(c);

  // Updated: the nudge answered, another notice, then cleared again.
  c.awaiting_reply_since_ms.reset();
  c.queue_notice_position = 1;
  c.queue_notice_at_ms = kT0 + 40;
  Tx([&](app::StoreTx& tx) { return tx.UpdateConversation(c); });
  check_reads(c);
  c.awaiting_reply_since_ms = kT0 + 50;
  c.queue_notice_position = 0;
  c.queue_notice_at_ms = 0;
  Tx([&](app::StoreTx& tx) { return tx.UpdateConversation(c); });
  check_reads(c);

  // Closed, through every reason core names (the schema must accept each), with and without a
  // pending wrap-up; taken_at cleared and set again.
  c.status = ConversationStatus::kClosed;
  c.closed_at_ms = kT0 + 60;
  c.awaiting_reply_since_ms.reset();
  const std::vector<EndReason> reasons = {
      EndReason::kStaff,     EndReason::kIdle,     EndReason::kClosingTime,
      EndReason::kAbandoned, EndReason::kOverflow, EndReason::kOutOfHours,
      EndReason::kDeclined,  EndReason::kBotEnded, EndReason::kNone};
  for (std::size_t i = 0; i < reasons.size(); ++i) {
    c.end_reason = reasons[i];
    c.wrap_up_pending = i % 2 == 1;
    c.taken_at_ms = i % 3 == 2 ? std::nullopt : std::optional<core::TimeMs>(kT0 + 20 + i);
    Tx([&](app::StoreTx& tx) { return tx.UpdateConversation(c); });
    check_reads(c);
  }

  // The other conversation was not touched.
  check_reads(plain);
}

TEST_P(StoreContract, TheSchemaRefusesUnknownEndReasonsPresenceStatusesAndVersions) {
  const OpsWorld w = Tx(MakeOpsWorld);
  core::Conversation c = MakeConversation(w, w.center, 0, kT0);
  c.id = Tx([&](app::StoreTx& tx) { return tx.InsertConversation(c); });
  EXPECT_FALSE(store().ExecRawSql("UPDATE conversations SET end_reason = 'bogus'"));
  EXPECT_FALSE(store().ExecRawSql("UPDATE conversations SET queue_notice_position = -1"));
  ASSERT_TRUE(store().ExecRawSql("UPDATE conversations SET end_reason = 'overflow'"));
  auto read = Tx([&](app::StoreTx& tx) { return tx.GetConversation(c.id); });
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->end_reason, EndReason::kOverflow);

  const core::Error bad_status = TxError([&](app::StoreTx& tx) {
    return tx.UpsertPresence({w.sato, "busy", kT0});
  });
  EXPECT_EQ(bad_status.code, ErrorCode::kInvalidArgument) << Describe(bad_status);
  const core::Error bad_version = TxError([&](app::StoreTx& tx) {
    return tx.InsertTemplateVersion({"center", "please_wait", 0, "body", "startup", kT0});
  });
  EXPECT_EQ(bad_version.code, ErrorCode::kInvalidArgument) << Describe(bad_version);
}

TEST_P(StoreContract, ListConversationsFiltersByProgram) {
  const OpsWorld w = Tx(MakeOpsWorld);
  std::vector<core::Conversation> center, other;
  for (int i = 0; i < 3; ++i) {
    core::Conversation c = MakeConversation(w, w.center, i, kT0 + 10 * i);
    c.id = Tx([&](app::StoreTx& tx) { return tx.InsertConversation(c); });
    center.push_back(c);
  }
  // The same clients in the other program, one of them taken.
  for (int i = 0; i < 2; ++i) {
    core::Conversation c = MakeConversation(w, w.other, i, kT0 + 5 + 10 * i);
    if (i == 1) {
      c.status = ConversationStatus::kActive;
      c.assigned_staff_id = w.sato;
    }
    c.id = Tx([&](app::StoreTx& tx) { return tx.InsertConversation(c); });
    other.push_back(c);
  }
  auto list = [&](app::ConversationFilter filter) {
    return Ids(Tx([&](app::StoreTx& tx) { return tx.ListConversations(filter); }));
  };

  app::ConversationFilter by_center;
  by_center.program_id = w.center;
  // Newest activity first.
  EXPECT_EQ(list(by_center), (std::vector<std::int64_t>{center[2].id, center[1].id, center[0].id}));
  app::ConversationFilter by_other;
  by_other.program_id = w.other;
  EXPECT_EQ(list(by_other), (std::vector<std::int64_t>{other[1].id, other[0].id}));
  // Unset: every program.
  EXPECT_EQ(list({}).size(), 5u);
  // With the other filters: the other program's queue, and the taken one by staff.
  app::ConversationFilter queue;
  queue.program_id = w.other;
  queue.statuses = {ConversationStatus::kWaiting};
  queue.unassigned_only = true;
  queue.queued_only = true;
  queue.queue_order = true;
  EXPECT_EQ(list(queue), (std::vector<std::int64_t>{other[0].id}));
  app::ConversationFilter mine;
  mine.program_id = w.other;
  mine.assigned_staff_id = w.sato;
  EXPECT_EQ(list(mine), (std::vector<std::int64_t>{other[1].id}));
  mine.program_id = w.center;
  EXPECT_TRUE(list(mine).empty());
  // A program without conversations.
  app::ConversationFilter none;
  none.program_id = 999'999;
  EXPECT_TRUE(list(none).empty());
}

TEST_P(StoreContract, ListConversationsCanAskForPendingWrapUpsOnly) {
  const OpsWorld w = Tx(MakeOpsWorld);
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 3; ++i) {
    core::Conversation c = MakeConversation(w, w.center, i, kT0 + 10 * i);
    c.status = ConversationStatus::kClosed;
    c.closed_at_ms = kT0 + 10 * i + 1;
    c.assigned_staff_id = w.sato;
    c.wrap_up_pending = i != 1;  // the middle one has its wrap-up
    c.id = Tx([&](app::StoreTx& tx) { return tx.InsertConversation(c); });
    ids.push_back(c.id);
  }
  app::ConversationFilter pending;
  pending.statuses = {ConversationStatus::kClosed};
  pending.assigned_staff_id = w.sato;
  pending.wrap_up_pending_only = true;
  EXPECT_EQ(Ids(Tx([&](app::StoreTx& tx) { return tx.ListConversations(pending); })),
            (std::vector<std::int64_t>{ids[2], ids[0]}));
  pending.wrap_up_pending_only = false;
  EXPECT_EQ(Tx([&](app::StoreTx& tx) { return tx.ListConversations(pending); }).size(), 3u);
}

// ---- Templates.

// Quotes, a line break and characters beyond the BMP survive in the body.
app::TemplateVersion MakeTemplate(const std::string& program, const std::string& key, int version) {
  app::TemplateVersion v;
  v.program_key = program;
  v.key = key;
  v.version = version;
  v.body = key + " v" + std::to_string(version) + ": お待ちください 'x'; --\n😀";
  v.created_by = version == 1 ? "startup" : "suzuki";
  v.created_at_ms = kT0 + version;
  return v;
}

TEST_P(StoreContract, TemplateVersionsKeepTheirHistoryAndTheLatestIsInUse) {
  std::vector<app::TemplateVersion> center = {
      MakeTemplate("center", "please_wait", 1), MakeTemplate("center", "please_wait", 2),
      MakeTemplate("center", "closing", 1),     MakeTemplate("center", "Greeting", 1),
      MakeTemplate("center", "please_wait", 3), MakeTemplate("center", "Greeting", 2)};
  // The other program has more versions of a key of the same name.
  std::vector<app::TemplateVersion> other = {
      MakeTemplate("other", "please_wait", 1), MakeTemplate("other", "please_wait", 2),
      MakeTemplate("other", "please_wait", 3), MakeTemplate("other", "please_wait", 4)};
  for (const auto* list : {&center, &other}) {
    for (const app::TemplateVersion& v : *list) {
      Tx([&](app::StoreTx& tx) { return tx.InsertTemplateVersion(v); });
    }
  }

  // The latest of each key, by key (byte order: upper case first).
  EXPECT_EQ(Tx([](app::StoreTx& tx) { return tx.LatestTemplates("center"); }),
            (std::vector<app::TemplateVersion>{center[5], center[2], center[4]}));
  EXPECT_EQ(Tx([](app::StoreTx& tx) { return tx.LatestTemplates("other"); }),
            (std::vector<app::TemplateVersion>{other[3]}));
  EXPECT_TRUE(Tx([](app::StoreTx& tx) { return tx.LatestTemplates("nowhere"); }).empty());

  // One key's history, newest first, limited.
  EXPECT_EQ(
      Tx([](app::StoreTx& tx) { return tx.ListTemplateVersions("center", "please_wait", 10); }),
      (std::vector<app::TemplateVersion>{center[4], center[1], center[0]}));
  EXPECT_EQ(
      Tx([](app::StoreTx& tx) { return tx.ListTemplateVersions("center", "please_wait", 2); }),
      (std::vector<app::TemplateVersion>{center[4], center[1]}));
  EXPECT_EQ(
      Tx([](app::StoreTx& tx) { return tx.ListTemplateVersions("other", "please_wait", 10); }),
      (std::vector<app::TemplateVersion>{other[3], other[2], other[1], other[0]}));
  EXPECT_TRUE(Tx([](app::StoreTx& tx) {
                return tx.ListTemplateVersions("center", "unknown", 10);
              }).empty());
}

TEST_P(StoreContract, ATemplateVersionIsStoredOnce) {
  const app::TemplateVersion first = MakeTemplate("center", "please_wait", 1);
  Tx([&](app::StoreTx& tx) { return tx.InsertTemplateVersion(first); });
  app::TemplateVersion again = first;
  again.body = "書き換え";
  again.created_by = "mallory";
  const core::Error e = TxError([&](app::StoreTx& tx) { return tx.InsertTemplateVersion(again); });
  EXPECT_EQ(e.code, ErrorCode::kConflict) << Describe(e);

  // In one transaction: the duplicate is refused, the caller goes on and stores the next one.
  const app::TemplateVersion second = MakeTemplate("center", "please_wait", 2);
  Tx([&](app::StoreTx& tx) -> core::Status {
    auto duplicate = tx.InsertTemplateVersion(again);
    EXPECT_FALSE(duplicate.has_value());
    if (!duplicate) {
      EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);
    }
    return tx.InsertTemplateVersion(second);
  });
  // The first stands; the same version of another key or program is no conflict.
  Tx([&](app::StoreTx& tx) {
    return tx.InsertTemplateVersion(MakeTemplate("center", "closing", 1));
  });
  Tx([&](app::StoreTx& tx) {
    return tx.InsertTemplateVersion(MakeTemplate("other", "please_wait", 1));
  });
  EXPECT_EQ(
      Tx([](app::StoreTx& tx) { return tx.ListTemplateVersions("center", "please_wait", 10); }),
      (std::vector<app::TemplateVersion>{second, first}));
}

// ---- Presence.

TEST_P(StoreContract, PresenceIsOneRowPerStaffMemberReplacedOnEachReport) {
  const OpsWorld w = Tx(MakeOpsWorld);
  auto list = [&] { return Tx([](app::StoreTx& tx) { return tx.ListPresence(); }); };
  EXPECT_TRUE(list().empty());

  Tx([&](app::StoreTx& tx) { return tx.UpsertPresence({w.suzuki, "away", kT0 + 5}); });
  Tx([&](app::StoreTx& tx) { return tx.UpsertPresence({w.sato, "online", kT0 + 10}); });
  // By staff id.
  EXPECT_EQ(list(), (std::vector<app::StaffPresence>{{w.sato, "online", kT0 + 10},
                                                     {w.suzuki, "away", kT0 + 5}}));

  // Replaced, not added.
  Tx([&](app::StoreTx& tx) { return tx.UpsertPresence({w.sato, "away", kT0 + 20}); });
  Tx([&](app::StoreTx& tx) { return tx.UpsertPresence({w.suzuki, "online", kT0 + 30}); });
  EXPECT_EQ(list(), (std::vector<app::StaffPresence>{{w.sato, "away", kT0 + 20},
                                                     {w.suzuki, "online", kT0 + 30}}));

  // Deleted; deleting again is no error.
  Tx([&](app::StoreTx& tx) { return tx.DeletePresence(w.sato); });
  EXPECT_EQ(list(), (std::vector<app::StaffPresence>{{w.suzuki, "online", kT0 + 30}}));
  Tx([&](app::StoreTx& tx) { return tx.DeletePresence(w.sato); });
  Tx([&](app::StoreTx& tx) { return tx.DeletePresence(999'999); });
  EXPECT_EQ(list().size(), 1u);

  // Back online after a delete.
  Tx([&](app::StoreTx& tx) { return tx.UpsertPresence({w.sato, "online", kT0 + 40}); });
  EXPECT_EQ(list(), (std::vector<app::StaffPresence>{{w.sato, "online", kT0 + 40},
                                                     {w.suzuki, "online", kT0 + 30}}));

  // Only known staff.
  const core::Error e = TxError([&](app::StoreTx& tx) {
    return tx.UpsertPresence({999'999, "online", kT0});
  });
  EXPECT_EQ(e.code, ErrorCode::kNotFound) << Describe(e);
  EXPECT_EQ(list().size(), 2u);
}

// ---- Load per counselor and the queue.

TEST_P(StoreContract, CountOpenByStaffCountsOnlyActiveAssignedConversations) {
  const OpsWorld w = Tx(MakeOpsWorld);
  EXPECT_TRUE(Tx([](app::StoreTx& tx) { return tx.CountOpenByStaff(); }).empty());

  auto conversation = [&](core::ProgramId program, int client, ConversationStatus status,
                          std::optional<core::StaffId> staff) {
    core::Conversation c = MakeConversation(w, program, client, kT0 + client);
    c.status = status;
    c.assigned_staff_id = staff;
    if (status == ConversationStatus::kClosed) c.closed_at_ms = kT0 + 100;
    c.id = Tx([&](app::StoreTx& tx) { return tx.InsertConversation(c); });
    return c;
  };
  // suzuki: two active, in two programs, and closed ones that no longer count.
  conversation(w.center, 0, ConversationStatus::kActive, w.suzuki);
  conversation(w.other, 0, ConversationStatus::kActive, w.suzuki);
  conversation(w.center, 1, ConversationStatus::kClosed, w.suzuki);
  conversation(w.center, 2, ConversationStatus::kClosed, w.suzuki);
  // sato: one active, one closed.
  core::Conversation sato_active = conversation(w.center, 3, ConversationStatus::kActive, w.sato);
  conversation(w.center, 4, ConversationStatus::kClosed, w.sato);
  // Not active, though assigned to sato: it does not count.
  conversation(w.other, 7, ConversationStatus::kWaiting, w.sato);
  // Nobody's: waiting in the queue, and one the chatbot still talks to.
  conversation(w.center, 5, ConversationStatus::kWaiting, std::nullopt);
  core::Conversation bot = MakeConversation(w, w.center, 6, kT0);
  bot.queued_at_ms.reset();
  bot.bot_status = core::BotStatus::kRunning;
  Tx([&](app::StoreTx& tx) { return tx.InsertConversation(bot); });

  using Counts = std::vector<std::pair<core::StaffId, int>>;
  // By staff id (sato was inserted first).
  EXPECT_EQ(Tx([](app::StoreTx& tx) { return tx.CountOpenByStaff(); }),
            (Counts{{w.sato, 1}, {w.suzuki, 2}}));

  // sato closes: absent, not zero.
  sato_active.status = ConversationStatus::kClosed;
  sato_active.closed_at_ms = kT0 + 200;
  sato_active.end_reason = EndReason::kStaff;
  Tx([&](app::StoreTx& tx) { return tx.UpdateConversation(sato_active); });
  EXPECT_EQ(Tx([](app::StoreTx& tx) { return tx.CountOpenByStaff(); }), (Counts{{w.suzuki, 2}}));
}

TEST_P(StoreContract, SummarizeQueueCountsThePeopleWaitingAndTheTakenOnesOfOneProgram) {
  const OpsWorld w = Tx(MakeOpsWorld);
  const app::QueueSummary empty = Tx([&](app::StoreTx& tx) { return tx.SummarizeQueue(w.center); });
  EXPECT_EQ(empty.queued, 0);
  EXPECT_FALSE(empty.oldest_queued_at_ms.has_value());
  EXPECT_EQ(empty.active, 0);

  // center: two in the queue (the later-opened one queued first), the chatbot still talking to
  // a third, one taken, and one closed that had been queued.
  core::Conversation queued_late = MakeConversation(w, w.center, 0, kT0 + 10);
  queued_late.queued_at_ms = kT0 + 50;
  core::Conversation queued_early = MakeConversation(w, w.center, 1, kT0 + 20);
  queued_early.queued_at_ms = kT0 + 30;
  core::Conversation bot = MakeConversation(w, w.center, 2, kT0 + 1);
  bot.queued_at_ms.reset();
  bot.bot_status = core::BotStatus::kRunning;
  core::Conversation taken = MakeConversation(w, w.center, 3, kT0 + 2);
  taken.status = ConversationStatus::kActive;
  taken.assigned_staff_id = w.sato;
  taken.taken_at_ms = kT0 + 3;
  core::Conversation closed = MakeConversation(w, w.center, 4, kT0 + 4);
  closed.status = ConversationStatus::kClosed;
  closed.closed_at_ms = kT0 + 5;
  closed.end_reason = EndReason::kAbandoned;
  // other: one queued earlier than all of center's, and one taken.
  core::Conversation other_queued = MakeConversation(w, w.other, 5, kT0);
  other_queued.queued_at_ms = kT0 + 1;
  core::Conversation other_taken = MakeConversation(w, w.other, 6, kT0);
  other_taken.status = ConversationStatus::kActive;
  other_taken.assigned_staff_id = w.suzuki;
  for (core::Conversation* c :
       {&queued_late, &queued_early, &bot, &taken, &closed, &other_queued, &other_taken}) {
    c->id = Tx([&](app::StoreTx& tx) { return tx.InsertConversation(*c); });
  }

  app::QueueSummary center = Tx([&](app::StoreTx& tx) { return tx.SummarizeQueue(w.center); });
  EXPECT_EQ(center.queued, 2);
  EXPECT_EQ(center.oldest_queued_at_ms, std::optional<core::TimeMs>(kT0 + 30));
  EXPECT_EQ(center.active, 1);
  // The same count as CountQueued.
  EXPECT_EQ(center.queued, Tx([&](app::StoreTx& tx) { return tx.CountQueued(w.center); }));
  app::QueueSummary other = Tx([&](app::StoreTx& tx) { return tx.SummarizeQueue(w.other); });
  EXPECT_EQ(other.queued, 1);
  EXPECT_EQ(other.oldest_queued_at_ms, std::optional<core::TimeMs>(kT0 + 1));
  EXPECT_EQ(other.active, 1);

  // The bot hands over (now the oldest of center's queue) and the early one is taken.
  bot.bot_status = core::BotStatus::kHandedOver;
  bot.queued_at_ms = kT0 + 40;
  queued_early.status = ConversationStatus::kActive;
  queued_early.assigned_staff_id = w.suzuki;
  queued_early.taken_at_ms = kT0 + 60;
  for (core::Conversation* c : {&bot, &queued_early}) {
    Tx([&](app::StoreTx& tx) { return tx.UpdateConversation(*c); });
  }
  center = Tx([&](app::StoreTx& tx) { return tx.SummarizeQueue(w.center); });
  EXPECT_EQ(center.queued, 2);
  EXPECT_EQ(center.oldest_queued_at_ms, std::optional<core::TimeMs>(kT0 + 40));
  EXPECT_EQ(center.active, 2);
}

// ---- The after-close survey.

TEST_P(StoreContract, SurveyAnswersAreCountedOverTheProgramsConversationsOpenedInARange) {
  const OpsWorld w = Tx(MakeOpsWorld);
  const core::TimeMs from = kT0 + 1'000;
  const core::TimeMs to = kT0 + 2'000;
  auto closed = [&](core::ProgramId program, int client, core::TimeMs opened_at_ms) {
    core::Conversation c = MakeConversation(w, program, client, opened_at_ms);
    c.status = ConversationStatus::kClosed;
    c.closed_at_ms = opened_at_ms + 500;  // may fall after `to`: the opening time decides
    c.end_reason = EndReason::kStaff;
    c.id = Tx([&](app::StoreTx& tx) { return tx.InsertConversation(c); });
    return c;
  };
  const core::Conversation before = closed(w.center, 0, from - 1);
  const core::Conversation first = closed(w.center, 1, from);
  const core::Conversation second = closed(w.center, 2, to - 1);
  const core::Conversation third = closed(w.center, 3, from + 10);
  const core::Conversation at_end = closed(w.center, 4, to);
  const core::Conversation elsewhere = closed(w.other, 5, from + 10);

  auto answer = [&](const core::Conversation& c, const std::string& question,
                    const std::string& value) {
    return Tx([&](app::StoreTx& tx) {
      return tx.InsertSurveyAnswer({c.id, question, value, c.closed_at_ms.value_or(0) + 1});
    });
  };
  for (const core::Conversation* c : {&before, &first, &second, &third, &at_end, &elsewhere}) {
    EXPECT_TRUE(answer(*c, "q_helpful", "yes"));
  }
  EXPECT_TRUE(answer(first, "q_again", "maybe"));
  EXPECT_TRUE(answer(second, "q_again", "no 'x'; --"));
  EXPECT_TRUE(answer(third, "q_again", "maybe"));
  EXPECT_TRUE(answer(third, "Q_upper", "1"));
  // A second answer to the same question: false, and the first stands.
  EXPECT_FALSE(answer(second, "q_helpful", "no"));
  EXPECT_FALSE(answer(third, "q_again", "no 'x'; --"));

  using Counts = std::vector<app::SurveyAnswerCount>;
  // [from, to): neither `before` nor `at_end`, nor the other program's. Sorted by question,
  // then answer, byte by byte.
  EXPECT_EQ(Tx([&](app::StoreTx& tx) { return tx.CountSurveyAnswers(w.center, from, to); }),
            (Counts{{"Q_upper", "1", 1},
                    {"q_again", "maybe", 2},
                    {"q_again", "no 'x'; --", 1},
                    {"q_helpful", "yes", 3}}));
  EXPECT_EQ(Tx([&](app::StoreTx& tx) { return tx.CountSurveyAnswers(w.other, from, to); }),
            (Counts{{"q_helpful", "yes", 1}}));
  EXPECT_EQ(Tx([&](app::StoreTx& tx) { return tx.CountSurveyAnswers(w.center, from - 1, from); }),
            (Counts{{"q_helpful", "yes", 1}}));
  EXPECT_TRUE(Tx([&](app::StoreTx& tx) {
                return tx.CountSurveyAnswers(w.center, to + 1, to + 100);
              }).empty());

  // Only answers to known conversations.
  const core::Error e = TxError([&](app::StoreTx& tx) {
    return tx.InsertSurveyAnswer({999'999, "q_helpful", "yes", kT0});
  });
  EXPECT_EQ(e.code, ErrorCode::kNotFound) << Describe(e);
}

// ---- Report facts.

TEST_P(StoreContract, ConversationFactsPageThroughOneProgramsConversationsOpenedInARange) {
  const OpsWorld w = Tx(MakeOpsWorld);
  const core::TimeMs from = kT0 + 1'000;
  const core::TimeMs to = kT0 + 2'000;
  // Inserted out of opening order, so that id order and opening order differ.
  core::Conversation late = MakeConversation(w, w.center, 0, to - 1);
  late.status = ConversationStatus::kClosed;
  late.assigned_staff_id = w.sato;
  late.taken_at_ms = to + 5;
  late.closed_at_ms = to + 50;  // closed after the range: it counts by its opening
  late.end_reason = EndReason::kIdle;
  late.wrap_up_pending = true;
  core::Conversation outside_after = MakeConversation(w, w.center, 1, to);
  core::Conversation early = MakeConversation(w, w.center, 2, from);
  early.status = ConversationStatus::kClosed;
  early.queued_at_ms.reset();
  early.bot_status = core::BotStatus::kEnded;
  early.closed_at_ms = from + 10;
  early.end_reason = EndReason::kOutOfHours;
  core::Conversation outside_before = MakeConversation(w, w.center, 3, from - 1);
  core::Conversation elsewhere = MakeConversation(w, w.other, 4, from + 1);
  core::Conversation middle = MakeConversation(w, w.center, 5, from + 500);
  middle.status = ConversationStatus::kActive;
  middle.assigned_staff_id = w.suzuki;
  middle.bot_status = core::BotStatus::kHandedOver;
  middle.queued_at_ms = from + 520;
  middle.taken_at_ms = from + 600;
  core::Conversation waiting = MakeConversation(w, w.center, 6, from + 700);
  for (core::Conversation* c :
       {&late, &outside_after, &early, &outside_before, &elsewhere, &middle, &waiting}) {
    c->id = Tx([&](app::StoreTx& tx) { return tx.InsertConversation(*c); });
  }

  auto facts = [&](core::ProgramId program, core::ConversationId after_id, std::size_t limit) {
    return Tx([&](app::StoreTx& tx) {
      return tx.ListConversationFacts(program, from, to, after_id, limit);
    });
  };
  // By id.
  const std::vector<std::int64_t> in_range = {late.id, early.id, middle.id, waiting.id};
  const std::vector<app::ConversationFact> all = facts(w.center, 0, 100);
  ASSERT_EQ(Ids(all), in_range);
  auto expect_fact = [](const core::Conversation& c, const app::ConversationFact& f) {
    EXPECT_EQ(f.id, c.id);
    EXPECT_EQ(f.status, c.status);
    EXPECT_EQ(f.bot_status, c.bot_status);
    EXPECT_EQ(f.end_reason, c.end_reason);
    EXPECT_EQ(f.opened_at_ms, c.opened_at_ms);
    EXPECT_EQ(f.queued_at_ms, c.queued_at_ms);
    EXPECT_EQ(f.taken_at_ms, c.taken_at_ms);
    EXPECT_EQ(f.closed_at_ms, c.closed_at_ms);
  };
  expect_fact(late, all[0]);
  expect_fact(early, all[1]);
  expect_fact(middle, all[2]);
  expect_fact(waiting, all[3]);

  // Pages of two, continued after the last id seen.
  const std::vector<app::ConversationFact> page1 = facts(w.center, 0, 2);
  ASSERT_EQ(Ids(page1), (std::vector<std::int64_t>{late.id, early.id}));
  const std::vector<app::ConversationFact> page2 = facts(w.center, page1.back().id, 2);
  ASSERT_EQ(Ids(page2), (std::vector<std::int64_t>{middle.id, waiting.id}));
  EXPECT_TRUE(facts(w.center, page2.back().id, 2).empty());
  EXPECT_EQ(Ids(facts(w.center, early.id, 1)), (std::vector<std::int64_t>{middle.id}));

  // The other program has its own.
  EXPECT_EQ(Ids(facts(w.other, 0, 100)), (std::vector<std::int64_t>{elsewhere.id}));
  EXPECT_TRUE(facts(999'999, 0, 100).empty());
}

}  // namespace
}  // namespace tsunagu::contract
