#!/usr/bin/env bash
# Builds ajar's release binary with profile-guided optimisation (PGO) and prints its path.
#
# Usage: bench/pgo.sh            (about 15 minutes on 2 cores: two release builds and a training run)
#        PGO=1 bench/parquet.sh  (the benchmarks build and time this binary instead of the plain one)
#
# Three steps, as rustc documents them (the rustc book, "Profile-guided Optimization"):
#   1. a release build instrumented with `-Cprofile-generate` (target/pgo/gen);
#   2. that binary runs a training set: the `seed` scenario at scale 1 made by `ajar synth` (not
#      the sizes the benchmarks time), hunted for guests as generated (part gzip) and for every
#      principal with `--emit parquet`, investigated, and its metadata scanned;
#   3. `llvm-profdata` (rustup's `llvm-tools` component, added if missing) merges the counts,
#      and a release build with `-Cprofile-use` (target/pgo/use) lays out and inlines by them.
# The code and its outputs are the same as the plain build's; only the machine code differs.
# `--target` is given so that the flags reach ajar's code and not the build scripts.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
HOST=$(rustc -vV | sed -n 's/^host: //p')
BIN_DIR=$(rustc --print sysroot)/lib/rustlib/$HOST/bin
if [ ! -x "$BIN_DIR/llvm-profdata" ]; then
  # The merger must match rustc's LLVM: rustup's component for this toolchain, not the system's.
  rustup component add llvm-tools >&2 ||
    { echo "pgo: llvm-profdata is missing and rustup could not add llvm-tools" >&2; exit 2; }
fi
PGO=$ROOT/target/pgo
RAW=$PGO/raw
PROFILE=$PGO/merged.profdata

RUSTFLAGS="-Cprofile-generate=$RAW" cargo build --release -p ajar --target "$HOST" \
  --target-dir "$PGO/gen" >&2
GEN=$PGO/gen/$HOST/release/ajar
# A profile newer than the instrumented binary is its own: kept, so that a second run of the
# benchmarks rebuilds nothing.
if [ ! "$PROFILE" -nt "$GEN" ]; then
  T=$PGO/train
  rm -rf "$RAW" "$T"
  mkdir -p "$RAW" "$T"
  "$GEN" --quiet synth --scenario seed --scale 1 --out "$T/org" >&2
  # Findings exit 1; anything else stops the build.
  train() {
    local rc=0
    "$@" >/dev/null || rc=$?
    [ "$rc" -le 1 ] || { echo "pgo: training run failed ($rc): $*" >&2; exit 2; }
  }
  train "$GEN" --quiet hunt "$T/org/logs" --users "$T/org/export/User.csv" \
    --geoip "$T/org/geoip/ip-country.csv" --format json
  train "$GEN" --quiet hunt "$T/org/logs" --users "$T/org/export/User.csv" \
    --geoip "$T/org/geoip/ip-country.csv" --principal guest,external,internal,unknown \
    --format json --emit parquet "$T/lake"
  train "$GEN" --quiet investigate --metadata "$T/org/metadata" --export "$T/org/export" \
    --logs "$T/org/logs" --history "$T/org/history" --geoip "$T/org/geoip/ip-country.csv" \
    --audit-locale en_US --discovered 2020-11-24 --as-of-now 2020-11-24 --out "$T/case"
  train "$GEN" --quiet scan "$T/org/metadata" --format json
  "$BIN_DIR/llvm-profdata" merge -o "$PROFILE" "$RAW"
  rm -rf "$RAW" "$T"
fi

RUSTFLAGS="-Cprofile-use=$PROFILE" cargo build --release -p ajar --target "$HOST" \
  --target-dir "$PGO/use" >&2
echo "$PGO/use/$HOST/release/ajar"
