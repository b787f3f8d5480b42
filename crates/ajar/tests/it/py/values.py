"""A query result's values as the tests compare them (tests/it/parquet.rs, tests/it/spark.rs):
timestamps as UTC text with microseconds, dates as ISO text, decimals as integers."""
import datetime
import decimal


def plain(v):
    if isinstance(v, datetime.datetime):
        # A naive timestamp is local time, which the runners set to UTC.
        if v.tzinfo is None:
            v = v.replace(tzinfo=datetime.timezone.utc)
        return v.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return int(v)
    return v
