"""Files the built site offers for download beside its pages (written by the Sphinx extension)."""

from __future__ import annotations

from pathlib import Path

from ..analysis.networks import period_graphs, source_graphs
from ..data import load_actors, load_interactions, load_periods
from ..io.graphml import write_graphml

__all__ = ["network_exports", "write_data_copies", "write_favicon", "write_stylesheet", "write_all"]


def network_exports() -> dict[str, object]:
    """GraphML file name -> graph: one per period and one per source."""
    interactions, periods, actors = load_interactions(), load_periods(), load_actors()
    graphs = {
        f"period_{pid}.graphml": g
        for pid, g in period_graphs(interactions, periods, actors).items()
        if g.number_of_nodes()
    }
    graphs.update(
        {f"source_{sid}.graphml": g for sid, g in source_graphs(interactions, actors).items()}
    )
    return graphs


def write_data_copies(target: Path) -> list[Path]:
    """The CSVs and datapackage.json, for the download links of the data dictionary (copied,
    never moved)."""
    import shutil

    from ..data import paths

    folder = Path(target) / "csv"  # "csv", not "data": a name apart from the repository's data/
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    data = paths.data_dir()
    for path in sorted(data.rglob("*.csv")) + [data / "datapackage.json"]:
        target_path = folder / path.relative_to(data)
        target_path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target_path)
        written.append(target_path)
    return written


def write_favicon(target: Path) -> Path:
    """Browsers ask for /favicon.ico on pages without an icon link (the root index.html redirect
    page)."""
    import shutil

    from ..data import paths

    icon = Path(target) / "favicon.ico"
    shutil.copy2(
        paths.repo_root() / "book" / "_static" / "favicon.png", icon
    )  # PNG data: browsers accept it
    return icon


def write_stylesheet(target: Path) -> Path:
    """The book's stylesheet, copied on every build (Sphinx skips static files on a build with no
    changed page, so an edited stylesheet would otherwise not reach the site)."""
    import shutil

    from ..data import paths

    css = Path(target) / "_static" / "conflictbook.css"
    css.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(paths.repo_root() / "book" / "_static" / "conflictbook.css", css)
    return css


def write_all(target: Path) -> list[Path]:
    folder = Path(target) / "networks"
    written = write_data_copies(target) + [write_favicon(target), write_stylesheet(target)]
    for name, graph in network_exports().items():
        write_graphml(graph, folder / name)
        written.append(folder / name)
    return written
