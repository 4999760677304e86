-- An inbound text whose To is neither our number nor our Messaging Service's is kept (Twilio
-- delivered it to our webhook, and what a handset said is evidence) but marked, so an agent
-- sees that it was not sent to them. Earlier texts were all taken as ours.
ALTER TABLE messages_view ADD COLUMN foreign_to boolean NOT NULL DEFAULT false;
