// The projection template: one column list gives the select, the upsert, the recordset JSON and
// the COPY row, in the same column order.

#include <gtest/gtest.h>

#include "projections/row_table.hpp"

namespace crm::projections {
namespace {

struct toy_row {
  std::string id;
  nullable_text note;
  std::string tags = "[]";
  nullable_text seen_at;
  long long count = 0;
  bool flag = false;
  nullable_text owner;
};

const auto toy_table = make_row_table("toys", col("id", "text", &toy_row::id, on_conflict::key),
                                      col("note", "text", &toy_row::note, on_conflict::updated),
                                      col("tags", "jsonb", &toy_row::tags),
                                      col("seen_at", "timestamptz", &toy_row::seen_at, on_conflict::updated),
                                      col("count", "int", &toy_row::count, on_conflict::updated),
                                      col("flag", "boolean", &toy_row::flag), col("owner", "uuid", &toy_row::owner));

TEST(row_table, selects_every_column_as_the_fold_reads_it) {
  EXPECT_EQ(toy_table.select_where("id = $1"),
            "SELECT id, note, tags::text, to_char(seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), "
            "count, flag, owner::text FROM toys WHERE id = $1");
}

TEST(row_table, upserts_from_a_recordset_updating_only_the_updated_columns) {
  EXPECT_EQ(
      toy_table.upsert(),
      "INSERT INTO toys (id, note, tags, seen_at, count, flag, owner) SELECT id, note, tags, seen_at, count, flag, "
      "owner FROM jsonb_to_recordset($1::jsonb) AS r(id text, note text, tags jsonb, seen_at timestamptz, "
      "count int, flag boolean, owner uuid) ON CONFLICT (id) DO UPDATE SET note = EXCLUDED.note, "
      "seen_at = EXCLUDED.seen_at, count = EXCLUDED.count");
}

TEST(row_table, writes_a_row_as_recordset_json_with_nulls_and_jsonb_as_json) {
  toy_row row;
  row.id = "a\"1";
  row.tags = "[\"x\"]";
  row.seen_at = "2026-01-01T00:00:00.000000Z";
  row.count = 3;
  row.flag = true;
  recordset_json out;
  toy_table.write(out, row);
  EXPECT_EQ(out.rows(), 1u);
  EXPECT_EQ(out.text(),
            "[{\"id\":\"a\\\"1\",\"note\":null,\"tags\":[\"x\"],\"seen_at\":\"2026-01-01T00:00:00.000000Z\","
            "\"count\":3,\"flag\":true,\"owner\":null}]");
}

TEST(row_table, gives_a_copy_row_in_column_order) {
  toy_row row;
  row.id = "a";
  row.note = "n";
  row.count = 7;
  auto copy = toy_table.copy_row_of(row);
  ASSERT_EQ(copy.size(), 7u);
  EXPECT_EQ(copy[0].text, "a");
  EXPECT_EQ(copy[1].text, "n");
  EXPECT_EQ(copy[2].text, "[]");
  EXPECT_TRUE(copy[3].null);
  EXPECT_EQ(copy[4].text, "7");
  EXPECT_EQ(copy[5].text, "f");
  EXPECT_TRUE(copy[6].null);
}

}  // namespace
}  // namespace crm::projections
