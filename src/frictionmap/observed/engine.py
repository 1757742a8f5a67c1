"""Where the queries run: DuckDB embedded (default) or Apache Spark.

Both engines take the queries of `queries.py` as written in DuckDB's dialect;
Spark's engine transpiles each with sqlglot first. Only reading the files and
materialising a table differ, and they are a few lines each here.

- DuckDB: no server, reads CSV/Parquet/JSON lines directly and spills to disk
  past `memory_limit` (out of core); the default.
- Spark (`--engine spark`, `pip install 'frictionmap[spark]'`): for logs that
  outgrow one machine; local mode unless `SPARK_MASTER` names a cluster.

duckdb, pyspark and sqlglot are imported here only, when an engine is made.
"""

from __future__ import annotations

import os
from typing import Any, Protocol

from .schema import LogError

ENGINES = ("duckdb", "spark")
#: DuckDB's memory budget: past it, sorts and hashes spill to a temporary directory.
#: 1.5GB keeps 10M events in memory (no spill: growth 1M -> 10M ~10x, was 12-15x at
#: 1GB) and the whole process under the 2 GB target (peak ~1.6 GB, bench/calibrate.py).
DUCKDB_MEMORY = os.environ.get("FRICTIONMAP_DUCKDB_MEMORY", "1.5GB")


#: Column types that already hold a time without a zone: read as they are.
NAIVE_TIMESTAMPS = ("TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S", "timestamp_ntz")


