"""The data layer: where files are, the generic Table Schema reader, this book's rules, and the
loaders.

Nothing in this layer imports from analysis, figures, widgets, io or publish.
"""

from .loaders import (
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
)
from .validate import DataError, validate_package

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
