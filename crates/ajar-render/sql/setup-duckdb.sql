-- ajar: the investigation as SQL, DuckDB dialect (issue #9). Tables: docs/schema/.
-- Run: duckdb -c ".read this.sql"  (or the Python package: duckdb.sql(...)).
-- The events table is Hive-partitioned by event_date (UTC day); DuckDB reads the folder names.
CREATE OR REPLACE TEMP VIEW ajar_events AS
SELECT * FROM read_parquet('{{events}}/*/*.parquet', hive_partitioning = true);

CREATE OR REPLACE TEMP VIEW ajar_exposed AS
SELECT * FROM read_parquet('{{exposed}}/*.parquet');
