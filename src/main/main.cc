// tsunagu: the command line. Subcommands: serve, demo, migrate, staff add, store copy,
// keys generate, keys rotate, audit verify, version.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include "core/limits.h"
#include "main/runtime.h"
#include "main/store_copy.h"
#include "platform/config.h"
#include "platform/log.h"

namespace {

using tsunagu::platform::Config;

// Loads the config, printing every error; nullopt when invalid.
std::optional<Config> Load(const std::string& path) {
  auto loaded = tsunagu::platform::LoadConfig(path, tsunagu::platform::ProcessEnvironment());
  if (!loaded.ok()) {
    for (const auto& e : loaded.errors) {
      if (e.line > 0) {
        std::fprintf(stderr, "%s:%d: %s\n", e.file.c_str(), e.line, e.message.c_str());
      } else {
        std::fprintf(stderr, "%s: %s\n", e.file.c_str(), e.message.c_str());
      }
    }
    return std::nullopt;
  }
  tsunagu::platform::InitLogging(loaded.config.log.level);
  return loaded.config;
}

std::string ReadPasswordFromStdin() {
  std::string password;
  if (!isatty(STDIN_FILENO)) std::getline(std::cin, password);
  return password;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"tsunagu: LINE counseling platform / LINE相談プラットフォーム"};
  cli.require_subcommand(1);
  std::string config_path = "tsunagu.toml";

  auto* serve = cli.add_subcommand("serve", "サーバーを起動します / run the server");
  serve->add_option("--config", config_path, "設定ファイル / config file (TOML)")->required();

  std::string demo_config = "config/demo.toml";
  auto* demo = cli.add_subcommand(
      "demo", "デモデータを入れて起動します / seed demo staff and run the server");
  demo->add_option("--config", demo_config, "設定ファイル / config file")->capture_default_str();

  auto* migrate = cli.add_subcommand("migrate", "データベースを更新します / apply migrations");
  migrate->add_option("--config", config_path, "設定ファイル / config file")->required();

  auto* staff = cli.add_subcommand("staff", "職員の管理 / manage staff");
  staff->require_subcommand(1);
  auto* staff_add = staff->add_subcommand(
      "add",
      "職員を追加します。パスワードは標準入力から、なければ生成して一度だけ表示します / "
      "add staff; the password comes from stdin, or is generated and printed once");
  std::string login, name, role;
  staff_add->add_option("--config", config_path, "設定ファイル / config file")->required();
  staff_add->add_option("--login", login, "ログインID / login")->required();
  staff_add->add_option("--name", name, "表示名（LINEに表示） / display name")->required();
  staff_add->add_option("--role", role, "counselor | supervisor | admin | auditor")->required();

  auto* store = cli.add_subcommand("store", "データベースの移行 / move the database");
  store->require_subcommand(1);
  auto* store_copy = store->add_subcommand(
      "copy",
      "SQLite の全データを空の PostgreSQL へコピーして件数を検証します / copy everything from "
      "SQLite into an empty PostgreSQL database and verify the row counts");
  std::string copy_from, copy_to;
  store_copy->add_option("--from", copy_from, "sqlite:PATH")->required();
  store_copy->add_option("--to", copy_to, "postgres:URL")->required();

  auto* keys =
      cli.add_subcommand("keys", "保存データの暗号化の鍵 / data keys (encryption at rest)");
  keys->require_subcommand(1);
  auto* keys_generate = keys->add_subcommand(
      "generate",
      "新しい鍵（32 バイトの base64）を表示します / print a new key (base64 of 32 bytes)");
  std::size_t rotate_batch = tsunagu::core::kRotateBatchDefault;
  auto* keys_rotate = keys->add_subcommand(
      "rotate",
      "最初の鍵で暗号化されていない値をすべて暗号化し直します（止めても再実行で続きから） / seal "
      "every value not under the first key again (stop and run again to resume)");
  keys_rotate->add_option("--config", config_path, "設定ファイル / config file")->required();
  keys_rotate
      ->add_option("--batch", rotate_batch, "1 トランザクションあたりの行数 / rows per transaction")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, tsunagu::core::kStoredValuesPageMax));

  auto* audit = cli.add_subcommand("audit", "監査ログ / the audit log");
  audit->require_subcommand(1);
  std::size_t verify_batch = tsunagu::core::kAuditVerifyBatchDefault;
  auto* audit_verify = audit->add_subcommand(
      "verify",
      "監査ログのハッシュチェーンを先頭から検証します。改ざんがあれば終了コード 1 / walk the "
      "audit log's hash chain from the start; exit 1 at the first record that does not belong");
  audit_verify->add_option("--config", config_path, "設定ファイル / config file")->required();
  audit_verify->add_option("--batch", verify_batch, "1 回に読む件数 / records per read")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, tsunagu::core::kAuditPageMax));

  auto* version = cli.add_subcommand("version", "バージョン / print the version");

  CLI11_PARSE(cli, argc, argv);

  if (version->parsed()) {
    std::printf("tsunagu %s\n", TSUNAGU_VERSION);
    return 0;
  }
  if (store_copy->parsed()) return tsunagu::main::RunStoreCopy(copy_from, copy_to);
  if (keys_generate->parsed()) return tsunagu::main::RunKeysGenerate();
  const std::string& path = demo->parsed() ? demo_config : config_path;
  auto config = Load(path);
  if (!config) return 2;
  if (serve->parsed()) return tsunagu::main::RunServe(*config, false);
  if (demo->parsed()) return tsunagu::main::RunServe(*config, true);
  if (migrate->parsed()) return tsunagu::main::RunMigrate(*config);
  if (keys_rotate->parsed()) return tsunagu::main::RunKeysRotate(*config, rotate_batch);
  if (audit_verify->parsed()) return tsunagu::main::RunAuditVerify(*config, verify_batch);
  if (staff_add->parsed()) {
    return tsunagu::main::RunStaffAdd(*config, login, name, role, ReadPasswordFromStdin());
  }
  return 2;
}
