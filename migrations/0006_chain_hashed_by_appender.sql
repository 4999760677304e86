-- The appender now computes each event's chain hash itself (eventlog/event_chain.cpp, the same
-- encoding as 0005) and moves the chain head once per batch, instead of this trigger hashing
-- row by row and updating the one head row once per event: 5,000 updates of one row in one
-- transaction made a bulk append 9x slower (docs/benchmarks.md).
--
-- The trigger stays for any writer that inserts without a hash (it then hashes as before), so
-- the chain has no holes whoever writes. A row that arrives with a hash is taken as it is: a
-- wrong one is exactly what `crmctl verify-log` reports.
DROP TRIGGER events_chain_hash ON events;
CREATE TRIGGER events_chain_hash BEFORE INSERT ON events
  FOR EACH ROW WHEN (NEW.hash IS NULL) EXECUTE FUNCTION events_chain_hash();

-- Moves the head to the last event of a batch the appender hashed. It holds the head row lock
-- (taken FOR UPDATE when the batch read the head), so nothing chains in between; SECURITY
-- DEFINER, like the trigger, so a role limited to INSERT and SELECT on events can call it.
CREATE FUNCTION event_chain_advance(new_position bigint, new_hash bytea) RETURNS void LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  head event_chain_head%ROWTYPE;
BEGIN
  SELECT * INTO STRICT head FROM event_chain_head FOR UPDATE;
  IF new_position <= head.position THEN
    RAISE EXCEPTION 'event position % is not after the chain head %', new_position, head.position
      USING ERRCODE = 'serialization_failure';
  END IF;
  UPDATE event_chain_head SET position = new_position, hash = new_hash;
END $$;
