-- The contact list without per-request counting and with a digit search that an index can
-- narrow (docs/benchmarks.md, "Foundation").

-- search_text held the phone digits too, and trigrams of 11 digits drawn from 10 are in nearly
-- every row ('619', '195'): a digit search rechecked most of the table. Names and email keep
-- the trigram index; the digits get one of their own. Both are generated, so no writer can let
-- them drift from the columns they come from. translate() lower-cases A-Z only, as the C++
-- that wrote search_text did (std::tolower in the C locale).
ALTER TABLE contacts_view DROP COLUMN search_text;
ALTER TABLE contacts_view ADD COLUMN search_text text NOT NULL GENERATED ALWAYS AS (
  translate(first_name || ' ' || last_name || ' ' || email, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')
) STORED;
ALTER TABLE contacts_view ADD COLUMN phone_digits text NOT NULL GENERATED ALWAYS AS (
  regexp_replace(phone, '[^0-9]', '', 'g')
) STORED;
CREATE INDEX contacts_view_search ON contacts_view USING gin (search_text gin_trgm_ops);
CREATE INDEX contacts_view_phone_digits ON contacts_view USING gin (phone_digits gin_trgm_ops);

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
