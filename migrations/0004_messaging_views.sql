-- Read models of messaging, built only from the log by the messages and conversations projections.

CREATE TABLE messages_view (
  id                text PRIMARY KEY,          -- message id: a uuid (outbound) or Twilio's sid (inbound, imported)
  thread_phone      text NOT NULL,             -- the other party, E.164
  sid               text UNIQUE,
  direction         text NOT NULL,             -- inbound | outbound
  from_number       text NOT NULL DEFAULT '',
  to_number         text NOT NULL DEFAULT '',
  body              text NOT NULL DEFAULT '',
  media_urls        jsonb NOT NULL DEFAULT '[]',
  status            text NOT NULL,
  error_code        integer,
  error_message     text,
  num_segments      integer,
  price             text,
  price_unit        text,
  contact_id        uuid,
  sent_by           text,
  twilio_created_at timestamptz,
  delivered_at      timestamptz,
  created_at        timestamptz NOT NULL,
  sort_at           timestamptz NOT NULL,      -- Twilio's time for imported messages, else created_at
  position          bigint NOT NULL
);
CREATE INDEX messages_view_thread ON messages_view (thread_phone, sort_at, position);
CREATE INDEX messages_view_contact ON messages_view (contact_id, sort_at, position) WHERE contact_id IS NOT NULL;
CREATE INDEX messages_view_body ON messages_view USING gin (lower(body) gin_trgm_ops);

CREATE TABLE conversations_view (
  phone             text PRIMARY KEY,
  contact_id        uuid,
  last_message_id   text,
  last_body         text,
  last_direction    text,
  last_status       text,
  last_at           timestamptz,
  unread_count      integer NOT NULL DEFAULT 0,
  message_count     integer NOT NULL DEFAULT 0,
  opt_in_status     text NOT NULL DEFAULT 'none',
  last_read_at      timestamptz,
  position          bigint NOT NULL            -- the log position of the latest change
);
CREATE INDEX conversations_view_recent ON conversations_view (last_at DESC NULLS LAST, phone);
CREATE INDEX conversations_view_contact ON conversations_view (contact_id);
CREATE INDEX conversations_view_phone_digits ON conversations_view USING gin (phone gin_trgm_ops);

-- ISO 8601 UTC with milliseconds, as the API shows every time.
CREATE FUNCTION crm_iso(t timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;
