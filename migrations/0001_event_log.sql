-- The append-only event log: streams with their version, events with a global position.
CREATE TABLE streams (
  stream_id text PRIMARY KEY,
  version   bigint NOT NULL
);

CREATE TABLE events (
  position    bigserial PRIMARY KEY,
  stream_id   text NOT NULL,
  version     bigint NOT NULL,
  event_id    uuid NOT NULL UNIQUE,
  type        text NOT NULL,
  data        jsonb NOT NULL,
  metadata    jsonb NOT NULL DEFAULT '{}'::jsonb,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  txid        xid8 NOT NULL DEFAULT pg_current_xact_id(),
  UNIQUE (stream_id, version)
);

-- Append-only is the database's rule, not the server's good manners: these triggers fire for
-- every role, superusers included (only session_replication_role = replica skips them, which is
-- exactly the tampering that `crmctl verify-log` exists to detect).
CREATE FUNCTION events_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the event log is append-only: % on events is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER events_no_update_delete BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_reject_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_reject_change();

-- Where each projection has got to; written in the same transaction as the projection's rows.
CREATE TABLE projection_checkpoints (
  projection text PRIMARY KEY,
  position   bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
