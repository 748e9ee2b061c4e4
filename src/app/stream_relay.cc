#include "app/stream_relay.h"

#include <utility>

#include "core/limits.h"

namespace tsunagu::app {
namespace {

StreamRecord RecordOf(const StreamEvent& event, const std::string& node_id, core::TimeMs now) {
  StreamRecord r;
  r.at_ms = now;
  r.node_id = node_id;
  r.kind = event.kind;
  r.conversation_id = event.conversation.id;
  r.message_id = event.message ? event.message->id : 0;
  if (event.before) {
    r.has_before = true;
    r.before_status = event.before->status;
    r.before_assigned_staff_id = event.before->assigned_staff_id;
  }
  if (event.alert) r.subject_id = event.alert->id;
  if (event.debrief) r.subject_id = event.debrief->id;
  r.sound = event.sound;
  return r;
}

}  // namespace

StreamRelay::StreamRelay(Store& store, Notifier& local, Clock& clock, EventLog& log,
                         std::string node_id, std::function<void()> on_queued)
    : store_(store),
      local_(local),
      clock_(clock),
      log_(log),
      node_id_(std::move(node_id)),
      on_queued_(std::move(on_queued)) {}

void StreamRelay::Publish(const StreamEvent& event) {
  local_.Publish(event);
  {
    std::lock_guard lock(mutex_);
    if (queued_.size() >= core::kStreamRelayQueueMax) {
      // The database has been unreachable for a while; the oldest records go first. Consoles
      // on other nodes reload what they show when they reconnect.
      queued_.erase(queued_.begin());
    }
    queued_.push_back(RecordOf(event, node_id_, clock_.NowMs()));
  }
  if (on_queued_) on_queued_();
}

bool StreamRelay::Flush() {
  std::vector<StreamRecord> batch;
  {
    std::lock_guard lock(mutex_);
    batch.swap(queued_);
  }
  if (batch.empty()) return false;
  core::Status s = store_.Transact([&](StoreTx& tx) -> core::Status {
    for (const StreamRecord& r : batch) {
      if (auto id = tx.AppendStreamRecord(r); !id) return std::unexpected(id.error());
    }
    return core::Ok();
  });
  if (!s) {
    log_.Warn("stream journal: " + std::to_string(batch.size()) + " records not appended",
              s.error());
    std::lock_guard lock(mutex_);
    batch.insert(batch.end(), std::make_move_iterator(queued_.begin()),
                 std::make_move_iterator(queued_.end()));
    queued_.swap(batch);
    return false;
  }
  return true;
}

core::Status StreamRelay::StartFollowing() {
  auto last =
      TransactFor<std::int64_t>(store_, [](StoreTx& tx) { return tx.LastStreamRecordId(); });
  if (!last) return std::unexpected(last.error());
  last_seen_.store(*last);
  return core::Ok();
}

bool StreamRelay::Follow() {
  std::vector<StreamEvent> events;
  std::int64_t last = last_seen_.load();
  core::Status s = store_.Transact([&](StoreTx& tx) -> core::Status {
    events.clear();
    auto records = tx.ListStreamRecordsAfter(last, core::kStreamRecordPageMax);
    if (!records) return std::unexpected(records.error());
    for (const StreamRecord& r : *records) {
      last = r.id;
      if (r.node_id == node_id_) continue;  // published here already
      StreamEvent event;
      event.kind = r.kind;
      event.sound = r.sound;
      if (r.kind == StreamEventKind::kDebriefFlag) {
        auto flag = tx.GetDebriefFlag(r.subject_id);
        if (!flag) return std::unexpected(flag.error());
        if (!*flag) continue;
        event.debrief = std::move(**flag);
        events.push_back(std::move(event));
        continue;
      }
      auto conversation = tx.GetConversation(r.conversation_id);
      if (!conversation) return std::unexpected(conversation.error());
      if (!*conversation) continue;  // purged since
      event.conversation = std::move(**conversation);
      if (r.message_id != 0) {
        auto message = tx.GetMessage(r.message_id);
        if (!message) return std::unexpected(message.error());
        if (!*message) continue;
        event.message = std::move(**message);
      }
      if (r.kind == StreamEventKind::kRiskAlert) {
        auto alert = tx.GetRiskAlert(r.subject_id);
        if (!alert) return std::unexpected(alert.error());
        if (!*alert) continue;
        event.alert = std::move(**alert);
      }
      if (r.has_before) {
        event.before = event.conversation;
        event.before->status = r.before_status;
        event.before->assigned_staff_id = r.before_assigned_staff_id;
      }
      events.push_back(std::move(event));
    }
    return core::Ok();
  });
  if (!s) {
    log_.Warn("stream journal: not read", s.error());
    return false;
  }
  bool advanced = last != last_seen_.load();
  last_seen_.store(last);
  for (const StreamEvent& e : events) local_.Publish(e);
  return advanced;
}

}  // namespace tsunagu::app
