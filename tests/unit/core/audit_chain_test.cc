#include "core/audit_chain.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace tsunagu::core {
namespace {

TEST(AuditChainTest, TheCanonicalFormIsSevenNetstringsInOrder) {
  AuditFields f{42, 1700000000000, 7, "login", "staff", "7", "ip=相"};
  EXPECT_EQ(AuditCanonicalBytes(f), "2:42,13:1700000000000,1:7,5:login,5:staff,1:7,6:ip=相,");
  f.actor_staff_id.reset();
  f.detail = "";
  EXPECT_EQ(AuditCanonicalBytes(f), "2:42,13:1700000000000,0:,5:login,5:staff,1:7,0:,");
  EXPECT_EQ(AuditHashInput(kAuditGenesisHash, f),
            std::string(kAuditGenesisHash) + AuditCanonicalBytes(f));
  EXPECT_EQ(kAuditGenesisHash.size(), 64u);
}

TEST(AuditChainTest, FieldsCannotBorrowBytesFromTheirNeighbours) {
  // With plain joining these would all serialise alike.
  std::set<std::string> seen;
  const AuditFields variants[] = {
      {1, 2, 3, "a,b", "c", "", ""},  {1, 2, 3, "a", "b,c", "", ""},
      {1, 2, 3, "a,b,c", "", "", ""}, {1, 2, 3, "", "a,b,c", "", ""},
      {1, 2, 3, "a", "b", "c", ""},   {1, 2, std::nullopt, "3", "", "", ""},
      {12, 3, 3, "", "", "", ""},     {1, 23, 3, "", "", "", ""},
  };
  for (const AuditFields& f : variants) {
    EXPECT_TRUE(seen.insert(AuditCanonicalBytes(f)).second) << AuditCanonicalBytes(f);
  }
}

TEST(AuditChainTest, CheckAuditLinkNamesTheFirstProblem) {
  const std::string h1(64, 'a');
  const AuditLinkPrev prev{1, h1};
  EXPECT_EQ(CheckAuditLink(prev, 2, h1, "x", "x", 0), AuditBreak::kNone);
  EXPECT_EQ(CheckAuditLink(prev, 2, h1, "x", "y", 0), AuditBreak::kHashMismatch);
  EXPECT_EQ(CheckAuditLink(prev, 2, "other", "x", "x", 0), AuditBreak::kBrokenLink);
  EXPECT_EQ(CheckAuditLink(prev, 3, h1, "x", "x", 0), AuditBreak::kGap);
  EXPECT_EQ(CheckAuditLink(prev, 1, h1, "x", "x", 0), AuditBreak::kGap);
  // Legacy ids (up to legacy_last_id) may skip.
  EXPECT_EQ(CheckAuditLink(prev, 3, h1, "x", "x", 3), AuditBreak::kNone);
  EXPECT_EQ(CheckAuditLink(prev, 4, h1, "x", "x", 3), AuditBreak::kGap);
  // The first record links to the genesis hash.
  EXPECT_EQ(CheckAuditLink({}, 1, kAuditGenesisHash, "x", "x", 0), AuditBreak::kNone);
  EXPECT_STREQ(AuditBreakName(AuditBreak::kHeadMismatch), "head_mismatch");
}

}  // namespace
}  // namespace tsunagu::core
