"""One colour-blind-safe palette for the whole book (Okabe & Ito 2008), and figure defaults."""

from __future__ import annotations

import matplotlib as mpl

__all__ = [
    "OKABE_ITO",
    "POLARITY_COLOURS",
    "KIND_COLOURS",
    "SEQUENCE",
    "colour_for",
    "source_colours",
    "use_book_style",
    "show",
]

OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}

POLARITY_COLOURS = {1: OKABE_ITO["blue"], 0: OKABE_ITO["grey"], -1: OKABE_ITO["vermillion"]}

KIND_COLOURS = {
    "state": OKABE_ITO["blue"],
    "state_forces": OKABE_ITO["vermillion"],
    "armed_group": OKABE_ITO["orange"],
    "igo": OKABE_ITO["bluish_green"],
    "igo_body": OKABE_ITO["bluish_green"],
    "state_organ": OKABE_ITO["sky_blue"],
    "party_movement": OKABE_ITO["reddish_purple"],
    "person": OKABE_ITO["yellow"],
    "population_group": OKABE_ITO["grey"],
    "collective": OKABE_ITO["grey"],
    "media": OKABE_ITO["black"],
    "other": OKABE_ITO["black"],
}

SEQUENCE = [
    OKABE_ITO[k]
    for k in (
        "blue",
        "orange",
        "bluish_green",
        "vermillion",
        "reddish_purple",
        "sky_blue",
        "yellow",
        "black",
    )
]


def colour_for(key: str, keys: list[str]) -> str:
    """A stable colour for one of several categories (by its position in the sorted list)."""
    ordered = sorted(keys)
    return SEQUENCE[ordered.index(key) % len(SEQUENCE)]


def source_colours(sources) -> dict[str, str]:
    """source_id -> colour, assigned in the order the sources are given (sources.csv order: a frame
    with `source_id`, or the ids), so a new source at the end never recolours the others."""
    ids = list(sources["source_id"]) if hasattr(sources, "columns") else list(sources)
    return {source_id: SEQUENCE[i % len(SEQUENCE)] for i, source_id in enumerate(ids)}


def use_book_style() -> None:
    """Figure defaults: readable sizes, the palette as the colour cycle, no metadata that varies
    between runs."""
    mpl.rcParams.update(
        {
            "figure.figsize": (9, 5.5),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "font.size": 10,
            "axes.prop_cycle": mpl.cycler(color=SEQUENCE),
            "axes.spines.top": False,
            "axes.spines.right": False,
            "svg.hashsalt": "conflictbook",
            "figure.autolayout": False,
        }
    )
    # figures call tight_layout themselves; the inline backend's extra 'tight' pass only costs time
    try:
        get_ipython().run_line_magic(
            "config", "InlineBackend.print_figure_kwargs = {'bbox_inches': None}"
        )  # noqa: F821
    except NameError:
        pass


def show(fig) -> None:
    """Display a figure once and close it, so no backend hook shows it a second time
    (deterministic outputs)."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    display(fig)
    plt.close(fig)
