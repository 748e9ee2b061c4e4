// The audit export's CSV (docs/api.md, GET /api/v1/audit/export): UTF-8 with a BOM, a header
// row, CRLF line ends and RFC 4180 quoting.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/ports/store.h"

namespace tsunagu::adapters::http {

// One field: quoted when it holds a quote, a comma or a line break, quotes doubled; a value a
// spreadsheet would run as a formula (first character = + - @, tab or CR) gets a leading '.
std::string CsvField(std::string_view value);

// The whole file, records in the order given.
std::string AuditCsv(const std::vector<app::ChainedAuditRecord>& records);

}  // namespace tsunagu::adapters::http
