#!/usr/bin/env bash
# Times `ajar scan` on the GSA sample (target: under 50 ms), on the synthetic seed org, and on a
# large org (target: at least 200 MB/s of XML on 2 cores), with peak RSS.
# Usage: bench/scan.sh [COPIES]   (how many copies of the GSA tree make the large org, default 50)
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE="${1:-50}"
# The GSA sample is not in the repository (it carries no licence, see testdata/samples/README.md):
# point AJAR_SAMPLES at a folder holding GSA__SF_WorkSpace/ (default: the samples beside the repo).
SAMPLES="${AJAR_SAMPLES:-../shared/samples/metadata}"
cargo build --release --quiet -p ajar
BIN=target/release/ajar

# Peak RSS and wall time of one run, via GNU time when present, else /proc polling.
measure() {
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "%e s wall, %U s user + %S s sys CPU, %M KB peak RSS" "$@" >/dev/null
  else
    local start end pid peak=0 rss
    start=$(date +%s.%N)
    "$@" >/dev/null & pid=$!
    while kill -0 "$pid" 2>/dev/null; do
      rss=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
      [ "${rss:-0}" -gt "$peak" ] && peak=$rss
      sleep 0.001
    done
    wait "$pid"
    end=$(date +%s.%N)
    echo "$(echo "$end - $start" | bc) s wall, ${peak} KB peak RSS (polled)" >&2
  fi
}

xml_bytes() { find "$1" -type f \( -name '*.xml' -o -name '*.profile' -o -name '*.permissionset' -o -name '*.object' -o -name '*.sharingRules' -o -name '*.site' \) -print0 | du -cb --files0-from=- | tail -1 | cut -f1; }

GSA="$SAMPLES/GSA__SF_WorkSpace"
echo "== GSA sample: $(xml_bytes "$GSA") bytes of XML"
for i in 1 2 3; do measure "$BIN" scan "$GSA" --as-of 2026-01-01 --format json --quiet; done

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
if "$BIN" synth --help >/dev/null 2>&1; then
  "$BIN" synth --scenario seed --scale 0.01 --out "$OUT/seed" --quiet
  echo "== synthetic seed org: $(xml_bytes "$OUT/seed/metadata") bytes of XML"
  measure "$BIN" scan "$OUT/seed/metadata" --as-of 2020-11-24 --format json --quiet
fi

# `synth --scale` grows logs, not metadata: a large org is the GSA tree copied COPIES times
# (same components in several package folders, merged as duplicates; the parsing work is real).
COPIES="${COPIES:-$SCALE}"
mkdir -p "$OUT/large"
for i in $(seq 1 "$COPIES"); do cp -r "$GSA" "$OUT/large/pkg$i"; done
BYTES=$(xml_bytes "$OUT/large")
echo "== large org: GSA x $COPIES = $BYTES bytes of XML"
S=$(date +%s.%N)
measure "$BIN" scan "$OUT/large" --as-of 2026-01-01 --format json --quiet
E=$(date +%s.%N)
echo "throughput: $(echo "scale=1; $BYTES / ($E - $S) / 1000000" | bc) MB/s of XML (wall, including output; compare with CPU time when the machine is busy)"
