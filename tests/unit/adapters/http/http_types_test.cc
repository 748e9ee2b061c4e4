#include "adapters/http/http_types.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace tsunagu::adapters::http {
namespace {

using Map = std::map<std::string, std::string>;

TEST(PercentDecodeTest, DecodesUtf8Escapes) {
  EXPECT_EQ(PercentDecode("%E3%81%82"), "あ");
  EXPECT_EQ(PercentDecode("%e3%81%82"), "あ");  // lower-case hex too
  EXPECT_EQ(PercentDecode("%F0%9F%98%80"), "😀");
  EXPECT_EQ(PercentDecode("a%20b"), "a b");
  EXPECT_EQ(PercentDecode("%00"), std::string("\0", 1));
  EXPECT_EQ(PercentDecode(""), "");
}

TEST(PercentDecodeTest, PlusIsASpaceButAnEscapedPlusIsAPlus) {
  EXPECT_EQ(PercentDecode("a+b"), "a b");
  EXPECT_EQ(PercentDecode("a%2Bb"), "a+b");
  EXPECT_EQ(PercentDecode("%2B%2b"), "++");
}

TEST(PercentDecodeTest, MalformedEscapesAreKeptAsTheyAre) {
  EXPECT_EQ(PercentDecode("%"), "%");
  EXPECT_EQ(PercentDecode("100%"), "100%");
  EXPECT_EQ(PercentDecode("%4"), "%4");
  EXPECT_EQ(PercentDecode("a%4"), "a%4");
  EXPECT_EQ(PercentDecode("%zz"), "%zz");
  EXPECT_EQ(PercentDecode("%4g"), "%4g");
  EXPECT_EQ(PercentDecode("%%41"), "%A");
  EXPECT_EQ(PercentDecode("%41%"), "A%");
}

TEST(ParseQueryTest, SplitsAndDecodesPairs) {
  EXPECT_EQ(ParseQuery("a=1&b=%E3%81%82"), (Map{{"a", "1"}, {"b", "あ"}}));
  EXPECT_EQ(ParseQuery("q=hello+world"), (Map{{"q", "hello world"}}));
  EXPECT_EQ(ParseQuery("%E3%82%AD%E3%83%BC=v"), (Map{{"キー", "v"}}));
  EXPECT_EQ(ParseQuery("after_id=903&limit=50"), (Map{{"after_id", "903"}, {"limit", "50"}}));
}

TEST(ParseQueryTest, EdgeCases) {
  EXPECT_EQ(ParseQuery(""), Map{});
  EXPECT_EQ(ParseQuery("flag"), (Map{{"flag", ""}}));
  EXPECT_EQ(ParseQuery("a="), (Map{{"a", ""}}));
  EXPECT_EQ(ParseQuery("&&a=1&&"), (Map{{"a", "1"}}));
  EXPECT_EQ(ParseQuery("a=b=c"), (Map{{"a", "b=c"}}));
  EXPECT_EQ(ParseQuery("a=1&a=2"), (Map{{"a", "2"}}));
  EXPECT_EQ(ParseQuery("a=%26&b=%3D"), (Map{{"a", "&"}, {"b", "="}}));
  EXPECT_EQ(ParseQuery("bad=%zz"), (Map{{"bad", "%zz"}}));
}

Request WithHeaders(platform::HttpHeaders headers) {
  Request r;
  r.headers = std::move(headers);
  return r;
}

TEST(RequestTest, HeadersAreFoundWhateverTheirCase) {
  Request r = WithHeaders({{"Content-Type", "application/json"}, {"X-CSRF-Token", "abc"}});
  EXPECT_EQ(r.Header("content-type"), "application/json");
  EXPECT_EQ(r.Header("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(r.Header("x-csrf-token"), "abc");
  EXPECT_EQ(r.Header("origin"), "");
  EXPECT_EQ(r.Header("content-typ"), "");
}

TEST(RequestTest, CookieFindsOneAmongSeveralWithSpaces) {
  Request r = WithHeaders({{"Cookie", "theme=dark;  tsunagu_session=abc123 ; lang = ja ;x=1"}});
  EXPECT_EQ(r.Cookie("tsunagu_session"), "abc123");
  EXPECT_EQ(r.Cookie("theme"), "dark");
  EXPECT_EQ(r.Cookie("lang"), "ja");
  EXPECT_EQ(r.Cookie("x"), "1");
  EXPECT_EQ(r.Cookie("missing"), "");
}

TEST(RequestTest, CookieNamesMatchExactly) {
  Request r = WithHeaders({{"cookie", "xsession=evil; session_old=old; session=good"}});
  EXPECT_EQ(r.Cookie("session"), "good");
  EXPECT_EQ(r.Cookie("Session"), "");
  EXPECT_EQ(r.Cookie("sess"), "");
}

TEST(RequestTest, CookieValuesMayContainEqualsSigns) {
  Request r = WithHeaders({{"Cookie", "token=YWJj==; other=1"}});
  EXPECT_EQ(r.Cookie("token"), "YWJj==");
}

TEST(RequestTest, NoCookieHeaderMeansNoCookies) {
  Request r = WithHeaders({{"Accept", "*/*"}});
  EXPECT_EQ(r.Cookie("session"), "");
  Request empty = WithHeaders({{"Cookie", ""}});
  EXPECT_EQ(empty.Cookie("session"), "");
  Request junk = WithHeaders({{"Cookie", ";;; =; session"}});
  EXPECT_EQ(junk.Cookie("session"), "");
}

}  // namespace
}  // namespace tsunagu::adapters::http
