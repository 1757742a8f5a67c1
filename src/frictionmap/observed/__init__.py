"""Designed vs observed: journeys calibrated from contact logs (issue 14).

The loop: `frictionmap simulate JOURNEY --log out.parquet` writes a synthetic
event log, `frictionmap calibrate JOURNEY --log ...` writes the observed
probabilities, waits, minutes and volumes into a copy of the journey, and
`frictionmap conform JOURNEY --log ...` lists where the log departs from the
design. `company.py` turns a journey's volume into what it costs the company.

Modules:

- `schema`: the generic event-log schema and the mapping file;
- `queries`: every SQL query, written once in DuckDB's dialect;
- `engine`: DuckDB (embedded, default) or Spark (`frictionmap[spark]`),
  the same queries on both (transpiled for Spark by sqlglot);
- `observe`: runs the queries and returns an `Observation` (plain data);
- `calibrate`, `conform`, `synth`, `company`: what the commands do;
- `render`: the conformance report as text, JSON, SARIF and Markdown;
- `commands`: the typer commands (cli.py registers them).

Nothing here is imported by `frictionmap check`: duckdb, pyspark and sqlglot
are imported inside the functions that use them.
"""
