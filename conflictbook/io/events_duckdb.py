"""Event tables beyond memory (ACLED, GDELT scale): embedded DuckDB, streaming SQL aggregation.

`dyad_tables(path, periods)` reads a CSV or Parquet file (or a list of them, or a glob) with the
columns `conflictbook.io.synthetic.synthetic_interactions` produces - at least actor_from,
actor_to, date_start, date_end and polarity (or interaction_type plus a `codebook` giving each
type's polarity) - and returns the per-period directed dyad table: one row per (period_id,
actor_from, actor_to) with the columns of `analysis.networks.aggregate_edges(by=["period_id"])`,
in the same order. The file is never loaded whole: DuckDB scans it in chunks and keeps only the
running GROUP BY state (one entry per period and dyad), with a memory limit, spilling to disk if
it must. `period_graphs(path, periods)` turns that table into the SAME graphs as
`analysis.networks.period_graphs` (it reuses `networks.signed_graph`).

Periods are assigned in SQL by the rule `analysis.periodise.PLACEMENT` names ("midpoint" or
"within"), mirrored here in `PLACEMENT_SQL`; switching the rule there switches it here.

A malformed file raises `EventFileError` naming the file, the line (CSV; the header is line 1) or
row (Parquet; the first row is 1), the column and the value, as soon as the scan reaches it.
"""

from __future__ import annotations

import glob
import re
from collections.abc import Sequence
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from ..analysis import networks, periodise
from .errors import EventFileError

__all__ = ["REQUIRED", "DAY_S", "PLACEMENT_SQL", "dyad_tables", "period_graphs"]

REQUIRED = ("actor_from", "actor_to", "date_start", "date_end")
DAY_S = 86400

# (date_start, date_end) vs a period [start, end]: s, e are the act's bounds and m the middle of its
# span (truncated to the second, as pandas does), in epoch seconds; {ps}, {pe} the period's. A
# period's end is a whole day, so "before pe" means "before pe + 1 day". The conditions become one
# CASE expression over the (few) periods: a streaming projection, no join.
PLACEMENT_SQL = {
    # the period holding the middle of the span
    "midpoint": "m >= {ps} AND m < {pe} + " + str(DAY_S),
    # the period holding the whole span
    "within": "s >= {ps} AND e < {pe} + " + str(DAY_S),
}


def _files(path) -> list[str]:
    paths = [path] if isinstance(path, (str, Path)) else list(path)
    found: list[str] = []
    for p in paths:
        text = str(p)
        matches = sorted(glob.glob(text)) if any(c in text for c in "*?[") else [text]
        if not matches or not all(Path(m).is_file() for m in matches):
            raise EventFileError(f"{text}: no such file")
        found += matches
    kinds = {Path(f).suffix.lower() for f in found}
    if not kinds <= {".csv", ".parquet", ".pq", ".gz"} or len(kinds) > 1:
        raise EventFileError(f"{', '.join(found)}: expected .csv or .parquet files, of one kind")
    return found


