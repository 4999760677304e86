-- 0009 recreated the digit-search index after 0008 had set the pending lists of the read models'
-- GIN indexes; this one gets an entry for every text too, so it merges at 256 kB like the others
-- (a full 4 MB list cost every search a scan of it).
ALTER INDEX conversations_view_phone_digits SET (gin_pending_list_limit = 256);
