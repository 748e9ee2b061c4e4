#include "adapters/system/sodium_field_cipher.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "platform/crypto.h"

namespace tsunagu::adapters::system {
namespace {

const std::string kKey1(32, '1');
const std::string kKey2(32, '2');
constexpr std::string_view kText = "messages.text";
constexpr std::string_view kSummary = "wrap_ups.summary";

std::unique_ptr<SodiumFieldCipher> Cipher(std::vector<DataKey> keys) {
  auto cipher = SodiumFieldCipher::Create(std::move(keys));
  EXPECT_TRUE(cipher.has_value()) << (cipher ? "" : cipher.error().message);
  return cipher ? std::move(*cipher) : nullptr;
}

TEST(SodiumFieldCipherTest, RoundTripIsTextAndHidesThePlaintext) {
  auto cipher = Cipher({{"k2026a", kKey1}});
  const std::string plain = "学校に行きたくない\n'; DROP TABLE messages; --";
  const std::string stored = cipher->Seal(kText, plain);
  EXPECT_TRUE(stored.starts_with("enc1:k2026a:")) << stored;
  EXPECT_EQ(stored.find("学校"), std::string::npos);
  EXPECT_EQ(stored.find('\n'), std::string::npos);
  EXPECT_NE(cipher->Seal(kText, plain), stored);  // a fresh nonce every time
  auto opened = cipher->Open(kText, stored);
  ASSERT_TRUE(opened.has_value()) << opened.error().message;
  EXPECT_EQ(*opened, plain);
  EXPECT_FALSE(cipher->NeedsRotation(stored));
}

TEST(SodiumFieldCipherTest, EmptyStaysEmpty) {
  auto cipher = Cipher({{"k1", kKey1}});
  EXPECT_EQ(cipher->Seal(kText, ""), "");
  EXPECT_EQ(cipher->Open(kText, ""), "");
  EXPECT_FALSE(cipher->NeedsRotation(""));
}

TEST(SodiumFieldCipherTest, LegacyPlaintextIsReadAsItIsAndNeedsRotation) {
  auto cipher = Cipher({{"k1", kKey1}});
  EXPECT_EQ(cipher->Open(kText, "暗号化より前の文"), "暗号化より前の文");
  EXPECT_TRUE(cipher->NeedsRotation("暗号化より前の文"));
  EXPECT_TRUE(cipher->NeedsRotation("enc"));
}

TEST(SodiumFieldCipherTest, WrongKeyIsAnErrorNamingTheColumnNotTheValue) {
  auto one = Cipher({{"k1", kKey1}});
  auto impostor = Cipher({{"k1", kKey2}});
  const std::string stored = one->Seal(kText, "ひみつ");
  auto opened = impostor->Open(kText, stored);
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().code, core::ErrorCode::kInternal);
  EXPECT_NE(opened.error().message.find("messages.text"), std::string::npos);
  EXPECT_EQ(opened.error().message.find(stored), std::string::npos);

  auto other = Cipher({{"k9", kKey1}});
  opened = other->Open(kText, stored);
  ASSERT_FALSE(opened.has_value());
  EXPECT_NE(opened.error().message.find("unknown key id k1"), std::string::npos)
      << opened.error().message;
}

TEST(SodiumFieldCipherTest, TamperedOrMalformedValuesAreErrors) {
  auto cipher = Cipher({{"k1", kKey1}});
  const std::string stored = cipher->Seal(kText, "ひみつの話");
  const std::size_t body = std::string_view("enc1:k1:").size();
  for (std::size_t i = body; i < stored.size() - 2; i += 3) {
    std::string tampered = stored;
    tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(cipher->Open(kText, tampered).has_value()) << "at " << i;
  }
  const std::string kBad[] = {"enc1:",         "enc1:k1",
                              "enc1:k1:",      "enc1:k1:!!!!",
                              "enc1:K 1:AAAA", "enc1:k1:" + stored.substr(body, 10)};
  for (const std::string& bad : kBad) {
    auto opened = cipher->Open(kText, bad);
    EXPECT_FALSE(opened.has_value()) << bad;
  }
}

TEST(SodiumFieldCipherTest, AValueIsBoundToItsColumn) {
  auto cipher = Cipher({{"k1", kKey1}});
  const std::string stored = cipher->Seal(kText, "ひみつ");
  EXPECT_FALSE(cipher->Open(kSummary, stored).has_value());
  EXPECT_TRUE(cipher->Open(kText, stored).has_value());
}

TEST(SodiumFieldCipherTest, RotationDetectionAndOldKeysStillOpen) {
  auto old_ring = Cipher({{"k1", kKey1}});
  auto new_ring = Cipher({{"k2", kKey2}, {"k1", kKey1}});
  const std::string under_old = old_ring->Seal(kText, "古い鍵");
  const std::string under_new = new_ring->Seal(kText, "新しい鍵");
  EXPECT_TRUE(under_new.starts_with("enc1:k2:"));
  EXPECT_TRUE(new_ring->NeedsRotation(under_old));
  EXPECT_FALSE(new_ring->NeedsRotation(under_new));
  EXPECT_EQ(new_ring->Open(kText, under_old), "古い鍵");
  EXPECT_EQ(new_ring->Open(kText, under_new), "新しい鍵");
  // A key id that only starts like the current one is another key.
  auto k22 = Cipher({{"k22", kKey2}});
  EXPECT_TRUE(new_ring->NeedsRotation(k22->Seal(kText, "x")));
}

TEST(SodiumFieldCipherTest, CreateRejectsBadKeyrings) {
  EXPECT_FALSE(SodiumFieldCipher::Create({}).has_value());
  EXPECT_FALSE(SodiumFieldCipher::Create({{"k1", "short"}}).has_value());
  EXPECT_FALSE(SodiumFieldCipher::Create({{"K1", kKey1}}).has_value());
  EXPECT_FALSE(SodiumFieldCipher::Create({{"k:1", kKey1}}).has_value());
  EXPECT_FALSE(SodiumFieldCipher::Create({{std::string(33, 'k'), kKey1}}).has_value());
  EXPECT_FALSE(SodiumFieldCipher::Create({{"k1", kKey1}, {"k1", kKey2}}).has_value());
  auto created = SodiumFieldCipher::Create({{"k1", kKey1}, {"k2", kKey2}});
  ASSERT_TRUE(created.has_value());
  EXPECT_EQ((*created)->current_key_id(), "k1");
}

}  // namespace
}  // namespace tsunagu::adapters::system
