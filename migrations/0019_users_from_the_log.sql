-- Users are event-sourced (streams user-<uuid>, domain/user_events.hpp): `users` becomes the
-- users projection's read model, which a rebuild replaces, so nothing may reference it and it
-- holds no secret. The password hash moves to user_credentials, which no rebuild touches: a
-- hash in the append-only log could never be erased, so the log records only that a password
-- changed. Rows already in `users` get their UserCreated at crmd's next start (team_service).
CREATE TABLE user_credentials (
  user_id       uuid PRIMARY KEY,
  password_hash text NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
INSERT INTO user_credentials (user_id, password_hash) SELECT id, password_hash FROM users;

ALTER TABLE sessions DROP CONSTRAINT sessions_user_id_fkey;
ALTER TABLE sessions ADD CONSTRAINT sessions_user_id_fkey
  FOREIGN KEY (user_id) REFERENCES user_credentials(user_id) ON DELETE CASCADE;

ALTER TABLE users DROP COLUMN password_hash;
ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true;
-- An email names one user, but that is the team's decision (domain/team.cpp): a unique index
-- here would stop the projector on the log's word rather than record it.
ALTER TABLE users DROP CONSTRAINT users_email_key;
CREATE INDEX users_email_lower ON users (lower(email));
INSERT INTO projection_checkpoints (projection, position) VALUES ('users', 0) ON CONFLICT DO NOTHING;
