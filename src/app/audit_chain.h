// The audit log's hash chain seen from the app: the fields a stored record is hashed over, and
// `tsunagu audit verify`, which walks the whole chain and names the first record that does not
// belong to it (core/audit_chain.h says how a record is hashed and judged).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "app/ports/secrets.h"
#include "app/ports/store.h"
#include "core/audit_chain.h"
#include "core/result.h"

namespace tsunagu::app {

// The fields of record r stored under id (the store hands out ids; r.id is ignored). The views
// point into r.
core::AuditFields AuditFieldsOf(std::int64_t id, const AuditRecord& r);

struct AuditVerification {
  std::int64_t checked = 0;  // records walked
  std::int64_t last_id = 0;  // the last intact record (0: none)
  std::string last_hash;     // its hash: note it down to prove later that nothing was rewritten
  core::AuditBreak problem = core::AuditBreak::kNone;
  std::int64_t bad_id = 0;  // the first record that does not belong, when problem is set
  std::string explanation;  // what was expected, in words (ids and hashes only)
};

// Walks the chain in batches of `batch` records (each read in its own transaction, so a running
// deployment keeps appending), recomputing every hash with secrets.Sha256Hex. progress(checked)
// is called after each batch. Records appended while it runs are checked too.
core::Result<AuditVerification> VerifyAuditChain(
    Store& store, Secrets& secrets, std::size_t batch,
    const std::function<void(std::int64_t checked)>& progress);

}  // namespace tsunagu::app
