#include "app/login_throttle.h"

namespace tsunagu::app {

namespace {
// Bounds memory under a flood of distinct keys: past this, an arbitrary entry (the first in key
// order) is forgotten, which at worst gives that key a few more tries.
constexpr std::size_t kThrottleKeysMax = 100'000;
}  // namespace

LoginThrottle::LoginThrottle(int failures_max, core::TimeMs window_ms)
    : failures_max_(failures_max), window_ms_(window_ms) {}

void LoginThrottle::Prune(std::deque<core::TimeMs>& times, core::TimeMs now_ms) const {
  while (!times.empty() && times.front() <= now_ms - window_ms_) times.pop_front();
}

bool LoginThrottle::Allowed(const std::string& key, core::TimeMs now_ms) {
  std::lock_guard lock(mutex_);
  auto it = failures_.find(key);
  if (it == failures_.end()) return true;
  Prune(it->second, now_ms);
  if (it->second.empty()) {
    failures_.erase(it);
    return true;
  }
  return static_cast<int>(it->second.size()) < failures_max_;
}

void LoginThrottle::RecordFailure(const std::string& key, core::TimeMs now_ms) {
  std::lock_guard lock(mutex_);
  if (failures_.size() >= kThrottleKeysMax && !failures_.contains(key)) {
    failures_.erase(failures_.begin());
  }
  auto& times = failures_[key];
  Prune(times, now_ms);
  times.push_back(now_ms);
}

void LoginThrottle::Reset(const std::string& key) {
  std::lock_guard lock(mutex_);
  failures_.erase(key);
}

}  // namespace tsunagu::app
