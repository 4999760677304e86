-- pg_trgm's GIN operator class also answers `=`, and the planner preferred the trigram index on
-- conversations_view.phone to the primary key for `phone = ANY(...)`: the projector's look-up of
-- a batch's threads became a trigram scan that matched every number with the same digits
-- (60% of PostgreSQL's CPU under webhook load, perf). The digit search gets the same index on an
-- expression that no equality on `phone` can match; its queries say `ltrim(phone, '+') LIKE`.
DROP INDEX conversations_view_phone_digits;
CREATE INDEX conversations_view_phone_digits ON conversations_view USING gin (ltrim(phone, '+') gin_trgm_ops);
