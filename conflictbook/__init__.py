"""conflictbook: the logic of an executable book on a conflict, kept apart from the case it studies.

Nothing in this package is specific to Karabakh: the case lives in data/ and in the notebooks.
"""
from .data import (load_actors, load_clauses, load_events, load_figures, load_interactions, load_package,
                   load_periods, load_places, load_positions, load_resolutions, load_source_checks, load_sources,
                   load_table, short_names)
from .validate import DataError, validate_package

__all__ = ["DataError", "validate_package", "load_package", "load_table", "load_actors", "load_places",
           "load_events", "load_interactions", "load_figures", "load_resolutions", "load_clauses",
           "load_positions", "load_periods", "load_sources", "load_source_checks", "short_names"]


def _show_data_errors_plainly():
    """In a notebook, print a DataError's message instead of a traceback (students need the message)."""
    try:
        ip = get_ipython()  # noqa: F821  (defined only inside IPython)
    except NameError:
        return

    def handler(shell, etype, evalue, tb, tb_offset=None):
        print(f"DataError: {evalue}")
        return None

    ip.set_custom_exc((DataError,), handler)


_show_data_errors_plainly()
