// The schema migrations, compiled into the binary so that an installed tsunagu never reads the
// source tree. migrations/sqlite/NNNN_<name>.sql holds the same text byte for byte (a unit test
// keeps them equal): the files are what reviewers and the PostgreSQL port read.
#pragma once

#include <span>
#include <string_view>

namespace tsunagu::adapters::sqlite {

struct Migration {
  int version = 0;        // 1, 2, ...: applied in this order, each exactly once
  std::string_view name;  // the file is NNNN_<name>.sql
  std::string_view sql;   // one or more statements
};

// In version order, without gaps, starting at 1.
std::span<const Migration> EmbeddedMigrations();

}  // namespace tsunagu::adapters::sqlite
