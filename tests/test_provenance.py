"""Every glued number links to a provenance note listing the rows it is computed from (issue 17).

The notes themselves (rows, columns, how, settings, long and empty notes); the rows the chapters'
notes list, which must give the numbers glued; and the rule on every chapter notebook: no number
glued plain with myst_nb's `glue` (only captions and `_covers` sentences may be), no glue role in
the prose naming a glue without a rendered note, and the book's pages citing chapter numbers with
their rows' link. The rule's checks are shown failing on deliberately bad snippets, not only
passing on the real chapters."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import REPO

from conflictbook.analysis import coverage, networks, reliability, sensitivity, structure
from conflictbook.figures.provenance import EXEMPT_SUFFIXES, NOTE_CLASS, Provenance, is_exempt

CHAPTERS = sorted((REPO / "notebooks").glob("0*.ipynb"))
PAGES = sorted((REPO / "book").glob("*.md"))
ROLE = re.compile(r"\{glue(?::(?P<kind>[a-z]*))?\}`(?P<body>[^`]+)`")
LINK = re.compile(r"\{ref\}`[^`<]*<(?P<target>prov-[a-z0-9-]+)>`")
TARGET = re.compile(r"^\((prov-[a-z0-9-]+)\)=$", re.M)
RECORD = "application/papermill.record/"


# ---------------------------------------------------------------- the checks


def _code(nb) -> list[ast.Module]:
    """The code cells as syntax trees (IPython magics and shell lines left out)."""
    trees = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            lines = [ln for ln in cell.source.splitlines() if ln.lstrip()[:1] not in "%!"]
            trees.append(ast.parse("\n".join(lines)))
    return trees


def _name(arg: ast.expr) -> str | None:
    """A glue name as written: a string, or an f-string with {} for its fields; None otherwise."""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return arg.value
    if isinstance(arg, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in arg.values)
    return None


def plain_glues(nb) -> list[str]:
    """The calls of myst_nb's `glue` (under any alias) whose name is not exempt: numbers glued
    without provenance. A name the check cannot read (a variable) counts as not exempt."""
    trees = _code(nb)
    functions, modules = set(), set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "myst_nb":
                functions |= {a.asname or a.name for a in node.names if a.name == "glue"}
            elif isinstance(node, ast.Import):
                modules |= {a.asname or a.name for a in node.names if a.name == "myst_nb"}
    found = []
    for tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            direct = isinstance(func, ast.Name) and func.id in functions
            via = (
                isinstance(func, ast.Attribute)
                and func.attr == "glue"
                and isinstance(func.value, ast.Name)
                and func.value.id in modules
            )
            if direct or via:
                name = _name(node.args[0]) if node.args else None
                if name is None or not is_exempt(name):
                    found.append(name or ast.unparse(node.args[0] if node.args else node))
    return found


def roles(text: str) -> list[tuple[str, str, str, str, str]]:
    """(role as written, kind, page path, glue name, format) of every glue role in `text` (a
    role shown as code, inside ``double backticks``, is none)."""
    out = []
    for match in ROLE.finditer(re.sub(r"``.+?``", "", text)):
        path, _, rest = match["body"].rpartition("::")
        name, _, fmt = rest.partition(":")
        out.append((match[0], match["kind"] or "", path, name, fmt))
    return out


def glued(nb) -> tuple[dict[str, dict], set[str]]:
    """The glues a notebook's stored outputs hold (name -> data by mime type) and the note
    targets its outputs render."""
    values, targets = {}, set()
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                values[name] = {k.removeprefix(RECORD): _text(v) for k, v in data.items()}
            elif "text/markdown" in data:
                targets |= set(TARGET.findall(_text(data["text/markdown"])))
    return values, targets


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _link(values: dict[str, dict], name: str) -> str | None:
    """The note target a glue links to, if it is a provenance link."""
    match = LINK.fullmatch(values.get(name, {}).get("text/markdown", ""))
    return match["target"] if match else None


def unlinked_roles(nb) -> list[str]:
    """Glue roles in a chapter's markdown that do not render as a link to a rendered note."""
    values, targets = glued(nb)
    problems = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for raw, kind, path, name, fmt in roles(cell.source):
            if is_exempt(name):
                continue
            target = _link(values, name)
            if path:
                problems.append(f"{raw}: a chapter cites its own glues, not another page's")
            elif target is None:
                problems.append(f"{raw}: {name} has no provenance note (use trace.glue/setting)")
            elif target not in targets:
                problems.append(f"{raw}: the note {target} is not rendered (trace.notes())")
            elif (kind, fmt) != ("md", "myst"):
                problems.append(f"{raw}: write {{glue:md}}`{name}:myst` to render the link")
    return problems


