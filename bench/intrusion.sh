#!/usr/bin/env bash
# Benchmark `ajar investigate --ioc` on a token-theft intrusion (issue #16) against DuckDB doing
# the heart of the same job by hand on the same raw files in the same run: read every ELF CSV, the
# ApiEvent export and the Data Export (LoginHistory.csv adds nothing to this question), select
# the actor's events by the indicator IPs plus the login keys they share, join ApiEvent `Records`
# IDs and REST `/sobjects/` reads to the export, evaluate the two logged queries' WHERE clauses
# and the bulk job in SQL as the records stood at each request, and count distinct records and
# persons by e-mail.
#
# Usage: bench/intrusion.sh [LOG_SCALE] [RECORDS_SCALE] [WORKDIR]
#   defaults: 620 (about 1 GB of logs) and 510 (about 1 M export rows across Account, Contact,
#   Case and Lead), WORKDIR bench/.data-intrusion (deleted at the end unless KEEP=1). The org is
#   `ajar synth --scenario token-theft --seed 1`; `--records-scale` (hidden) multiplies only the
#   export's record counts. DuckDB comes from PyPI into target/duckdb-venv.
set -euo pipefail

LOG_SCALE=${1:-620}
RECORDS_SCALE=${2:-510}
source "$(dirname "$0")/lib.sh"
WORK=${3:-$ROOT/bench/.data-intrusion}

cd "$ROOT"

# The records DuckDB finds are the same question as ajar's exposed records (the scenario's query
# shapes written out by hand, literals read from the logged SOQL), so both figures should agree;
# its persons are keyed by e-mail only, ajar's also by phone and name + phone.
DUCK_SQL=$(cat <<'SQL'
WITH ioc AS (
  SELECT value AS ip FROM read_csv('ORG/ioc.csv', all_varchar = true, header = true) WHERE type = 'ip'
), elf AS (
  SELECT EVENT_TYPE, TIMESTAMP_DERIVED AS ts, CLIENT_IP AS ip, LOGIN_KEY AS lk, URI, METHOD,
         STATUS_CODE, QUERY, ENTITY_TYPE, JOB_STATUS
  FROM read_csv('ORG/logs/*/*.csv', union_by_name = true, all_varchar = true, header = true)
), ev AS (
  SELECT SourceIp AS ip, LoginKey AS lk, Records
  FROM read_csv('ORG/logs/ApiEvent.csv', all_varchar = true, header = true)
), keys AS (
  SELECT lk FROM elf WHERE ip IN (SELECT ip FROM ioc) AND lk <> ''
  UNION SELECT lk FROM ev WHERE ip IN (SELECT ip FROM ioc) AND lk <> ''
), actor AS (
  SELECT * FROM elf WHERE ip IN (SELECT ip FROM ioc) OR lk IN (SELECT lk FROM keys)
), actor_ev AS (
  SELECT * FROM ev WHERE ip IN (SELECT ip FROM ioc) OR lk IN (SELECT lk FROM keys)
), acc AS (
  SELECT 'Account' AS obj, left(Id, 15) AS id, CAST(CreatedDate AS TIMESTAMP) AS created, NULL AS email
  FROM read_csv('ORG/export/Account.csv', all_varchar = true, header = true)
), con AS (
  SELECT 'Contact' AS obj, left(Id, 15) AS id, CAST(CreatedDate AS TIMESTAMP) AS created, Email AS email
  FROM read_csv('ORG/export/Contact.csv', all_varchar = true, header = true)
), lea AS (
  SELECT 'Lead' AS obj, left(Id, 15) AS id, CAST(CreatedDate AS TIMESTAMP) AS created, Email AS email, Status
  FROM read_csv('ORG/export/Lead.csv', all_varchar = true, header = true)
), cas AS (
  SELECT 'Case' AS obj, left(Id, 15) AS id, SuppliedEmail AS email
  FROM read_csv('ORG/export/Case.csv', all_varchar = true, header = true)
), logged AS (
  SELECT DISTINCT left(unnest(regexp_extract_all(Records, '"Id":"([a-zA-Z0-9]{18})"', 1)), 15) AS id
  FROM actor_ev WHERE Records <> ''
  UNION
  SELECT left(regexp_extract(URI, '/sobjects/\w+/([a-zA-Z0-9]{15,18})$', 1), 15)
  FROM actor WHERE EVENT_TYPE = 'RestApi' AND METHOD = 'GET' AND STATUS_CODE LIKE '2%'
    AND regexp_matches(URI, '/sobjects/\w+/[a-zA-Z0-9]{15,18}$')
), q AS (
  SELECT CAST(ts AS TIMESTAMP) AS at, QUERY FROM actor
  WHERE EVENT_TYPE = 'API' AND QUERY ILIKE 'SELECT %' AND QUERY NOT ILIKE 'SELECT COUNT()%'
), taken AS (
  SELECT obj, id, email FROM cas WHERE id IN (SELECT id FROM logged)
  UNION ALL
  SELECT c.obj, c.id, c.email FROM con c JOIN q
    ON q.QUERY ILIKE '% FROM Contact WHERE CreatedDate < %'
   AND c.created < CAST(regexp_extract(q.QUERY, 'CreatedDate < (\S+)', 1) AS TIMESTAMP)
   AND c.created <= q.at
  UNION ALL
  SELECT l.obj, l.id, l.email FROM lea l JOIN q
    ON q.QUERY ILIKE '% FROM Lead WHERE Status IN (%'
   AND list_contains(regexp_extract_all(regexp_extract(q.QUERY, 'Status IN \((.*)\)', 1),
                                        '''([^'']*)''', 1), l.Status)
   AND l.created <= q.at
  UNION ALL
  SELECT a.obj, a.id, a.email FROM acc a JOIN actor j
    ON j.EVENT_TYPE = 'BulkApi2' AND j.JOB_STATUS = 'JobComplete' AND j.ENTITY_TYPE = 'Account'
   AND a.created <= CAST(j.ts AS TIMESTAMP)
), t AS (
  SELECT DISTINCT obj, id, lower(trim(email)) AS email FROM taken
)
SELECT (SELECT count(*) FROM t) AS records,
       (SELECT count(DISTINCT email) FROM t WHERE email <> '') AS persons_by_email
SQL
)

