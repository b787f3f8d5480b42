#!/usr/bin/env bash
# Benchmark `ajar collect` (issue #18): log bodies from the in-process fake org, MB/s and peak RSS.
#
# Usage: bench/collect.sh [SCALES] [WORKDIR]
#   SCALES: synth scales to try, default "2 9" (~0.2 GB and ~1 GB of logs), to show that the
#   peak RSS does not grow with the bytes collected. WORKDIR defaults to bench/.data (deleted at
#   the end unless KEEP=1). PROFILE=debug uses the debug build instead of release.
# Prints, per scale: bytes collected, seconds, MB/s and the peak RSS of `ajar collect`
# (`/usr/bin/time -v`). The fake org runs in its own process on 127.0.0.1.
set -euo pipefail

SCALES=${1:-"2 9"}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${2:-$ROOT/bench/.data}
PROFILE=${PROFILE:-release}
cd "$ROOT"
flag=--release
[ "$PROFILE" = debug ] && flag=
cargo build $flag -q -p ajar
cargo build $flag -q -p ajar-collect --features fake-org --example fake_org
AJAR=$ROOT/target/$PROFILE/ajar
FAKE=$ROOT/target/$PROFILE/examples/fake_org
TOKEN="bench-$(date +%s)-token"
mkdir -p "$WORK"

for scale in $SCALES; do
  org=$WORK/org-$scale
  ev=$WORK/evidence-$scale
  rm -rf "$org" "$ev"
  "$AJAR" --quiet synth --scenario seed --scale "$scale" --out "$org"
  fifo=$WORK/fake-$scale.in
  rm -f "$fifo"; mkfifo "$fifo"
  "$FAKE" "$org" "$TOKEN" < "$fifo" > "$WORK/fake-$scale.url" &
  fake_pid=$!
  exec 3>"$fifo"
  for _ in $(seq 1 100); do [ -s "$WORK/fake-$scale.url" ] && break; sleep 0.1; done
  url=$(head -1 "$WORK/fake-$scale.url")
  SF_ACCESS_TOKEN=$TOKEN /usr/bin/time -v "$AJAR" --quiet collect --instance-url "$url" \
    --out "$ev" --since 2020-10-01 --until 2020-12-31 --only logs 2> "$WORK/time-$scale.txt"
  exec 3>&-
  wait "$fake_pid" || true
  rm -f "$fifo"
  bytes=$(find "$ev/logs" -type f -name '*.csv' -printf '%s\n' | awk '{s+=$1} END {printf "%.0f\n", s}')
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$WORK/time-$scale.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time-$scale.txt")
  awk -v b="$bytes" -v s="$secs" -v r="$rss" -v sc="$scale" 'BEGIN {
    printf "scale %s: %.1f MB of log bodies in %.2f s = %.0f MB/s, peak RSS %.1f MB\n", sc, b/1e6, s, b/1e6/s, r/1024 }'
  "$AJAR" verify "$ev" | tail -1
done
[ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"
