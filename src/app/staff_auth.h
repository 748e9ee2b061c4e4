#pragma once

#include <string>

#include "app/context.h"
#include "app/login_throttle.h"

namespace tsunagu::app {

struct AuthSettings {
  core::TimeMs session_ttl_ms = 12LL * 3600 * 1000;
  int login_failures_max = 5;
  core::TimeMs login_failure_window_ms = 15LL * 60 * 1000;
};

struct LoginResult {
  core::Staff staff;
  std::string session_token;  // goes into the cookie; only its hash is stored
  std::string csrf_token;
};

struct Authenticated {
  core::Staff staff;
  std::string csrf_token;
};

// Staff login, sessions and staff accounts. Passwords are argon2id hashes; failed logins are
// throttled per login name and per address; every login and failure is audited.
class StaffAuth {
 public:
  StaffAuth(AppContext& ctx, AuthSettings settings);

  // kUnauthenticated for a wrong login or password (the same message for both), kLimitExceeded
  // when throttled.
  core::Result<LoginResult> Login(const std::string& login, const std::string& password,
                                  const std::string& remote_address);
  core::Result<Authenticated> Authenticate(const std::string& session_token);
  core::Status Logout(const std::string& session_token);

  // Adds a staff account. An empty password generates one, returned in the result.
  struct Added {
    core::Staff staff;
    std::string generated_password;
  };
  core::Result<Added> AddStaff(const std::string& login, const std::string& display_name,
                               core::Role role, const std::string& password);

 private:
  AppContext& ctx_;
  AuthSettings settings_;
  LoginThrottle throttle_;
  std::string dummy_hash_;  // verified against when the login is unknown, to even out timing
};

}  // namespace tsunagu::app
