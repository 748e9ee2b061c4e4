#include "app/staff_auth.h"

#include "core/limits.h"
#include "core/utf8.h"

namespace tsunagu::app {
namespace {

core::Error WrongCredentials() {
  return {core::ErrorCode::kUnauthenticated,
          "ログインIDまたはパスワードが違います / wrong login or password"};
}

bool ValidLogin(const std::string& login) {
  if (login.empty() || login.size() > core::kLoginCharsMax) return false;
  for (char c : login) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

StaffAuth::StaffAuth(AppContext& ctx, AuthSettings settings)
    : ctx_(ctx),
      settings_(settings),
      throttle_(settings.login_failures_max, settings.login_failure_window_ms),
      dummy_hash_(ctx.secrets.HashPassword(ctx.secrets.RandomToken(16))) {}

core::Result<LoginResult> StaffAuth::Login(const std::string& login, const std::string& password,
                                           const std::string& remote_address) {
  const core::TimeMs now = ctx_.clock.NowMs();
  const std::string login_key = "login:" + login;
  const std::string address_key = "addr:" + remote_address;
  if (!throttle_.Allowed(login_key, now) || !throttle_.Allowed(address_key, now)) {
    return core::Fail(core::ErrorCode::kLimitExceeded,
                      "ログインの失敗が続いたため、しばらく待ってからお試しください / too many "
                      "failed logins; try again later");
  }
  if (login.size() > core::kLoginCharsMax || password.size() > core::kPasswordBytesMax) {
    return std::unexpected(WrongCredentials());
  }
  auto staff = TransactFor<std::optional<core::Staff>>(
      ctx_.store, [&](StoreTx& tx) { return tx.FindStaffByLogin(login); });
  if (!staff) return std::unexpected(staff.error());
  const bool known = staff->has_value() && (*staff)->active;
  const bool verified =
      ctx_.secrets.VerifyPassword(known ? (*staff)->password_hash : dummy_hash_, password);
  if (!known || !verified) {
    throttle_.RecordFailure(login_key, now);
    throttle_.RecordFailure(address_key, now);
    (void)ctx_.store.Transact([&](StoreTx& tx) {
      AuditRecord r{0, now, std::nullopt, "login_failed", "staff", login, ""};
      if (staff->has_value()) r.actor_staff_id = (*staff)->id;
      return tx.AppendAudit(r);
    });
    return std::unexpected(WrongCredentials());
  }
  throttle_.Reset(login_key);
  LoginResult result{**staff, ctx_.secrets.RandomToken(32), ctx_.secrets.RandomToken(24)};
  Session session{ctx_.secrets.Sha256Hex(result.session_token), result.staff.id, result.csrf_token,
                  now, now + settings_.session_ttl_ms};
  core::Status s = ctx_.store.Transact([&](StoreTx& tx) -> core::Status {
    if (auto i = tx.InsertSession(session); !i) return i;
    return tx.AppendAudit(
        {0, now, result.staff.id, "login", "staff", std::to_string(result.staff.id), ""});
  });
  if (!s) return std::unexpected(s.error());
  return result;
}

core::Result<Authenticated> StaffAuth::Authenticate(const std::string& session_token) {
  if (session_token.empty() || session_token.size() > 256) {
    return core::Fail(core::ErrorCode::kUnauthenticated, "ログインしてください / please log in");
  }
  const std::string hash = ctx_.secrets.Sha256Hex(session_token);
  const core::TimeMs now = ctx_.clock.NowMs();
  bool expired = false;
  auto who =
      TransactFor<Authenticated>(ctx_.store, [&](StoreTx& tx) -> core::Result<Authenticated> {
        auto session = tx.FindSession(hash);
        if (!session) return std::unexpected(session.error());
        expired = *session && (*session)->expires_at_ms <= now;
        if (!*session || expired) {
          return core::Fail(core::ErrorCode::kUnauthenticated,
                            "ログインしてください / please log in");
        }
        auto staff = tx.GetStaff((*session)->staff_id);
        if (!staff) return std::unexpected(staff.error());
        if (!*staff || !(*staff)->active) {
          return core::Fail(core::ErrorCode::kUnauthenticated,
                            "ログインしてください / please log in");
        }
        return Authenticated{**staff, (*session)->csrf_token};
      });
  // In its own transaction: the failed one above rolls back everything it did.
  if (expired) (void)ctx_.store.Transact([&](StoreTx& tx) { return tx.DeleteSession(hash); });
  return who;
}

core::Status StaffAuth::Logout(const std::string& session_token) {
  const std::string hash = ctx_.secrets.Sha256Hex(session_token);
  return ctx_.store.Transact([&](StoreTx& tx) { return tx.DeleteSession(hash); });
}

core::Result<StaffAuth::Added> StaffAuth::AddStaff(const std::string& login,
                                                   const std::string& display_name, core::Role role,
                                                   const std::string& password) {
  if (!ValidLogin(login)) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "ログインIDは英小文字・数字・. _ - の64文字以内です / login: up to 64 of "
                      "a-z 0-9 . _ -");
  }
  auto name_length = core::Utf8Length(display_name);
  if (!name_length || *name_length == 0 || core::IsBlank(display_name) ||
      *name_length > core::kDisplayNameCharsMax) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "表示名は1〜64文字です / display name: 1 to 64 characters");
  }
  Added added;
  std::string effective = password;
  if (effective.empty()) {
    added.generated_password = ctx_.secrets.RandomToken(12);
    effective = added.generated_password;
  }
  const auto password_chars = core::Utf8Length(effective);
  if (!password_chars || *password_chars < core::kPasswordCharsMin ||
      effective.size() > core::kPasswordBytesMax) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "パスワードは10文字以上にしてください / password: at least 10 characters");
  }
  added.staff.login = login;
  added.staff.display_name = display_name;
  added.staff.role = role;
  added.staff.password_hash = ctx_.secrets.HashPassword(effective);
  if (added.staff.password_hash.empty()) {
    return core::Fail(
        core::ErrorCode::kUnavailable,
        "パスワードを保存できません（メモリ不足） / cannot hash the password (memory)");
  }
  added.staff.created_at_ms = ctx_.clock.NowMs();
  auto id = TransactFor<core::StaffId>(ctx_.store, [&](StoreTx& tx) -> core::Result<core::StaffId> {
    auto inserted = tx.InsertStaff(added.staff);
    if (!inserted) return inserted;
    if (auto s = tx.AppendAudit({0, added.staff.created_at_ms, std::nullopt, "staff.add", "staff",
                                 std::to_string(*inserted), core::RoleName(role)});
        !s) {
      return std::unexpected(s.error());
    }
    return inserted;
  });
  if (!id) return std::unexpected(id.error());
  added.staff.id = *id;
  return added;
}

}  // namespace tsunagu::app
