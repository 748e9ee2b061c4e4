#pragma once

#include <string>

namespace tsunagu::main {

// `tsunagu store copy --from sqlite:PATH --to postgres:URL`: moves a deployment to PostgreSQL.
// The target is migrated first and must be empty; the copy reads one snapshot of the source, so
// it can run while the SQLite deployment is still serving (stop it before switching over, and
// copy again into a fresh database if it took messages meanwhile). Prints progress and a
// per-table count check; exit code 0 only when every count matches.
int RunStoreCopy(const std::string& from, const std::string& to);

}  // namespace tsunagu::main
