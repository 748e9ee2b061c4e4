// Realistic LINE webhook bodies for the microbenchmarks, shaped like the ones LINE sends for a
// text message (webhook.yml) and like the ones bench/webhook/gen-bodies.mjs generates.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

namespace tsunagu::bench {

inline constexpr std::string_view kSecret = "bench-channel-secret-0123456789ab";

// One text-message event. i makes the ids distinct.
inline std::string TextEvent(int i, std::string_view text) {
  std::string seq = std::to_string(100000 + i % 100000).substr(1);  // 5 digits
  std::string ulid = "01JBENCH0000000000000" + seq;                 // 26 characters
  std::string e = R"({"type":"message","message":{"type":"text","id":"53462186958)";
  e += std::to_string(1000000 + i);
  e +=
      R"(","quoteToken":"q3Plxr4AgKd1Bd4OyQVbK6XkQjlBe0GqWMEQKr1Hf0mxbbqT2NW9YyPmxzHnFQx4iG_mGu3WkrAtNoe6UAOIjc2h3_jzIx","text":")";
  e += text;
  e += R"("},"webhookEventId":")";
  e += ulid;
  e += R"(","deliveryContext":{"isRedelivery":false},"timestamp":1768070448250,)";
  e += R"("source":{"type":"user","userId":"U4af4980629a0b2c4d7b8c5e1a0d3f2e1"},)";
  e += R"("replyToken":"aa1d71468ceb40aa82c041fa149a0378","mode":"active"})";
  return e;
}

inline std::string Body(int events, std::string_view text) {
  std::string body = R"({"destination":"U6d13ebf392bb4210e0c88103a198af8f","events":[)";
  for (int i = 0; i < events; ++i) {
    if (i > 0) body += ",";
    body += TextEvent(i, text);
  }
  return body + "]}";
}

// A Japanese counseling message (3 bytes per character), the typical inbound text.
inline constexpr std::string_view kText =
    "最近学校に行くのがつらくて、朝になるとお腹が痛くなります。親には言えていません。どうしたらいい"
    "ですか";

// A one-event body of exactly `bytes` bytes (stack.md's 618-byte signed LINE body): as much of
// kText as fits, whole characters only, then ASCII padding.
inline std::string BodyOfSize(std::size_t bytes) {
  const std::size_t empty = Body(1, "").size();
  if (empty >= bytes) return Body(1, "");
  std::size_t room = bytes - empty;
  std::size_t take = std::min(room, kText.size());
  while (take > 0 && take < kText.size() &&
         (static_cast<unsigned char>(kText[take]) & 0xC0) == 0x80) {
    --take;  // do not cut a UTF-8 sequence
  }
  std::string text(kText.substr(0, take));
  text.append(room - take, '.');
  return Body(1, text);
}

}  // namespace tsunagu::bench
