-- ajar: the investigation as SQL, Spark SQL dialect (issue #9). Tables: docs/schema/.
-- Run: spark-sql -f this.sql  (paths may be s3a://, gs://, hdfs:// folders).
-- Spark discovers the event_date=YYYY-MM-DD partitions from the folder names.
CREATE OR REPLACE TEMPORARY VIEW ajar_events AS
SELECT * FROM parquet.`{{events_bt}}`;

CREATE OR REPLACE TEMPORARY VIEW ajar_exposed AS
SELECT * FROM parquet.`{{exposed_bt}}`;
