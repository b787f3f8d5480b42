#!/usr/bin/env bash
# Benchmark `ajar hunt` against DuckDB and `cat` on the same generated logs (issue #6).
#
# Usage: bench/hunt.sh [SMALL_SCALE] [LARGE_SCALE] [WORKDIR]
#   defaults: 9 (~1 GB of logs) and 45 (~5 GB), WORKDIR bench/.data (deleted at the end
#   unless KEEP=1).
# Prints, per size: input bytes, wall time, GB/s and peak RSS of `cat` (the I/O ceiling),
# DuckDB (PyPI `duckdb`, installed in target/duckdb-venv by bench/lib.sh) running the equivalent SQL, and ajar hunt;
# then ajar's throughput ratio to DuckDB. Runs on however many cores the machine has (the
# goal is stated for 2).
set -euo pipefail

SMALL=${1:-9}
LARGE=${2:-45}
source "$(dirname "$0")/lib.sh"
WORK=${3:-$ROOT/bench/.data}

cd "$ROOT"

DUCK_SQL=$(cat <<'SQL'
SELECT rid, CLIENT_IP, count(*) AS n FROM (
  SELECT coalesce(nullif(URI_ID_DERIVED, ''),
                  regexp_extract(coalesce(URI, '') || ' ' || coalesce(QUERY, ''),
                                 '[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?', 0)) AS rid,
         CLIENT_IP
  FROM read_csv('LOGS/*/*.csv*', union_by_name = true, all_varchar = true, header = true)
  WHERE USER_TYPE = 'Guest'
    AND (REQUEST_STATUS = 'S' OR STATUS_CODE LIKE '2%')
) WHERE rid <> '' GROUP BY rid, CLIENT_IP
SQL
)

run_size() {
  local scale=$1
  local org=$WORK/org-$scale
  rm -rf "$org"
  "$AJAR" --quiet synth --scenario seed --scale "$scale" --out "$org"
  local logs=$org/logs
  local bytes raw
  bytes=$(find "$logs" -type f -name '*.csv*' -path '*/20*' -printf '%s\n' | awk '{s+=$1} END {printf "%.0f\n", s}')
  raw=$(find "$logs" -type f -path '*/20*' \( -name '*.csv' -printf '%s\n' \) | awk '{s+=$1} END {printf "%.0f\n", s}')
  # Warm the page cache so that every contender reads from memory.
  find "$logs" -type f -path '*/20*' -exec cat {} + >/dev/null

  local cat_m duck_m ajar_m
  cat_m=$(measure sh -c "find '$logs' -type f -path '*/20*' -exec cat {} + >/dev/null")
  duck_m=$(measure "$PY" -c "
import duckdb, sys
con = duckdb.connect()
con.execute('SET threads TO $(nproc)')
n = con.execute(sys.argv[1]).fetchall()
print(len(n))
" "${DUCK_SQL//LOGS/$logs}")
  ajar_m=$(measure "$AJAR" --quiet hunt "$logs" --principal guest --users "$org/export/User.csv" --format json)

  "$PY" - "$scale" "$bytes" "$raw" "$cat_m" "$duck_m" "$ajar_m" <<'PYEOF'
import sys
scale, size, raw = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rows = []
for name, m in (("cat", sys.argv[4]), ("duckdb", sys.argv[5]), ("ajar hunt", sys.argv[6])):
    secs, rss = m.split()
    rows.append((name, float(secs), int(rss)))
print(f"scale {scale}: {size / 1e9:.2f} GB on disk ({raw / 1e9:.2f} GB plain CSV, rest gzip)")
for name, secs, rss in rows:
    print(f"  {name:<10} {secs:8.2f} s {size / secs / 1e9:7.2f} GB/s  peak RSS {rss / 1024:7.1f} MiB")
duck, ajar = rows[1][1], rows[2][1]
print(f"  ajar / duckdb throughput: {duck / ajar:.2f}x; ajar / cat: {rows[0][1] / ajar:.2f}x")
PYEOF
  [ "${KEEP:-0}" = 1 ] || rm -rf "$org"
}

mkdir -p "$WORK"
echo "cores: $(nproc)"
run_size "$SMALL"
run_size "$LARGE"
[ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"
