#include "core/audit_chain.h"

namespace tsunagu::core {
namespace {

void AppendNetstring(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += ',';
}

}  // namespace

std::string AuditCanonicalBytes(const AuditFields& f) {
  std::string out;
  out.reserve(64 + f.action.size() + f.target_type.size() + f.target_id.size() + f.detail.size());
  AppendNetstring(out, std::to_string(f.id));
  AppendNetstring(out, std::to_string(f.at_ms));
  AppendNetstring(out, f.actor_staff_id ? std::to_string(*f.actor_staff_id) : std::string());
  AppendNetstring(out, f.action);
  AppendNetstring(out, f.target_type);
  AppendNetstring(out, f.target_id);
  AppendNetstring(out, f.detail);
  return out;
}

std::string AuditHashInput(std::string_view prev_hash, const AuditFields& fields) {
  std::string out(prev_hash);
  out += AuditCanonicalBytes(fields);
  return out;
}

const char* AuditBreakName(AuditBreak kind) {
  switch (kind) {
    case AuditBreak::kNone:
      return "none";
    case AuditBreak::kHashMismatch:
      return "hash_mismatch";
    case AuditBreak::kBrokenLink:
      return "broken_link";
    case AuditBreak::kGap:
      return "gap";
    case AuditBreak::kHeadMismatch:
      return "head_mismatch";
  }
  return "?";
}

AuditBreak CheckAuditLink(const AuditLinkPrev& prev, std::int64_t id,
                          std::string_view stored_prev_hash, std::string_view stored_hash,
                          std::string_view recomputed_hash, std::int64_t legacy_last_id) {
  if (id <= prev.id) return AuditBreak::kGap;  // out of order: never handed out like this
  if (id > legacy_last_id && id != prev.id + 1) return AuditBreak::kGap;
  if (stored_prev_hash != prev.hash) return AuditBreak::kBrokenLink;
  if (stored_hash != recomputed_hash) return AuditBreak::kHashMismatch;
  return AuditBreak::kNone;
}

}  // namespace tsunagu::core
