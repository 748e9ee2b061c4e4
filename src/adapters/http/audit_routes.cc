// The audit log's routes (api/openapi.yaml, tag audit): the search as JSON and the export as CSV.
#include <boost/json.hpp>

#include "adapters/http/api_routes.h"
#include "adapters/http/audit_csv.h"
#include "adapters/http/json_views.h"
#include "adapters/http/route_helpers.h"
#include "core/calendar/date.h"
#include "core/limits.h"

namespace tsunagu::adapters::http {
namespace json = boost::json;
namespace {

// The query's filters; nullopt with a 400 in *error when one is malformed.
std::optional<app::AuditFilter> ParseAuditFilter(const Request& req, bool paged, Response* error) {
  app::AuditFilter f;
  auto text = [&](const char* key) {
    auto it = req.query.find(key);
    return it == req.query.end() ? std::string() : it->second;
  };
  f.action = text("action");
  f.target_type = text("target_type");
  f.target_id = text("target_id");
  for (const char* key : {"action", "target_type", "target_id"}) {
    if (text(key).size() > core::kAuditFilterBytesMax) {
      *error = Error(400, "invalid_argument",
                     std::string(key) + " が長すぎます / " + key + " is too long");
      return std::nullopt;
    }
  }
  if (auto actor = req.query.find("actor"); actor != req.query.end() && !actor->second.empty()) {
    f.actor_staff_id = ParseId(actor->second);
    if (!f.actor_staff_id) {
      *error = Error(400, "invalid_argument", "actor は職員 ID です / actor must be a staff id");
      return std::nullopt;
    }
  }
  for (const char* key : {"from", "to"}) {
    auto it = req.query.find(key);
    if (it == req.query.end() || it->second.empty()) continue;
    std::optional<core::TimeMs> t = core::calendar::ParseIsoMoment(it->second);
    if (!t) {
      *error =
          Error(400, "invalid_argument",
                std::string(key) + " は ISO 8601 の時刻です（例 2018-12-04T17:00:00+09:00） / " +
                    key + " must be an ISO 8601 moment such as 2018-12-04T17:00:00+09:00");
      return std::nullopt;
    }
    (std::string_view(key) == "from" ? f.from_ms : f.to_ms) = t;
  }
  if (paged) {
    auto limit = QueryInt(req.query, "limit", static_cast<std::int64_t>(core::kAuditPageDefault), 1,
                          static_cast<std::int64_t>(core::kAuditPageMax), error);
    if (!limit) return std::nullopt;
    f.limit = static_cast<std::size_t>(*limit);
    if (auto before = req.query.find("before_id");
        before != req.query.end() && !before->second.empty()) {
      f.before_id = ParseId(before->second);
      if (!f.before_id) {
        *error = Error(400, "invalid_argument",
                       "before_id は記録の ID です / before_id must be a record id");
        return std::nullopt;
      }
    }
  }
  return f;
}

json::object RecordJson(const app::ChainedAuditRecord& c) {
  const app::AuditRecord& r = c.record;
  return json::object{
      {"id", r.id},
      {"at", FormatIsoUtc(r.at_ms)},
      {"actor_staff_id", r.actor_staff_id ? json::value(*r.actor_staff_id) : json::value(nullptr)},
      {"action", r.action},
      {"target_type", r.target_type},
      {"target_id", r.target_id},
      {"detail", r.detail},
      {"prev_hash", c.prev_hash},
      {"hash", c.hash}};
}

}  // namespace

// Login names (of failed logins) and details come from outside: hence the formula guard. The
// hash stays the one over the stored value, without the guard.
std::string CsvField(std::string_view value) {
  std::string v;
  if (!value.empty() &&
      std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos) {
    v += '\'';
  }
  v += value;
  if (v.find_first_of("\",\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char ch : v) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
  return out;
}

std::string AuditCsv(const std::vector<app::ChainedAuditRecord>& records) {
  std::string out = "\xEF\xBB\xBF";  // the BOM: spreadsheets then read the file as UTF-8
  out += "id,at,actor_staff_id,action,target_type,target_id,detail,prev_hash,hash\r\n";
  for (const app::ChainedAuditRecord& c : records) {
    const app::AuditRecord& r = c.record;
    out += std::to_string(r.id);
    out += ',' + CsvField(FormatIsoUtc(r.at_ms));
    out += ',' + (r.actor_staff_id ? std::to_string(*r.actor_staff_id) : std::string());
    out += ',' + CsvField(r.action);
    out += ',' + CsvField(r.target_type);
    out += ',' + CsvField(r.target_id);
    out += ',' + CsvField(r.detail);
    out += ',' + c.prev_hash;
    out += ',' + c.hash;
    out += "\r\n";
  }
  return out;
}

std::optional<Response> ApiRoutes::Audit(const Request& req, const core::Staff& staff) {
  const std::string& p = req.path;
  const bool search = p == "/api/v1/audit";
  const bool exporting = p == "/api/v1/audit/export";
  if (!search && !exporting) return std::nullopt;
  if (req.method != "GET") return NotFound();
  if (deps_.audit == nullptr) return NotFound();
  Response error;
  auto filter = ParseAuditFilter(req, search, &error);
  if (!filter) return error;
  if (search) {
    auto page = deps_.audit->Search(staff, *filter);
    if (!page) return ErrorOf(page.error());
    json::array items;
    for (const app::ChainedAuditRecord& c : *page) items.push_back(RecordJson(c));
    const bool more = page->size() == filter->limit && !page->empty();
    return Json(200, json::object{{"records", std::move(items)},
                                  {"next_before_id", more ? json::value(page->back().record.id)
                                                          : json::value(nullptr)}});
  }
  auto all = deps_.audit->Export(staff, *filter);
  if (!all) return ErrorOf(all.error());
  std::string stamp = FormatIsoUtc(deps_.now ? deps_.now() : 0);
  std::erase_if(stamp, [](char ch) { return ch == ':' || ch == '-'; });
  return Response{200,
                  "text/csv; charset=utf-8",
                  {{"Content-Disposition",
                    "attachment; filename=\"tsunagu-audit-" + stamp.substr(0, 15) + "Z.csv\""}},
                  AuditCsv(*all)};
}

}  // namespace tsunagu::adapters::http
