"""The DuckDB path for event files beyond memory: the pandas path's graphs, and clear errors."""

from __future__ import annotations

import pytest

pytest.importorskip("duckdb")

import duckdb  # noqa: E402

from conflictbook.analysis import networks, periodise  # noqa: E402
from conflictbook.io import EventFileError, events_duckdb  # noqa: E402
from conflictbook.io.synthetic import (  # noqa: E402
    interaction_types,
    synthetic_interactions,
    synthetic_periods,
)

# Inputs made here (datafree, see conftest.py), except the codebook test: interaction_types() reads
# the data package's codebook where there is one.

COLUMNS = ["actor_from", "actor_to", "date_start", "date_end", "polarity", "interaction_type"]


@pytest.fixture(scope="module")
def events(tmp_path_factory):
    folder = tmp_path_factory.mktemp("events")
    frame = synthetic_interactions(10**5, n_actors=80, seed=11)
    frame[COLUMNS].to_csv(folder / "events.csv", index=False)
    con = duckdb.connect()
    con.register("frame", frame[COLUMNS])
    con.execute(f"COPY frame TO '{folder / 'events.parquet'}' (FORMAT parquet)")
    con.close()
    return frame, folder


def without_acts(edges):
    """Event data: one row is one act, so the pandas path's list of acts is the rows themselves; the
    DuckDB path carries weight and mentions (equal here) and no list. Everything else must match."""
    return [(u, v, {k: x for k, x in d.items() if k != "acts"}) for u, v, d in edges]


def assert_same_graphs(got: dict, want: dict) -> None:
    assert list(got) == list(want)
    for pid, graph in want.items():
        assert list(got[pid].nodes(data=True)) == list(graph.nodes(data=True)), pid
        assert without_acts(got[pid].edges(data=True)) == without_acts(graph.edges(data=True)), pid
        assert all(d["weight"] == d["mentions"] for _, _, d in got[pid].edges(data=True))


@pytest.mark.datafree
@pytest.mark.parametrize("rule", periodise.RULES)
@pytest.mark.parametrize("name", ["events.csv", "events.parquet"])
def test_duckdb_and_pandas_give_identical_graphs(events, monkeypatch, rule, name):
    frame, folder = events
    periods = synthetic_periods(n_periods=6)
    monkeypatch.setattr(periodise, "PLACEMENT", rule)  # the switch both paths read
    want = networks.period_graphs(frame, periods)
    got = events_duckdb.period_graphs(folder / name, periods)
    assert sum(g.number_of_edges() for g in want.values()) > 1000
    assert_same_graphs(got, want)


@pytest.mark.datafree
def test_dyad_table_has_aggregate_edges_columns(events):
    frame, folder = events
    periods = synthetic_periods(n_periods=3)
    placed = frame.assign(period_id=periodise.period_of(frame, periods))
    want = networks.aggregate_edges(placed[placed["period_id"].notna()], by=["period_id"])
    got = events_duckdb.dyad_tables(folder / "events.parquet", periods)
    want = want.drop(columns="acts")
    assert list(got.columns) == list(want.columns)
    assert got.equals(want)


def test_polarity_from_a_codebook(events, tmp_path):
    frame, _ = events
    path = tmp_path / "typed.csv"
    frame[[c for c in COLUMNS if c != "polarity"]].to_csv(path, index=False)
    periods = synthetic_periods(n_periods=4)
    got = events_duckdb.period_graphs(path, periods, codebook=interaction_types())
    assert_same_graphs(got, networks.period_graphs(frame, periods))


@pytest.mark.datafree
def test_a_bad_date_deep_in_a_file_names_file_line_and_column(events, tmp_path):
    frame, folder = events
    lines = (folder / "events.csv").read_text(encoding="utf-8").splitlines()
    fields = lines[4999].split(",")  # line 5000 of the file (the header is line 1)
    fields[2] = "1994-13-45"
    lines[4999] = ",".join(fields)
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(EventFileError) as caught:
        events_duckdb.dyad_tables(bad, synthetic_periods())
    message = str(caught.value)
    assert str(bad) in message
    assert "line 5000" in message
    assert "column date_start" in message
    assert "1994-13-45" in message


@pytest.mark.datafree
def test_a_bad_date_in_parquet_names_file_row_and_column(tmp_path):
    frame = synthetic_interactions(6000, n_actors=10, seed=2)[COLUMNS]
    text = frame.assign(date_end=frame["date_end"].dt.strftime("%Y-%m-%d"))
    text.loc[4321, "date_end"] = "not a date"
    path = tmp_path / "bad.parquet"
    con = duckdb.connect()
    con.register("frame", text)
    con.execute(f"COPY frame TO '{path}' (FORMAT parquet)")
    con.close()
    with pytest.raises(EventFileError, match=r"bad\.parquet, row 4322, column date_end"):
        events_duckdb.dyad_tables(path, synthetic_periods())


@pytest.mark.datafree
def test_missing_columns_and_files_are_named(tmp_path):
    path = tmp_path / "few.csv"
    path.write_text("actor_from,actor_to\na,b\n", encoding="utf-8")
    with pytest.raises(EventFileError, match="missing column"):
        events_duckdb.dyad_tables(path, synthetic_periods())
    with pytest.raises(EventFileError, match="no such file"):
        events_duckdb.dyad_tables(tmp_path / "absent.csv", synthetic_periods())
