-- A stream's version is the version of its last event, and the unique index on events
-- (stream_id, version) already answers it in one probe and already refuses two appends of one
-- version. The streams table kept a second copy: every batch upserted a row per stream under the
-- append lock, 124 of the 421 us the lock was held for an 18-event batch (docs/benchmarks.md).
-- It becomes a view over the log, so what read it still can, and nothing can drift from the log.
DROP TABLE streams;
CREATE VIEW streams AS SELECT stream_id, max(version) AS version FROM events GROUP BY stream_id;

-- The append of 0011 without the copy, and with less done before the lock:
-- - the versions come from events, one backward index probe per stream;
-- - a known event id is not looked for: the unique index on event_id fails the INSERT, nothing
--   is written, and the caller takes the detailed way, which finds it (a repeated webhook or a
--   retried batch is rare; the look-up cost 97 us on every batch);
-- - the batch is numbered and collected in one statement instead of a loop growing arrays.
-- Everything else is as 0011 explains (the hashes, the plan settings, the asynchronous commit).
CREATE OR REPLACE FUNCTION event_append_batch(batch jsonb, channel text)
  RETURNS TABLE (batch_ord int, event_position bigint, event_version bigint)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  SET plan_cache_mode = force_generic_plan SET enable_seqscan = off SET enable_hashjoin = off
  SET enable_mergejoin = off SET jit = off AS $$
DECLARE
  stale boolean;
  chain bytea;
  recorded_text text := length_prefixed(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'));
  ords int[];
  stream_ids text[];
  versions bigint[];
  event_ids uuid[];
  types text[];
  datas jsonb[];
  metadatas jsonb[];
  linked_fields text[];  -- each event's chained fields after its position
  positions bigint[];
  hashes bytea[];
BEGIN
  WITH given AS (
    SELECT r.*, row_number() OVER (PARTITION BY r.stream_id ORDER BY r.ord) AS nth
    FROM jsonb_to_recordset(batch)
      AS r(ord int, stream_id text, expected bigint, event_id uuid, type text, data jsonb, metadata jsonb)),
  numbered AS (
    SELECT g.*, coalesce(s.version, 0) AS stored, coalesce(s.version, 0) + g.nth AS version
    FROM given g LEFT JOIN LATERAL (SELECT x.version FROM events x WHERE x.stream_id = g.stream_id
                                    ORDER BY x.version DESC LIMIT 1) s ON true)
  SELECT bool_or(n.nth = 1 AND n.expected IS NOT NULL AND n.expected <> n.stored),
         array_agg(n.ord ORDER BY n.ord), array_agg(n.stream_id ORDER BY n.ord),
         array_agg(n.version ORDER BY n.ord), array_agg(n.event_id ORDER BY n.ord),
         array_agg(n.type ORDER BY n.ord), array_agg(n.data ORDER BY n.ord), array_agg(n.metadata ORDER BY n.ord),
         array_agg(length_prefixed(n.stream_id) || length_prefixed(n.version::text)
                   || length_prefixed(n.event_id::text) || length_prefixed(n.type) || length_prefixed(n.data::text)
                   || length_prefixed(n.metadata::text) || recorded_text ORDER BY n.ord)
  INTO stale, ords, stream_ids, versions, event_ids, types, datas, metadatas, linked_fields
  FROM numbered n;
  IF stale OR ords IS NULL THEN
    RETURN;
  END IF;

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
  UPDATE event_chain_head SET position = positions[cardinality(positions)], hash = chain;
  PERFORM pg_notify(channel, positions[cardinality(positions)]::text);
  RETURN QUERY SELECT * FROM unnest(ords, positions, versions);
END $$;
