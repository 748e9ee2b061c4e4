#include "app/login_throttle.h"

#include <gtest/gtest.h>

#include "core/limits.h"

namespace tsunagu::app {
namespace {

constexpr core::TimeMs kT0 = 1'700'000'000'000;
constexpr core::TimeMs kWindow = core::kLoginFailureWindowMs;

TEST(LoginThrottleTest, ExactlyTheMaximumNumberOfFailuresIsAllowedThenBlocked) {
  LoginThrottle throttle(core::kLoginFailuresMax, kWindow);
  for (int i = 0; i < core::kLoginFailuresMax; ++i) {
    EXPECT_TRUE(throttle.Allowed("login:a", kT0 + i)) << "before failure " << i + 1;
    throttle.RecordFailure("login:a", kT0 + i);
  }
  EXPECT_FALSE(throttle.Allowed("login:a", kT0 + core::kLoginFailuresMax));
}

TEST(LoginThrottleTest, OneFailureFewerIsStillAllowed) {
  LoginThrottle throttle(core::kLoginFailuresMax, kWindow);
  for (int i = 0; i < core::kLoginFailuresMax - 1; ++i) throttle.RecordFailure("login:a", kT0);
  EXPECT_TRUE(throttle.Allowed("login:a", kT0));
}

TEST(LoginThrottleTest, FailuresExpireAfterTheWindow) {
  LoginThrottle throttle(core::kLoginFailuresMax, kWindow);
  for (int i = 0; i < core::kLoginFailuresMax; ++i) throttle.RecordFailure("login:a", kT0);
  EXPECT_FALSE(throttle.Allowed("login:a", kT0 + kWindow - 1));
  EXPECT_TRUE(throttle.Allowed("login:a", kT0 + kWindow));
}

TEST(LoginThrottleTest, TheWindowSlides) {
  LoginThrottle throttle(core::kLoginFailuresMax, kWindow);
  // One early failure, then the rest a minute later.
  throttle.RecordFailure("login:a", kT0);
  for (int i = 1; i < core::kLoginFailuresMax; ++i) throttle.RecordFailure("login:a", kT0 + 60'000);
  EXPECT_FALSE(throttle.Allowed("login:a", kT0 + kWindow - 1));
  // The early one has left the window; the others have not.
  EXPECT_TRUE(throttle.Allowed("login:a", kT0 + kWindow));
  throttle.RecordFailure("login:a", kT0 + kWindow);
  EXPECT_FALSE(throttle.Allowed("login:a", kT0 + kWindow));
}

TEST(LoginThrottleTest, ResetForgetsTheFailures) {
  LoginThrottle throttle(core::kLoginFailuresMax, kWindow);
  for (int i = 0; i < core::kLoginFailuresMax; ++i) throttle.RecordFailure("login:a", kT0);
  ASSERT_FALSE(throttle.Allowed("login:a", kT0));
  throttle.Reset("login:a");
  EXPECT_TRUE(throttle.Allowed("login:a", kT0));
  // And counting starts from zero again.
  for (int i = 0; i < core::kLoginFailuresMax - 1; ++i) throttle.RecordFailure("login:a", kT0);
  EXPECT_TRUE(throttle.Allowed("login:a", kT0));
}

TEST(LoginThrottleTest, KeysAreIndependent) {
  LoginThrottle throttle(core::kLoginFailuresMax, kWindow);
  for (int i = 0; i < core::kLoginFailuresMax; ++i) throttle.RecordFailure("login:a", kT0);
  EXPECT_FALSE(throttle.Allowed("login:a", kT0));
  EXPECT_TRUE(throttle.Allowed("login:b", kT0));
  EXPECT_TRUE(throttle.Allowed("addr:10.0.0.1", kT0));
  throttle.Reset("login:b");
  EXPECT_FALSE(throttle.Allowed("login:a", kT0));
}

}  // namespace
}  // namespace tsunagu::app
