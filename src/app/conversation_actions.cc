#include "app/conversation_actions.h"

#include <algorithm>

#include "app/conversation_ops.h"
#include "app/conversation_timers.h"
#include "app/survey.h"
#include "core/limits.h"
#include "core/permissions.h"
#include "core/utf8.h"

namespace tsunagu::app {
namespace {

// for_update: the caller writes the conversation back, so the row stays locked until it does.
core::Result<core::Conversation> Reload(StoreTx& tx, core::ConversationId id, bool for_update) {
  auto c = for_update ? tx.GetConversationForUpdate(id) : tx.GetConversation(id);
  if (!c) return std::unexpected(c.error());
  if (!*c) return core::Fail(core::ErrorCode::kNotFound, "相談が見つかりません / not found");
  return **c;
}

}  // namespace

std::optional<ConversationView> ParseConversationView(std::string_view name) {
  if (name == "waiting") return ConversationView::kWaiting;
  if (name == "mine") return ConversationView::kMine;
  if (name == "all") return ConversationView::kAll;
  return std::nullopt;
}

ConversationActions::ConversationActions(AppContext& ctx, std::function<void()> on_outbox,
                                         core::TopicList topics)
    : ctx_(ctx), on_outbox_(std::move(on_outbox)), topics_(std::move(topics)) {}

core::Status ConversationActions::ValidateReplyText(const std::string& text) {
  auto length = core::Utf8Length(text);
  if (!length) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "文字コードが正しくありません / text is not valid UTF-8");
  }
  if (core::IsBlank(text)) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "メッセージが空です / the message is empty");
  }
  if (*length > core::kOutboundTextCharsMax) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "メッセージは5000文字までです / at most 5000 characters");
  }
  return core::Ok();
}

core::Result<core::Conversation> ConversationActions::LoadVisible(StoreTx& tx,
                                                                  const core::Staff& staff,
                                                                  core::ConversationId id,
                                                                  bool for_update) {
  // A role without conversations (the auditor) is refused whatever the id, so the answer says
  // nothing about which conversations exist.
  if (!core::SeesConversations(staff.role)) {
    return core::Fail(core::ErrorCode::kPermissionDenied,
                      "相談を見る権限がありません / you may not view conversations");
  }
  auto c = Reload(tx, id, for_update);
  if (!c) return c;
  if (!core::CanView(staff, *c)) {
    return core::Fail(core::ErrorCode::kNotFound, "相談が見つかりません / not found");
  }
  return c;
}

core::Status ConversationActions::Audit(StoreTx& tx, const core::Staff& staff,
                                        const std::string& action, core::ConversationId id) {
  AuditRecord r;
  r.at_ms = ctx_.clock.NowMs();
  r.actor_staff_id = staff.id;
  r.action = action;
  r.target_type = "conversation";
  r.target_id = std::to_string(id);
  return tx.AppendAudit(r);
}

core::Result<std::vector<core::Conversation>> ConversationActions::List(const core::Staff& staff,
                                                                        ConversationView view,
                                                                        std::size_t limit) {
  if (!core::SeesConversations(staff.role)) {
    return core::Fail(core::ErrorCode::kPermissionDenied,
                      "相談を見る権限がありません / you may not view conversations");
  }
  ConversationFilter filter;
  filter.limit = std::clamp<std::size_t>(limit, 1, core::kConversationsPageMax);
  switch (view) {
    case ConversationView::kWaiting:
      filter.statuses = {core::ConversationStatus::kWaiting};
      filter.unassigned_only = true;
      filter.queued_only = true;  // not those the chatbot still talks to
      filter.queue_order = true;  // the order in which they should be taken
      break;
    case ConversationView::kMine:
      filter.statuses = {core::ConversationStatus::kWaiting, core::ConversationStatus::kActive};
      filter.assigned_staff_id = staff.id;
      break;
    case ConversationView::kAll:
      if (!core::RoleHas(staff.role, core::Permission::kViewAllConversations)) {
        return core::Fail(
            core::ErrorCode::kPermissionDenied,
            "すべての相談を見る権限がありません / you may not view all conversations");
      }
      break;
  }
  auto listed = TransactFor<std::vector<core::Conversation>>(
      ctx_.store, [&](StoreTx& tx) -> core::Result<std::vector<core::Conversation>> {
        auto open = tx.ListConversations(filter);
        if (!open || view != ConversationView::kMine) return open;
        // "Mine" also holds what the system closed while I had it, until I write its wrap-up.
        ConversationFilter pending = filter;
        pending.statuses = {core::ConversationStatus::kClosed};
        pending.wrap_up_pending_only = true;
        auto unwritten = tx.ListConversations(pending);
        if (!unwritten) return unwritten;
        for (core::Conversation& c : *unwritten) open->push_back(std::move(c));
        return open;
      });
  if (!listed) return listed;
  // The store filters by view; the permission table has the last word on each row.
  std::erase_if(*listed, [&](const core::Conversation& c) { return !core::CanView(staff, c); });
  return listed;
}

