#!/usr/bin/env bash
# Generation speed of `ajar synth`: MB/s of EventLogFile CSV and peak RSS.
#
# Usage: bench/synth.sh [SCALE] [SCENARIO]
#   SCALE     log volume multiplier (default 10: about 1.1 GB of logs for the seed scenario)
#   SCENARIO  seed (default) or small
# Environment: KEEP=1 keeps the generated org (its path is printed); OUT=DIR writes there
# (must not exist or be empty); TMPDIR picks where the temporary org goes: use a tmpfs
# (`TMPDIR=/dev/shm bench/synth.sh`) to measure generation without the disk's write speed.
#
# Prints wall-clock MB/s (bounded by the disk on a busy machine) and MB per CPU second
# (user + system time: what generation itself costs).
#
# Peak RSS comes from GNU time (`/usr/bin/time -v`); the script installs the `time` package
# with apt-get when it is missing and it can.
set -euo pipefail

scale=${1:-10}
scenario=${2:-seed}
root=$(cd "$(dirname "$0")/.." && pwd)

if [ ! -x /usr/bin/time ]; then
    if command -v apt-get >/dev/null 2>&1; then
        apt-get install -y time >/dev/null 2>&1 || sudo apt-get install -y time >/dev/null 2>&1 || true
    fi
fi
if [ ! -x /usr/bin/time ]; then
    echo "bench/synth.sh: GNU time (/usr/bin/time) is needed for peak RSS" >&2
    exit 2
fi

cargo build --release --quiet --manifest-path "$root/Cargo.toml" --bin ajar
bin="$root/target/release/ajar"

work=$(mktemp -d)
out=${OUT:-$work/org}
cleanup() {
    if [ "${KEEP:-0}" != 1 ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

/usr/bin/time -v "$bin" synth --scenario "$scenario" --scale "$scale" --out "$out" \
    2>"$work/stderr"

summary=$(grep '^synth: ' "$work/stderr")
elapsed=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/stderr")
rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/stderr")
user=$(awk -F': ' '/User time \(seconds\)/ {print $2}' "$work/stderr")
sys=$(awk -F': ' '/System time \(seconds\)/ {print $2}' "$work/stderr")
secs=$(echo "$elapsed" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
log_raw=$(echo "$summary" | sed -E 's/.*\(([0-9.]+) MB of logs before compression\).*/\1/')
log_disk=$(du -sb "$out/logs" | cut -f1)
total_disk=$(du -sb "$out" | cut -f1)

echo "$summary"
awk -v s="$secs" -v raw="$log_raw" -v disk="$log_disk" -v tot="$total_disk" -v rss="$rss_kb" \
    -v scale="$scale" -v sc="$scenario" -v cpu="$(echo "$user $sys" | awk '{print $1 + $2}')" 'BEGIN {
    printf "scenario %s, scale %s\n", sc, scale
    printf "wall time            %.2f s\n", s
    printf "logs (uncompressed)  %.1f MB  -> %.0f MB/s\n", raw, raw / s
    printf "logs on disk         %.1f MB  (some days gzip)\n", disk / 1e6
    printf "whole org on disk    %.1f MB  -> %.0f MB/s\n", tot / 1e6, tot / 1e6 / s
    printf "CPU time             %.2f s (user + system) -> %.0f MB of logs per CPU second\n", cpu, raw / cpu
    printf "peak RSS             %.1f MB\n", rss / 1024
}'
if [ "${KEEP:-0}" = 1 ]; then echo "kept: $out"; fi
