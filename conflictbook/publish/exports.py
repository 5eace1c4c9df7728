"""Files the built site offers for download beside its pages (copied to the site root by html_extra_path)."""

from __future__ import annotations

from pathlib import Path

from ..analysis.networks import period_graphs, source_graphs
from ..data import load_actors, load_interactions, load_periods
from ..io.graphml import write_graphml


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
    """The CSVs and datapackage.json, for the download links of the data dictionary (copied, never moved)."""
    import shutil

    from ..data import paths

    folder = (
        Path(target) / "csv"
    )  # not "data": Sphinx applies exclude_patterns (which exclude data/) to extra files
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(paths.data_dir().glob("*.csv")) + [paths.data_dir() / "datapackage.json"]:
        shutil.copy2(path, folder / path.name)
        written.append(folder / path.name)
    return written


def write_favicon(target: Path) -> Path:
    """Browsers ask for /favicon.ico on pages without an icon link (the root index.html redirect page)."""
    import shutil

    from ..data import paths

    icon = Path(target) / "favicon.ico"
    shutil.copy2(
        paths.repo_root() / "book" / "_static" / "favicon.png", icon
    )  # PNG data: browsers accept it
    return icon


def write_all(target: Path) -> list[Path]:
    folder = Path(target) / "networks"
    written = write_data_copies(target) + [write_favicon(target)]
    for name, graph in network_exports().items():
        write_graphml(graph, folder / name)
        written.append(folder / name)
    return written
