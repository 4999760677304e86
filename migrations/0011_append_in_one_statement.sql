-- The appender's common case in one call: take the append lock, check the batch against the
-- log, draw positions, chain the hashes, write the events, move the streams and the chain head,
-- and wake the projectors. Before, a batch took six round trips (BEGIN, the lock, a context
-- read, a write, COMMIT, the durable flush; the hashes computed in crmd between read and write),
-- and the lock was held across four of them: per batch of 21 events under load, about 5 ms
-- under the lock, 1.5-2.9 ms of it the context read (docs/benchmarks.md). The detailed path (eventlog/event_store.cpp) stays
-- for the rare batch this function declines: it returns no rows, and writes nothing, when an
-- event id is already in the log or a stream is not at the version its append expects.
--
-- The hashes are the ones the 0005 trigger and the C++ appender compute (verify-log checks them
-- all the same way): sha256 over the previous hash and the length-prefixed fields.

-- A field as the chain hashes it: its length in UTF-8 bytes, a colon, the text. Plain SQL, not
-- STRICT and STABLE like convert_to, so the planner inlines it where it is used (0005's
-- event_chain_field, IMMUTABLE around a STABLE body, is a function call per field, and that was
-- most of an earlier version's time). event_chain_field is redefined on it, so the encoding is
-- written once in SQL (and once in eventlog/event_chain.cpp).
CREATE FUNCTION length_prefixed(value text) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT octet_length(convert_to(value, 'UTF8'))::text || ':' || value
$$;

CREATE OR REPLACE FUNCTION event_chain_field(value text) RETURNS bytea LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT convert_to(public.length_prefixed(value), 'UTF8')
$$;

-- batch: one object per event, in the order the appender received them:
--   {ord, stream_id, expected (null: any version), event_id, type, data, metadata}
-- Each stream appears in one request only and each event id once (the caller sends other batches
-- the detailed way), so a stream's events are contiguous. Returns, per event, its ord with the
-- position and version it was given.
--
-- Only what must be ordered runs under the append lock: drawing positions, chaining the hashes,
-- the inserts and the head. Parsing the batch, the look-ups and the canonical text of every
-- field but the position come first, while the other writer holds the lock. A look-up made
-- before the lock can be overtaken by a concurrent append to the same stream or with the same
-- event id; the unique indexes on (stream_id, version) and event_id then fail this call, and the
-- caller takes the detailed way, which decides under the lock.
--
-- Procedural on purpose: one statement doing it all with window functions took 1.7 ms to plan
-- each time, more than the writing itself. Here every statement is small and planned once per
-- connection. A plan made once must not depend on the tables' sizes when it was made (a generic
-- plan made while streams was small read all of it through its array filter, and would have gone
-- on doing so as it grew), so the function plans without sequential scans, hash or merge joins:
-- the look-ups are index probes whatever the statistics say; every other statement reads only
-- the batch, or the one-row chain head. JIT is off: the penalty that disables a sequential scan
-- (of the one-row head) lifts a plan's cost above jit_above_cost, and compiling took 50-140 ms.
--
-- The transaction commits asynchronously (the caller makes it durable with a small synchronous
-- commit before acknowledging anything, as event_store.cpp explains), so the lock is released
-- at once instead of after a WAL flush.
CREATE FUNCTION event_append_batch(batch jsonb, channel text)
  RETURNS TABLE (batch_ord int, event_position bigint, event_version bigint)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  SET plan_cache_mode = force_generic_plan SET enable_seqscan = off SET enable_hashjoin = off
  SET enable_mergejoin = off SET jit = off AS $$
DECLARE
  e record;
  known boolean;
  stored_versions jsonb;
  this_stream text;
  this_version bigint;
  chain bytea;
  recorded_text text := length_prefixed(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'));
  ords int[] := '{}';
  stream_ids text[] := '{}';
  versions bigint[] := '{}';
  event_ids uuid[] := '{}';
  types text[] := '{}';
  datas jsonb[] := '{}';
  metadatas jsonb[] := '{}';
  linked_fields text[] := '{}';  -- each event's chained fields after its position
  positions bigint[];
  hashes bytea[];
BEGIN
  IF EXISTS (SELECT 1 FROM events x
             WHERE x.event_id = ANY(ARRAY(SELECT (b->>'event_id')::uuid FROM jsonb_array_elements(batch) b))) THEN
    RETURN;
  END IF;
  SELECT coalesce(jsonb_object_agg(s.stream_id, s.version), '{}') INTO stored_versions FROM streams s
  WHERE s.stream_id = ANY(ARRAY(SELECT b->>'stream_id' FROM jsonb_array_elements(batch) b));
  FOR e IN SELECT * FROM jsonb_to_recordset(batch)
             AS r(ord int, stream_id text, expected bigint, event_id uuid, type text, data jsonb, metadata jsonb)
           ORDER BY r.ord LOOP
    IF e.stream_id IS DISTINCT FROM this_stream THEN
      this_stream := e.stream_id;
      this_version := coalesce((stored_versions->>this_stream)::bigint, 0);
      IF e.expected IS NOT NULL AND e.expected <> this_version THEN
        RETURN;
      END IF;
    END IF;
    this_version := this_version + 1;
    ords := ords || e.ord;
    stream_ids := stream_ids || this_stream;
    versions := versions || this_version;
    event_ids := event_ids || e.event_id;
    types := types || e.type;
    datas := datas || e.data;
    metadatas := metadatas || e.metadata;
    linked_fields := linked_fields || (length_prefixed(this_stream) || length_prefixed(this_version::text)
      || length_prefixed(e.event_id::text) || length_prefixed(e.type) || length_prefixed(e.data::text)
      || length_prefixed(e.metadata::text) || recorded_text);
  END LOOP;

  PERFORM set_config('synchronous_commit', 'off', true);  -- until the transaction ends
  PERFORM pg_advisory_xact_lock(7263510);
  -- Drawn in no promised order; sorted, they follow the batch.
  SELECT array_agg(p ORDER BY p) INTO positions
  FROM (SELECT nextval('events_position_seq') AS p FROM generate_series(1, cardinality(ords))) drawn;
  SELECT coalesce(c.hash, ''::bytea) INTO chain FROM event_chain_head c FOR UPDATE;
  hashes := array_fill(NULL::bytea, ARRAY[cardinality(ords)]);
  FOR i IN 1 .. cardinality(ords) LOOP
    chain := sha256(chain || convert_to(length_prefixed(positions[i]::text) || linked_fields[i], 'UTF8'));
    hashes[i] := chain;
  END LOOP;
  INSERT INTO events (position, stream_id, version, event_id, type, data, metadata, recorded_at, hash)
  SELECT u.position, u.stream_id, u.version, u.event_id, u.type, u.data, u.metadata, now(), u.hash
  FROM unnest(positions, stream_ids, versions, event_ids, types, datas, metadatas, hashes)
    AS u(position, stream_id, version, event_id, type, data, metadata, hash);
  INSERT INTO streams (stream_id, version)
  SELECT u.stream_id, max(u.version) FROM unnest(stream_ids, versions) AS u(stream_id, version) GROUP BY u.stream_id
  ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version;
  UPDATE event_chain_head SET position = positions[cardinality(positions)], hash = chain;
  PERFORM pg_notify(channel, positions[cardinality(positions)]::text);
  RETURN QUERY SELECT * FROM unnest(ords, positions, versions);
END $$;
