#include "platform/crypto.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

namespace tsunagu::platform {
namespace {

TEST(HmacSha256Test, LineSignatureVector) {
  const std::string body = R"({"destination":"U0123456789abcdef0123456789abcdef","events":[]})";
  EXPECT_EQ(Base64Encode(HmacSha256("0123456789abcdef0123456789abcdef", body)),
            "94lIexwJJhBAEvU5fHF/i4JXKbSzbpgGUoZUZlwge9Q=");
}

TEST(HmacSha256Test, LineWorksSignatureVector) {
  const std::string body =
      R"({"type":"message","source":{"userId":"c72af563-0f21-4736-11e4-045237113344",)"
      R"("domainId":40029600},"issuedTime":"2022-01-04T05:16:05.716Z",)"
      R"("content":{"type":"text","text":"hello"}})";
  EXPECT_EQ(Base64Encode(HmacSha256("botsecret123", body)),
            "Z+0QG9jdiNdpVHEPwTQiTPIHnDFbWV7xJ4gMnzPx7tI=");
}

TEST(HmacSha256Test, Rfc4231Case2AndEmptyInputs) {
  EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // An empty key and body are legal HMAC inputs, not a failure.
  EXPECT_EQ(HexEncode(HmacSha256("", "")),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
  EXPECT_EQ(HmacSha256("k", "a").size(), 32u);
}

TEST(Sha256HexTest, KnownDigests) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(HexEncodeTest, LowercaseTwoDigitsPerByte) {
  EXPECT_EQ(HexEncode(std::string("\x00\x0f\xa0\xff", 4)), "000fa0ff");
  EXPECT_EQ(HexEncode(""), "");
}

TEST(Base64Test, Rfc4648Vectors) {
  const std::pair<std::string, std::string> kVectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : kVectors) {
    EXPECT_EQ(Base64Encode(plain), encoded);
    EXPECT_EQ(Base64Decode(encoded), plain) << encoded;
  }
}

TEST(Base64Test, RoundTripsAllByteValues) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  EXPECT_EQ(Base64Decode(Base64Encode(all)), all);
  EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(all)), all);
}

TEST(Base64Test, DecodeRejectsInvalidInput) {
  const char* kInvalid[] = {
      "Zg",        // padding missing
      "Zg=",       // padding short
      "Zg===",     // padding too long
      "Zh==",      // non-zero pad bits: a second spelling of "f"
      "Zm9v\n",    // whitespace
      "Zm 9v",     // whitespace inside
      "Zm9v!",     // outside the alphabet
      "-_8=",      // the URL alphabet is not standard base64
      "Zg==Zg==",  // padding in the middle
      "====",      // padding only
      "Z",         // a lone character carries no whole byte
  };
  for (const char* text : kInvalid) EXPECT_EQ(Base64Decode(text), std::nullopt) << text;
  EXPECT_EQ(Base64Decode(std::string("Zg==\0", 5)), std::nullopt);
}

TEST(Base64UrlTest, UsesUrlAlphabetWithoutPadding) {
  const std::string bytes("\xfb\xff", 2);
  EXPECT_EQ(Base64Encode(bytes), "+/8=");
  EXPECT_EQ(Base64UrlEncode(bytes), "-_8");
  EXPECT_EQ(Base64UrlDecode("-_8"), bytes);
  EXPECT_EQ(Base64UrlDecode("-_8="), std::nullopt);  // padding
  EXPECT_EQ(Base64UrlDecode("+/8"), std::nullopt);   // standard alphabet
}

TEST(ConstantTimeEqualTest, ComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEqual("", ""));
  EXPECT_TRUE(ConstantTimeEqual("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEqual("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEqual("abc", "ab"));
  EXPECT_FALSE(ConstantTimeEqual("", "a"));
  EXPECT_TRUE(ConstantTimeEqual(std::string("a\0b", 3), std::string("a\0b", 3)));
  EXPECT_FALSE(ConstantTimeEqual(std::string("a\0b", 3), std::string("a\0c", 3)));
}

TEST(PasswordTest, Argon2idRoundTrip) {
  const std::string hash = HashPassword("correct horse battery staple");
  ASSERT_TRUE(hash.starts_with("$argon2id$")) << hash;
  EXPECT_TRUE(VerifyPassword(hash, "correct horse battery staple"));
  EXPECT_FALSE(VerifyPassword(hash, "correct horse battery stapler"));
  EXPECT_FALSE(VerifyPassword(hash, ""));
  EXPECT_FALSE(PasswordNeedsRehash(hash));
}

TEST(PasswordTest, SaltsDiffer) {
  EXPECT_NE(HashPassword("same password"), HashPassword("same password"));
}

TEST(PasswordTest, NonAsciiAndEmptyPasswords) {
  const std::string hash = HashPassword("パスワード🔑");
  EXPECT_TRUE(VerifyPassword(hash, "パスワード🔑"));
  EXPECT_FALSE(VerifyPassword(hash, "パスワード"));
  const std::string empty_hash = HashPassword("");
  EXPECT_TRUE(VerifyPassword(empty_hash, ""));
  EXPECT_FALSE(VerifyPassword(empty_hash, "x"));
}

