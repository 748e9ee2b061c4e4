#include "core/staff.h"

namespace tsunagu::core {

const char* RoleName(Role role) {
  switch (role) {
    case Role::kCounselor:
      return "counselor";
    case Role::kSupervisor:
      return "supervisor";
    case Role::kAdmin:
      return "admin";
  }
  return "counselor";
}

std::optional<Role> ParseRole(std::string_view name) {
  if (name == "counselor") return Role::kCounselor;
  if (name == "supervisor") return Role::kSupervisor;
  if (name == "admin") return Role::kAdmin;
  return std::nullopt;
}

}  // namespace tsunagu::core
