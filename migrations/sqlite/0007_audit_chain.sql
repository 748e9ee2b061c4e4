-- 0007_audit_chain: the audit log becomes a hash chain (core/audit_chain.h, docs/operations.md
-- "Checking the audit log"), it can be searched, and staff can have the auditor role.
-- migrations/postgres/0007_audit_chain.sql mirrors it.

-- Each record's link: hash = SHA-256(prev_hash || the record's canonical bytes), in lowercase hex.
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';

-- Where the chain ends; one row, written by every append (the append's id is last_id + 1).
-- Records with ids up to legacy_last_id were written before this migration.
CREATE TABLE audit_chain_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_id INTEGER NOT NULL,
  last_hash TEXT NOT NULL,
  legacy_last_id INTEGER NOT NULL
) STRICT;

-- The records written before the chain are chained here, in id order, with the same canonical
-- bytes as core::AuditCanonicalBytes (each field a netstring: byte length, ':', bytes, ',').
-- SQLite has no SHA-256 of its own: tsunagu_sha256_hex is platform::Sha256Hex, registered by the
-- store on its connection, so this migration runs only inside tsunagu.
DROP TRIGGER audit_log_no_update;
WITH RECURSIVE chain (id, prev_hash, hash) AS (
  SELECT 0, '', '0000000000000000000000000000000000000000000000000000000000000000'
  UNION ALL
  SELECT a.id, chain.hash, tsunagu_sha256_hex(
      chain.hash
      || length(CAST(CAST(a.id AS TEXT) AS BLOB)) || ':' || a.id || ','
      || length(CAST(CAST(a.at_ms AS TEXT) AS BLOB)) || ':' || a.at_ms || ','
      || length(CAST(coalesce(CAST(a.actor_staff_id AS TEXT), '') AS BLOB)) || ':'
      || coalesce(CAST(a.actor_staff_id AS TEXT), '') || ','
      || length(CAST(a.action AS BLOB)) || ':' || a.action || ','
      || length(CAST(a.target_type AS BLOB)) || ':' || a.target_type || ','
      || length(CAST(a.target_id AS BLOB)) || ':' || a.target_id || ','
      || length(CAST(a.detail AS BLOB)) || ':' || a.detail || ',')
  FROM chain JOIN audit_log a
    ON a.id = (SELECT b.id FROM audit_log b WHERE b.id > chain.id ORDER BY b.id LIMIT 1)
)
UPDATE audit_log SET prev_hash = chain.prev_hash, hash = chain.hash
  FROM chain WHERE chain.id = audit_log.id;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
INSERT INTO audit_chain_head (id, last_id, last_hash, legacy_last_id)
  SELECT 1, id, hash, id FROM audit_log ORDER BY id DESC LIMIT 1;

-- The audit search (GET /api/v1/audit) pages newest first by id within one filter.
CREATE INDEX audit_log_by_action ON audit_log (action, id);
CREATE INDEX audit_log_by_actor ON audit_log (actor_staff_id, id);
CREATE INDEX audit_log_by_at ON audit_log (at_ms);

-- The auditor role: reads the audit log, sees no conversation. SQLite cannot change a CHECK
-- constraint in place; widening one may edit the stored schema (sqlite.org/lang_altertable.html,
-- "simpler procedure"), as no stored row can violate the wider rule.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
  SET sql = replace(sql, 'CHECK (role IN (''counselor'', ''supervisor'', ''admin''))',
                    'CHECK (role IN (''counselor'', ''supervisor'', ''admin'', ''auditor''))')
  WHERE type = 'table' AND name = 'staff';
PRAGMA writable_schema = RESET;
