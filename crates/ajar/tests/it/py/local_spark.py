"""The SparkSession of ajar's Spark tests: local mode, small, quiet, on loopback only.

Shared by run_spark.py (the SQL script) and the normaliser test (mapInArrow).
"""
import os
import sys


def session(app):
    # The driver and pyspark's worker processes bind to loopback only; workers run this very
    # Python (PYSPARK_PYTHON, pyspark docs "Python Package Management").
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    # Configuration keys from the Spark configuration page
    # (https://spark.apache.org/docs/latest/configuration.html). pyspark passes every builder
    # setting to the spark-submit that starts the JVM (pyspark/java_gateway.py, `--conf k=v`),
    # so driver memory and JVM options apply to the driver. C1-only JIT and the serial GC
    # (HotSpot options, java(1) manual) nearly halve a run this short: 50 s -> 28 s measured on
    # this project's 2-core machine under load.
    spark = (
        SparkSession.builder.master("local[2]")
        .appName(app)
        .config("spark.driver.memory", "512m")
        .config("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.adaptive.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark
