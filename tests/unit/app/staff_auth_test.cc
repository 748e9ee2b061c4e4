#include "app/staff_auth.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/limits.h"
#include "unit/support/app_env.h"
#include "unit/support/fakes.h"

namespace tsunagu::app {
namespace {

using core::ErrorCode;
using testing::Read;
using testing::TestEnv;

constexpr char kPassword[] = "correct horse battery";
constexpr char kAddress[] = "192.0.2.10";

template <typename T>
ErrorCode CodeOf(const core::Result<T>& r) {
  EXPECT_FALSE(r.has_value()) << "expected an error";
  return r ? ErrorCode::kInternal : r.error().code;
}

AuthSettings Settings() {
  AuthSettings s;
  s.session_ttl_ms = core::kSessionTtlMsDefault;
  s.login_failures_max = core::kLoginFailuresMax;
  s.login_failure_window_ms = core::kLoginFailureWindowMs;
  return s;
}

class StaffAuthTest : public ::testing::Test {
 protected:
  StaffAuthTest() : auth_(env_.ctx, Settings()) {}

  core::Staff Add(const std::string& login, core::Role role = core::Role::kCounselor) {
    auto added = auth_.AddStaff(login, "田中 一郎", role, kPassword);
    EXPECT_TRUE(added.has_value()) << login;
    return added ? added->staff : core::Staff{};
  }

  std::optional<Session> SessionOf(const std::string& token) {
    const std::string hash = env_.secrets.Sha256Hex(token);
    return Read<std::optional<Session>>(env_.store,
                                        [&](StoreTx& tx) { return tx.FindSession(hash); });
  }

  std::vector<AuditRecord> AuditWith(const std::string& action) {
    std::vector<AuditRecord> out;
    for (const AuditRecord& r : env_.Audit()) {
      if (r.action == action) out.push_back(r);
    }
    return out;
  }

  TestEnv env_;
  StaffAuth auth_;
};

TEST_F(StaffAuthTest, AddStaffChecksTheLogin) {
  const std::string too_long(core::kLoginCharsMax + 1, 'a');
  for (const std::string& bad :
       {std::string(""), std::string("Tanaka"), std::string("ta naka"), std::string("tanaka@x"),
        std::string("田中"), std::string("tanaka\n"), too_long}) {
    EXPECT_EQ(CodeOf(auth_.AddStaff(bad, "田中", core::Role::kCounselor, kPassword)),
              ErrorCode::kInvalidArgument)
        << "'" << bad << "'";
  }
  const std::string longest(core::kLoginCharsMax, 'a');
  EXPECT_TRUE(auth_.AddStaff(longest, "田中", core::Role::kCounselor, kPassword).has_value());
  EXPECT_TRUE(auth_.AddStaff("t.tanaka_2-x", "田中", core::Role::kCounselor, kPassword));
  auto all = Read<std::vector<core::Staff>>(env_.store, [](StoreTx& tx) { return tx.ListStaff(); });
  EXPECT_EQ(all.size(), 2u);
}

TEST_F(StaffAuthTest, AddStaffChecksTheDisplayName) {
  std::string longest;
  for (std::size_t i = 0; i < core::kDisplayNameCharsMax; ++i) longest += "あ";
  for (const std::string& bad : {std::string(""), std::string(" "), std::string("　"),
                                 std::string("\xFF"), longest + "あ"}) {
    EXPECT_EQ(CodeOf(auth_.AddStaff("tanaka", bad, core::Role::kCounselor, kPassword)),
              ErrorCode::kInvalidArgument)
        << "'" << bad << "'";
  }
  // The limit counts characters, not bytes (64 of them here are 192 bytes).
  auto added = auth_.AddStaff("tanaka", longest, core::Role::kCounselor, kPassword);
  ASSERT_TRUE(added.has_value());
  EXPECT_EQ(added->staff.display_name, longest);
}

TEST_F(StaffAuthTest, AddStaffRefusesAShortPassword) {
  const std::string nine(core::kPasswordCharsMin - 1, 'x');
  const std::string ten(core::kPasswordCharsMin, 'x');
  EXPECT_EQ(CodeOf(auth_.AddStaff("tanaka", "田中", core::Role::kCounselor, nine)),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(auth_.AddStaff("tanaka", "田中", core::Role::kCounselor,
                                  std::string(core::kPasswordBytesMax + 1, 'x'))),
            ErrorCode::kInvalidArgument);
  auto added = auth_.AddStaff("tanaka", "田中", core::Role::kCounselor, ten);
  ASSERT_TRUE(added.has_value());
  EXPECT_TRUE(added->generated_password.empty());
  EXPECT_TRUE(auth_.Login("tanaka", ten, kAddress).has_value());
}

// kPasswordCharsMin and the message say characters; five Japanese characters are 15 bytes.
TEST_F(StaffAuthTest, AShortPasswordIsCountedInCharactersNotBytes) {
  EXPECT_EQ(CodeOf(auth_.AddStaff("tanaka", "田中", core::Role::kCounselor, "あいうえお")),
            ErrorCode::kInvalidArgument);
}

TEST_F(StaffAuthTest, AnEmptyPasswordGeneratesOneThatWorks) {
  auto added = auth_.AddStaff("tanaka", "田中", core::Role::kSupervisor, "");
  ASSERT_TRUE(added.has_value());
  EXPECT_GE(added->generated_password.size(), core::kPasswordCharsMin);
  EXPECT_GT(added->staff.id, 0);
  EXPECT_EQ(added->staff.role, core::Role::kSupervisor);
  EXPECT_NE(added->staff.password_hash, added->generated_password);

  auto stored = Read<std::optional<core::Staff>>(
      env_.store, [](StoreTx& tx) { return tx.FindStaffByLogin("tanaka"); });
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->id, added->staff.id);
  EXPECT_EQ(stored->role, core::Role::kSupervisor);
  EXPECT_TRUE(stored->active);
  EXPECT_EQ(stored->password_hash.find(added->generated_password), std::string::npos);

  auto login = auth_.Login("tanaka", added->generated_password, kAddress);
  ASSERT_TRUE(login.has_value());
  EXPECT_EQ(login->staff.id, added->staff.id);

  auto audit = AuditWith("staff.add");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].target_id, std::to_string(added->staff.id));
  EXPECT_EQ(audit[0].detail, "supervisor");
}

TEST_F(StaffAuthTest, ADuplicateLoginConflicts) {
  Add("tanaka");
  EXPECT_EQ(CodeOf(auth_.AddStaff("tanaka", "別の田中", core::Role::kAdmin, kPassword)),
            ErrorCode::kConflict);
  auto all = Read<std::vector<core::Staff>>(env_.store, [](StoreTx& tx) { return tx.ListStaff(); });
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].display_name, "田中 一郎");
  EXPECT_EQ(AuditWith("staff.add").size(), 1u);
}

TEST_F(StaffAuthTest, LoginGivesTokensAndStoresOnlyTheTokenHash) {
  const core::Staff staff = Add("tanaka");
  auto login = auth_.Login("tanaka", kPassword, kAddress);
  ASSERT_TRUE(login.has_value());
  EXPECT_EQ(login->staff.id, staff.id);
  EXPECT_GE(login->session_token.size(), 32u);
  EXPECT_FALSE(login->csrf_token.empty());
  EXPECT_NE(login->session_token, login->csrf_token);

  auto session = SessionOf(login->session_token);
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->token_hash, env_.secrets.Sha256Hex(login->session_token));
  EXPECT_NE(session->token_hash, login->session_token);
  EXPECT_EQ(session->staff_id, staff.id);
  EXPECT_EQ(session->csrf_token, login->csrf_token);
  EXPECT_EQ(session->created_at_ms, env_.clock.NowMs());
  EXPECT_EQ(session->expires_at_ms, env_.clock.NowMs() + core::kSessionTtlMsDefault);
  // The raw token is not a key in the store.
  auto raw = Read<std::optional<Session>>(
      env_.store, [&](StoreTx& tx) { return tx.FindSession(login->session_token); });
  EXPECT_FALSE(raw.has_value());

  auto audit = AuditWith("login");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].actor_staff_id, std::optional<core::StaffId>(staff.id));
  EXPECT_EQ(audit[0].at_ms, env_.clock.NowMs());

  // Two logins are two sessions.
  auto again = auth_.Login("tanaka", kPassword, kAddress);
  ASSERT_TRUE(again.has_value());
  EXPECT_NE(again->session_token, login->session_token);
  EXPECT_TRUE(SessionOf(login->session_token).has_value());
  EXPECT_TRUE(SessionOf(again->session_token).has_value());
}

