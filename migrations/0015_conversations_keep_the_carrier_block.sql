-- After an opt-out keyword, a number stays opted out until the handset texts START, YES or
-- UNSTOP (domain/consent_ledger.hpp): Twilio refuses every send to it meanwhile. The row keeps
-- that part of the ledger, so a checkbox grant or an OPT IN text in between leaves the
-- conversation opted out. The conversations are projected again from the log so every row
-- follows the rule (the projector starts this projection from position 0; the others go on).
ALTER TABLE conversations_view ADD COLUMN stopped_by_keyword boolean NOT NULL DEFAULT false;
DELETE FROM conversations_view;
UPDATE projection_checkpoints SET position = 0 WHERE projection = 'conversations';