def unlinked_page_roles(text: str, page: Path) -> list[str]:
    """Glue roles of a book page: each cites a chapter's `<name>_text` beside a link to its note."""
    problems = []
    for raw, _kind, path, name, _fmt in roles(text):
        if is_exempt(name):
            continue
        if not path:
            problems.append(f"{raw}: a page has no glues of its own; cite a chapter's")
            continue
        values, targets = glued(nbformat.read(page.parent / path, as_version=4))
        target = _link(values, name.removesuffix("_text")) if name.endswith("_text") else None
        if target is None:
            problems.append(f"{raw}: cite the plain text of a traced number, `<name>_text`")
        elif target not in targets or f"<{target}>" not in text:
            problems.append(f"{raw}: no {{ref}}`rows <{target}>` link to its note")
    return problems


def chapter(code: str, markdown: str, outputs: list[dict] = ()):
    """A small notebook: one markdown cell, one code cell with the given stored outputs."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(markdown),
        nbformat.v4.new_code_cell(code, outputs=list(outputs)),
    ]
    return nb


def glue_output(name: str, **data: str) -> dict:
    """A stored glue as myst_nb records it (display=False)."""
    return nbformat.v4.new_output(
        "display_data",
        data={RECORD + k.replace("_", "/"): v for k, v in data.items()},
        metadata={"scrapbook": {"name": name, "mime_prefix": RECORD}},
    )


def notes_output(*targets: str) -> dict:
    text = "\n".join(f"({t})=\n**1**: a note\n" for t in targets)
    return nbformat.v4.new_output("display_data", data={"text/markdown": text})


# ---------------------------------------------------------------- the checks can fail


def test_a_number_glued_plain_is_caught_under_any_name_or_alias():
    code = """