TEST_F(StaffAuthTest, AWrongPasswordAndAnUnknownLoginLookTheSame) {
  const core::Staff staff = Add("tanaka");
  auto wrong = auth_.Login("tanaka", "wrong password!", kAddress);
  auto unknown = auth_.Login("nobody", kPassword, kAddress);
  ASSERT_FALSE(wrong.has_value());
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(wrong.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(unknown.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(wrong.error().message, unknown.error().message);

  auto failed = AuditWith("login_failed");
  ASSERT_EQ(failed.size(), 2u);
  EXPECT_EQ(failed[0].target_id, "tanaka");
  EXPECT_EQ(failed[0].actor_staff_id, std::optional<core::StaffId>(staff.id));
  EXPECT_EQ(failed[1].target_id, "nobody");
  EXPECT_FALSE(failed[1].actor_staff_id.has_value());
  EXPECT_EQ(failed[1].detail.find(kPassword), std::string::npos);
  EXPECT_TRUE(AuditWith("login").empty());
}

TEST_F(StaffAuthTest, AnInactiveAccountCannotLogIn) {
  core::Staff gone;
  gone.login = "gone";
  gone.display_name = "退職者";
  gone.active = false;
  // A real hash of the right password, so that "inactive" is the only reason to refuse.
  gone.password_hash = env_.secrets.HashPassword(kPassword);
  ASSERT_TRUE(env_.secrets.VerifyPassword(gone.password_hash, kPassword));
  ASSERT_GT(Read<core::StaffId>(env_.store, [&](StoreTx& tx) { return tx.InsertStaff(gone); }), 0);

  auto refused = auth_.Login("gone", kPassword, kAddress);
  auto unknown = auth_.Login("nobody", kPassword, kAddress);
  ASSERT_FALSE(refused.has_value());
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(refused.error().message, unknown.error().message);
  EXPECT_TRUE(AuditWith("login").empty());
}

TEST_F(StaffAuthTest, LoginIsThrottledAfterTheMaximumNumberOfFailures) {
  Add("tanaka");
  for (int i = 0; i < core::kLoginFailuresMax; ++i) {
    EXPECT_EQ(CodeOf(auth_.Login("tanaka", "wrong password!", kAddress)),
              ErrorCode::kUnauthenticated)
        << "failure " << i + 1;
  }
  // Now even the right password is refused, without checking it...
  EXPECT_EQ(CodeOf(auth_.Login("tanaka", kPassword, kAddress)), ErrorCode::kLimitExceeded);
  // ...from another address too, because the login itself is throttled.
  EXPECT_EQ(CodeOf(auth_.Login("tanaka", kPassword, "198.51.100.7")), ErrorCode::kLimitExceeded);
  EXPECT_EQ(AuditWith("login_failed").size(), static_cast<std::size_t>(core::kLoginFailuresMax));
  EXPECT_TRUE(AuditWith("login").empty());

  // After the window it works again.
  env_.clock.Advance(core::kLoginFailureWindowMs);
  EXPECT_TRUE(auth_.Login("tanaka", kPassword, kAddress).has_value());
}

TEST_F(StaffAuthTest, OneFailureFewerThanTheMaximumStillLetsTheRightPasswordIn) {
  Add("tanaka");
  for (int i = 0; i < core::kLoginFailuresMax - 1; ++i) {
    EXPECT_FALSE(auth_.Login("tanaka", "wrong password!", kAddress).has_value());
  }
  EXPECT_TRUE(auth_.Login("tanaka", kPassword, kAddress).has_value());
  // The success resets the login's count.
  for (int i = 0; i < core::kLoginFailuresMax - 1; ++i) {
    EXPECT_FALSE(auth_.Login("tanaka", "wrong password!", "198.51.100.7").has_value());
  }
  EXPECT_TRUE(auth_.Login("tanaka", kPassword, "198.51.100.7").has_value());
}

TEST_F(StaffAuthTest, AnAddressThatGuessesManyLoginsIsThrottled) {
  Add("tanaka");
  for (int i = 0; i < core::kLoginFailuresMax; ++i) {
    EXPECT_FALSE(auth_.Login("guess" + std::to_string(i), kPassword, kAddress).has_value());
  }
  EXPECT_EQ(CodeOf(auth_.Login("tanaka", kPassword, kAddress)), ErrorCode::kLimitExceeded);
  EXPECT_TRUE(auth_.Login("tanaka", kPassword, "198.51.100.7").has_value());
}

TEST_F(StaffAuthTest, AuthenticateAcceptsALiveSessionUntilItsTtl) {
  const core::Staff staff = Add("tanaka");
  auto login = auth_.Login("tanaka", kPassword, kAddress);
  ASSERT_TRUE(login.has_value());

  auto ok = auth_.Authenticate(login->session_token);
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->staff.id, staff.id);
  EXPECT_EQ(ok->staff.login, "tanaka");
  EXPECT_EQ(ok->csrf_token, login->csrf_token);

  env_.clock.Advance(core::kSessionTtlMsDefault - 1);
  EXPECT_TRUE(auth_.Authenticate(login->session_token).has_value());
  env_.clock.Advance(1);
  EXPECT_EQ(CodeOf(auth_.Authenticate(login->session_token)), ErrorCode::kUnauthenticated);
}

// The delete must not share the failing transaction: Store::Transact would roll it back and
// expired sessions would never be removed.
TEST_F(StaffAuthTest, AnExpiredSessionIsDeletedWhenSeen) {
  Add("tanaka");
  auto login = auth_.Login("tanaka", kPassword, kAddress);
  ASSERT_TRUE(login.has_value());
  env_.clock.Advance(core::kSessionTtlMsDefault);
  EXPECT_EQ(CodeOf(auth_.Authenticate(login->session_token)), ErrorCode::kUnauthenticated);
  EXPECT_FALSE(SessionOf(login->session_token).has_value());
}

TEST_F(StaffAuthTest, AuthenticateRefusesUnknownEmptyAndOversizedTokens) {
  Add("tanaka");
  ASSERT_TRUE(auth_.Login("tanaka", kPassword, kAddress).has_value());
  EXPECT_EQ(CodeOf(auth_.Authenticate("")), ErrorCode::kUnauthenticated);
  EXPECT_EQ(CodeOf(auth_.Authenticate("not-a-session")), ErrorCode::kUnauthenticated);
  EXPECT_EQ(CodeOf(auth_.Authenticate(std::string(257, 'a'))), ErrorCode::kUnauthenticated);
}

TEST_F(StaffAuthTest, AuthenticateRefusesASessionOfAnInactiveAccount) {
  const core::StaffId id = env_.AddStaff("gone", core::Role::kCounselor, /*active=*/false);
  const std::string token = "session-of-an-inactive-account";
  Session s{env_.secrets.Sha256Hex(token), id, "csrf", env_.clock.NowMs(),
            env_.clock.NowMs() + 60'000};
  ASSERT_TRUE(env_.store.Transact([&](StoreTx& tx) { return tx.InsertSession(s); }).has_value());
  EXPECT_EQ(CodeOf(auth_.Authenticate(token)), ErrorCode::kUnauthenticated);
}

TEST_F(StaffAuthTest, LogoutEndsTheSession) {
  Add("tanaka");
  auto first = auth_.Login("tanaka", kPassword, kAddress);
  auto second = auth_.Login("tanaka", kPassword, kAddress);
  ASSERT_TRUE(first && second);

  ASSERT_TRUE(auth_.Logout(first->session_token).has_value());
  EXPECT_FALSE(SessionOf(first->session_token).has_value());
  EXPECT_EQ(CodeOf(auth_.Authenticate(first->session_token)), ErrorCode::kUnauthenticated);
  // Only that session.
  EXPECT_TRUE(auth_.Authenticate(second->session_token).has_value());
  // Logging out twice is fine.
  EXPECT_TRUE(auth_.Logout(first->session_token).has_value());
}

}  // namespace
}  // namespace tsunagu::app
