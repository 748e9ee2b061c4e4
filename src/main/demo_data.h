#pragma once

#include "app/staff_auth.h"

namespace tsunagu::main {

// The demo's staff: two counselors, a supervisor and an admin, with the password below.
// Idempotent: existing logins are left alone. Only `tsunagu demo` calls it.
inline constexpr char kDemoPassword[] = "tsunagu-demo";

core::Status SeedDemoData(app::StaffAuth& auth);

}  // namespace tsunagu::main
