#include "core/staff.h"

#include "core/enum_names.h"

namespace tsunagu::core {
namespace {

constexpr std::array<EnumName<Role>, 4> kRoles{{
    {Role::kCounselor, "counselor"},
    {Role::kSupervisor, "supervisor"},
    {Role::kAdmin, "admin"},
    {Role::kAuditor, "auditor"},
}};

}  // namespace

const char* RoleName(Role role) { return NameIn(kRoles, role); }
std::optional<Role> ParseRole(std::string_view name) { return ParseIn(kRoles, name); }

}  // namespace tsunagu::core
