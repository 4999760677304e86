#pragma once
// How both ways of appending commit (eventlog/append_one_call.cpp, append_with_context.cpp).
//
// Every appender takes a transaction-level lock (key 7263510) before drawing positions, so
// positions become visible in commit order and a reader may safely follow `position > checkpoint`.
// The lock is held until the commit ends, so with a synchronous commit every appender would wait
// out the previous one's WAL flush (milliseconds; docs/benchmarks.md) before it may even read.
// The batch therefore commits asynchronously (releasing the lock at once) and is made durable
// right after by a tiny synchronous transaction: its commit record comes later in the WAL, so
// flushing it flushes the batch, and only then is anyone told the batch was written. Meanwhile
// the next batch, on another connection, holds the lock. Whatever a crash loses was never
// acknowledged.

namespace crm::eventlog {

inline constexpr const char* async_commit_and_lock =
    "SET LOCAL synchronous_commit = off; SELECT pg_advisory_xact_lock(7263510)";
inline constexpr const char* flush_wal = "BEGIN; SELECT pg_current_xact_id(); COMMIT";

}  // namespace crm::eventlog
