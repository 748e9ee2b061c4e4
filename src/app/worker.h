#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace tsunagu::app {

// Runs a step on its own thread whenever it is woken, and at least every idle_interval, until
// stopped. The step returns true when it did work, so that it runs again at once (draining a
// backlog without waiting). Polling on an interval is what makes recovery after a crash
// automatic: stored work is found again without anyone waking the worker.
class Worker {
 public:
  Worker(std::string name, std::function<bool()> step, std::chrono::milliseconds idle_interval);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  void Start();
  void Wake();
  void Stop();  // waits for the current step to finish

 private:
  void Run();

  std::string name_;
  std::function<bool()> step_;
  std::chrono::milliseconds idle_interval_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool woken_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace tsunagu::app
