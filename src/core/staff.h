#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/ids.h"

namespace tsunagu::core {

// kAuditor reads the audit log and nothing else: no conversation, no stream events.
enum class Role { kCounselor, kSupervisor, kAdmin, kAuditor };

const char* RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);

struct Staff {
  StaffId id = 0;
  std::string login;
  std::string display_name;  // shown to clients on LINE as sender.name
  Role role = Role::kCounselor;
  bool active = true;
  std::string password_hash;  // argon2id, libsodium's encoded form
  TimeMs created_at_ms = 0;
};

}  // namespace tsunagu::core
