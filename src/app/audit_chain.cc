#include "app/audit_chain.h"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "core/limits.h"

namespace tsunagu::app {

core::AuditFields AuditFieldsOf(std::int64_t id, const AuditRecord& r) {
  return core::AuditFields{id,          r.at_ms, r.actor_staff_id, r.action, r.target_type,
                           r.target_id, r.detail};
}

namespace {

std::string Explain(core::AuditBreak problem, std::int64_t prev_id, std::string_view prev_hash,
                    const ChainedAuditRecord& c, std::string_view recomputed) {
  switch (problem) {
    case core::AuditBreak::kGap:
      return "the record after id " + std::to_string(prev_id) + " has id " +
             std::to_string(c.record.id) + ": records in between are missing";
    case core::AuditBreak::kBrokenLink:
      return "prev_hash " + c.prev_hash + " is not the hash of the record before it (" +
             std::string(prev_hash) + ")";
    case core::AuditBreak::kHashMismatch:
      return "stored hash " + c.hash + " but the record's fields hash to " +
             std::string(recomputed) + ": the record was changed";
    default:
      return {};
  }
}

}  // namespace

core::Result<AuditVerification> VerifyAuditChain(
    Store& store, Secrets& secrets, std::size_t batch,
    const std::function<void(std::int64_t checked)>& progress) {
  batch = std::clamp<std::size_t>(batch, 1, core::kAuditPageMax);
  // The head as it was when the walk began: the walk must reach it.
  auto head = TransactFor<std::optional<AuditChainHead>>(
      store, [](StoreTx& tx) { return tx.GetAuditChainHead(); });
  if (!head) return std::unexpected(head.error());
  const std::int64_t legacy_last_id = *head ? (*head)->legacy_last_id : 0;

  AuditVerification out;
  std::string prev_hash(core::kAuditGenesisHash);
  for (;;) {
    auto page = TransactFor<std::vector<ChainedAuditRecord>>(
        store, [&](StoreTx& tx) { return tx.ListAuditChain(out.last_id, batch); });
    if (!page) return std::unexpected(page.error());
    for (const ChainedAuditRecord& c : *page) {
      const std::string recomputed = secrets.Sha256Hex(
          core::AuditHashInput(c.prev_hash, AuditFieldsOf(c.record.id, c.record)));
      core::AuditBreak problem = core::CheckAuditLink(
          {out.last_id, prev_hash}, c.record.id, c.prev_hash, c.hash, recomputed, legacy_last_id);
      if (problem != core::AuditBreak::kNone) {
        out.problem = problem;
        out.bad_id = c.record.id;
        out.explanation = Explain(problem, out.last_id, prev_hash, c, recomputed);
        return out;
      }
      if (*head && c.record.id == (*head)->last_id && c.hash != (*head)->last_hash) {
        out.problem = core::AuditBreak::kHeadMismatch;
        out.bad_id = c.record.id;
        out.explanation = "the chain head records hash " + (*head)->last_hash + " for id " +
                          std::to_string(c.record.id) + ", the log has " + c.hash;
        return out;
      }
      ++out.checked;
      out.last_id = c.record.id;
      prev_hash = c.hash;
      out.last_hash = c.hash;
    }
    if (progress) progress(out.checked);
    if (page->size() < batch) break;
  }
  // Records missing from the end leave an intact chain that stops short of the head.
  if (*head && (*head)->last_id > out.last_id) {
    out.problem = core::AuditBreak::kHeadMismatch;
    out.bad_id = (*head)->last_id;
    out.explanation = "the chain head says the last record is id " +
                      std::to_string((*head)->last_id) + " with hash " + (*head)->last_hash +
                      ", but the log ends at id " + std::to_string(out.last_id) +
                      (out.last_hash.empty() ? std::string() : " with hash " + out.last_hash);
  } else if (!*head && out.checked > 0) {
    out.problem = core::AuditBreak::kHeadMismatch;
    out.bad_id = out.last_id;
    out.explanation = "records exist but the chain head is missing";
  }
  return out;
}

}  // namespace tsunagu::app
