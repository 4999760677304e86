-- The digit search's trigram index moves off conversations_view to a table written once per
-- number. Every text updates its conversation's row, and because `last_at` (indexed for the
-- list) changes each time, no update is HOT: each one added a dozen trigram entries of an
-- unchanged number to the GIN index, 11% of the projector's time when re-projecting 178,612
-- inbound texts (docs/benchmarks.md). A number's digits never change, so they are indexed once.
CREATE TABLE conversation_phones (phone text PRIMARY KEY);
INSERT INTO conversation_phones (phone) SELECT phone FROM conversations_view;
DROP INDEX conversations_view_phone_digits;
-- On an expression (as in 0009), so that no equality on `phone` can pick it.
CREATE INDEX conversation_phones_digits ON conversation_phones USING gin (ltrim(phone, '+') gin_trgm_ops)
  WITH (gin_pending_list_limit = 256);
