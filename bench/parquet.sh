#!/usr/bin/env bash
# Benchmark the scale-out path (issues #9, #19): `ajar hunt --emit parquet` over every principal
# (every row becomes an event row), its throughput in GB of plain CSV per second, the
# compression ratio (CSV bytes / Parquet bytes), and DuckDB answering the same question
# (outsider successful reads per record and IP) over the Parquet versus over the CSV logs.
#
# Usage: bench/parquet.sh [SMALL_SCALE] [LARGE_SCALE] [WORKDIR]
#   defaults: 3 (~0.33 GB of CSV) and 9 (~1 GB) of the `seed` scenario; WORKDIR bench/.data-parquet
#   (deleted at the end unless KEEP=1). DuckDB comes from PyPI into target/duckdb-venv.
# The logs are decompressed first (issue #19's 0.4 GB/s target is for plain CSV; the generated
# logs are part gzip), so the figures are of the parser and the encoder, without inflate. Each
# `hunt` figure is the median of RUNS runs (default 3); the lake folder is removed before each
# run, outside the timing. DuckDB runs once per query. With PGO=1 the two hunts are also timed
# with the release build optimised by bench/pgo.sh (about 15 minutes more to build), in the
# same run, and its lake must equal the plain build's.
set -euo pipefail
export RUNS=${RUNS:-3}

SMALL=${1:-3}
LARGE=${2:-9}
source "$(dirname "$0")/lib.sh"
use_pgo
WORK=${3:-$ROOT/bench/.data-parquet}

cd "$ROOT"

run_size() {
  local scale=$1
  local org=$WORK/org-$scale
  local lake=$WORK/lake-$scale
  rm -rf "$org" "$lake"
  "$AJAR" --quiet synth --scenario seed --scale "$scale" --out "$org"
  # The logs decompressed, each file under its own name (ajar goes by content, not name).
  local logs=$org/plain-logs
  local f
  while IFS= read -r f; do
    mkdir -p "$logs/$(dirname "${f#"$org/logs"/}")"
    zcat -f "$f" >"$logs/${f#"$org/logs"/}"
  done < <(find "$org/logs" -type f -path '*/20*')
  local bytes
  bytes=$(find "$logs" -type f -printf '%s\n' | awk '{s+=$1} END {printf "%.0f\n", s}')
  # Warm the page cache.
  find "$logs" -type f -exec cat {} + >/dev/null

  local hunt=("$AJAR" --quiet hunt "$logs" --users "$org/export/User.csv"
    --geoip "$org/geoip/ip-country.csv" --principal guest,external,internal,unknown --format json)
  local plain_m emit_m pgo_plain_m=- pgo_emit_m=-
  plain_m=$(measure "${hunt[@]}")
  emit_m=$(BEFORE="rm -rf '$lake'" measure "${hunt[@]}" --emit parquet "$lake")
  if [ -n "$AJAR_PGO" ]; then
    # The same runs with the PGO build (PGO=1), its lake compared with the plain build's.
    pgo_plain_m=$(measure "$AJAR_PGO" "${hunt[@]:1}")
    pgo_emit_m=$(BEFORE="rm -rf '$lake-pgo'" measure "$AJAR_PGO" "${hunt[@]:1}" --emit parquet "$lake-pgo")
    diff -r "$lake" "$lake-pgo" >/dev/null || { echo "the PGO build wrote another lake" >&2; exit 2; }
    rm -rf "$lake-pgo"
  fi
  local pq files
  pq=$(find "$lake" -type f -name '*.parquet' -printf '%s\n' | awk '{s+=$1} END {printf "%.0f\n", s}')
  files=$(find "$lake" -type f -name '*.parquet' | wc -l)

  local q_parquet="
SELECT record_id, ip, count(*) AS n
FROM read_parquet('$lake/events/*/*.parquet', hive_partitioning = true)
WHERE principal IN ('guest', 'external') AND outcome = 'read' AND record_id IS NOT NULL
GROUP BY record_id, ip"
  local q_csv="
SELECT rid, CLIENT_IP, count(*) AS n FROM (
  SELECT coalesce(nullif(URI_ID_DERIVED, ''),
                  regexp_extract(coalesce(URI, '') || ' ' || coalesce(QUERY, ''),
                                 '[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?', 0)) AS rid,
         CLIENT_IP
  FROM read_csv('$logs/*/*.csv', union_by_name = true, all_varchar = true, header = true)
  WHERE USER_TYPE = 'Guest'
    AND (REQUEST_STATUS = 'S' OR STATUS_CODE LIKE '2%')
) WHERE rid <> '' GROUP BY rid, CLIENT_IP"
  local dq_m dc_m
  dq_m=$(RUNS=1 duck "$q_parquet")
  dc_m=$(RUNS=1 duck "$q_csv")

  "$PY" - "$scale" "$bytes" "$pq" "$files" "$plain_m" "$emit_m" "$dq_m" "$dc_m" "$pgo_plain_m" "$pgo_emit_m" <<'PYEOF'
import os, sys
scale, size, pq, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
def m(s):
    secs, rss = s.split()
    return float(secs), int(rss) / 1024
plain, emit, dq, dc = (m(x) for x in sys.argv[5:9])
runs = os.environ.get("RUNS", "1")
print(f"scale {scale}: {size / 1e9:.3f} GB of plain CSV logs; hunt medians of {runs} runs")
def line(label, t):
    print(f"  {label:<38}{t[0]:7.3f} s  {size / t[0] / 1e9:6.3f} GB/s  peak RSS {t[1]:7.1f} MiB")
line("hunt, every principal, JSON only", plain)
line("the same with --emit parquet", emit)
if sys.argv[9] != "-":
    line("PGO build: JSON only", m(sys.argv[9]))
    line("PGO build: with --emit parquet", m(sys.argv[10]))
print(f"  parquet out {pq / 1e6:8.1f} MB in {files} files; CSV/Parquet ratio {size / pq:.1f}x")
print(f"  duckdb, outsider reads per record and IP: {dq[0]:.2f} s over the parquet, {dc[0]:.2f} s over the CSV ({dc[0] / dq[0]:.1f}x)")
PYEOF
  [ "${KEEP:-0}" = 1 ] || rm -rf "$org" "$lake"
}

mkdir -p "$WORK"
echo "cores: $(nproc)${AJAR_PGO:+; with the PGO build $AJAR_PGO}"
run_size "$SMALL"
run_size "$LARGE"
[ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"
