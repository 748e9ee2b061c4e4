#include "app/audit_log.h"

#include <algorithm>
#include <string>

#include "core/limits.h"
#include "core/permissions.h"

namespace tsunagu::app {
namespace {

core::Status CheckAllowed(const core::Staff& staff) {
  if (!staff.active || !core::RoleHas(staff.role, core::Permission::kViewAudit)) {
    return core::Fail(core::ErrorCode::kPermissionDenied,
                      "監査ログを見る権限がありません / you may not view the audit log");
  }
  return core::Ok();
}

core::Status CheckFilter(const AuditFilter& f) {
  for (const std::string* text : {&f.action, &f.target_type, &f.target_id}) {
    if (text->size() > core::kAuditFilterBytesMax) {
      return core::Fail(core::ErrorCode::kInvalidArgument,
                        "検索条件が長すぎます / a filter value is too long");
    }
  }
  if (f.from_ms && f.to_ms && *f.to_ms <= *f.from_ms) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "to は from より後にしてください / to must be after from");
  }
  return core::Ok();
}

AuditRecord ReadRecord(const core::Staff& staff, core::TimeMs now_ms, const char* action,
                       const AuditFilter& filter, std::size_t rows) {
  AuditRecord r;
  r.at_ms = now_ms;
  r.actor_staff_id = staff.id;
  r.action = action;
  r.target_type = "audit_log";
  r.target_id = "";
  r.detail = DescribeAuditFilter(filter);
  if (!r.detail.empty()) r.detail += ' ';
  r.detail += "rows=" + std::to_string(rows);
  return r;
}

}  // namespace

std::string DescribeAuditFilter(const AuditFilter& f) {
  std::string out;
  auto add = [&](std::string_view key, const std::string& value) {
    if (!out.empty()) out += ' ';
    out += key;
    out += '=';
    out += value;
  };
  if (!f.action.empty()) add("action", f.action);
  if (f.actor_staff_id) add("actor", std::to_string(*f.actor_staff_id));
  if (!f.target_type.empty()) add("target_type", f.target_type);
  if (!f.target_id.empty()) add("target_id", f.target_id);
  if (f.from_ms) add("from", std::to_string(*f.from_ms));
  if (f.to_ms) add("to", std::to_string(*f.to_ms));
  if (f.before_id) add("before_id", std::to_string(*f.before_id));
  return out;
}

AuditLog::AuditLog(AppContext& ctx) : ctx_(ctx) {}

core::Result<std::vector<ChainedAuditRecord>> AuditLog::Search(const core::Staff& staff,
                                                               AuditFilter filter) {
  if (auto s = CheckAllowed(staff); !s) return std::unexpected(s.error());
  if (auto s = CheckFilter(filter); !s) return std::unexpected(s.error());
  filter.limit = std::clamp<std::size_t>(filter.limit, 1, core::kAuditPageMax);
  return TransactFor<std::vector<ChainedAuditRecord>>(
      ctx_.store, [&](StoreTx& tx) -> core::Result<std::vector<ChainedAuditRecord>> {
        auto page = tx.SearchAudit(filter);
        if (!page) return page;
        auto logged = tx.AppendAudit(
            ReadRecord(staff, ctx_.clock.NowMs(), "audit.search", filter, page->size()));
        if (!logged) return std::unexpected(logged.error());
        return page;
      });
}

core::Result<std::vector<ChainedAuditRecord>> AuditLog::Export(const core::Staff& staff,
                                                               AuditFilter filter) {
  if (auto s = CheckAllowed(staff); !s) return std::unexpected(s.error());
  if (auto s = CheckFilter(filter); !s) return std::unexpected(s.error());
  filter.before_id.reset();
  const AuditFilter described = filter;
  return TransactFor<std::vector<ChainedAuditRecord>>(
      ctx_.store, [&](StoreTx& tx) -> core::Result<std::vector<ChainedAuditRecord>> {
        std::vector<ChainedAuditRecord> all;
        AuditFilter page_filter = filter;
        page_filter.limit = core::kAuditPageMax;
        for (;;) {
          auto page = tx.SearchAudit(page_filter);
          if (!page) return std::unexpected(page.error());
          for (ChainedAuditRecord& c : *page) all.push_back(std::move(c));
          if (all.size() > core::kAuditExportRowsMax) {
            return core::Fail(core::ErrorCode::kLimitExceeded,
                              "書き出せるのは " + std::to_string(core::kAuditExportRowsMax) +
                                  " 件までです。条件を絞ってください / at most " +
                                  std::to_string(core::kAuditExportRowsMax) +
                                  " records per export; narrow the filter");
          }
          if (page->size() < page_filter.limit) break;
          page_filter.before_id = all.back().record.id;
        }
        auto logged = tx.AppendAudit(
            ReadRecord(staff, ctx_.clock.NowMs(), "audit.export", described, all.size()));
        if (!logged) return std::unexpected(logged.error());
        return all;
      });
}

}  // namespace tsunagu::app