TEST(PasswordTest, MalformedHashIsFalseNotACrash) {
  const std::string good = HashPassword("pw");
  const std::string kMalformed[] = {
      "",
      "not a hash",
      "$argon2id$",
      "$argon2id$v=19$m=65536,t=2,p=1$",
      good.substr(0, good.size() - 5),             // truncated
      good + "AAAA",                               // extended
      std::string(200, 'a'),                       // longer than crypto_pwhash_STRBYTES
      std::string(good).insert(10, 1, '\0'),       // an embedded NUL
      "$2y$10$abcdefghijklmnopqrstuuTq4ZbVsTDHc",  // bcrypt
  };
  for (const std::string& hash : kMalformed) EXPECT_FALSE(VerifyPassword(hash, "pw")) << hash;
  // libsodium's rehash check reads only the parameters, so "extended" above passes it; these do
  // not even name argon2id.
  for (const char* hash : {"", "not a hash", "$2y$10$abcdefghijklmnopqrstuuTq4ZbVsTDHc"}) {
    EXPECT_TRUE(PasswordNeedsRehash(hash)) << hash;
  }
}

TEST(PasswordTest, OtherParametersNeedRehash) {
  // Same password, argon2id, but t=3 instead of OPSLIMIT_INTERACTIVE's 2.
  const std::string hash = HashPassword("pw");
  std::string other = hash;
  auto t = other.find(",t=2,");
  ASSERT_NE(t, std::string::npos) << hash;
  other.replace(t, 5, ",t=3,");
  EXPECT_TRUE(PasswordNeedsRehash(other));
}

TEST(RandomTest, BytesHaveRequestedLengthAndDiffer) {
  EXPECT_EQ(RandomBytes(0), "");
  EXPECT_EQ(RandomBytes(32).size(), 32u);
  EXPECT_NE(RandomBytes(32), RandomBytes(32));
}

TEST(RandomTest, TokenIsUrlSafeWithoutPadding) {
  const std::string token = RandomTokenUrlSafe(32);
  EXPECT_EQ(token.size(), 43u);  // ceil(32 * 4 / 3)
  EXPECT_TRUE(std::regex_match(token, std::regex("[A-Za-z0-9_-]+"))) << token;
  EXPECT_EQ(Base64UrlDecode(token)->size(), 32u);
  EXPECT_EQ(RandomTokenUrlSafe(0), "");
}

TEST(UuidTest, Version4Format) {
  const std::regex kV4("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    std::string id = NewUuidV4();
    EXPECT_TRUE(std::regex_match(id, kV4)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 200u);
}

}  // namespace
}  // namespace tsunagu::platform

namespace tsunagu::platform {
namespace {

// libsodium 1.0.18 reads bytes 0x80-0xFF as '/'; an encoding must have exactly one spelling.
TEST(Base64AlphabetTest, HighBytesAreNotSlash) {
  ASSERT_EQ(Base64Decode("ab/d"), std::optional<std::string>(std::string("\x69\xbf\xdd", 3)));
  EXPECT_EQ(Base64Decode("ab\xd0"
                         "d"),
            std::nullopt);
  EXPECT_EQ(Base64UrlDecode("ab_d").has_value(), true);
  EXPECT_EQ(Base64UrlDecode("ab\xd0"
                            "d"),
            std::nullopt);
  EXPECT_EQ(Base64UrlDecode("ab/d"), std::nullopt);
}

// ---- AEAD (XChaCha20-Poly1305-IETF) for encryption at rest.

const std::string kKeyA(kAeadKeyBytes, 'a');
const std::string kKeyB(kAeadKeyBytes, 'b');

TEST(AeadTest, RoundTripWithAFreshNonceEachTime) {
  const std::string plain = "死にたいって思うことがある";
  std::string one = AeadSeal(kKeyA, plain, "messages.text");
  std::string two = AeadSeal(kKeyA, plain, "messages.text");
  EXPECT_EQ(one.size(), kAeadNonceBytes + plain.size() + kAeadTagBytes);
  EXPECT_NE(one, two);  // random nonces
  EXPECT_EQ(one.find(plain), std::string::npos);
  EXPECT_EQ(AeadOpen(kKeyA, one, "messages.text"), plain);
  EXPECT_EQ(AeadOpen(kKeyA, two, "messages.text"), plain);
}

TEST(AeadTest, EmptyPlaintextRoundTrips) {
  std::string sealed = AeadSeal(kKeyA, "", "x");
  EXPECT_EQ(sealed.size(), kAeadNonceBytes + kAeadTagBytes);
  EXPECT_EQ(AeadOpen(kKeyA, sealed, "x"), "");
}

TEST(AeadTest, WrongKeyWrongAdditionalDataAndTamperingFail) {
  const std::string sealed = AeadSeal(kKeyA, "hello", "messages.text");
  EXPECT_EQ(AeadOpen(kKeyB, sealed, "messages.text"), std::nullopt);
  EXPECT_EQ(AeadOpen(kKeyA, sealed, "wrap_ups.summary"), std::nullopt);
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    std::string tampered = sealed;
    tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
    EXPECT_EQ(AeadOpen(kKeyA, tampered, "messages.text"), std::nullopt) << "byte " << i;
  }
  EXPECT_EQ(AeadOpen(kKeyA, sealed.substr(0, sealed.size() - 1), "messages.text"), std::nullopt);
  EXPECT_EQ(AeadOpen(kKeyA, sealed.substr(0, kAeadNonceBytes + kAeadTagBytes - 1), "messages.text"),
            std::nullopt);
  EXPECT_EQ(AeadOpen(kKeyA, "", "messages.text"), std::nullopt);
  EXPECT_EQ(AeadOpen("short key", sealed, "messages.text"), std::nullopt);
}

}  // namespace
}  // namespace tsunagu::platform
