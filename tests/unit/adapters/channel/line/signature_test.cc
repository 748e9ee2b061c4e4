#include "adapters/channel/line/signature.h"

#include <gtest/gtest.h>

#include <string>

namespace tsunagu::adapters::line {
namespace {

// The vector from docs/line-protocols.md section 1, checked there with Python and Node.
constexpr std::string_view kSecret = "0123456789abcdef0123456789abcdef";
constexpr std::string_view kBody =
    R"({"destination":"U0123456789abcdef0123456789abcdef","events":[]})";
constexpr std::string_view kSignature = "94lIexwJJhBAEvU5fHF/i4JXKbSzbpgGUoZUZlwge9Q=";

TEST(SignatureTest, ComputesTheDocumentedVector) {
  EXPECT_EQ(kBody.size(), 63u);
  EXPECT_EQ(ComputeSignature(kSecret, kBody), kSignature);
}

TEST(SignatureTest, AcceptsTheDocumentedVector) {
  EXPECT_TRUE(VerifySignature(kSecret, kBody, kSignature));
}

TEST(SignatureTest, RejectsWrongSecret) {
  EXPECT_FALSE(VerifySignature("0123456789abcdef0123456789abcdeF", kBody, kSignature));
  EXPECT_FALSE(VerifySignature("other", kBody, kSignature));
}

TEST(SignatureTest, RejectsEmptySecretEvenWhenTheSignatureMatchesIt) {
  const std::string signed_with_empty = ComputeSignature("", kBody);
  ASSERT_EQ(signed_with_empty.size(), 44u);
  EXPECT_FALSE(VerifySignature("", kBody, signed_with_empty));
}

TEST(SignatureTest, RejectsTamperedBody) {
  std::string body(kBody);
  body[body.size() - 3] = '{';
  EXPECT_FALSE(VerifySignature(kSecret, body, kSignature));
  EXPECT_FALSE(VerifySignature(kSecret, std::string(kBody) + " ", kSignature));
  EXPECT_FALSE(VerifySignature(kSecret, "", kSignature));
}

TEST(SignatureTest, RejectsTamperedSignature) {
  std::string signature(kSignature);
  signature[0] = '8';
  EXPECT_FALSE(VerifySignature(kSecret, kBody, signature));
}

TEST(SignatureTest, ToleratesSurroundingWhitespace) {
  EXPECT_TRUE(VerifySignature(kSecret, kBody, " " + std::string(kSignature) + " "));
  EXPECT_TRUE(VerifySignature(kSecret, kBody, "\t" + std::string(kSignature) + "\r\n"));
}

TEST(SignatureTest, RejectsInnerWhitespace) {
  EXPECT_FALSE(VerifySignature(kSecret, kBody, "94lIexwJJhBAEvU5 fHF/i4JXKbSzbpgGUoZUZlwge9Q="));
}

TEST(SignatureTest, RejectsEmptyAndBlankHeaders) {
  EXPECT_FALSE(VerifySignature(kSecret, kBody, ""));
  EXPECT_FALSE(VerifySignature(kSecret, kBody, "   "));
}

TEST(SignatureTest, RejectsBadBase64) {
  // Missing padding, an extra pad, a URL-safe alphabet, a foreign character, wrong lengths.
  EXPECT_FALSE(VerifySignature(kSecret, kBody, "94lIexwJJhBAEvU5fHF/i4JXKbSzbpgGUoZUZlwge9Q"));
  EXPECT_FALSE(VerifySignature(kSecret, kBody, "94lIexwJJhBAEvU5fHF/i4JXKbSzbpgGUoZUZlwge9Q=="));
  EXPECT_FALSE(VerifySignature(kSecret, kBody, "94lIexwJJhBAEvU5fHF_i4JXKbSzbpgGUoZUZlwge9Q="));
  EXPECT_FALSE(VerifySignature(kSecret, kBody, "94lIexwJJhBAEvU5fHF*i4JXKbSzbpgGUoZUZlwge9Q="));
  EXPECT_FALSE(VerifySignature(kSecret, kBody, "94lIexwJJhBAEvU5"));
  EXPECT_FALSE(VerifySignature(kSecret, kBody, std::string(4096, 'A')));
}

TEST(SignatureTest, RejectsNonCanonicalTrailingBits) {
  // "Q" ends in bits 0000 (canonical); "R" decodes to the same 32 bytes with a stray low bit.
  EXPECT_FALSE(VerifySignature(kSecret, kBody, "94lIexwJJhBAEvU5fHF/i4JXKbSzbpgGUoZUZlwge9R="));
}

// Found by line_signature_fuzz: libsodium 1.0.18 (Debian 12), under platform::Base64Decode,
// decodes every byte 0x80-0xFF as '/', so a correct signature with its '/' swapped for 0xD0 was
// accepted. Not a forgery (the bytes still had to match), but one signature must have exactly one
// accepted spelling.
TEST(SignatureTest, RejectsNonAsciiStandingInForSlash) {
  std::string signature(kSignature);
  const std::size_t slash = signature.find('/');
  ASSERT_NE(slash, std::string::npos);
  for (int byte = 0x80; byte <= 0xFF; ++byte) {
    signature[slash] = static_cast<char>(byte);
    EXPECT_FALSE(VerifySignature(kSecret, kBody, signature)) << byte;
  }
}

TEST(SignatureTest, RoundTripsArbitraryBodies) {
  const std::string body("\x00\xff\x7f binary", 10);
  const std::string signature = ComputeSignature("secret", body);
  EXPECT_TRUE(VerifySignature("secret", body, signature));
  EXPECT_FALSE(VerifySignature("secret", body.substr(1), signature));
}

}  // namespace
}  // namespace tsunagu::adapters::line
