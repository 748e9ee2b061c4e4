// The audit log's hash chain (docs/architecture.md, "Audit log"). Each record stores the hash
// of the record before it and its own hash:
//
//   hash = lowercase hex SHA-256( prev_hash || AuditCanonicalBytes(record) )
//
// where prev_hash is the predecessor's hash as 64 lowercase hex ASCII characters
// (kAuditGenesisHash for the first record). Pure: building the bytes and judging a link; the
// digest itself comes from the caller (app::Secrets, or platform::Sha256Hex in the stores).
//
// The canonical form, version 1: the seven fields, in this order, each written as a netstring
// `<decimal byte length>:<bytes>,`
//   id           decimal, e.g. "42"
//   at_ms        decimal, e.g. "1700000000000" ("-" first if negative)
//   actor        the staff id in decimal, or the empty string when there is none
//   action, target_type, target_id, detail    their UTF-8 bytes as stored
// Each field carries its own length, so no two records serialise alike (a field cannot borrow
// bytes from its neighbour). Migration 0007 builds the same bytes in SQL to chain older rows;
// change this only together with a new migration and a new version.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/ids.h"

namespace tsunagu::core {

// The prev_hash of the first record.
inline constexpr std::string_view kAuditGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

struct AuditFields {
  std::int64_t id = 0;
  TimeMs at_ms = 0;
  std::optional<StaffId> actor_staff_id;
  std::string_view action;
  std::string_view target_type;
  std::string_view target_id;
  std::string_view detail;
};

std::string AuditCanonicalBytes(const AuditFields& fields);

// What goes into SHA-256 for a record whose predecessor's hash is prev_hash.
std::string AuditHashInput(std::string_view prev_hash, const AuditFields& fields);

// Why a record does not belong to the chain, as `tsunagu audit verify` names it.
enum class AuditBreak {
  kNone,
  kHashMismatch,  // the stored hash is not the hash of the record's own fields: it was edited
  kBrokenLink,    // prev_hash is not the predecessor's hash: a record before it went missing or
                  // was replaced
  kGap,           // ids jump: a record was removed (ids are dense from migration 0007 on)
  kHeadMismatch,  // the chain ends before the recorded head: records at the end went missing
};

const char* AuditBreakName(AuditBreak kind);

// The predecessor as verification saw it: id 0 and kAuditGenesisHash before the first record.
struct AuditLinkPrev {
  std::int64_t id = 0;
  std::string_view hash = kAuditGenesisHash;
};

// Judges one record against its predecessor. recomputed_hash is the digest of
// AuditHashInput(stored_prev_hash, fields). Ids up to legacy_last_id (records from before the
// chain existed, chained by migration 0007) may have gaps: PostgreSQL's sequences skip ids on
// rollbacks. Later ids are handed out one by one under the chain's lock, so there a gap means a
// removed record. The first problem wins: a gap, then a broken link, then a hash mismatch.
AuditBreak CheckAuditLink(const AuditLinkPrev& prev, std::int64_t id,
                          std::string_view stored_prev_hash, std::string_view stored_hash,
                          std::string_view recomputed_hash, std::int64_t legacy_last_id);

}  // namespace tsunagu::core
