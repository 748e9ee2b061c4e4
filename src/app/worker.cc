#include "app/worker.h"

namespace tsunagu::app {

Worker::Worker(std::string name, std::function<bool()> step,
               std::chrono::milliseconds idle_interval)
    : name_(std::move(name)), step_(std::move(step)), idle_interval_(idle_interval) {}

Worker::~Worker() { Stop(); }

void Worker::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
}

void Worker::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  cv_.notify_one();
}

void Worker::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void Worker::Run() {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      if (stopping_) return;
    }
    const bool did_work = step_();
    std::unique_lock lock(mutex_);
    if (stopping_) return;
    if (did_work) continue;
    cv_.wait_for(lock, idle_interval_, [this] { return woken_ || stopping_; });
    woken_ = false;
  }
}

}  // namespace tsunagu::app
