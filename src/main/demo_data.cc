#include "main/demo_data.h"

#include <cstdio>

namespace tsunagu::main {

core::Status SeedDemoData(app::StaffAuth& auth) {
  struct DemoStaff {
    const char* login;
    const char* name;
    core::Role role;
  };
  static constexpr DemoStaff kStaff[] = {
      {"counselor1", "相談員 佐藤", core::Role::kCounselor},
      {"counselor2", "相談員 鈴木", core::Role::kCounselor},
      {"supervisor", "SV 高橋", core::Role::kSupervisor},
      {"admin", "管理者 伊藤", core::Role::kAdmin},
  };
  std::printf("\nデモ用ログイン / demo logins (password: %s)\n", kDemoPassword);
  for (const DemoStaff& s : kStaff) {
    auto added = auth.AddStaff(s.login, s.name, s.role, kDemoPassword);
    if (!added && added.error().code != core::ErrorCode::kConflict) {
      return std::unexpected(added.error());
    }
    std::printf("  %-11s %-10s %s\n", s.login, core::RoleName(s.role), s.name);
  }
  std::printf("\n");
  return core::Ok();
}

}  // namespace tsunagu::main
