#pragma once

#include <deque>
#include <map>
#include <mutex>
#include <string>

#include "core/ids.h"

namespace tsunagu::app {

// Counts failed logins per key (a login name, or a remote address) inside a sliding window.
// Kept in memory: a restart forgets it, which only gives an attacker a few more tries.
class LoginThrottle {
 public:
  LoginThrottle(int failures_max, core::TimeMs window_ms);

  bool Allowed(const std::string& key, core::TimeMs now_ms);
  void RecordFailure(const std::string& key, core::TimeMs now_ms);
  void Reset(const std::string& key);

 private:
  void Prune(std::deque<core::TimeMs>& times, core::TimeMs now_ms) const;

  int failures_max_;
  core::TimeMs window_ms_;
  std::mutex mutex_;
  std::map<std::string, std::deque<core::TimeMs>> failures_;
};

}  // namespace tsunagu::app
