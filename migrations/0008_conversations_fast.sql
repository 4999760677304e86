-- The conversation list reads conversations_view in recency order, and only rows with texts
-- (a thread that has only a contact or a consent change is not a conversation yet). A partial
-- index on exactly those rows, holding the two sort keys, lets a page (even skip=5000) and the
-- count of conversations walk the index alone, visiting the table only for the 50 rows shown
-- (and for pages whose visibility bits an update has cleared since the last vacuum).
-- It replaces conversations_view_recent, which served the same order with a filter on the
-- table: every text rewrites its conversation's last_at, so each index costs the projector a
-- write per text.
CREATE INDEX conversations_view_listed ON conversations_view (last_at DESC NULLS LAST, phone) WHERE message_count > 0;
DROP INDEX conversations_view_recent;

-- A GIN index takes new entries into a pending list that every search reads in full until it is
-- merged, at gin_pending_list_limit (4 MB by default) or by vacuum; messages_view only grows, so
-- insert-triggered autovacuum comes after a fifth of its size, and the list was always full:
-- 2.6 ms of every message-text lookup, which name and digit searches also make. Merging at
-- 256 kB bounds that to a few tenths of a millisecond, for smaller, more frequent merges.
-- (contacts_view_search has its own, 128 kB, since 0007.)
ALTER INDEX messages_view_body SET (gin_pending_list_limit = 256);
