-- Tamper evidence: every event carries a SHA-256 hash that chains it to the event before it in
-- the WHOLE log (global position order), not per stream. One chain catches a deletion anywhere:
-- removing an event, or a whole stream, breaks the link of the next event in position order,
-- whereas per-stream chains cannot notice a stream that is gone altogether.
--
-- The hashed bytes (crmctl verify-log recomputes exactly these, see docs/operations.md):
--   previous hash (32 bytes; no bytes for the first hashed event)
--   then, for each of position, stream_id, version, event_id, type, data::text, metadata::text,
--   recorded_at (UTC, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'): its UTF-8 length in decimal, ':', its bytes.
-- Length prefixes make the encoding unambiguous whatever the fields contain.
--
-- Events appended before this migration keep hash NULL: the chain starts with the first event
-- appended after it (chain_start_position below records where), so they are not covered.
CREATE EXTENSION IF NOT EXISTS pgcrypto;

ALTER TABLE events ADD COLUMN hash bytea;

-- The chain's head: the hash and position of the last hashed event. The trigger locks this one
-- row FOR UPDATE, so two inserting transactions can never both chain onto the same predecessor,
-- even one that bypasses the appenders' advisory lock.
CREATE TABLE event_chain_head (
  only_row             boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  chain_start_position bigint NOT NULL,
  position             bigint NOT NULL,
  hash                 bytea
);

INSERT INTO event_chain_head (chain_start_position, position, hash)
SELECT coalesce(max(position), 0), coalesce(max(position), 0), NULL FROM events;

CREATE FUNCTION event_chain_field(value text) RETURNS bytea LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT convert_to(octet_length(convert_to(value, 'UTF8'))::text || ':', 'UTF8') || convert_to(value, 'UTF8')
$$;

-- SECURITY DEFINER: a server role limited to INSERT and SELECT on events still moves the head;
-- the fixed search_path keeps a session's own search_path (a rebuild's shadow schema, say) out.
CREATE FUNCTION events_chain_hash() RETURNS trigger LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  head event_chain_head%ROWTYPE;
BEGIN
  SELECT * INTO STRICT head FROM event_chain_head FOR UPDATE;
  -- Positions are drawn (column default) before this trigger runs. The appenders draw them under
  -- an advisory lock, so they arrive here in order; a writer that did not would chain out of
  -- position order, which verify-log could not tell from tampering, so it is refused instead.
  IF NEW.position <= head.position THEN
    RAISE EXCEPTION 'event position % is not after the chain head %: take the append lock before inserting',
      NEW.position, head.position USING ERRCODE = 'serialization_failure';
  END IF;
  NEW.hash := digest(
    coalesce(head.hash, ''::bytea)
      || event_chain_field(NEW.position::text)
      || event_chain_field(NEW.stream_id)
      || event_chain_field(NEW.version::text)
      || event_chain_field(NEW.event_id::text)
      || event_chain_field(NEW.type)
      || event_chain_field(NEW.data::text)
      || event_chain_field(NEW.metadata::text)
      || event_chain_field(to_char(NEW.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')),
    'sha256');
  UPDATE event_chain_head SET position = NEW.position, hash = NEW.hash;
  RETURN NEW;
END $$;

CREATE TRIGGER events_chain_hash BEFORE INSERT ON events
  FOR EACH ROW EXECUTE FUNCTION events_chain_hash();