org=$WORK/org out=$WORK/out
rm -rf "$org" "$out"
mkdir -p "$WORK"
echo "cores: $(nproc)"
"$AJAR" --quiet synth --scenario token-theft --seed 1 --scale "$LOG_SCALE" \
  --records-scale "$RECORDS_SCALE" --out "$org"
log_bytes=$(find "$org/logs" -type f -printf '%s\n' | awk '{s+=$1} END {printf "%.0f\n", s}')
export_bytes=$(find "$org/export" -type f -printf '%s\n' | awk '{s+=$1} END {printf "%.0f\n", s}')
export_rows=$(for o in Account Contact Case Lead; do "$PY" -c "
import csv, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    print(sum(1 for _ in csv.reader(f)) - 1)" "$org/export/$o.csv"; done | awk '{s+=$1} END {print s}')
find "$org" -type f -exec cat {} + >/dev/null

duck_m=$(measure "$PY" -c "
import duckdb, sys
con = duckdb.connect()
con.execute('SET threads TO $(nproc)')
open(sys.argv[2], 'w').write(' '.join(map(str, con.execute(sys.argv[1]).fetchone())))
" "${DUCK_SQL//ORG/$org}" "$WORK/duck.txt")
ajar_m=$(measure "$AJAR" --quiet investigate --metadata "$org/metadata" --export "$org/export" \
  --logs "$org/logs" --geoip "$org/geoip/ip-country.csv" --ioc "$org/ioc.csv" \
  --discovered 2025-08-20 --out "$out")
ajar_fig=$("$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['exposed']['records'], d['exposed']['persons'], d['confirmed'].get('records'))" "$out/incident.json")
truth_fig=$("$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['records_taken'], d['persons_taken'])" "$org/truth/truth.json")

"$PY" - "$LOG_SCALE" "$RECORDS_SCALE" "$log_bytes" "$export_bytes" "$export_rows" "$duck_m" "$ajar_m" \
  "$ajar_fig" "$(cat "$WORK/duck.txt")" "$truth_fig" <<'PYEOF'
import sys
log_scale, rec_scale = sys.argv[1], sys.argv[2]
logs, export, rows = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
size = logs + export
print(f"scale {log_scale}, records scale {rec_scale}: {logs / 1e9:.2f} GB of logs, "
      f"{export / 1e9:.2f} GB of export ({rows:,} Account/Contact/Case/Lead rows)")
rows_t = []
for name, m in (("duckdb", sys.argv[6]), ("ajar investigate", sys.argv[7])):
    secs, rss = m.split()
    rows_t.append(float(secs))
    print(f"  {name:<17} {float(secs):8.2f} s {size / float(secs) / 1e9:6.2f} GB/s  peak RSS {int(rss) / 1024:7.1f} MiB")
rec, persons, confirmed = sys.argv[8].split()
print(f"  ajar: taken {rec} records, {persons} persons; confirmed {confirmed}")
d_rec, d_persons = sys.argv[9].split()
print(f"  duckdb: taken {d_rec} records, {d_persons} persons by e-mail")
t_rec, t_persons = sys.argv[10].split()
print(f"  truth: taken {t_rec} records, {t_persons} persons")
print(f"  ajar / duckdb speed: {rows_t[0] / rows_t[1]:.2f}x")
PYEOF
[ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"
