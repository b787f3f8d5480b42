-- The same queries run in every dialect: they use only ANSI SQL that DuckDB, Spark and Trino
-- share (CTEs, COUNT(DISTINCT), scalar subqueries, UNION ALL).
--
-- A read is confirmed when an outsider (principal guest or external) read the record
-- successfully (outcome read) and the record is in the exposed set; formats.md §2.6 keeps
-- confirmed (logged) apart from exposed (readable). These definitions are the ones
-- `ajar investigate` uses for incident.json `confirmed`.

-- query: confirmed
-- The confirmed set: one row per exposed record that outsiders read.
WITH reads AS (
    SELECT record_id, event_time, event_date, ip, country
    FROM ajar_events
    WHERE principal IN ('guest', 'external') AND outcome = 'read' AND record_id IS NOT NULL
),
confirmed AS (
    SELECT x.record_id, x.object, x.person,
        MIN(r.event_time) AS first_read, MAX(r.event_time) AS last_read, COUNT(*) AS reads
    FROM ajar_exposed x JOIN reads r ON r.record_id = x.record_id
    GROUP BY x.record_id, x.object, x.person
)
SELECT record_id, object, person, first_read, last_read, reads
FROM confirmed
ORDER BY record_id;

-- query: totals
-- Records and persons confirmed, those read from abroad (a known country other than the home
-- country), and outsider reads of records outside the exposed set (a path the model missed).
WITH reads AS (
    SELECT record_id, country
    FROM ajar_events
    WHERE principal IN ('guest', 'external') AND outcome = 'read' AND record_id IS NOT NULL
),
confirmed AS (
    SELECT DISTINCT x.record_id, x.person
    FROM ajar_exposed x JOIN reads r ON r.record_id = x.record_id
),
abroad AS (
    SELECT DISTINCT c.record_id, c.person
    FROM confirmed c JOIN reads r ON r.record_id = c.record_id
    WHERE r.country IS NOT NULL AND UPPER(r.country) <> '{{home}}'
)
SELECT
    (SELECT COUNT(*) FROM confirmed) AS records,
    (SELECT COUNT(DISTINCT person) FROM confirmed) AS persons,
    (SELECT COUNT(*) FROM abroad) AS records_abroad,
    (SELECT COUNT(DISTINCT person) FROM abroad) AS persons_abroad,
    (SELECT COUNT(DISTINCT r.record_id)
        FROM reads r LEFT JOIN ajar_exposed x ON x.record_id = r.record_id
        WHERE x.record_id IS NULL) AS outside_exposed_set;

-- query: by_country
-- Confirmed records and persons per country of the reads; a record read from two countries
-- counts in both, a record whose reads have no known country counts as `unknown`.
WITH reads AS (
    SELECT record_id, country
    FROM ajar_events
    WHERE principal IN ('guest', 'external') AND outcome = 'read' AND record_id IS NOT NULL
),
confirmed AS (
    SELECT DISTINCT x.record_id, x.person
    FROM ajar_exposed x JOIN reads r ON r.record_id = x.record_id
),
record_countries AS (
    SELECT DISTINCT r.record_id, r.country
    FROM reads r
    WHERE r.country IS NOT NULL
    UNION ALL
    SELECT r.record_id, 'unknown' AS country
    FROM reads r
    GROUP BY r.record_id
    HAVING COUNT(r.country) = 0
)
SELECT rc.country, COUNT(*) AS records, COUNT(DISTINCT c.person) AS persons
FROM record_countries rc JOIN confirmed c ON c.record_id = rc.record_id
GROUP BY rc.country
ORDER BY rc.country;

-- query: by_ip
-- Per client IP: confirmed records it read, its country, and its first and last outsider
-- event (reads and attempts, any record).
WITH reads AS (
    SELECT record_id, ip
    FROM ajar_events
    WHERE principal IN ('guest', 'external') AND outcome = 'read' AND record_id IS NOT NULL
),
confirmed AS (
    SELECT DISTINCT x.record_id
    FROM ajar_exposed x JOIN reads r ON r.record_id = x.record_id
),
ips AS (
    SELECT ip, MIN(country) AS country, MIN(event_time) AS first_seen, MAX(event_time) AS last_seen
    FROM ajar_events
    WHERE principal IN ('guest', 'external') AND ip IS NOT NULL
    GROUP BY ip
)
SELECT i.ip, i.country, COUNT(DISTINCT r.record_id) AS records, i.first_seen, i.last_seen
FROM reads r
    JOIN confirmed c ON c.record_id = r.record_id
    JOIN ips i ON i.ip = r.ip
GROUP BY i.ip, i.country, i.first_seen, i.last_seen
ORDER BY i.ip;

-- query: by_day
-- Confirmed records per UTC day of their first outsider read.
WITH reads AS (
    SELECT record_id, event_date
    FROM ajar_events
    WHERE principal IN ('guest', 'external') AND outcome = 'read' AND record_id IS NOT NULL
),
firsts AS (
    SELECT x.record_id, MIN(r.event_date) AS first_day
    FROM ajar_exposed x JOIN reads r ON r.record_id = x.record_id
    GROUP BY x.record_id
)
SELECT first_day, COUNT(*) AS records
FROM firsts
GROUP BY first_day
ORDER BY first_day;