core::Result<ConversationMessages> ConversationActions::Messages(const core::Staff& staff,
                                                                 core::ConversationId id,
                                                                 core::MessageId after_id,
                                                                 std::size_t limit) {
  return TransactFor<ConversationMessages>(
      ctx_.store, [&](StoreTx& tx) -> core::Result<ConversationMessages> {
        auto c = LoadVisible(tx, staff, id, false);
        if (!c) return std::unexpected(c.error());
        auto messages = tx.ListMessages(id, after_id,
                                        std::clamp<std::size_t>(limit, 1, core::kMessagesPageMax));
        if (!messages) return std::unexpected(messages.error());
        if (auto s = Audit(tx, staff, "conversation.view", id); !s)
          return std::unexpected(s.error());
        return ConversationMessages{*c, std::move(*messages)};
      });
}

core::Result<core::Message> ConversationActions::Reply(const core::Staff& staff,
                                                       core::ConversationId id,
                                                       const std::string& text) {
  if (auto v = ValidateReplyText(text); !v) return std::unexpected(v.error());
  core::Conversation after;
  auto sent =
      TransactFor<core::Message>(ctx_.store, [&](StoreTx& tx) -> core::Result<core::Message> {
        auto c = LoadVisible(tx, staff, id, true);
        if (!c) return std::unexpected(c.error());
        if (c->status == core::ConversationStatus::kClosed) {
          return core::Fail(core::ErrorCode::kConflict,
                            "この相談は終了しています / the conversation is closed");
        }
        if (!core::CanReply(staff, *c)) {
          return core::Fail(core::ErrorCode::kPermissionDenied,
                            "担当してから返信してください / take the conversation before replying");
        }
        if (c->client_blocked) {
          return core::Fail(
              core::ErrorCode::kConflict,
              "相談者がブロックしているため送れません / the client has blocked the account");
        }
        auto m = QueueOutbound(ctx_, tx, *c, core::SenderKind::kStaff, staff.id, staff.display_name,
                               text);
        if (!m) return m;
        if (auto s = NoteActivity(ctx_, tx, *c, *m); !s) return std::unexpected(s.error());
        after = *c;
        return m;
      });
  if (!sent) return sent;
  ctx_.notifier.Publish(
      ConversationEvent(StreamEventKind::kMessageCreated, after, *sent, std::nullopt));
  if (on_outbox_) on_outbox_();
  return sent;
}

core::Status ConversationActions::CheckCapacity(StoreTx& tx, const core::Staff& staff) {
  // A role without a limit has room even when it holds the limit already.
  if (core::HasCapacity(staff, ctx_.concurrent_per_counselor, ctx_.concurrent_per_counselor)) {
    return core::Ok();
  }
  ConversationFilter filter;
  filter.statuses = {core::ConversationStatus::kWaiting, core::ConversationStatus::kActive};
  filter.assigned_staff_id = staff.id;
  filter.limit = static_cast<std::size_t>(ctx_.concurrent_per_counselor) + 1;
  auto held = tx.ListConversations(filter);
  if (!held) return std::unexpected(held.error());
  if (core::HasCapacity(staff, static_cast<int>(held->size()), ctx_.concurrent_per_counselor)) {
    return core::Ok();
  }
  const std::string n = std::to_string(ctx_.concurrent_per_counselor);
  return core::Fail(core::ErrorCode::kLimitExceeded,
                    "同時に対応できる相談は " + n +
                        " 件までです。どれかを終了してから受けてください"
                        " / you already hold " +
                        n + " conversations, the most at once");
}