def _quote(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _source(con, files: list[str], need: Sequence[str]) -> tuple[str, str]:
    """The FROM clause reading `files` with the needed columns typed, and the kind (csv/parquet)."""
    listed = "[" + ", ".join(_quote(f) for f in files) + "]"
    parquet = Path(files[0]).suffix.lower() in (".parquet", ".pq")
    if parquet:
        return f"read_parquet({listed}, file_row_number = true, filename = true)", "parquet"
    header = con.execute(f"SELECT * FROM read_csv({listed}, header = true) LIMIT 0").description
    names = [d[0] for d in header]
    typed = {"date_start": "TIMESTAMP", "date_end": "TIMESTAMP"}
    if "polarity" in need:
        typed["polarity"] = "BIGINT"
    types = {c: typed.get(c, "VARCHAR") for c in names}
    spec = "{" + ", ".join(f"{_quote(c)}: {_quote(t)}" for c, t in types.items()) + "}"
    return f"read_csv({listed}, header = true, columns = {spec})", "csv"


def _columns(con, source: str) -> list[str]:
    return [d[0] for d in con.execute(f"SELECT * FROM {source} LIMIT 0").description]


_CSV_ERROR = re.compile(
    r"CSV Error on Line: (\d+).*?converting column \"([^\"]+)\"\. "
    r"Could not convert string \"([^\"]*)\"",
    re.S,
)


def _file_error(exc: Exception, files: list[str], con, source: str, kind: str) -> EventFileError:
    """The DuckDB error as an EventFileError naming file, line or row, column and value."""
    text = str(exc)
    if kind == "csv":
        match = _CSV_ERROR.search(text)
        named = re.search(r"file = (.+)", text)
        where = named.group(1).strip() if named else ", ".join(files)
        if match:
            line, column, value = match.groups()
            return EventFileError(
                f"{where}, line {line}, column {column}: cannot read {value!r} as a "
                f"{'date' if column.startswith('date') else 'value'} of that column"
            )
        line = re.search(r"Line: (\d+)", text)
        return EventFileError(
            f"{where}, line {line.group(1) if line else '?'}: {text.splitlines()[0]}"
        )
    # Parquet: find the first row whose value does not cast, streaming (LIMIT 1)
    for column, target in (("date_start", "TIMESTAMP"), ("date_end", "TIMESTAMP")):
        row = con.execute(
            f"SELECT filename, file_row_number, CAST({column} AS VARCHAR) FROM {source} "
            f"WHERE {column} IS NOT NULL AND TRY_CAST({column} AS {target}) IS NULL LIMIT 1"
        ).fetchone()
        if row:
            return EventFileError(
                f"{row[0]}, row {row[1] + 1}, column {column}: cannot read {row[2]!r} as a date"
            )
    return EventFileError(f"{', '.join(files)}: {text.splitlines()[0]}")


def _period_case(periods: pd.DataFrame, rule: str) -> str:
    """A SQL CASE giving each act's period id under `rule`, NULL outside every period."""
    starts = pd.Series(periods["start"]).to_numpy(dtype="datetime64[s]").astype(np.int64)
    ends = pd.Series(periods["end"]).to_numpy(dtype="datetime64[s]").astype(np.int64)
    ids = periods["period_id"].astype(str).tolist()
    whens = [
        f"WHEN {PLACEMENT_SQL[rule].format(ps=int(ps), pe=int(pe))} THEN {_quote(pid)}"
        for pid, ps, pe in zip(ids, starts, ends)
    ]
    return "CASE " + " ".join(whens) + " ELSE NULL END" if whens else "CAST(NULL AS VARCHAR)"


def _connect(memory_limit: str | None, threads: int | None):
    import duckdb

    con = duckdb.connect(":memory:")
    if memory_limit:
        con.execute(f"SET memory_limit = {_quote(memory_limit)}")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    con.execute("SET preserve_insertion_order = false")  # the result is ordered explicitly
    return con


def dyad_tables(
    path,
    periods: pd.DataFrame,
    codebook: pd.DataFrame | None = None,
    rule: str | None = None,
    memory_limit: str | None = "2GB",
    threads: int | None = None,
) -> pd.DataFrame:
    """Per-period dyads of an event file, aggregated in DuckDB (see the module docstring).

    Columns: period_id, actor_from, actor_to, weight, mentions, net_polarity, cooperative,
    conflictual, neutral, sign (int64), sorted by period_id, actor_from, actor_to as
    `aggregate_edges` sorts. Rows outside every period are dropped (as `networks.period_graphs`
    drops them)."""
    rule = periodise.PLACEMENT if rule is None else rule
    if rule not in PLACEMENT_SQL:
        raise ValueError(f"unknown placement rule {rule!r}; known: {', '.join(PLACEMENT_SQL)}")
    files = _files(path)
    con = _connect(memory_limit, threads)
    try:
        source, kind = _source(con, files, ("polarity",))
        columns = _columns(con, source)
        missing = [c for c in REQUIRED if c not in columns]
        if "polarity" not in columns and ("interaction_type" not in columns or codebook is None):
            missing.append("polarity (or interaction_type and a codebook)")
        if missing:
            raise EventFileError(f"{', '.join(files)}: missing column(s) {', '.join(missing)}")
        polarity = "CAST(polarity AS BIGINT)"
        join_types = ""
        if "polarity" not in columns:
            types = codebook[["interaction_type", "polarity"]].astype({"polarity": "int64"})
            con.register("codebook_types", types)
            polarity = "CAST(t.polarity AS BIGINT)"
            join_types = (
                "JOIN codebook_types t ON t.interaction_type = CAST(ev.interaction_type AS VARCHAR)"
            )
        period_of = _period_case(periods, rule)
        sql = f"""
            WITH acts AS (
                SELECT CAST(actor_from AS VARCHAR) AS actor_from,
                       CAST(actor_to AS VARCHAR) AS actor_to,
                       epoch_ms(CAST(date_start AS TIMESTAMP)) // 1000 AS s,
                       epoch_ms(CAST(date_end AS TIMESTAMP)) // 1000 AS e,
                       {polarity} AS polarity
                FROM {source} ev {join_types}
            ),
            spans AS (SELECT *, s + CAST(trunc((e - s) / 2) AS BIGINT) AS m FROM acts),
            placed AS (SELECT {period_of} AS period_id, * FROM spans)
            SELECT period_id, actor_from, actor_to,
                   count(*) AS weight,
                   sum(polarity) AS net_polarity,
                   count(*) FILTER (WHERE polarity > 0) AS cooperative,
                   count(*) FILTER (WHERE polarity < 0) AS conflictual,
                   count(*) FILTER (WHERE polarity = 0) AS neutral
            FROM placed
            WHERE period_id IS NOT NULL
            GROUP BY period_id, actor_from, actor_to
            ORDER BY period_id, actor_from, actor_to
        """
        try:
            frame = con.execute(sql).df()
        except Exception as exc:  # duckdb's errors: conversion, I/O, parser
            if type(exc).__module__.split(".")[0] not in ("duckdb", "_duckdb"):
                raise
            raise _file_error(exc, files, con, source, kind) from None
    finally:
        con.close()
    out = pd.DataFrame(
        {c: frame[c].astype(str).to_numpy(dtype=object) for c in networks.EDGE_COLUMNS[:2]}
    )
    out.insert(0, "period_id", frame["period_id"].astype(str).to_numpy(dtype=object))
    for c in ("weight", "net_polarity", "cooperative", "conflictual", "neutral"):
        out[c] = frame[c].to_numpy(dtype=np.int64)
    out.insert(out.columns.get_loc("weight") + 1, "mentions", out["weight"].to_numpy())
    out["sign"] = np.sign(out["net_polarity"]).astype(np.int64)
    return out  # event data: one row is one act, so mentions = weight and no `acts` column


def period_graphs(
    path,
    periods: pd.DataFrame,
    actors: pd.DataFrame | None = None,
    codebook: pd.DataFrame | None = None,
    rule: str | None = None,
    memory_limit: str | None = "2GB",
    threads: int | None = None,
) -> dict[str, nx.DiGraph]:
    """One signed graph per period (in period order), as `networks.period_graphs` builds them."""
    edges = dyad_tables(path, periods, codebook, rule, memory_limit, threads)
    ordered = periods.sort_values("order")["period_id"]
    bounds = edges["period_id"].to_numpy(dtype=object)
    return {pid: networks.signed_graph(edges[bounds == pid], actors) for pid in ordered}
