"""ajar_py in Spark: the seed scenario's logs, normalised by `mapInArrow` over the `binaryFile`
source, give the same rows as `ajar hunt --emit parquet` (issue #19).

Usage: python normalise_spark.py LOGS LAKE USERS EXPORT GEOIP, where LAKE is what
`ajar hunt LOGS --users USERS --export EXPORT --geoip GEOIP --principal
guest,external,internal,unknown --emit parquet LAKE` wrote. Run by run.sh (and so by .ci/run).
Exits non-zero, printing the differing rows, when the two differ.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "../../ajar/tests/it/py"))
from local_spark import session  # noqa: E402 (the Spark tests' one session settings)

import ajar_py  # noqa: E402

logs, lake, users, export, geoip = (os.path.abspath(a) for a in sys.argv[1:6])
# `hunt` names a file by its path below the input folder's parent (`logs/2022-10-01/URI.csv`).
parent = os.path.dirname(logs)
DDL = ajar_py.events_ddl()


def normalise(batches):
    """mapInArrow's function: pyarrow batches of binaryFile rows (path, modificationTime,
    length, content) in, batches of events out. One Normaliser per Python worker task."""
    n = ajar_py.Normaliser(
        users=users, export=export, geoip=geoip,
        principals=["guest", "external", "internal", "unknown"],
    )
    for batch in batches:
        paths = batch.column("path").to_pylist()
        contents = batch.column("content")
        for i, path in enumerate(paths):
            # binaryFile paths are URIs (`file:/…`, `s3a://…`): the name is the part below
            # the input folder's parent, as hunt prints it.
            local = path.split(":", 1)[1] if path.startswith("file:") else path
            name = os.path.relpath(local, parent)
            yield from n.normalise(name, contents[i].as_py())


spark = session("ajar-normalise-test")
try:
    # binaryFile source: one row per file with its bytes (Spark docs, "Binary File Data
    # Source"); recursiveFileLookup reads the day folders without partition discovery.
    files = (
        spark.read.format("binaryFile")
        .option("recursiveFileLookup", "true")
        .load(logs)
    )
    got = files.mapInArrow(normalise, DDL)
    want = spark.read.parquet(os.path.join(lake, "events"))
    cols = [c.split(" ")[0] for c in DDL.split(", ")]
    want = want.select(*cols)
    got.cache()
    n_got, n_want = got.count(), want.count()
    missing = want.exceptAll(got)
    extra = got.exceptAll(want)
    n_missing, n_extra = missing.count(), extra.count()
    print(f"normalise: {n_got} rows from mapInArrow, {n_want} from hunt --emit parquet, "
          f"{n_missing} missing, {n_extra} extra")
    if n_missing or n_extra or n_got != n_want or n_want == 0:
        missing.show(5, truncate=False)
        extra.show(5, truncate=False)
        sys.exit(1)
finally:
    spark.stop()
