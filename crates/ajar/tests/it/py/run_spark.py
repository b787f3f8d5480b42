"""Runs an `ajar sql --dialect spark` script in pyspark local mode; prints NAME -> rows as JSON.

Usage: python run_spark.py SCRIPT. One SparkSession (local_spark.py) for the setup and the
five queries (tests/it/spark.rs drives it; docs/scale-out.md).
"""
import json
import os
import sys
import time

# pyspark turns a TIMESTAMP into a naive datetime in the Python process's local zone
# (TimestampType.fromInternal calls datetime.fromtimestamp, pyspark/sql/types.py): run in UTC.
os.environ["TZ"] = "UTC"
time.tzset()

from local_spark import session  # noqa: E402 (this folder is on sys.path)
from values import plain  # noqa: E402


def statements(text):
    """The script's statements, split at `;` line ends (the script has no `;` in strings)."""
    out = []
    for stmt in text.split(";\n"):
        body = "\n".join(l for l in stmt.splitlines() if not l.strip().startswith("--")).strip()
        if body.endswith(";"):
            body = body[:-1]
        if body:
            out.append(body)
    return out


def main():
    text = open(sys.argv[1]).read()
    parts = text.split("-- query: ")
    spark = session("ajar-sql-test")
    try:
        for stmt in statements(parts[0]):
            spark.sql(stmt)
        out = {}
        for part in parts[1:]:
            name, _, sql = part.partition("\n")
            rows = []
            for stmt in statements(sql):
                rows = [{k: plain(v) for k, v in r.asDict().items()} for r in spark.sql(stmt).collect()]
            out[name.strip()] = rows
        print(json.dumps(out))
    finally:
        spark.stop()


main()
