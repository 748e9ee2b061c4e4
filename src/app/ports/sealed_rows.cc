#include "app/ports/sealed_rows.h"

#include <string>

namespace tsunagu::app {

core::Status OpenSealedFields(const FieldCipher* cipher, core::InboundEvent& e) {
  if (auto s = OpenField(cipher, sealed::kInboundText, e.text); !s) return s;
  return OpenField(cipher, sealed::kInboundRawJson, e.raw_json);
}

core::Status OpenSealedFields(const FieldCipher* cipher, core::Conversation& c) {
  return OpenField(cipher, sealed::kBotVariables, c.bot_variables);
}

core::Status OpenSealedFields(const FieldCipher* cipher, core::Message& m) {
  if (auto s = OpenField(cipher, sealed::kMessageText, m.text); !s) return s;
  return OpenField(cipher, sealed::kMessageRiskReasons, m.risk.reasons);
}

core::Status OpenSealedFields(const FieldCipher* cipher, OutboxItem& o) {
  return OpenField(cipher, sealed::kMessageText, o.text);
}

core::Status OpenSealedFields(const FieldCipher* cipher, core::WrapUp& w) {
  return OpenField(cipher, sealed::kWrapUpSummary, w.summary);
}

core::Result<const SealedColumn*> SealedColumnNamed(std::string_view name) {
  const SealedColumn* column = FindSealedColumn(name);
  if (column == nullptr) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "not a sealed column: " + std::string(name));
  }
  return column;
}

}  // namespace tsunagu::app
