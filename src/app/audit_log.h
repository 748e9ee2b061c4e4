// Reading the audit log (docs/api.md, "Audit log"): a search, newest first and paged, and an
// export of everything that matches. Both need core::Permission::kViewAudit (auditors and
// admins), and both are audited themselves ("audit.search", "audit.export") in the transaction
// that reads, so nobody reads the log without leaving a trace in it.
#pragma once

#include <vector>

#include "app/context.h"
#include "app/ports/store.h"
#include "core/result.h"
#include "core/staff.h"

namespace tsunagu::app {

class AuditLog {
 public:
  explicit AuditLog(AppContext& ctx);

  // One page: filter.limit records (default core::kAuditPageDefault, at most kAuditPageMax).
  // The search's own record is appended after the read, so it is not in its own page.
  core::Result<std::vector<ChainedAuditRecord>> Search(const core::Staff& staff,
                                                       AuditFilter filter);
  // Every match, newest first, at most core::kAuditExportRowsMax (kLimitExceeded beyond: narrow
  // the filter). filter.limit and before_id are ignored.
  core::Result<std::vector<ChainedAuditRecord>> Export(const core::Staff& staff,
                                                       AuditFilter filter);

 private:
  AppContext& ctx_;
};

// The filter as the audit record of a search or an export describes it, e.g.
// "action=login actor=3 from=1700000000000" ("" when nothing is filtered).
std::string DescribeAuditFilter(const AuditFilter& filter);

}  // namespace tsunagu::app
