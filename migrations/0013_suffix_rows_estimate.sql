-- contact_phone_suffixes_of returns one suffix per digit after the second (9 for a NANP number),
-- but the planner assumes 1,000 rows from any set-returning function. The contacts projection's
-- upsert was then costed as deleting 1.6 million suffixes (a merge join over the whole index)
-- when it deletes none, and past jit_above_cost it was compiled on every call (crmd now turns
-- JIT off as well: eventlog/prepared_sql.hpp). With the true size the plans are nested loops
-- over the few rows a batch moves.
ALTER FUNCTION contact_phone_suffixes_of(text) ROWS 12;
