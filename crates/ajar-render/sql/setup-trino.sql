-- ajar: the investigation as SQL, Trino dialect (issue #9). Tables: docs/schema/.
-- Run: trino --catalog hive --file this.sql
-- The files stay where ajar wrote them (s3://, gs://, hdfs://): external tables of a Hive
-- catalog named `hive`, in schema `ajar`. Partition folders are registered by
-- sync_partition_metadata; re-run it after adding days.
CREATE SCHEMA IF NOT EXISTS hive.ajar;

CREATE TABLE IF NOT EXISTS hive.ajar.ajar_events (
    event_time timestamp(6),
    event_type varchar,
    principal varchar,
    principal_reason varchar,
    user_id varchar,
    ip varchar,
    country varchar,
    country_source varchar,
    outcome varchar,
    record_id varchar,
    object varchar,
    uri varchar,
    request_id varchar,
    user_agent varchar,
    source_file varchar,
    source_line bigint,
    event_date date
)
WITH (
    external_location = '{{events}}',
    format = 'PARQUET',
    partitioned_by = ARRAY['event_date']
);

CALL hive.system.sync_partition_metadata('ajar', 'ajar_events', 'FULL');

-- Columns are matched by name; the list column `items` (array(varchar)) is left out: the
-- queries do not use it.
CREATE TABLE IF NOT EXISTS hive.ajar.ajar_exposed (
    record_id varchar,
    object varchar,
    person bigint,
    window_start date,
    window_end date
)
WITH (
    external_location = '{{exposed}}',
    format = 'PARQUET'
);

USE hive.ajar;
