-- A text that read as a request to stop texting (PossibleOptOutFlagged, FCC 24-24's "any
-- reasonable means") stands on its conversation until an agent resolves it: the JSON object
-- {messageSid, text, phrase, flaggedAt} the API shows, or NULL. Kept as text: the row is
-- written through jsonb_to_recordset, where a jsonb column would take the object as a string.
-- The conversations are projected again so rows of earlier flags have it.
ALTER TABLE conversations_view ADD COLUMN possible_opt_out text;
DELETE FROM conversations_view;
UPDATE projection_checkpoints SET position = 0 WHERE projection = 'conversations';
