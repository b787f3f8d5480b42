#!/usr/bin/env bash
# Apex parser throughput (issue #5): a 1.7 MB generated class and hostile shapes.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet --release -p ajar-adapters --example apex_bench
