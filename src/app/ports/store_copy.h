// Whole-table reading and writing, for `tsunagu store copy` (moving a deployment from SQLite to
// PostgreSQL). Rows travel as plain values, table by table, in an order that satisfies the
// foreign keys; the target keeps the ids, then moves its id sequences past them.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace tsunagu::app {

// NULL, INTEGER (booleans are 0/1) or TEXT: all that the schema uses.
using CopyValue = std::variant<std::monostate, std::int64_t, std::string>;

struct CopyBatch {
  std::string table;
  std::vector<std::string> columns;
  std::vector<std::vector<CopyValue>> rows;
};

// Every table that holds data, parents before children. Both schemas have exactly these tables
// with the same column names (a contract test checks the copy end to end).
inline constexpr std::array<std::string_view, 24> kCopyTables = {
    "programs",        "staff",
    "clients",         "channel_identities",
    "conversations",   "conversation_participants",
    "messages",        "inbound_events",
    "outbox",          "sessions",
    "audit_log",       "stream_records",
    "timers",          "risk_alerts",
    "emergency_steps", "debrief_flags",
    "consents",        "scenario_versions",
    "wrap_ups",        "wrap_up_topics",
    "templates",       "staff_presence",
    "survey_answers",  "audit_chain_head"};

// Table names reach SQL as identifiers, so both stores accept only these.
constexpr bool IsCopyTable(std::string_view table) {
  for (std::string_view t : kCopyTables) {
    if (t == table) return true;
  }
  return false;
}

class CopySource {
 public:
  virtual ~CopySource() = default;
  // Reads one table in id order, in batches of up to batch_rows, from one consistent snapshot
  // taken by BeginSnapshot (so a running deployment can be copied).
  virtual core::Status BeginSnapshot() = 0;
  virtual core::Status ReadTable(std::string_view table, std::size_t batch_rows,
                                 const std::function<core::Status(const CopyBatch&)>& fn) = 0;
  virtual core::Result<std::int64_t> CountRows(std::string_view table) = 0;
  virtual core::Status EndSnapshot() = 0;
};

class CopyTarget {
 public:
  virtual ~CopyTarget() = default;
  // Fails unless every table in kCopyTables is empty: a copy never merges into live data.
  virtual core::Status CheckEmpty() = 0;
  virtual core::Status WriteBatch(const CopyBatch& batch) = 0;
  // Moves each table's id sequence past the highest copied id.
  virtual core::Status Finish() = 0;
  virtual core::Result<std::int64_t> CountRows(std::string_view table) = 0;
};

}  // namespace tsunagu::app
