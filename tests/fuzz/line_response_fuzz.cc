// Fuzz target: LINE's answers to reply and push (status byte + body), as the sender maps them.
#include <cstddef>
#include <cstdint>
#include <string>

#include "adapters/channel/line/line_sender.h"

namespace line = tsunagu::adapters::line;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  tsunagu::platform::HttpResponse response;
  response.status = 100 + (data[0] % 5) * 100 + data[1] % 30;  // 100..529
  response.body.assign(reinterpret_cast<const char*>(data + 2), size - 2);
  response.headers.emplace_back("x-line-request-id", "fuzz");
  for (bool reply : {true, false}) {
    auto result = line::MapSendResponse(response, reply);
    if (result.detail.size() > line::kSendDetailBytesMax) __builtin_trap();
  }
  if (line::DescribeLineError(response.body).size() > response.body.size() + 1024) {
    __builtin_trap();
  }
  return 0;
}
