// The PostgreSQL schema migrations, compiled into the binary so that an installed tsunagu never
// reads the source tree. migrations/postgres/NNNN_<name>.sql holds the same text byte for byte
// (a unit test keeps them equal), numbered like migrations/sqlite/.
#pragma once

#include <span>
#include <string_view>

namespace tsunagu::adapters::postgres {

struct Migration {
  int version = 0;        // 1, 2, ...: applied in this order, each exactly once
  std::string_view name;  // the file is NNNN_<name>.sql
  std::string_view sql;   // one or more statements, run with the simple query protocol
};

// In version order, without gaps, starting at 1.
std::span<const Migration> EmbeddedMigrations();

}  // namespace tsunagu::adapters::postgres
