-- 0007_audit_chain: the audit log becomes a hash chain (core/audit_chain.h, docs/operations.md
-- "Checking the audit log"), it can be searched, and staff can have the auditor role.
-- It mirrors migrations/sqlite/0007_audit_chain.sql.

-- Each record's link: hash = SHA-256(prev_hash || the record's canonical bytes), in lowercase hex.
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';

-- Where the chain ends; one row, written by every append (the append's id is last_id + 1).
-- Appends lock it (SELECT ... FOR UPDATE) until they commit, so that nodes never link two
-- records to the same predecessor. Records with ids up to legacy_last_id were written before
-- this migration (their ids may have gaps: a rolled-back transaction used up its id).
CREATE TABLE audit_chain_head (
  id SMALLINT PRIMARY KEY CHECK (id = 1),
  last_id BIGINT NOT NULL,
  last_hash TEXT NOT NULL,
  legacy_last_id BIGINT NOT NULL
);

-- The records written before the chain are chained here, in id order, with the same canonical
-- bytes as core::AuditCanonicalBytes (each field a netstring: byte length, ':', bytes, ',').
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update;
DO $$
DECLARE
  r RECORD;
  prev TEXT := '0000000000000000000000000000000000000000000000000000000000000000';
  actor TEXT;
  h TEXT;
BEGIN
  FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
    actor := coalesce(r.actor_staff_id::text, '');
    h := encode(sha256(convert_to(
        prev
        || octet_length(r.id::text) || ':' || r.id::text || ','
        || octet_length(r.at_ms::text) || ':' || r.at_ms::text || ','
        || octet_length(actor) || ':' || actor || ','
        || octet_length(r.action) || ':' || r.action || ','
        || octet_length(r.target_type) || ':' || r.target_type || ','
        || octet_length(r.target_id) || ':' || r.target_id || ','
        || octet_length(r.detail) || ':' || r.detail || ',', 'UTF8')), 'hex');
    UPDATE audit_log SET prev_hash = prev, hash = h WHERE id = r.id;
    prev := h;
  END LOOP;
END
$$;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;
INSERT INTO audit_chain_head (id, last_id, last_hash, legacy_last_id)
  SELECT 1, id, hash, id FROM audit_log ORDER BY id DESC LIMIT 1;

-- The audit search (GET /api/v1/audit) pages newest first by id within one filter.
CREATE INDEX audit_log_by_action ON audit_log (action, id);
CREATE INDEX audit_log_by_actor ON audit_log (actor_staff_id, id);
CREATE INDEX audit_log_by_at ON audit_log (at_ms);

-- The auditor role: reads the audit log, sees no conversation.
ALTER TABLE staff DROP CONSTRAINT staff_role_check;
ALTER TABLE staff ADD CONSTRAINT staff_role_check
  CHECK (role IN ('counselor', 'supervisor', 'admin', 'auditor'));
