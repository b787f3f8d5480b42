# Shared by the benchmarks that run a peer: sourced, not run. Sets ROOT, AJAR (the release
# binary, built here) and PY (a Python with the PyPI `duckdb` package, installed once into
# target/duckdb-venv), and defines `measure` and `use_pgo`.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=$ROOT/target/duckdb-venv
(cd "$ROOT" && cargo build --release -p ajar >/dev/null)
AJAR=$ROOT/target/release/ajar

# Sets AJAR_PGO: with PGO=1, the release binary built with profile-guided optimisation by
# bench/pgo.sh (about 15 minutes the first time), which the caller times beside AJAR; else empty.
AJAR_PGO=
use_pgo() {
  if [ "${PGO:-0}" = 1 ]; then
    AJAR_PGO=$("$ROOT/bench/pgo.sh")
  fi
}

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import duckdb' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet duckdb
fi
PY=$VENV/bin/python

# Runs a command RUNS times (default 1), prints "seconds max_rss_kib": the median wall time and
# the child's peak RSS via getrusage. Exit codes 0 and 1 (findings) are success. BEFORE, when
# set, is a shell command run before each run and not timed (removing a run's output folder).
measure() {
  "$PY" - "$@" <<'PYEOF'
import os, resource, statistics, subprocess, sys, time
times = []
for _ in range(int(os.environ.get("RUNS", "1"))):
    if os.environ.get("BEFORE"):
        subprocess.run(os.environ["BEFORE"], shell=True, check=True)
    t = time.perf_counter()
    r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
    times.append(time.perf_counter() - t)
    if r.returncode not in (0, 1):
        sys.exit(f"failed: {sys.argv[1:]} exited {r.returncode}")
print(f"{statistics.median(times):.3f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
PYEOF
}

# Runs one DuckDB query through `measure` (so RUNS times), on every core; prints what
# `measure` prints. The query's rows are counted, not printed.
duck() {
  measure "$PY" -c "
import duckdb, sys
con = duckdb.connect()
con.execute('SET threads TO $(nproc)')
print(len(con.execute(sys.argv[1]).fetchall()))
" "$1"
}
