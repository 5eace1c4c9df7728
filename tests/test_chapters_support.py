"""Unit tests of the smaller chapter modules: coverage, criticism, reference pages, timeline,
forking."""

from __future__ import annotations

import pandas as pd

from conflictbook.analysis import coverage, criticism
from conflictbook.publish import reference
from conflictbook.publish.forking import MISTAKES, error_examples


def checks_frame():
    return pd.DataFrame(
        {
            "check_id": ["c_001", "c_002", "c_003", "c_004"],
            "source_id": ["s1", "s1", "s2", "s1"],
            "locator": [
                "Section 2, para 1",
                "Section 2, para 5",
                "Intro, para 1",
                "Section 3, para 2",
            ],
            "claim": ["a", "b", "c", "d"],
            "check_kind": ["internal", "external_reference", "internal", "primary_text"],
            "reference": ["x", "y", "z", "unsc_822_op01 | unsc_853_op03"],
            "reference_value": ["", "", "", ""],
            "verdict": ["agrees", "contradicted", "differs", "contradicted"],
            "subject_table": ["figures", "figures", "events", None],
            "subject_id": ["f1", "f2", "e1", None],
            "note": ["", "", "", ""],
        }
    )


def test_section_of_takes_the_text_before_the_first_comma():
    assert coverage.section_of("Section 2, para 'Violence spread', fn 9") == "Section 2"
    assert coverage.section_of("") == "(no locator)"


def test_verdict_counts_in_fixed_order_with_totals():
    table = criticism.verdict_counts(checks_frame(), "source_id")
    assert list(table.columns) == ["agrees", "differs", "contradicted", "unverifiable", "total"]
    assert table.loc["s1"].tolist() == [1, 0, 2, 0, 3]
    by_section = criticism.verdict_counts(checks_frame(), "section")
    assert by_section.loc["Section 2", "total"] == 2


def test_checks_table_puts_contradictions_first():
    assert list(criticism.checks_table(checks_frame())["check_id"]) == [
        "c_002",
        "c_004",
        "c_003",
        "c_001",
    ]


def test_marks_only_flag_differs_and_contradicted():
    marks = criticism.check_marks(checks_frame(), "figures")
    assert marks == {"f2": "⚠ contradicted (c_002)"}
    frame = pd.DataFrame({"figure_id": ["f1", "f2", "f3"]})
    assert criticism.annotate_with_checks(frame, checks_frame(), "figures", "figure_id")[
        "source_check"
    ].tolist() == ["", "⚠ contradicted (c_002)", ""]


def test_disputed_figures_need_disagreement():
    figures = pd.DataFrame(
        {
            "figure_id": ["f1", "f2", "f3", "f4"],
            "overlap_group": ["g", "g", "h", "h"],
            "measure": ["killed"] * 4,
            "claimant": ["author", "azerbaijan", "author", "author"],
            "low": [200.0, 613.0, 5.0, 5.0],
            "best": [None] * 4,
            "high": [200.0, 613.0, 5.0, 5.0],
            "qualifier": ["approx"] * 4,
            "source_id": ["s"] * 4,
            "quote": ["q"] * 4,
        }
    )
    disputed = criticism.disputed_figures(figures)
    assert disputed["figure_id"].tolist() == ["f1", "f2"]


def test_name_normalisation_skips_canonical_spellings():
    aliases = pd.DataFrame(
        {
            "actor_id": ["a", "a", "a"],
            "alias": ["Elchibey", "Chibi", "elchibey"],
            "source_id": ["s", "s", "t"],
            "garbled": [False, True, False],
            "note": ["", "", ""],
        }
    )
    entities = pd.DataFrame({"actor_id": ["a"], "name": ["Elchibey"]})
    table = criticism.name_normalisation(aliases, entities, "actor_id")
    assert table["alias"].tolist() == ["Chibi"]


def test_spellings_by_id_lists_every_spelling_sorted():
    aliases = pd.DataFrame(
        {
            "place_id": ["k", "k", "b"],
            "alias": ["Kocaeli", "Khojaly", "Baku"],
            "source_id": ["s0", "s1", "s0"],
            "garbled": [True, False, False],
        }
    )
    assert reference.spellings_by_id(aliases, "place_id") == {
        "b": "Baku [s0]",
        "k": "Khojaly [s1]; Kocaeli [s0] (garbled)",
    }


def test_field_table_reads_the_schema():
    fields = reference.field_table("figures").set_index("field")
    assert fields.loc["measure", "references"] == "measures.measure"
    assert fields.loc["qualifier", "required"] == "yes"
    assert "one of: exact, approx" in fields.loc["qualifier", "constraints"]


def test_real_coverage_tables_add_up():
    per_table = coverage.rows_per_table().set_index("table")["rows"]
    per_source = coverage.rows_per_source()
    for table in (
        "events",
        "interactions",
        "figures",
        "positions",
        "source_checks",
        "resolution_clauses",
    ):
        assert per_source[table].sum() == per_table[table]


def test_error_examples_give_one_message_set_per_mistake():
    examples = error_examples()
    assert len(examples) == len(MISTAKES)
    for label, messages in examples:
        assert messages, f"no message for: {label}"
        assert all(m.startswith("data/") for m in messages)