class Engine(Protocol):
    name: str
    column_types: dict[str, str]

    def read(self, files: list[str], kind: str) -> list[str]:
        """Register the files as table `raw`; return its column names."""

    def table(self, name: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
        """Register a small table from Python rows (all text, last column boolean)."""

    def view(self, name: str, select: str) -> None:
        """Name a query (not computed)."""

    def materialise(self, name: str, select: str) -> None:
        """Compute a query once and keep it as a table."""

    def rows(self, select: str) -> list[tuple[Any, ...]]:
        """Run a query; its rows."""

    def close(self) -> None: ...


def make_engine(name: str) -> Engine:
    if name == "duckdb":
        return DuckDBEngine()
    if name == "spark":
        return SparkEngine()
    raise LogError(f"unknown engine '{name}'; choose from {', '.join(ENGINES)}")


class DuckDBEngine:
    name = "duckdb"

    def __init__(self) -> None:
        try:
            import duckdb
        except ImportError:  # pragma: no cover - a dependency
            raise LogError("the duckdb engine needs `pip install duckdb`") from None
        self._duckdb = duckdb
        self.column_types: dict[str, str] = {}
        self.connection = duckdb.connect(":memory:")
        self.connection.execute(f"SET memory_limit = '{DUCKDB_MEMORY}'")
        # Timestamps with an offset are read as instants and kept in UTC (queries.py).
        self.connection.execute("SET TimeZone = 'UTC'")
        # Every figure is an aggregate sorted in Python: row order never shows,
        # and not keeping it lets DuckDB stream and spill more freely.
        self.connection.execute("SET preserve_insertion_order = false")

    def read(self, files: list[str], kind: str) -> list[str]:
        listed = "[" + ", ".join(_literal(f) for f in files) + "]"
        if kind == "csv":
            source = f"read_csv({listed}, header = true, all_varchar = true, union_by_name = true)"
        elif kind == "parquet":
            source = f"read_parquet({listed}, union_by_name = true)"
        else:
            source = f"read_json({listed}, format = 'newline_delimited', union_by_name = true)"
        try:
            self.connection.execute(f"CREATE OR REPLACE TEMP VIEW raw AS SELECT * FROM {source}")
            described = self.connection.execute("DESCRIBE raw").fetchall()
        except self._duckdb.Error as error:
            raise LogError(f"{files[0]}: cannot read as {kind}: {_first_line(error)}") from None
        self.column_types = {str(row[0]): str(row[1]) for row in described}
        return [str(row[0]) for row in described]

    def table(self, name: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
        *texts, flag = columns
        spec = ", ".join(f"{c} VARCHAR" for c in texts) + f", {flag} BOOLEAN"
        self.connection.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({spec})")
        if rows:
            marks = ", ".join("?" for _ in columns)
            self.connection.executemany(f"INSERT INTO {name} VALUES ({marks})", rows)

    def view(self, name: str, select: str) -> None:
        self._run(f"CREATE OR REPLACE TEMP VIEW {name} AS {select}")

    def materialise(self, name: str, select: str) -> None:
        self._run(f"CREATE OR REPLACE TEMP TABLE {name} AS {select}")

    def rows(self, select: str) -> list[tuple[Any, ...]]:
        return list(self._run(select).fetchall())

    def _run(self, sql: str) -> Any:
        try:
            return self.connection.execute(sql)
        except self._duckdb.Error as error:
            raise LogError(f"the log cannot be read: {_first_line(error)}") from None

    def close(self) -> None:
        self.connection.close()


class SparkEngine:
    name = "spark"

    def __init__(self) -> None:
        try:
            import sqlglot
            from pyspark.sql import SparkSession
        except ImportError:
            raise LogError(
                "the spark engine needs pyspark and sqlglot: pip install 'frictionmap[spark]'"
            ) from None
        self._sqlglot = sqlglot
        self.column_types: dict[str, str] = {}
        master = os.environ.get("SPARK_MASTER", "local[*]")
        self.session = (
            SparkSession.builder.master(master)
            .appName("frictionmap")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", os.environ.get("SPARK_PARTITIONS", "8"))
            .getOrCreate()
        )
        self.session.sparkContext.setLogLevel("OFF")
        self._cached: list[Any] = []

    def spark_sql(self, select: str) -> str:
        """A DuckDB query in Spark's dialect.

        One rewrite sqlglot does not make: DuckDB's exact `quantile_cont(x, q)`
        is Spark's exact `percentile(x, q)` (sqlglot writes a two-argument
        `percentile_cont`, which Spark 4 refuses, or `percentile_approx`).
        """
        expression = self._sqlglot.exp

        def exact_percentile(node: Any) -> Any:
            if isinstance(node, expression.PercentileCont) and node.expression is not None:
                return expression.Anonymous(
                    this="PERCENTILE", expressions=[node.this, node.expression]
                )
            return node

        tree = self._sqlglot.parse_one(select, read="duckdb").transform(exact_percentile)
        return str(tree.sql(dialect="spark"))

    def read(self, files: list[str], kind: str) -> list[str]:
        reader = self.session.read
        try:
            if kind == "csv":
                frame = reader.csv(files, header=True, inferSchema=False)
            elif kind == "parquet":
                frame = reader.parquet(*files)
            else:
                frame = reader.json(files)
        except Exception as error:  # pyspark raises its own AnalysisException family
            raise LogError(f"{files[0]}: cannot read as {kind}: {_first_line(error)}") from None
        frame.createOrReplaceTempView("raw")
        self.column_types = {name: kind for name, kind in frame.dtypes}
        return list(frame.columns)

    def table(self, name: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
        from pyspark.sql.types import BooleanType, StringType, StructField, StructType

        *texts, flag = columns
        schema = StructType(
            [StructField(c, StringType()) for c in texts] + [StructField(flag, BooleanType())]
        )
        self.session.createDataFrame(rows, schema).createOrReplaceTempView(name)

    def view(self, name: str, select: str) -> None:
        self.session.sql(self.spark_sql(select)).createOrReplaceTempView(name)

    def materialise(self, name: str, select: str) -> None:
        frame = self.session.sql(self.spark_sql(select)).cache()
        self._cached.append(frame)
        frame.createOrReplaceTempView(name)

    def rows(self, select: str) -> list[tuple[Any, ...]]:
        try:
            return [tuple(row) for row in self.session.sql(self.spark_sql(select)).collect()]
        except Exception as error:
            raise LogError(f"the log cannot be read: {_first_line(error)}") from None

    def close(self) -> None:
        for frame in self._cached:
            frame.unpersist()
        for name in ("raw", "unpivoted", "events", "mapping", "ordered", "walked"):
            self.session.catalog.dropTempView(name)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
