"""Text from the data is shown as text: markup in an actor's name is escaped everywhere it
appears."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest
from conftest import DATA, MINI, read_rows, write_rows

from conflictbook import load_actors, load_events, load_interactions, load_periods
from conflictbook.analysis import networks, periodise
from conflictbook.data import texts
from conflictbook.figures import networks as network_figures
from conflictbook.widgets import explorer
from conflictbook.widgets import timeline as timeline_widget

EVIL = '<script>window.__pwned = 1</script><b>Evil</b> "quoted" & co'


def _first_actor(data: Path = DATA) -> str:
    """The actor of the first interaction: it is in every network, explorer and table."""
    rows = read_rows(data / "interactions.csv")
    return rows[1][rows[0].index("actor_from")]


TARGET = _first_actor()


def evil_data(target: Path, base: Path = DATA) -> Path:
    """A copy of the data in which one actor's name and one event summary carry markup."""
    shutil.copytree(base, target)
    rows, actor = read_rows(target / "actors.csv"), _first_actor(base)
    name = rows[0].index("name")
    for row in rows[1:]:
        if row[0] == actor:
            row[name] = EVIL
    write_rows(target / "actors.csv", rows)
    rows = read_rows(target / "events.csv")
    rows[1][rows[0].index("summary")] = EVIL
    write_rows(target / "events.csv", rows)
    return target


def test_explorer_escapes_names_in_embedded_json():
    interactions, periods = load_interactions(), load_periods()
    actors = load_actors()
    actors.loc[actors["actor_id"] == TARGET, "name"] = EVIL
    graphs = networks.period_graphs(interactions, periods, actors)
    data = explorer.explorer_data(
        interactions,
        actors,
        network_figures.shared_layout(graphs),
        periodise.period_of(interactions, periods),
        periods,
    )
    page = explorer.explorer_html(data)
    assert "<script>window.__pwned" not in page and "<b>Evil" not in page
    assert "\\u003cscript\\u003ewindow.__pwned" in page  # kept, as inert text in the JSON
    assert "textContent" in page and "innerHTML" not in page


def test_timeline_escapes_summaries():
    events, periods = load_events(), load_periods()
    events.loc[events.index[0], "summary"] = EVIL
    page = timeline_widget.FilterableTimeline(
        events, periods, periodise.period_of(events, periods)
    )._repr_html_()
    assert "<script>window.__pwned" not in page and "innerHTML" not in page


def test_dataframe_tables_escape_markup():
    actors = load_actors()
    actors.loc[actors["actor_id"] == TARGET, "name"] = EVIL
    rendered = actors[actors["actor_id"] == TARGET]._repr_html_()
    assert "<script>window.__pwned" not in rendered and "&lt;script&gt;" in rendered


def book_notebook(target: str) -> list[str]:
    """The code cells of the one-page book: every place a name reaches a page."""
    return [
        "import os\n"
        "from conflictbook import load_actors, load_interactions, load_periods, load_events\n"
        "from conflictbook.analysis import networks, periodise\n"
        "from conflictbook.figures import networks as network_figures\n"
        "from conflictbook.widgets import timeline as timeline_widget\n"
        "from conflictbook.widgets.explorer import Explorer, explorer_data\n"
        "from conflictbook.figures.style import show, use_book_style\n"
        "use_book_style()\n"
        "actors, interactions, periods = load_actors(), load_interactions(), load_periods()\n"
        "graphs = networks.period_graphs(interactions, periods, actors)\n"
        "positions = network_figures.shared_layout(graphs)",
        f"actors[actors['actor_id'] == {target!r}]",
        f"print(actors.loc[actors['actor_id'] == {target!r}, 'name'].iloc[0])",
        "labels = dict(zip(periods['period_id'], periods['label']))\n"
        "show(network_figures.draw_period_networks(graphs, positions, labels, actors))",
        "Explorer(explorer_data(interactions, actors, positions, "
        "periodise.period_of(interactions, periods), periods))",
        "events = load_events()\n"
        "timeline_widget.FilterableTimeline(events, periods, periodise.period_of(events, periods))",
    ]


@pytest.mark.skipif(
    shutil.which("jupyter-book", path=str(Path(sys.executable).parent)) is None,
    reason="jupyter-book is not installed in this environment",
)
@pytest.mark.datafree  # run once: built from the fixture package, whichever data is active
def test_built_book_shows_markup_as_text(tmp_path):
    """Build a one-page book from data with markup in a name; the page must not contain the
    markup raw."""
    data = evil_data(tmp_path / "data", MINI)
    sources = data / "sources"
    sources.mkdir(exist_ok=True)
    for row in read_rows(MINI / "sources.csv")[1:]:
        name = row[read_rows(MINI / "sources.csv")[0].index("file")]
        found = texts.find_source_text(name, MINI)
        if found and not (sources / name).exists():
            shutil.copy(found, sources / name)
    book = tmp_path / "book"
    book.mkdir()
    (book / "_config.yml").write_text(
        textwrap.dedent("""\
        title: escaping test
        only_build_toc_files: true
        execute:
          execute_notebooks: force
          timeout: 300
        sphinx:
          extra_extensions: [conflictbook.publish.sphinx_ext]
          config:
            nb_execution_raise_on_error: true
        """),
        encoding="utf-8",
    )
    (book / "_toc.yml").write_text("format: jb-book\nroot: page\n", encoding="utf-8")
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("# Page")]
        + [nbformat.v4.new_code_cell(src) for src in book_notebook(_first_actor(MINI))]
    )
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, book / "page.ipynb")
    env = {**os.environ, "CONFLICTBOOK_DATA": str(data)}
    result = subprocess.run(
        [str(Path(sys.executable).parent / "jupyter-book"), "build", str(book)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    page = (book / "_build" / "html" / "page.html").read_text(encoding="utf-8")
    assert "Evil" in page  # the name is on the page ...
    assert "<script>window.__pwned" not in page  # ... but never as live markup
    assert "<b>Evil</b>" not in page
    assert "&lt;script&gt;window.__pwned" in page  # escaped in the table and the printed text
