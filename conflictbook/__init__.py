"""conflictbook: the logic of an executable book on a conflict, kept apart from the case it studies.

Layers, each importing only from those before it: ``data`` (files, schema, rules, loaders) ->
``analysis`` (periods, networks, displacement, resolutions, positions, criticism, coverage) ->
``figures`` and ``widgets`` (drawings, interactive HTML) -> ``publish`` (build, site check, Sphinx
extension). ``io`` (importers, exports, synthetic data) sits beside analysis. Nothing here names
the case it studies: the case lives in data/ and in the notebooks.
"""

from .data import (
    DataError,
    load_actors,
    load_clauses,
    load_events,
    load_figures,
    load_interactions,
    load_package,
    load_periods,
    load_places,
    load_positions,
    load_resolutions,
    load_source_checks,
    load_sources,
    load_table,
    short_names,
    validate_package,
)

__all__ = [
    "DataError",
    "validate_package",
    "load_package",
    "load_table",
    "load_actors",
    "load_places",
    "load_events",
    "load_interactions",
    "load_figures",
    "load_resolutions",
    "load_clauses",
    "load_positions",
    "load_periods",
    "load_sources",
    "load_source_checks",
    "short_names",
]


def setup_notebook() -> None:
    """The first call of every chapter: the book's figure style, and data errors shown as
    messages."""
    from .data.deps import record_while_running
    from .data.validate import show_data_errors_plainly
    from .figures.style import use_book_style

    record_while_running()
    use_book_style()
    show_data_errors_plainly()
