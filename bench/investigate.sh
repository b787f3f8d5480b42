#!/usr/bin/env bash
# Benchmark `ajar investigate` at two input sizes (issue #8: peak RSS must not grow with the
# logs), against DuckDB doing the heart of the same job on the same raw files in the same run:
# read the Data Export and every log, pick the records the site guest user owns, count distinct
# persons, and join the guest reads to them.
#
# Usage: bench/investigate.sh [SMALL_SCALE] [LARGE_SCALE] [WORKDIR]
#   defaults: 1 (the seed case, ~0.1 GB of logs) and 10 (~1 GB), WORKDIR bench/.data-investigate
#   (deleted at the end unless KEEP=1). `--scale` multiplies the log volume; the export (89,141
#   applications) is the seed's at every scale. DuckDB comes from PyPI into target/duckdb-venv.
#
#        bench/investigate.sh --records SMALL_N LARGE_N [SCALE] [WORKDIR]
#   issue #19: the export's size instead, `synth --records N` (e.g. 1000000 and 10000000) with
#   the logs at `--scale SCALE` (default 1; 100 is about 10 GB), ajar alone, measured with GNU
#   time (`/usr/bin/time -v`): wall, peak RSS, and the large size's ratios to the small one's.
set -euo pipefail

if [ "${1:-}" = --records ]; then
  SMALL_N=${2:?records for the small size}
  LARGE_N=${3:?records for the large size}
  SCALE=${4:-1}
  source "$(dirname "$0")/lib.sh"
  WORK=${5:-$ROOT/bench/.data-investigate}
  mkdir -p "$WORK"
  echo "cores: $(nproc); logs at --scale $SCALE"
  results=()
  for n in "$SMALL_N" "$LARGE_N"; do
    org=$WORK/org-$n out=$WORK/out-$n
    rm -rf "$org" "$out"
    "$AJAR" --quiet synth --scenario seed --records "$n" --scale "$SCALE" --out "$org"
    size=$(du -sb "$org/logs" "$org/export" | awk '{s+=$1} END {printf "%.2f", s/1e9}')
    /usr/bin/time -v -o "$WORK/time-$n.txt" "$AJAR" --quiet investigate --metadata "$org/metadata" \
      --export "$org/export" --logs "$org/logs" --history "$org/history" \
      --geoip "$org/geoip/ip-country.csv" --audit-locale en_US --discovered 2020-11-24 \
      --as-of-now 2020-11-24 --out "$out" >/dev/null || [ $? = 1 ]
    wall=$(awk -F': ' '/Elapsed/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$WORK/time-$n.txt")
    rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$WORK/time-$n.txt")
    figures=$("$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['exposed']['records'], d['exposed']['persons'], d['confirmed'].get('records'))" "$out/incident.json")
    printf '%s records: %s GB of logs and export; wall %.2f s, peak RSS %.1f MiB; exposed, persons, confirmed: %s\n' \
      "$n" "$size" "$wall" "$(echo "$rss / 1024" | bc -l)" "$figures"
    results+=("$wall $rss")
    [ "${KEEP:-0}" = 1 ] || rm -rf "$org" "$out"
  done
  read -r w1 r1 <<<"${results[0]}"
  read -r w2 r2 <<<"${results[1]}"
  printf 'ratios %s / %s records: wall %.2fx, peak RSS %.2fx (records %.1fx)\n' "$LARGE_N" "$SMALL_N" \
    "$(echo "$w2 / $w1" | bc -l)" "$(echo "$r2 / $r1" | bc -l)" "$(echo "$LARGE_N / $SMALL_N" | bc -l)"
  [ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"
  exit 0
fi

SMALL=${1:-1}
LARGE=${2:-10}
source "$(dirname "$0")/lib.sh"
WORK=${3:-$ROOT/bench/.data-investigate}

cd "$ROOT"

# The seed's exposure in SQL: the applications owned by the site's guest user (every one a visitor
# filed before the default owner, readable with the guest profile's Read), persons by name + phone
# digits, and the exposed records a guest read successfully through a URI. A
# simpler question than ajar's (no cut-off at the fix, every guest user's records, a naive person key,
# URI reads only), so its figures are printed beside ajar's, not expected to match: the point is
# the cost of reading the same files and joining them.
DUCK_SQL=$(cat <<'SQL'
WITH app AS (
  SELECT * FROM read_csv('ORG/export/Balance_Transfer_Application__c.csv', all_varchar = true, header = true)
), guest AS (
  SELECT Id FROM read_csv('ORG/export/User.csv', all_varchar = true, header = true)
  WHERE UserType = 'Guest'
), exposed AS (
  SELECT Id, Applicant_Name__c AS name, regexp_replace(Broken_Device_Phone__c, '[^0-9]', '', 'g') AS phone
  FROM app WHERE OwnerId IN (SELECT Id FROM guest)
), reads AS (
  SELECT DISTINCT left(coalesce(nullif(URI_ID_DERIVED, ''),
                  regexp_extract(coalesce(URI, '') || ' ' || coalesce(QUERY, ''),
                                 '[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?', 0)), 15) AS rid
  FROM read_csv('ORG/logs/*/*.csv*', union_by_name = true, all_varchar = true, header = true)
  WHERE USER_TYPE = 'Guest' AND (REQUEST_STATUS = 'S' OR STATUS_CODE LIKE '2%')
)
SELECT (SELECT count(*) FROM exposed) AS records,
       (SELECT count(DISTINCT (name, phone)) FROM exposed) AS persons,
       (SELECT count(*) FROM exposed e JOIN reads r ON left(e.Id, 15) = r.rid) AS read
SQL
)

run_size() {
  local scale=$1
  local org=$WORK/org-$scale out=$WORK/out-$scale
  rm -rf "$org" "$out"
  "$AJAR" --quiet synth --scenario seed --scale "$scale" --out "$org"
  local bytes
  bytes=$(find "$org/logs" "$org/export" -type f -printf '%s\n' | awk '{s+=$1} END {printf "%.0f\n", s}')
  find "$org" -type f -exec cat {} + >/dev/null

  local duck_m ajar_m
  duck_m=$(measure "$PY" -c "
import duckdb, sys
con = duckdb.connect()
con.execute('SET threads TO $(nproc)')
open(sys.argv[2], 'w').write(' '.join(map(str, con.execute(sys.argv[1]).fetchone())))
" "${DUCK_SQL//ORG/$org}" "$WORK/duck-$scale.txt")
  ajar_m=$(measure "$AJAR" --quiet investigate --metadata "$org/metadata" --export "$org/export" \
    --logs "$org/logs" --history "$org/history" --geoip "$org/geoip/ip-country.csv" \
    --audit-locale en_US --discovered 2020-11-24 --as-of-now 2020-11-24 --out "$out")
  local persons confirmed
  persons=$("$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['exposed']['records'], d['exposed']['persons'], d['confirmed'].get('records'), d['confirmed'].get('records_abroad'))" "$out/incident.json")

  "$PY" - "$scale" "$bytes" "$duck_m" "$ajar_m" "$persons" "$(cat "$WORK/duck-$scale.txt")" <<'PYEOF'
import sys
scale, size = sys.argv[1], int(sys.argv[2])
print(f"scale {scale}: {size / 1e9:.2f} GB of logs and export on disk")
rows = []
for name, m in (("duckdb", sys.argv[3]), ("ajar investigate", sys.argv[4])):
    secs, rss = m.split()
    rows.append((name, float(secs), int(rss)))
    print(f"  {name:<17} {float(secs):8.2f} s {size / float(secs) / 1e9:6.2f} GB/s  peak RSS {int(rss) / 1024:7.1f} MiB")
rec, persons, confirmed, abroad = sys.argv[5].split()
print(f"  ajar: exposed {rec} records, {persons} persons; confirmed {confirmed}, abroad {abroad}")
d_rec, d_persons, d_read = sys.argv[6].split()
print(f"  duckdb (simpler question): {d_rec} records, {d_persons} persons, {d_read} read by a guest URI")
print(f"  ajar / duckdb speed: {rows[0][1] / rows[1][1]:.2f}x")
PYEOF
  [ "${KEEP:-0}" = 1 ] || rm -rf "$org" "$out"
}

mkdir -p "$WORK"
echo "cores: $(nproc)"
run_size "$SMALL"
run_size "$LARGE"
[ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"