core::Result<core::Conversation> ConversationActions::Transfer(
    const core::Staff& staff, core::ConversationId id, std::optional<core::StaffId> to_staff,
    const std::string& note) {
  auto note_chars = core::Utf8Length(note);
  if (!note_chars || *note_chars > core::kTransferNoteCharsMax) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "メモは500文字までの UTF-8 です / the note is UTF-8, at most 500 characters");
  }
  std::optional<core::Conversation> before;
  std::optional<core::Message> noted;
  auto moved = TransactFor<core::Conversation>(
      ctx_.store, [&](StoreTx& tx) -> core::Result<core::Conversation> {
        noted.reset();
        auto c = LoadVisible(tx, staff, id, true);
        if (!c) return c;
        before = *c;
        if (!core::CanTransfer(staff, *c)) {
          return core::Fail(core::ErrorCode::kPermissionDenied,
                            "引き継ぐ権限がありません / you may not transfer this conversation");
        }
        std::string what;
        if (to_staff) {
          auto target = tx.GetStaff(*to_staff);
          if (!target) return std::unexpected(target.error());
          if (!*target || !(*target)->active ||
              !core::RoleHas((*target)->role, core::Permission::kTakeConversation)) {
            return core::Fail(core::ErrorCode::kInvalidArgument,
                              "引き継ぎ先は相談を担当できる職員にしてください / the target must be "
                              "active staff who may take conversations");
          }
          if (auto s =
                  core::TransferTo(*c, (*target)->id, (*target)->display_name, ctx_.clock.NowMs());
              !s) {
            return std::unexpected(s.error());
          }
          if (auto s = CheckCapacity(tx, **target); !s) {
            return core::Fail(core::ErrorCode::kLimitExceeded,
                              (*target)->display_name +
                                  " さんは同時に持てる件数に達しています / the target holds as "
                                  "many conversations as allowed");
          }
          what = "引き継ぎ: " + staff.display_name + " → " + (*target)->display_name;
        } else {
          if (auto s = core::ReturnToQueue(*c, ctx_.clock.NowMs()); !s) {
            return std::unexpected(s.error());
          }
          what = "順番待ちに戻しました（" + staff.display_name + "） / back to the queue";
        }
        if (!core::IsBlank(note)) what += "\nメモ: " + note;
        auto client = tx.GetClient(c->client_id);
        if (!client) return std::unexpected(client.error());
        if (!*client) return core::Fail(core::ErrorCode::kInternal, "client vanished");
        core::Message system = SystemNote(**client, ctx_.clock.NowMs(), what);
        if (auto s = AppendMessage(tx, *c, system); !s) return std::unexpected(s.error());
        noted = system;
        if (auto s = tx.UpdateConversation(*c); !s) return std::unexpected(s.error());
        AuditRecord r;
        r.at_ms = ctx_.clock.NowMs();
        r.actor_staff_id = staff.id;
        r.action = "conversation.transfer";
        r.target_type = "conversation";
        r.target_id = std::to_string(id);
        r.detail = to_staff ? "to staff " + std::to_string(*to_staff) : "to the queue";
        if (auto s = tx.AppendAudit(r); !s) return std::unexpected(s.error());
        return c;
      });
  if (moved) {
    if (noted) {
      ctx_.notifier.Publish(
          ConversationEvent(StreamEventKind::kMessageCreated, *moved, *noted, std::nullopt));
    }
    ctx_.notifier.Publish(
        ConversationEvent(StreamEventKind::kConversationUpdated, *moved, std::nullopt, before));
  }
  return moved;
}

core::Result<std::vector<ConversationActions::TransferTarget>> ConversationActions::TransferTargets(
    const core::Staff& staff) {
  if (!staff.active || !core::RoleHas(staff.role, core::Permission::kTakeConversation)) {
    return core::Fail(core::ErrorCode::kPermissionDenied,
                      "引き継ぎ先を見る権限がありません / you may not list transfer targets");
  }
  return TransactFor<std::vector<TransferTarget>>(
      ctx_.store, [&](StoreTx& tx) -> core::Result<std::vector<TransferTarget>> {
        auto everyone = tx.ListStaff();
        if (!everyone) return std::unexpected(everyone.error());
        std::vector<TransferTarget> targets;
        for (core::Staff& s : *everyone) {
          if (s.id == staff.id || !s.active ||
              !core::RoleHas(s.role, core::Permission::kTakeConversation)) {
            continue;
          }
          ConversationFilter filter;
          filter.statuses = {core::ConversationStatus::kWaiting, core::ConversationStatus::kActive};
          filter.assigned_staff_id = s.id;
          filter.limit = core::kConversationsPageMax;
          auto held = tx.ListConversations(filter);
          if (!held) return std::unexpected(held.error());
          s.password_hash.clear();
          targets.push_back({std::move(s), static_cast<int>(held->size())});
        }
        return targets;
      });
}

