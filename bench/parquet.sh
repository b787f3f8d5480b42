#!/usr/bin/env bash
# Benchmark the scale-out path (issue #9): `ajar hunt --emit parquet` throughput (GB of CSV logs
# in per second), the compression ratio (CSV bytes / Parquet bytes), and DuckDB answering the
# same question (outsider successful reads per record and IP) over the Parquet versus over the
# raw CSV logs. One run.
#
# Usage: bench/parquet.sh [SCALE] [WORKDIR]
#   defaults: scale 10 of the `seed` scenario (~1 GB of logs), WORKDIR bench/.data-parquet
#   (deleted at the end unless KEEP=1). DuckDB comes from PyPI into target/duckdb-venv.
set -euo pipefail

SCALE=${1:-10}
source "$(dirname "$0")/lib.sh"
WORK=${2:-$ROOT/bench/.data-parquet}

cd "$ROOT"

rm -rf "$WORK"
mkdir -p "$WORK"
org=$WORK/org
lake=$WORK/lake
"$AJAR" --quiet synth --scenario seed --scale "$SCALE" --out "$org"
logs=$org/logs
bytes=$(find "$logs" -type f -name '*.csv*' -path '*/20*' -printf '%s\n' | awk '{s+=$1} END {printf "%.0f\n", s}')
# Warm the page cache.
find "$logs" -type f -path '*/20*' -exec cat {} + >/dev/null

hunt=("$AJAR" --quiet hunt "$logs" --users "$org/export/User.csv" --geoip "$org/geoip/ip-country.csv"
      --principal guest,external,internal,unknown --format json)
plain_m=$(measure "${hunt[@]}")
emit_m=$(measure "${hunt[@]}" --emit parquet "$lake")
pq=$(find "$lake" -type f -name '*.parquet' -printf '%s\n' | awk '{s+=$1} END {printf "%.0f\n", s}')
files=$(find "$lake" -type f -name '*.parquet' | wc -l)

Q_PARQUET="
SELECT record_id, ip, count(*) AS n
FROM read_parquet('$lake/events/*/*.parquet', hive_partitioning = true)
WHERE principal IN ('guest', 'external') AND outcome = 'read' AND record_id IS NOT NULL
GROUP BY record_id, ip"
Q_CSV="
SELECT rid, CLIENT_IP, count(*) AS n FROM (
  SELECT coalesce(nullif(URI_ID_DERIVED, ''),
                  regexp_extract(coalesce(URI, '') || ' ' || coalesce(QUERY, ''),
                                 '[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?', 0)) AS rid,
         CLIENT_IP
  FROM read_csv('$logs/*/*.csv*', union_by_name = true, all_varchar = true, header = true)
  WHERE USER_TYPE = 'Guest'
    AND (REQUEST_STATUS = 'S' OR STATUS_CODE LIKE '2%')
) WHERE rid <> '' GROUP BY rid, CLIENT_IP"
duck() {
  measure "$PY" -c "
import duckdb, sys
con = duckdb.connect()
con.execute('SET threads TO $(nproc)')
print(len(con.execute(sys.argv[1]).fetchall()))
" "$1"
}
dq_m=$(duck "$Q_PARQUET")
dc_m=$(duck "$Q_CSV")

"$PY" - "$SCALE" "$bytes" "$pq" "$files" "$plain_m" "$emit_m" "$dq_m" "$dc_m" <<'PYEOF'
import sys
scale, size, pq, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
def m(s):
    secs, rss = s.split()
    return float(secs), int(rss) / 1024
plain, emit, dq, dc = (m(x) for x in sys.argv[5:9])
print(f"scale {scale}: {size / 1e9:.2f} GB of CSV logs on disk (plain + gzip)")
print(f"  hunt, no emit      {plain[0]:8.2f} s  {size / plain[0] / 1e9:6.3f} GB/s  peak RSS {plain[1]:7.1f} MiB")
print(f"  hunt --emit parquet{emit[0]:8.2f} s  {size / emit[0] / 1e9:6.3f} GB/s  peak RSS {emit[1]:7.1f} MiB")
print(f"  parquet out        {pq / 1e6:8.1f} MB in {files} files; CSV/Parquet ratio {size / pq:.1f}x")
print(f"  duckdb over parquet{dq[0]:8.2f} s   over CSV {dc[0]:8.2f} s  ({dc[0] / dq[0]:.1f}x faster)")
PYEOF
[ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"
