#include "adapters/http/audit_csv.h"

#include <gtest/gtest.h>

namespace tsunagu::adapters::http {
namespace {

TEST(AuditCsvTest, FieldsAreQuotedAsRfc4180Says) {
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\r\nlines"), "\"two\r\nlines\"");
  EXPECT_EQ(CsvField("相談"), "相談");
}

TEST(AuditCsvTest, FormulasAreDefused) {
  EXPECT_EQ(CsvField("=1+1"), "'=1+1");
  EXPECT_EQ(CsvField("+81"), "'+81");
  EXPECT_EQ(CsvField("-x"), "'-x");
  EXPECT_EQ(CsvField("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvField("=HYPERLINK(\"x\",\"y\")"), "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
  EXPECT_EQ(CsvField("a=b"), "a=b");
}

TEST(AuditCsvTest, TheFileHasABomAHeaderAndCrlfRows) {
  app::ChainedAuditRecord c;
  c.record = {3, 0, 7, "login_failed", "staff", "=evil", "x,y"};
  c.prev_hash = std::string(64, '0');
  c.hash = std::string(64, 'f');
  app::ChainedAuditRecord none = c;
  none.record.id = 2;
  none.record.actor_staff_id.reset();
  none.record.target_id = "";
  none.record.detail = "";
  EXPECT_EQ(AuditCsv({c, none}),
            "\xEF\xBB\xBF"
            "id,at,actor_staff_id,action,target_type,target_id,detail,prev_hash,hash\r\n"
            "3,1970-01-01T00:00:00.000Z,7,login_failed,staff,'=evil,\"x,y\"," +
                std::string(64, '0') + "," + std::string(64, 'f') +
                "\r\n"
                "2,1970-01-01T00:00:00.000Z,,login_failed,staff,,," +
                std::string(64, '0') + "," + std::string(64, 'f') + "\r\n");
  EXPECT_EQ(
      AuditCsv({}),
      "\xEF\xBB\xBFid,at,actor_staff_id,action,target_type,target_id,detail,prev_hash,hash\r\n");
}

}  // namespace
}  // namespace tsunagu::adapters::http