core::Result<core::Conversation> ConversationActions::TakeNext(const core::Staff& staff) {
  // Find the first one, then take it like a pick; if someone else was faster, try the next.
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto next = TransactFor<std::optional<core::ConversationId>>(
        ctx_.store, [&](StoreTx& tx) -> core::Result<std::optional<core::ConversationId>> {
          if (auto s = CheckCapacity(tx, staff); !s) return std::unexpected(s.error());
          ConversationFilter filter;
          filter.statuses = {core::ConversationStatus::kWaiting};
          filter.unassigned_only = true;
          filter.queued_only = true;
          filter.queue_order = true;
          filter.limit = core::kConversationsPageMax;
          auto queue = tx.ListConversations(filter);
          if (!queue) return std::unexpected(queue.error());
          for (const core::Conversation& c : *queue) {
            if (core::CanTake(staff, c)) return std::optional<core::ConversationId>(c.id);
          }
          return std::optional<core::ConversationId>();
        });
    if (!next) return std::unexpected(next.error());
    if (!*next) {
      return core::Fail(core::ErrorCode::kNotFound,
                        "待っている相談はありません / nobody is waiting");
    }
    auto taken = Take(staff, **next);
    // kConflict: someone else took it in between; anything else is the answer.
    if (taken || taken.error().code != core::ErrorCode::kConflict) return taken;
  }
  return core::Fail(
      core::ErrorCode::kConflict,
      "ほかの相談員が先に受けました。もう一度押してください / others were faster; try "
      "again");
}

core::Result<core::Conversation> ConversationActions::Take(const core::Staff& staff,
                                                           core::ConversationId id) {
  if (!core::SeesConversations(staff.role)) {
    return core::Fail(core::ErrorCode::kPermissionDenied,
                      "相談を見る権限がありません / you may not view conversations");
  }
  std::optional<core::Conversation> before;
  std::vector<StreamEvent> risk_events;
  auto taken = TransactFor<core::Conversation>(
      ctx_.store, [&](StoreTx& tx) -> core::Result<core::Conversation> {
        risk_events.clear();
        auto c = Reload(tx, id, true);
        if (!c) return c;
        if (!core::CanView(staff, *c)) {
          // Someone who may take conversations learns that this one is gone, not that it never
          // existed: their waiting list showed it a moment ago.
          const bool taken_or_closed =
              c->assigned_staff_id || c->status == core::ConversationStatus::kClosed;
          if (taken_or_closed && core::RoleHas(staff.role, core::Permission::kTakeConversation)) {
            return core::Fail(core::ErrorCode::kConflict,
                              "すでに他の相談員が対応しています / another counselor has taken it");
          }
          return core::Fail(core::ErrorCode::kNotFound, "相談が見つかりません / not found");
        }
        before = *c;
        if (!core::CanTake(staff, *c)) {
          return core::Fail(core::ErrorCode::kPermissionDenied,
                            "担当する権限がありません / you may not take conversations");
        }
        const bool already_mine = c->assigned_staff_id == staff.id;
        if (!already_mine) {
          if (auto s = CheckCapacity(tx, staff); !s) return std::unexpected(s.error());
        }
        if (auto s = core::Take(*c, staff.id, staff.display_name, ctx_.clock.NowMs()); !s) {
          return std::unexpected(s.error());
        }
        // A counselor who takes someone still in the intake ends the bot's part: the bot never
        // answers once a human is in the conversation.
        if (c->bot_status == core::BotStatus::kRunning) {
          c->bot_status = core::BotStatus::kHandedOver;
          c->bot_node.clear();
          if (!c->queued_at_ms) c->queued_at_ms = ctx_.clock.NowMs();
        }
        if (auto s = tx.UpdateConversation(*c); !s) return std::unexpected(s.error());
        if (auto s = Audit(tx, staff, "conversation.take", id); !s)
          return std::unexpected(s.error());
        // Taking a risky conversation counts toward the taker's debrief.
        if (c->risk_level >= core::kDebriefLevelMin) {
          if (auto s = CheckDebrief(tx, staff.id, ctx_.clock.NowMs(), ctx_.risk, risk_events); !s) {
            return std::unexpected(s.error());
          }
        }
        return c;
      });
  if (taken) {
    for (const StreamEvent& e : risk_events) ctx_.notifier.Publish(e);
    ctx_.notifier.Publish(
        ConversationEvent(StreamEventKind::kConversationUpdated, *taken, std::nullopt, before));
  }
  return taken;
}

