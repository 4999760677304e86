CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The contacts read model, built only from the log by the contacts projection.
CREATE TABLE contacts_view (
  id            uuid PRIMARY KEY,
  first_name    text NOT NULL,
  last_name     text NOT NULL,
  email         text NOT NULL DEFAULT '',
  phone         text NOT NULL,
  status        text NOT NULL,
  tags          text[] NOT NULL DEFAULT '{}',
  sms_opt_in    boolean NOT NULL DEFAULT false,
  -- names, email and phone digits, lower-cased: one trigram index serves every search.
  search_text   text NOT NULL,
  doc           jsonb NOT NULL,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL
);
CREATE INDEX contacts_view_search ON contacts_view USING gin (search_text gin_trgm_ops);
CREATE INDEX contacts_view_status ON contacts_view (status, created_at DESC, id);
CREATE INDEX contacts_view_created ON contacts_view (created_at DESC, id);
CREATE INDEX contacts_view_tags ON contacts_view USING gin (tags);
CREATE INDEX contacts_view_opt_in ON contacts_view (sms_opt_in, created_at DESC, id);
CREATE INDEX contacts_view_phone ON contacts_view (phone);
