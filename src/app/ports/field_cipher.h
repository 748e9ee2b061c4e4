// Encryption at rest of the columns that hold what people wrote (docs/adr/0005): the port, the
// list of sealed columns, and the helpers the store adapters call at their boundary.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace tsunagu::app {

// Seals and opens one column value. The stored form is text, so both stores keep their TEXT
// columns. Implementations are thread-safe; none ever puts the value into an error message.
class FieldCipher {
 public:
  virtual ~FieldCipher() = default;
  // The stored form of plaintext for column (e.g. "messages.text"): bound to that column, so a
  // value copied into another column does not open. An empty plaintext stays empty.
  virtual std::string Seal(std::string_view column, std::string_view plaintext) const = 0;
  // The plaintext of a stored value of column. A value that was stored before encryption (no
  // sealed prefix) comes back as it is. A sealed value under an unknown key, for another column,
  // or damaged is an error (kInternal) whose message names the column and key id only.
  virtual core::Result<std::string> Open(std::string_view column,
                                         std::string_view stored) const = 0;
  // True when stored is not sealed under the current key: an older key, or plaintext from
  // before encryption. `tsunagu keys rotate` seals such values again.
  virtual bool NeedsRotation(std::string_view stored) const = 0;
};

// One sealed column: its name for the cipher and the rows that hold it, keyed by `id`.
struct SealedColumn {
  std::string_view name;  // "<table>.<column>", the additional data of the AEAD
  std::string_view table;
  std::string_view column;
};

namespace sealed {
inline constexpr std::string_view kMessageText = "messages.text";
// The analyzer's reasons quote the words that matched.
inline constexpr std::string_view kMessageRiskReasons = "messages.risk_reasons";
inline constexpr std::string_view kWrapUpSummary = "wrap_ups.summary";
inline constexpr std::string_view kBotVariables = "conversations.bot_variables";
inline constexpr std::string_view kInboundText = "inbound_events.text";
inline constexpr std::string_view kInboundRawJson = "inbound_events.raw_json";
}  // namespace sealed

// Every sealed column, in the order `keys rotate` visits them. Each table has an integer `id`.
inline constexpr SealedColumn kSealedColumns[] = {
    {sealed::kMessageText, "messages", "text"},
    {sealed::kMessageRiskReasons, "messages", "risk_reasons"},
    {sealed::kWrapUpSummary, "wrap_ups", "summary"},
    {sealed::kBotVariables, "conversations", "bot_variables"},
    {sealed::kInboundText, "inbound_events", "text"},
    {sealed::kInboundRawJson, "inbound_events", "raw_json"},
};

// The sealed column of that name; nullptr when there is none.
const SealedColumn* FindSealedColumn(std::string_view name);

// The helpers the store adapters call. A null cipher keeps values as they are: only the unit
// and contract tests open a store without one, never the binary (main refuses to start).
std::string SealField(const FieldCipher* cipher, std::string_view column,
                      std::string_view plaintext);
// Opens value in place.
core::Status OpenField(const FieldCipher* cipher, std::string_view column, std::string& value);

}  // namespace tsunagu::app