from myst_nb import glue
import myst_nb as nb
glue("n_things", "12", display=False)
nb.glue(f"r{k}_alpha", "0.80", display=False)
glue(name, "3", display=False)
glue("fig_map_caption", "A map.", display=False)
glue(f"{name}_covers", "flows over 1990", display=False)
trace.glue("n_ok", "4", rows, "row_id")
"""
    assert plain_glues(chapter(code, "")) == ["n_things", "r{}_alpha", "name"]
    assert plain_glues(chapter("from myst_nb import glue as g\ng('total', '1')", "")) == ["total"]


def test_a_role_without_a_rendered_note_is_caught():
    outputs = [
        glue_output("n_plain", text_plain="'12'"),
        glue_output("n_linked", text_markdown="{ref}`4 <prov-c-n-linked>`", text_plain="<md>"),
        glue_output("n_orphan", text_markdown="{ref}`5 <prov-c-n-orphan>`", text_plain="<md>"),
        notes_output("prov-c-n-linked"),
    ]
    good = (
        "{glue:md}`n_linked:myst` and {glue:text}`fig_caption` and {glue:text}`a_covers`; "
        "as code, ``{glue:text}`n_plain:s` `` is no role"
    )
    assert unlinked_roles(chapter("", good, outputs)) == []
    bad = (
        "{glue:text}`n_plain:s`, {glue:}`n_missing`, {glue:md}`n_orphan:myst`, "
        "{glue:text}`n_linked:s`, {glue:text}`n_linked_text:s`"
    )
    problems = unlinked_roles(chapter("", bad, outputs))
    assert [p.split(": ", 1)[0] for p in problems] == bad.split(", ")
    assert "no provenance note" in problems[0] and "no provenance note" in problems[1]
    assert "not rendered" in problems[2] and "write {glue:md}`n_linked:myst`" in problems[3]
    assert "no provenance note" in problems[4]  # the plain text of a number is no link


def test_a_page_citing_a_number_without_its_rows_link_is_caught(tmp_path):
    nb = chapter(
        "",
        "",
        [
            glue_output("n", text_markdown="{ref}`4 <prov-c-n>`", text_plain="<md>"),
            glue_output("n_text", text_plain="'4'"),
            notes_output("prov-c-n"),
        ],
    )
    nbformat.write(nb, tmp_path / "c.ipynb")
    page = tmp_path / "book" / "page.md"
    page.parent.mkdir()
    good = "{glue:text}`../c.ipynb::n_text:s` ({ref}`rows <prov-c-n>`)"
    assert unlinked_page_roles(good, page) == []
    assert len(unlinked_page_roles("{glue:text}`../c.ipynb::n_text:s` acts", page)) == 1
    assert len(unlinked_page_roles("{glue:text}`../c.ipynb::n:s` (rows <prov-c-n>)", page)) == 1


def test_only_captions_and_covers_sentences_are_exempt():
    assert EXEMPT_SUFFIXES == ("_caption", "_covers")
    assert is_exempt("fig_flows_caption") and is_exempt("largest_flow_covers")
    for name in ("n_captions", "caption", "covers_n", "n_caption_text", "fig_caption_n"):
        assert not is_exempt(name)


# ---------------------------------------------------------------- the real chapters


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_number_in_a_chapter_links_to_its_note(path):
    nb = nbformat.read(path, as_version=4)
    assert plain_glues(nb) == [], f"{path.name}: numbers glued plain; use trace.glue/setting"
    assert unlinked_roles(nb) == []


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_a_chapter_with_a_trace_ends_with_its_notes(path):
    nb = nbformat.read(path, as_version=4)
    if not any("Provenance(" in c.source for c in nb.cells if c.cell_type == "code"):
        return
    heading, last = nb.cells[-2], nb.cells[-1]
    assert heading.cell_type == "markdown"
    assert heading.source.endswith("## Where the numbers come from")
    assert last.cell_type == "code" and last.source.strip() == "trace.notes()"
    assert "remove-input" in last.metadata.get("tags", [])


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_book_pages_cite_chapter_numbers_with_their_rows(page):
    assert unlinked_page_roles(page.read_text(encoding="utf-8"), page) == []


# ---------------------------------------------------------------- the notes


SOURCES = pd.DataFrame(
    {"source_id": ["a"], "kind": ["article"], "citation": ["Smith, J. (2020). T."], "year": [2020]}
)


def test_notes_list_the_rows_with_their_quotes():
    trace = Provenance("A chapter", SOURCES)
    rows = pd.DataFrame(
        {
            "figure_id": ["f2", "f1"],
            "source_id": ["a", "a"],
            "locator": ["p. 2", "p. 1"],
            "quote": ["two | pipes", "one"],
        }
    )
    trace.glue("total", "1,000", rows, "figure_id", "people")
    notes = trace.notes().data
    assert "(prov-a-chapter-total)=" in notes and "**1,000**: people" in notes
    assert "| row | source | where | quote |" in notes
    assert notes.index("| f1 |") < notes.index("| f2 |") and "two \\| pipes" in notes
    assert "Smith 2020" in notes and len(trace) == 1 and "total" in trace


def test_a_note_shows_the_columns_asked_for_and_how_the_number_is_computed():
    trace = Provenance("reliability", SOURCES)
    units = pd.DataFrame(
        {
            "unit_id": ["u2", "u1"],
            "source_id": ["a", "a"],
            "first": ["x", "y"],
            "second": ["x", "z"],
            "agree": [True, False],
        }
    )
    how = "Krippendorff's alpha (nominal) over the 2 units both coders coded"
    trace.glue(
        "r1_polarity",
        "0.50",
        units,
        "unit_id",
        "agreement on `polarity`",
        how=how,
        columns=("first", "second", "agree"),
    )
    notes = trace.notes().data
    assert f"**0.50**: agreement on `polarity`, computed from 2 row(s). {how}." in notes
    assert "| row | first | second | agree |" in notes and "| u1 | y | z | no |" in notes
    trace.glue("n_units", "2", units, "unit_id")  # default: the fact-row columns it has
    assert "| row | source |\n" in trace.notes().data
    with pytest.raises(KeyError, match="quote"):
        trace.glue("n_bad", "2", units, "unit_id", columns=("quote",))


def test_long_notes_quote_the_first_rows_and_list_the_rest_in_natural_order():
    trace = Provenance("c", SOURCES)
    rows = pd.DataFrame({"set": [f"F{i}" for i in range(14, 0, -1)], "range": ["1"] * 14})
    trace.glue("n_sets", "14", rows, "set", columns=("range",))
    notes = trace.notes().data
    assert notes.count("| F") == Provenance.max_rows and "| F2 |" in notes
    assert notes.index("| F2 |") < notes.index("| F10 |")
    assert "and 2 more: F13, F14" in notes


def test_an_empty_note_says_so_and_draws_no_table():
    trace = Provenance("c", SOURCES)
    trace.glue("n_counts", "no", pd.DataFrame({"set": []}), "set", "counts in the period")
    assert "**no**: counts in the period, computed from no row." in trace.notes().data
    assert "| row" not in trace.notes().data


def test_a_setting_links_to_a_note_naming_its_constant(monkeypatch):
    import myst_nb

    calls = []
    monkeypatch.setattr(myst_nb, "glue", lambda name, value, display: calls.append((name, value)))
    trace = Provenance("actor networks", SOURCES)
    trace.setting("max_labels", "15", "labels at most")
    trace.setting("top_n", "5", "the size of a top", constant="TOP")
    assert calls[0][1].data == "{ref}`15 <prov-actor-networks-max-labels>`"
    assert calls[1] == ("max_labels_text", "15")
    notes = trace.notes().data
    assert "(prov-actor-networks-max-labels)=\n**15**: labels at most. A setting" in notes
    assert "chosen in this chapter's code (`MAX_LABELS`), not computed from the data." in notes
    assert "(`TOP`)" in notes and "row(s)" not in notes
    with pytest.raises(ValueError):
        trace.setting("n", "1", constant="not a name")


def test_a_note_with_rows_is_folded_under_its_sentence_and_a_setting_is_not():
    """A chapter's notes ran to 45,000 px: each note with rows is a dropdown titled by its
    sentence, its target on the dropdown (so that the link opens it); settings stay a line."""
    trace = Provenance("c", SOURCES)
    rows = pd.DataFrame({"figure_id": ["f1"], "source_id": ["a"], "quote": ["one"]})
    trace.glue("total", "1,000", rows, "figure_id", "people")
    trace.glue("n_none", "no", pd.DataFrame({"set": []}), "set", "counts")
    trace.setting("max_labels", "15", "labels at most")
    lines = trace.notes().data.splitlines()
    start = lines.index("(prov-c-total)=")
    assert lines[start + 1] == ":::{dropdown} **1,000**: people, computed from 1 row(s)"
    assert lines[start + 2] == f":class-container: {NOTE_CLASS}" and lines[start + 3] == ""
    end = lines.index(":::", start)
    assert lines[start + 4 : end] == ["| row | source | quote |", "| --- | --- | --- |",
                                      "| f1 | Smith 2020 | one |"]  # fmt: skip
    for target in ("(prov-c-n-none)=", "(prov-c-max-labels)="):
        assert not lines[lines.index(target) + 1].startswith(":::")
    assert sum(line.startswith(":::{dropdown}") for line in lines) == 1


# ---------------------------------------------------------------- the rows behind the numbers


def acts(data) -> pd.DataFrame:
    frame = pd.DataFrame(data, columns=["act_id", "actor_from", "actor_to", "polarity"])
    return frame.assign(interaction_id=[f"i{k}" for k in range(len(frame))])


def test_camp_conflict_rows_are_the_acts_camp_conflict_counts():
    rows = acts(
        [
            ("x1", "a1", "b1", -1),
            ("x2", "a1", "a2", -1),
            ("x3", "a2", "b1", -1),  # a mutual act: one per directed tie
            ("x3", "b1", "a2", -1),
            ("x4", "z", "a1", -1),  # z is in no camp
            ("x5", "a1", "b1", 1),  # cooperative
        ]
    )
    camps = [["a1", "a2"], ["b1"]]
    counted = structure.camp_conflict(networks.signed_graph(networks.aggregate_edges(rows)), camps)
    listed = structure.camp_conflict_rows(rows, camps)
    assert (counted.within, counted.between) == (1, 3)
    assert listed["camps"].value_counts().to_dict() == {"between": 3, "within": 1}
    assert list(listed["interaction_id"]) == ["i0", "i1", "i2", "i3"]


def test_triangle_rows_are_the_acts_on_the_signed_triangles():
    rows = acts(
        [
            ("x1", "a", "b", 1),
            ("x2", "b", "c", 1),
            ("x3", "c", "a", -1),
            ("x4", "c", "d", -1),  # no triangle
            ("x5", "a", "e", 1),  # a-e cancels out: no signed tie, no triangle a-b-e
            ("x6", "e", "a", -1),
            ("x7", "b", "e", 1),
        ]
    )
    assert list(structure.triangle_rows(rows)["interaction_id"]) == ["i0", "i1", "i2"]
    graph = networks.signed_graph(networks.aggregate_edges(rows))
    assert structure.structural_balance(graph).triangles == 1


def test_sensitivity_checks_get_short_unique_ids():
    checks = pd.DataFrame(
        {
            "variant": [sensitivity.VARIANTS["stated"], sensitivity.VARIANTS["placed"]] * 2,
            "scope": ["p1", "p1", sensitivity.WHOLE, sensitivity.WHOLE],
            "measure": ["top 3 by PageRank", "camps", "balanced triangles", "top 5 by PageRank"],
        }
    )
    assert list(sensitivity.check_ids(checks)) == [
        "stated/p1/top",
        "placed/p1/camps",
        "stated/whole_record/balance",
        "placed/whole_record/top",
    ]


def test_paired_values_are_the_units_an_alpha_is_computed_over():
    units = pd.DataFrame(
        {
            "unit_id": ["u1", "u2", "u3"],
            "source_id": ["a"] * 3,
            "locator": ["p. 1"] * 3,
            "quote": ["q"] * 3,
        }
    )
    codings = pd.DataFrame(
        {
            "unit_id": ["u1", "u1", "u1", "u2", "u2", "u3"],
            "coder": ["first", "first", "second", "first", "second", "first"],
            **{f: ["v"] * 6 for f in reliability.CODED_FIELDS},
        }
    ).assign(actor_to=["b", "c", "b", "d", "d", "e"])
    paired = reliability.paired_values(codings, units, "actor_to")
    assert paired[["unit_id", "first", "second", "agree"]].values.tolist() == [
        ["u1", "b|c", "b", False],
        ["u2", "d", "d", True],
    ]  # u3, coded once, is in no alpha
    (result,) = [r for r in reliability.alpha_by_field(codings) if r.field == "actor_to"]
    assert result.units == len(paired) and result.agreement == paired["agree"].mean()


def test_derived_rows_get_ids_and_locators():
    numbers = pd.DataFrame(
        {"source_id": ["s", "s", "t"], "number": ["1", "2", "3"], "context": ["c1", "c2", "c3"]}
    )
    traced = coverage.traced_rows("uncovered_numbers", numbers)
    assert list(traced["row_id"]) == ["s:n1", "s:n2", "t:n1"]
    assert list(traced["locator"]) == ["c1", "c2", "c3"]
    sentences = pd.DataFrame(
        {"source_id": ["s"], "sentence": ["7"], "opening": ["A b ..."], "words": ["9"]}
    )
    traced = coverage.traced_rows("uncovered_sentences", sentences)
    assert traced[["row_id", "locator"]].values.tolist() == [["s:s7", "sentence 7"]]
    assert set(coverage.DERIVED_HOW) == {"uncovered_numbers", "uncovered_sentences"}
    with pytest.raises(ValueError):
        coverage.traced_rows("sources", numbers)
