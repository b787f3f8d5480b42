#!/usr/bin/env bash
# Times `ajar scan` (issue #19): the GSA sample (target: under 50 ms), the synthetic seed org,
# and a large org (target: at least 300 MB/s of XML on 2 cores), against `cat` of the same
# files and an expat-class parser, with peak RSS (docs/scan.md, "Speed").
#
# The large org is the GSA sample tree copied COPIES times (default 368, about 1.0 GB of XML)
# into target/bench-scan/gsa-xCOPIES/, built once and reused. The same profiles in 368 package
# folders are merged as duplicates: the reading, hashing and parsing work is real.
#
# Usage: bench/scan.sh [COPIES]
#   AJAR_SAMPLES  folder holding GSA__SF_WorkSpace/, a checkout of github.com/GSA/SF_WorkSpace
#                 (required: not in the repository, it carries no licence, see
#                 testdata/samples/README.md)
#   RUNS          runs of each program on the large org, alternating (default 3)
#   AJAR_BIN      the ajar binary to time (default: target/release/ajar, built here)
set -euo pipefail
cd "$(dirname "$0")/.."
COPIES="${1:-${COPIES:-368}}"
RUNS="${RUNS:-3}"
[ -n "${AJAR_SAMPLES:-}" ] || {
  echo "set AJAR_SAMPLES to a folder holding GSA__SF_WorkSpace/ (github.com/GSA/SF_WorkSpace)" >&2
  exit 2
}
GSA="$AJAR_SAMPLES/GSA__SF_WorkSpace"
[ -d "$GSA" ] || { echo "no GSA sample at $GSA (set AJAR_SAMPLES)" >&2; exit 2; }
if [ -z "${AJAR_BIN:-}" ]; then
  cargo build --release --quiet -p ajar
  AJAR_BIN=target/release/ajar
fi
[ -x /usr/bin/time ] || { echo "GNU time (/usr/bin/time) is needed for wall, CPU and RSS" >&2; exit 2; }

# The expat-class peer: xmllint's streaming reader when installed, else Python's expat.
if command -v xmllint >/dev/null; then
  PEER_NAME="xmllint --stream --noout (libxml2)"
  peer() { find "$1" -type f -name '*.xml' -print0 | xargs -0 xmllint --stream --noout; }
elif python3 -c 'import xml.parsers.expat' 2>/dev/null; then
  PEER_NAME="python3 xml.parsers.expat (one thread, no tree)"
  peer() {
    python3 - "$1" <<'EOF'
import os, sys, xml.parsers.expat
for d, _, files in os.walk(sys.argv[1]):
    for f in files:
        if f.endswith(".xml"):
            with open(os.path.join(d, f), "rb") as h:
                xml.parsers.expat.ParserCreate().Parse(h.read(), True)
EOF
  }
else
  PEER_NAME=""
fi

xml_bytes() { find "$1" -type f -name '*.xml' -print0 | du -cb --files0-from=- | tail -1 | cut -f1; }
cat_all() { find "$1" -type f -print0 | xargs -0 cat >/dev/null; }

# One timed run: prints "wall user sys rss_kb".
timed() {
  local out
  out=$(mktemp)
  /usr/bin/time -o "$out" -f "%e %U %S %M" "$@" >/dev/null
  cat "$out"
  rm -f "$out"
}

report() { # name bytes "wall user sys rss"
  read -r w u s m <<<"$3"
  awk -v n="$1" -v b="$2" -v w="$w" -v u="$u" -v s="$s" -v m="$m" 'BEGIN {
    rate = (w > 0 ? sprintf("%7.1f MB/s", b / w / 1e6) : "  (<10 ms)  ")
    printf "  %-7s %6.2f s wall  %6.2f s CPU  %s  %7.1f MB peak RSS\n", n, w, u + s, rate, m / 1024 }'
}

echo "== GSA sample: $(xml_bytes "$GSA") bytes of XML (target: under 50 ms)"
for _ in 1 2 3; do
  report ajar "$(xml_bytes "$GSA")" "$(timed "$AJAR_BIN" scan "$GSA" --as-of 2026-01-01 --format json --quiet)"
done

SEED=$(mktemp -d)
trap 'rm -rf "$SEED"' EXIT
"$AJAR_BIN" synth --scenario seed --out "$SEED/seed" --quiet
echo "== synthetic seed org: $(xml_bytes "$SEED/seed/metadata") bytes of XML"
report ajar "$(xml_bytes "$SEED/seed/metadata")" \
  "$(timed "$AJAR_BIN" scan "$SEED/seed/metadata" --as-of 2020-11-24 --format json --quiet)"

LARGE="target/bench-scan/gsa-x$COPIES"
if [ ! -f "$LARGE/.complete" ]; then
  rm -rf "$LARGE"
  mkdir -p "$LARGE"
  for i in $(seq 1 "$COPIES"); do cp -r "$GSA" "$LARGE/pkg$i"; done
  touch "$LARGE/.complete"
fi
BYTES=$(xml_bytes "$LARGE")
echo "== large org: GSA x $COPIES = $BYTES bytes of XML in $LARGE (target: 300 MB/s)"
echo "   peer: ${PEER_NAME:-none installed}; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
cat_all "$LARGE" # warm the page cache: every program then reads from memory
best_a="" best_c="" best_p=""
faster() { # keeps the run with the smaller wall time
  if [ -z "$1" ] || awk -v a="${2%% *}" -v b="${1%% *}" 'BEGIN { exit !(a < b) }'; then echo "$2"; else echo "$1"; fi
}
for r in $(seq 1 "$RUNS"); do
  echo " run $r"
  a=$(timed "$AJAR_BIN" scan "$LARGE" --as-of 2026-01-01 --format json --quiet)
  report ajar "$BYTES" "$a"
  best_a=$(faster "$best_a" "$a")
  c=$(timed bash -c "$(declare -f cat_all); cat_all '$LARGE'")
  report cat "$BYTES" "$c"
  best_c=$(faster "$best_c" "$c")
  if [ -n "$PEER_NAME" ]; then
    p=$(timed bash -c "$(declare -f peer); peer '$LARGE'")
    report peer "$BYTES" "$p"
    best_p=$(faster "$best_p" "$p")
  fi
done
echo " best of $RUNS"
report ajar "$BYTES" "$best_a"
report cat "$BYTES" "$best_c"
[ -n "$best_p" ] && report peer "$BYTES" "$best_p"
awk -v a="${best_a%% *}" -v c="${best_c%% *}" -v p="${best_p%% *}" 'BEGIN {
  printf " wall time ajar/cat: %.1fx", a / c
  if (p != "") printf ", ajar/peer: %.2fx", a / p
  print " (wall: compare CPU time when the machine is busy)" }'
