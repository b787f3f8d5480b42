"""Runs an `ajar sql --dialect duckdb` script in DuckDB; prints NAME -> rows as JSON.

Usage: python run_duckdb.py SCRIPT. The text before the first `-- query: NAME` line is the setup;
each query follows its line (tests/it/parquet.rs drives it; docs/scale-out.md).
"""
import json
import sys

import duckdb

from values import plain  # this folder is on sys.path

text = open(sys.argv[1]).read()
parts = text.split("-- query: ")
con = duckdb.connect()
con.execute(parts[0])
out = {}
for part in parts[1:]:
    name, _, sql = part.partition("\n")
    cur = con.execute(sql)
    cols = [d[0] for d in cur.description]
    out[name.strip()] = [dict(zip(cols, map(plain, row))) for row in cur.fetchall()]
print(json.dumps(out))
