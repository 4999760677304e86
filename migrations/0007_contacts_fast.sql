-- The contact list without per-request counting and with a digit search that an index can
-- narrow (docs/benchmarks.md, "Foundation"; docs/architecture.md, "Read models").

-- search_text held the phone digits too, and trigrams of 11 digits drawn from 10 are in nearly
-- every row ('619', '195'): a digit search rechecked most of the table. Names and email keep
-- the trigram index; the digits get an index of their own (below). Both columns are generated,
-- so no writer can let them drift from the columns they come from. translate() lower-cases A-Z
-- only, as the C++ that wrote search_text did (std::tolower in the C locale).
ALTER TABLE contacts_view DROP COLUMN search_text;
ALTER TABLE contacts_view ADD COLUMN search_text text NOT NULL GENERATED ALWAYS AS (
  translate(first_name || ' ' || last_name || ' ' || email, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')
) STORED;
ALTER TABLE contacts_view ADD COLUMN phone_digits text NOT NULL GENERATED ALWAYS AS (
  regexp_replace(phone, '[^0-9]', '', 'g')
) STORED;
-- A small pending list: a GIN index queues new entries in one that every search scans in full
-- until it is merged, and with the default 4 MB a search took 20-60 ms right after a
-- bulk load instead of 0.5. At 128 kB the projector merges it often, for about what the queue
-- saves it (fastupdate off cost it a third more per contact).
CREATE INDEX contacts_view_search ON contacts_view USING gin (search_text gin_trgm_ops) WITH (gin_pending_list_limit = 128);
ALTER INDEX contacts_view_tags SET (gin_pending_list_limit = 128);

-- Every suffix of at least 3 digits of every contact's number: digits found anywhere in a
-- number are a prefix of one of its suffixes, so a digit search is a range scan of this index
-- returning exactly the matches, newest first by the included created_at, without touching
-- contacts_view (a trigram scan of '619 500' walked posting lists of every row and rechecked
-- a thousand heap pages). Kept by the contacts projection; searches of 1-2 digits walk the
-- newest contacts instead (they match most numbers anyway).
CREATE TABLE contact_phone_suffixes (
  suffix      text COLLATE "C" NOT NULL,
  contact_id  uuid NOT NULL,
  created_at  timestamptz NOT NULL
);
CREATE INDEX contact_phone_suffixes_suffix ON contact_phone_suffixes (suffix, contact_id) INCLUDE (created_at);

CREATE FUNCTION contact_phone_suffixes_of(digits text) RETURNS SETOF text LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT substr(digits, i) FROM generate_series(1, length(digits) - 2) AS i
$$;

INSERT INTO contact_phone_suffixes (suffix, contact_id, created_at)
SELECT x.suffix, c.id, c.created_at FROM contacts_view c, contact_phone_suffixes_of(c.phone_digits) AS x(suffix);

-- How many contacts each (tag, status, opt-in) has, kept by the contacts projection in the
-- transaction of its rows, so a filtered list's total is a sum over a few rows instead of a
-- count over tens of thousands. tag '' counts every contact; any other tag counts the contacts
-- carrying it (once each). A key whose count reaches zero is removed, so the table is the same
-- whether built here or by a replay.
CREATE TABLE contact_counts (
  tag         text NOT NULL,
  status      text NOT NULL,
  sms_opt_in  boolean NOT NULL,
  contacts    bigint NOT NULL,
  PRIMARY KEY (tag, status, sms_opt_in)
);
INSERT INTO contact_counts (tag, status, sms_opt_in, contacts)
SELECT k.tag, k.status, k.sms_opt_in, count(*)
FROM (SELECT '' AS tag, status, sms_opt_in FROM contacts_view
      UNION ALL
      SELECT t.tag, c.status, c.sms_opt_in
      FROM contacts_view c, LATERAL (SELECT DISTINCT u AS tag FROM unnest(c.tags) u WHERE u <> '') t) k
GROUP BY k.tag, k.status, k.sms_opt_in;