core::Result<core::Conversation> ConversationActions::Close(const core::Staff& staff,
                                                            core::ConversationId id,
                                                            const core::WrapUpDraft& wrap_up) {
  // The wrap-up is checked before anything is read, like a reply's text: the reasons do not
  // depend on the conversation.
  if (auto checked = core::MakeWrapUp(wrap_up, topics_, id, staff.id, 0); !checked) {
    return std::unexpected(checked.error());
  }
  std::optional<core::Conversation> before;
  std::vector<StreamEvent> published;
  bool queued_outbound = false;
  auto closed = TransactFor<core::Conversation>(
      ctx_.store, [&](StoreTx& tx) -> core::Result<core::Conversation> {
        published.clear();
        queued_outbound = false;
        auto c = LoadVisible(tx, staff, id, true);
        if (!c) return c;
        before = *c;
        if (!core::CanClose(staff, *c)) {
          return core::Fail(core::ErrorCode::kPermissionDenied,
                            "終了する権限がありません / you may not close this conversation");
        }
        const core::TimeMs now_ms = ctx_.clock.NowMs();
        if (auto s = core::Close(*c, now_ms, core::EndReason::kStaff); !s) {
          return std::unexpected(s.error());
        }
        auto record = core::MakeWrapUp(wrap_up, topics_, id, staff.id, now_ms);
        if (!record) return std::unexpected(record.error());
        if (auto s = tx.UpdateConversation(*c); !s) return std::unexpected(s.error());
        if (auto s = tx.InsertWrapUp(*record); !s) return std::unexpected(s.error());
        if (auto s = Audit(tx, staff, "conversation.close", id); !s) {
          return std::unexpected(s.error());
        }
        const std::string subject = std::to_string(id);
        for (const char* kind : {kIdleCheckinTimer, kIdleCloseTimer, kBotIdleTimer}) {
          if (auto s = tx.CancelTimer(kind, subject); !s) return std::unexpected(s.error());
        }
        if (auto s = StartSurvey(ctx_, tx, *c, published, queued_outbound); !s) {
          return std::unexpected(s.error());
        }
        return c;
      });
  if (closed) {
    ctx_.notifier.Publish(
        ConversationEvent(StreamEventKind::kConversationUpdated, *closed, std::nullopt, before));
    for (const StreamEvent& e : published) ctx_.notifier.Publish(e);
    if (queued_outbound && on_outbox_) on_outbox_();
  }
  return closed;
}

core::Result<core::Conversation> ConversationActions::WriteLateWrapUp(
    const core::Staff& staff, core::ConversationId id, const core::WrapUpDraft& wrap_up) {
  if (auto checked = core::MakeWrapUp(wrap_up, topics_, id, staff.id, 0); !checked) {
    return std::unexpected(checked.error());
  }
  std::optional<core::Conversation> before;
  auto written = TransactFor<core::Conversation>(
      ctx_.store, [&](StoreTx& tx) -> core::Result<core::Conversation> {
        auto c = LoadVisible(tx, staff, id, true);
        if (!c) return c;
        before = *c;
        // The one who had it when the system closed it, or a supervisor.
        const bool assignee = c->assigned_staff_id == staff.id;
        if (!assignee && !core::RoleHas(staff.role, core::Permission::kCloseAnyConversation)) {
          return core::Fail(core::ErrorCode::kPermissionDenied,
                            "記録を書く権限がありません / you may not write this wrap-up");
        }
        if (c->status != core::ConversationStatus::kClosed || !c->wrap_up_pending) {
          return core::Fail(core::ErrorCode::kConflict,
                            "この相談には後から書く記録がありません / this conversation has no "
                            "pending wrap-up");
        }
        auto record = core::MakeWrapUp(wrap_up, topics_, id, staff.id, ctx_.clock.NowMs());
        if (!record) return std::unexpected(record.error());
        if (auto s = tx.InsertWrapUp(*record); !s) return std::unexpected(s.error());
        c->wrap_up_pending = false;
        if (auto s = tx.UpdateConversation(*c); !s) return std::unexpected(s.error());
        if (auto s = Audit(tx, staff, "conversation.late_wrap_up", id); !s) {
          return std::unexpected(s.error());
        }
        return c;
      });
  if (written) {
    ctx_.notifier.Publish(
        ConversationEvent(StreamEventKind::kConversationUpdated, *written, std::nullopt, before));
  }
  return written;
}

core::Result<core::WrapUp> ConversationActions::WrapUpOf(const core::Staff& staff,
                                                         core::ConversationId id) {
  return TransactFor<core::WrapUp>(ctx_.store, [&](StoreTx& tx) -> core::Result<core::WrapUp> {
    auto c = LoadVisible(tx, staff, id, false);
    if (!c) return std::unexpected(c.error());
    auto found = tx.GetWrapUp(id);
    if (!found) return std::unexpected(found.error());
    if (!*found) {
      return core::Fail(core::ErrorCode::kNotFound,
                        "終了時の記録がありません / this conversation has no wrap-up");
    }
    if (auto s = Audit(tx, staff, "conversation.wrap_up_view", id); !s) {
      return std::unexpected(s.error());
    }
    return **found;
  });
}

}  // namespace tsunagu::app
