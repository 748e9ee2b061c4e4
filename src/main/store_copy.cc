#include "main/store_copy.h"

#include <cstdio>
#include <string_view>

#include "adapters/storage/postgres/postgres_store.h"
#include "adapters/storage/sqlite/sqlite_copy_source.h"
#include "app/copy_store.h"

namespace tsunagu::main {
namespace {

constexpr std::size_t kCopyBatchRows = 1000;

// "scheme:rest" -> rest, when the scheme matches.
bool StripScheme(const std::string& value, std::string_view scheme, std::string& rest) {
  if (value.size() <= scheme.size() + 1 || value.compare(0, scheme.size(), scheme) != 0 ||
      value[scheme.size()] != ':') {
    return false;
  }
  rest = value.substr(scheme.size() + 1);
  return true;
}

int Fail(const core::Error& e) {
  std::fprintf(stderr, "tsunagu: %s: %s\n", core::ErrorCodeName(e.code), e.message.c_str());
  return 1;
}

}  // namespace

int RunStoreCopy(const std::string& from, const std::string& to) {
  std::string path, url;
  if (!StripScheme(from, "sqlite", path)) {
    std::fprintf(stderr,
                 "tsunagu: --from は sqlite:PATH の形で指定してください / "
                 "--from must be sqlite:PATH\n");
    return 2;
  }
  // "postgres:postgresql://..." and "postgres:host=... dbname=..." are both accepted.
  if (!StripScheme(to, "postgres", url)) {
    std::fprintf(stderr,
                 "tsunagu: --to は postgres:URL の形で指定してください / "
                 "--to must be postgres:URL\n");
    return 2;
  }
  auto source = adapters::sqlite::SqliteCopySource::Open(path);
  if (!source) return Fail(source.error());
  auto target = adapters::postgres::PostgresStore::Open(url, 1);
  if (!target) return Fail(target.error());
  if (auto m = (*target)->Migrate(); !m) return Fail(m.error());

  std::string current;
  auto progress = [&](const std::string& table, std::int64_t written, std::int64_t total) {
    if (table != current) {
      if (!current.empty()) std::fprintf(stderr, "\n");
      current = table;
    }
    std::fprintf(stderr, "\r  %-26s %10lld / %lld", table.c_str(), static_cast<long long>(written),
                 static_cast<long long>(total));
  };
  std::fprintf(stderr, "コピー中 / copying %s -> postgres\n", path.c_str());
  auto tables = app::CopyStore(**source, **target, kCopyBatchRows, progress);
  if (!current.empty()) std::fprintf(stderr, "\n");
  if (!tables) return Fail(tables.error());

  bool all_verified = true;
  std::printf("%-26s %10s %10s %10s  %s\n", "table", "source", "copied", "target", "check");
  for (const app::TableCopied& t : *tables) {
    std::printf("%-26s %10lld %10lld %10lld  %s\n", t.table.c_str(),
                static_cast<long long>(t.source_rows), static_cast<long long>(t.copied_rows),
                static_cast<long long>(t.target_rows), t.verified() ? "ok" : "MISMATCH");
    all_verified = all_verified && t.verified();
  }
  if (!all_verified) {
    std::fprintf(stderr, "tsunagu: 行数が一致しません / row counts differ\n");
    return 1;
  }
  std::printf("検証済み / verified: every table has the same row count\n");
  return 0;
}

}  // namespace tsunagu::main
