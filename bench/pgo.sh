#!/usr/bin/env bash
# Builds ajar's release binary with profile-guided optimisation (PGO) and prints its path.
#
# Usage: bench/pgo.sh            (about 15 minutes on 2 cores: two release builds and a training run)
#        PGO=1 bench/parquet.sh  (bench/parquet.sh and bench/hunt.sh then time this binary beside
#                                 the plain one)
#
# Three steps, as rustc documents them (the rustc book, "Profile-guided Optimization"):
#   1. a release build instrumented with `-Cprofile-generate` (target/pgo/gen);
#   2. that binary runs a training set: the `seed` scenario at scale 1 made by `ajar synth` (not
#      the sizes the benchmarks time), hunted for guests as generated (part gzip) and for every
#      principal with `--emit parquet`, investigated, and its metadata scanned;
#   3. `llvm-profdata` (rustup's `llvm-tools` component, added if missing) merges the counts,
#      and a release build with `-Cprofile-use` (target/pgo/use) lays out and inlines by them.
# The code is the same as the plain build's; only the machine code differs.
# `--target` is given so that the flag reaches ajar's code and not the build scripts. The flag
# is passed in CARGO_ENCODED_RUSTFLAGS (a path with spaces stays one argument), which replaces
# any RUSTFLAGS of the caller's.
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
MERGED=$PGO/merged.profdata

CARGO_ENCODED_RUSTFLAGS="-Cprofile-generate=$RAW" cargo build --release -p ajar \
  --target "$HOST" --target-dir "$PGO/gen" >&2
GEN=$PGO/gen/$HOST/release/ajar
# A profile newer than the instrumented binary is its own: kept, so that a second run of the
# benchmarks rebuilds nothing.
if [ ! "$MERGED" -nt "$GEN" ]; then
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
  train "$GEN" --quiet hunt "$T/org/logs" --principal guest --users "$T/org/export/User.csv" \
    --geoip "$T/org/geoip/ip-country.csv" --format json
  train "$GEN" --quiet hunt "$T/org/logs" --users "$T/org/export/User.csv" \
    --geoip "$T/org/geoip/ip-country.csv" --principal guest,external,internal,unknown \
    --format json --emit parquet "$T/lake"
  train "$GEN" --quiet investigate --metadata "$T/org/metadata" --export "$T/org/export" \
    --logs "$T/org/logs" --history "$T/org/history" --geoip "$T/org/geoip/ip-country.csv" \
    --audit-locale en_US --discovered 2020-11-24 --as-of-now 2020-11-24 --out "$T/case"
  train "$GEN" --quiet scan "$T/org/metadata" --format json
  "$BIN_DIR/llvm-profdata" merge -o "$MERGED" "$RAW" >&2
  rm -rf "$RAW" "$T"
fi

# The profile is named by its contents: cargo rebuilds the dependencies only when the flags
# change, not when a file named in them does (rust-lang/rust#100397), so a new profile under
# the same name would leave them built with the old one.
PROFILE=$PGO/profile-$(sha256sum "$MERGED" | cut -c1-16).profdata
if [ ! -e "$PROFILE" ]; then
  rm -f "$PGO"/profile-*.profdata
  cp "$MERGED" "$PROFILE"
fi
CARGO_ENCODED_RUSTFLAGS="-Cprofile-use=$PROFILE" cargo build --release -p ajar \
  --target "$HOST" --target-dir "$PGO/use" >&2
echo "$PGO/use/$HOST/release/ajar"
