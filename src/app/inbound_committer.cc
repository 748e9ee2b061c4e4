#include "app/inbound_committer.h"

namespace tsunagu::app {

InboundCommitter::InboundCommitter(Store& store, std::function<void()> on_committed)
    : store_(store), on_committed_(std::move(on_committed)) {}

InboundCommitter::~InboundCommitter() { Stop(); }

void InboundCommitter::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
}

void InboundCommitter::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void InboundCommitter::Submit(std::vector<core::InboundEvent> events, Done done) {
  if (events.empty()) {
    done(core::Ok());
    return;
  }
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      queue_.push_back(Pending{std::move(events), std::move(done)});
      cv_.notify_one();
      return;
    }
  }
  done(core::Fail(core::ErrorCode::kUnavailable, "停止中です / shutting down"));
}

void InboundCommitter::Run() {
  for (;;) {
    std::vector<Pending> batch;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left
      while (!queue_.empty()) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    CommitBatch(batch);
  }
}

void InboundCommitter::CommitBatch(std::vector<Pending>& batch) {
  core::Status status = store_.Transact([&](StoreTx& tx) -> core::Status {
    for (const Pending& p : batch) {
      for (const core::InboundEvent& e : p.events) {
        auto inserted = tx.InsertInboundEvent(e);
        if (!inserted) return std::unexpected(inserted.error());
      }
    }
    return core::Ok();
  });
  // A failed group commit fails every request in it: LINE sees a non-200 and (with redelivery
  // on) sends again; nothing was stored, so nothing is half-done.
  for (Pending& p : batch) p.done(status);
  if (status && on_committed_) on_committed_();
}

}  // namespace tsunagu::app
