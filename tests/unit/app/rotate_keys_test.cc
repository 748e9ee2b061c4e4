// `tsunagu keys rotate` over a real SQLite file: stores opened with different keyrings one
// after another, as an operator would restart with a new key list.
#include "app/rotate_keys.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "adapters/storage/sqlite/sqlite_store.h"
#include "adapters/system/sodium_field_cipher.h"
#include "core/check.h"
#include "unit/support/app_env.h"

namespace tsunagu::app {
namespace {

using adapters::sqlite::SqliteStore;
using adapters::system::SodiumFieldCipher;

const std::string kKeyA(32, 'a');
const std::string kKeyB(32, 'b');
constexpr int kMessages = 7;

std::shared_ptr<const FieldCipher> Ring(std::vector<adapters::system::DataKey> keys) {
  auto cipher = SodiumFieldCipher::Create(std::move(keys));
  TSUNAGU_CHECK(cipher.has_value());
  return std::shared_ptr<const FieldCipher>(std::move(*cipher));
}

class RotateKeysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "tsunagu-rotate-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  std::unique_ptr<SqliteStore> Open(std::shared_ptr<const FieldCipher> cipher) {
    adapters::sqlite::SqliteOptions options;
    options.cipher = std::move(cipher);
    auto store = SqliteStore::Open((dir_ / "t.db").string(), options);
    TSUNAGU_CHECK(store.has_value());
    TSUNAGU_CHECK((*store)->Migrate().has_value());
    return std::move(*store);
  }

  // A conversation with kMessages messages, an answer in bot_variables and a wrap-up.
  core::ConversationId Fill(Store& store, const std::string& tag) {
    return testing::Read<core::ConversationId>(
        store, [&](StoreTx& tx) -> core::Result<core::ConversationId> {
          auto program = tx.UpsertProgram("center", "センター");
          if (!program) return std::unexpected(program.error());
          auto client = tx.InsertClient({0, "相談者-" + tag, false, 1}, {"test", "U-" + tag, 0});
          if (!client) return std::unexpected(client.error());
          core::Conversation c;
          c.program_id = program->id;
          c.client_id = client->id;
          c.channel_key = "test";
          c.opened_at_ms = 1;
          c.bot_variables = R"({"worry":"答え)" + tag + R"("})";
          auto id = tx.InsertConversation(c);
          if (!id) return std::unexpected(id.error());
          for (int i = 0; i < kMessages; ++i) {
            core::Message m;
            m.conversation_id = *id;
            m.content_type = "text";
            m.text = "本文" + tag + "-" + std::to_string(i);
            m.created_at_ms = 2 + i;
            if (auto inserted = tx.InsertMessage(m); !inserted) {
              return std::unexpected(inserted.error());
            }
          }
          return *id;
        });
  }

  std::vector<std::string> Texts(Store& store, core::ConversationId id) {
    std::vector<std::string> out;
    for (const core::Message& m : testing::Read<std::vector<core::Message>>(
             store, [&](StoreTx& tx) { return tx.ListMessages(id, 0, 100); })) {
      out.push_back(m.text);
    }
    return out;
  }

  std::filesystem::path dir_;
};

TEST_F(RotateKeysTest, SealsOldKeyAndPlaintextValuesUnderTheNewKeyInBatches) {
  core::ConversationId legacy = 0, old = 0;
  {
    auto plain_store = Open(nullptr);  // rows from before encryption
    legacy = Fill(*plain_store, "L");
  }
  {
    auto store_a = Open(Ring({{"ka", kKeyA}}));
    old = Fill(*store_a, "A");
  }
  auto ring = Ring({{"kb", kKeyB}, {"ka", kKeyA}});
  auto store = Open(ring);
  std::vector<ColumnRotation> seen;
  auto rotated = RotateKeys(*store, *ring, 3, [&](const ColumnRotation& r) { seen.push_back(r); });
  ASSERT_TRUE(rotated.has_value()) << rotated.error().message;
  ASSERT_EQ(rotated->size(), std::size(kSealedColumns));
  const ColumnRotation& text = rotated->front();
  EXPECT_EQ(text.column, sealed::kMessageText);
  EXPECT_EQ(text.total, 2 * kMessages);
  EXPECT_EQ(text.scanned, 2 * kMessages);
  EXPECT_EQ(text.rotated, 2 * kMessages);
  // Progress after every batch of 3: 3, 6, ... 14.
  std::vector<std::int64_t> text_progress;
  for (const ColumnRotation& r : seen) {
    if (r.column == sealed::kMessageText) text_progress.push_back(r.scanned);
  }
  EXPECT_EQ(text_progress, (std::vector<std::int64_t>{3, 6, 9, 12, 14}));
  const ColumnRotation& answers = (*rotated)[3];
  EXPECT_EQ(answers.column, sealed::kBotVariables);
  EXPECT_EQ(answers.rotated, 2);

  // A second run finds nothing left to do.
  auto again = RotateKeys(*store, *ring, 500, nullptr);
  ASSERT_TRUE(again.has_value());
  for (const ColumnRotation& r : *again) EXPECT_EQ(r.rotated, 0) << r.column;
  store.reset();

  // Without the old key everything still reads.
  auto only_b = Open(Ring({{"kb", kKeyB}}));
  EXPECT_EQ(Texts(*only_b, legacy).front(), "本文L-0");
  EXPECT_EQ(Texts(*only_b, old).back(), "本文A-" + std::to_string(kMessages - 1));
  auto c = testing::Read<std::optional<core::Conversation>>(
      *only_b, [&](StoreTx& tx) { return tx.GetConversation(old); });
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->bot_variables, R"({"worry":"答えA"})");
}

TEST_F(RotateKeysTest, AValueUnderAMissingKeyStopsWithItsRowNotItsText) {
  {
    auto store_a = Open(Ring({{"ka", kKeyA}}));
    Fill(*store_a, "A");
  }
  auto ring = Ring({{"kb", kKeyB}});  // ka forgotten
  auto store = Open(ring);
  auto rotated = RotateKeys(*store, *ring, 500, nullptr);
  ASSERT_FALSE(rotated.has_value());
  EXPECT_NE(rotated.error().message.find("unknown key id ka"), std::string::npos)
      << rotated.error().message;
  EXPECT_NE(rotated.error().message.find("row id 1"), std::string::npos);
  EXPECT_EQ(rotated.error().message.find("本文"), std::string::npos);
}

}  // namespace
}  // namespace tsunagu::app
