-- Sessions end after a time without use (CRM_SESSION_IDLE_HOURS, 12 by default) as well as at
-- their absolute expiry: crmd records when a session was last used, at most every few minutes.
ALTER TABLE sessions ADD COLUMN last_seen_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX sessions_user ON sessions (user_id);
