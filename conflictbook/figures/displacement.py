"""Figures of the displacement chapter: ranges, flows on coordinates, waves over time, and captions
written from the data they describe (dates, counts and sources come from the figures drawn).

Text is at least 9 pt at the drawn width (7.5 in at 100 dpi fits the book's column); legends sit
below the axes, never over data; colours come from a {key: colour} map the caller builds in
sources.csv order (`style.source_colours`), so a new source never recolours the others.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .tables import format_range

__all__ = [
    "draw_ranges",
    "draw_flows",
    "draw_waves",
    "ranges_caption",
    "waves_caption",
    "flows_caption",
]

WIDTH = 7.5  # inches: the book's column at 100 dpi
TEXT = 9  # points: the smallest text a figure may carry
GREY = "#999999"


def _wrap(text: str, width: int = 30) -> str:
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


def _marked(row) -> str:
    mark = getattr(row, "source_check", "")
    return " ⚠" if isinstance(mark, str) and mark else ""


def _legend(
    fig: Figure, keys: list[str], colours: Mapping[str, str], labels: Mapping[str, str], title: str
) -> None:
    """A legend below the axes (outside them, so it never covers a data row)."""
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], color=colours.get(k, GREY), lw=3, label=labels.get(k, k)) for k in keys
    ]
    fig.legend(
        handles=handles,
        title=title,
        loc="outside lower center",
        fontsize=TEXT,
        title_fontsize=TEXT,
        ncol=min(len(keys), 2),
        frameon=False,
    )


def _keys_in_order(frame: pd.DataFrame, column: str, colours: Mapping[str, str]) -> list[str]:
    present = set(frame[column].dropna())
    ordered = [k for k in colours if k in present]
    return ordered + sorted(present - set(ordered))


def draw_ranges(
    figures: pd.DataFrame,
    colours: Mapping[str, str],
    labels: Mapping[str, str] | None = None,
    colour_by: str = "source_id",
) -> Figure:
    """Dumbbell chart: one line per figure from its lower to its upper end (log scale), grouped by
    direction, coloured by `colour_by` (a source by default). An open upper end ('more than X') is
    an arrow; ⚠ follows the label of a figure a source check contradicts or qualifies."""
    import matplotlib.pyplot as plt

    labels = labels or {}
    frame = figures.sort_values(["direction", "date_start", "figure_id"]).reset_index(drop=True)
    keys = _keys_in_order(frame, colour_by, colours)
    fig, ax = plt.subplots(figsize=(WIDTH, 0.55 * len(frame) + 2.2), layout="constrained")
    y = np.arange(len(frame))[::-1]
    for yi, row in zip(y, frame.itertuples(index=False)):
        colour = colours.get(getattr(row, colour_by), GREY)
        ax.plot([row.lower, row.upper], [yi, yi], color=colour, lw=3, solid_capstyle="round")
        ax.scatter([row.lower, row.upper], [yi, yi], color=colour, s=28, zorder=3)
        if row.open_upper:
            ax.annotate(
                "",
                xy=(row.lower * 1.35, yi),
                xytext=(row.lower, yi),
                arrowprops=dict(arrowstyle="->", color=colour, lw=1.5),
            )
        ax.text(
            max(row.upper, row.lower * (1.4 if row.open_upper else 1)) * 1.08,
            yi,
            f"{row.figure_id} {format_range(row.lower, row.upper, row.open_upper)}{_marked(row)}",
            va="center",
            fontsize=TEXT,
        )
    ax.set_yticks(y, [_wrap(d, 32) for d in frame["direction"]], fontsize=TEXT)
    ax.set_xscale("log")
    ax.set_xlabel("people (log scale)", fontsize=TEXT + 1)
    ax.tick_params(axis="x", labelsize=TEXT)
    ax.set_xlim(frame["lower"].replace(0, np.nan).min() * 0.6, frame["upper"].max() * 400)
    ax.set_ylim(-0.7, len(frame) - 0.3)
    _legend(fig, keys, colours, labels, "source" if colour_by == "source_id" else colour_by)
    return fig


def _years(frame: pd.DataFrame) -> str:
    first = pd.Timestamp(frame["date_start"].min()).year
    last = pd.Timestamp(frame["date_end"].max()).year
    return f"in {first}" if first == last else f"from {first} to {last}"


def _cited(frame: pd.DataFrame, citations: Mapping[str, str], order: list[str]) -> str:
    present = set(frame["source_id"])
    ids = [s for s in order if s in present] + sorted(present - set(order))
    return "; ".join(citations.get(s, s) for s in ids)


def ranges_caption(figures: pd.DataFrame, citations: Mapping[str, str]) -> str:
    """The caption (and alt text) of `draw_ranges`, from the figures it draws; sources in the order
    of `citations` (build it in sources.csv order)."""
    marked = int(figures.get("source_check", pd.Series(dtype=object)).fillna("").ne("").sum())
    kinds = figures["stock_flow"].value_counts()
    parts = [f"{kinds.get(k, 0)} {k}s" for k in ("flow", "stock") if kinds.get(k, 0)]
    text = (
        f"{len(figures)} displacement figures ({', '.join(parts)}) referring to dates "
        f"{_years(figures)}, from {_cited(figures, citations, list(citations))}: one line per "
        f"figure from its lower to its upper end (log scale), grouped by direction (origin → "
        f"destination) and coloured by source; an arrow marks an open upper end ('more than X')."
    )
    if marked:
        text += f" ⚠ marks the {marked} figure(s) a source check contradicts or qualifies."
    return text


def draw_flows(
    flows: pd.DataFrame, places: pd.DataFrame, context_places: list[str], margin: float = 0.6
) -> Figure:
    """Arrows from origin to destination on longitude/latitude axes (no map tiles), width by the
    upper end.

    The map covers the context places (plus a margin); an endpoint outside it (a country's centroid
    far away) is pulled to the map's edge and labelled 'off map', so the region stays readable.
    """
    import matplotlib.pyplot as plt

    from .style import OKABE_ITO

    fig, ax = plt.subplots(figsize=(WIDTH, 5.2), layout="constrained")
    ctx = (
        places[places["place_id"].isin(context_places)]
        .dropna(subset=["lat", "lon"])
        .sort_values("place_id")
    )
    lon_lo, lon_hi = ctx["lon"].min() - margin, ctx["lon"].max() + margin
    lat_lo, lat_hi = ctx["lat"].min() - margin, ctx["lat"].max() + margin

    def clamp(lon, lat):
        inside = lon_lo <= lon <= lon_hi and lat_lo <= lat <= lat_hi
        return (
            min(max(lon, lon_lo + 0.1), lon_hi - 0.1),
            min(max(lat, lat_lo + 0.1), lat_hi - 0.1),
            inside,
        )

    ax.scatter(ctx["lon"], ctx["lat"], s=14, color=OKABE_ITO["grey"], zorder=2)
    for row in ctx.itertuples(index=False):
        ax.text(
            row.lon + 0.05, row.lat + 0.06, row.name.split(" (")[0], fontsize=TEXT, color="#444444"
        )
    top = flows["upper"].max() if len(flows) else 1
    placed: list[tuple[float, float]] = []  # label centres so far: a close one is moved down
    for row in flows.itertuples(index=False):
        x0, y0, in0 = clamp(row.lon0, row.lat0)
        x1, y1, in1 = clamp(row.lon1, row.lat1)
        rad = 0.3  # the same curvature both ways: A->B and B->A bulge on opposite sides
        ax.scatter([x0, x1], [y0, y1], s=30, color=OKABE_ITO["black"], zorder=3)
        ax.annotate(
            "",
            xy=(x1, y1),
            xytext=(x0, y0),
            arrowprops=dict(
                arrowstyle="-|>",
                lw=1 + 9 * row.upper / top,
                color=OKABE_ITO["vermillion"],
                alpha=0.65,
                connectionstyle=f"arc3,rad={rad}",
                mutation_scale=16,
            ),
        )
        # label at the bulge of the curved arrow, so labels of opposite flows do not overlap
        mx, my = (x0 + x1) / 2 + rad * (y1 - y0) / 2, (y0 + y1) / 2 - rad * (x1 - x0) / 2
        my = min(max(my, lat_lo + 0.35), lat_hi - 0.25)  # keep the label inside the frame
        for shift in (0, 0.28, -0.28, 0.56, -0.56, 0.84, -0.84):
            if not any(abs(mx - px) < 1.6 and abs(my + shift - py) < 0.28 for px, py in placed):
                break
        my += shift
        placed.append((mx, my))
        origin = row.origin_name.split(" (")[0] + ("" if in0 else " (off map)")
        destination = row.destination_name.split(" (")[0] + ("" if in1 else " (off map)")
        ax.text(
            mx,
            my,
            f"{_wrap(f'{origin} → {destination}', 28)}\n{format_range(row.lower, row.upper)}",
            fontsize=TEXT,
            ha="center",
            va="center",
            bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.8),
            zorder=5,
        )
    ax.set_xlim(lon_lo, lon_hi)
    ax.set_ylim(lat_lo, lat_hi)
    ax.set_xlabel("longitude (°E)", fontsize=TEXT + 1)
    ax.set_ylabel("latitude (°N)", fontsize=TEXT + 1)
    ax.tick_params(labelsize=TEXT)
    ax.set_aspect(1 / np.cos(np.radians((lat_lo + lat_hi) / 2)))
    return fig


def flows_caption(flows: pd.DataFrame) -> str:
    """The caption of `draw_flows`, from the flows it draws."""
    largest = flows.sort_values(["upper", "origin"], ascending=[False, True]).iloc[0]
    return (
        f"{len(flows)} origin → destination pairs with stated places, on longitude and latitude "
        f"(no map tiles); arrow width follows the upper end, the largest being "
        f"{largest['origin_name'].split(' (')[0]} → {largest['destination_name'].split(' (')[0]} "
        f"({format_range(largest['lower'], largest['upper'])}). Places outside the frame are "
        f"pulled to its edge and marked 'off map'."
    )


def draw_waves(
    figures: pd.DataFrame,
    colours: Mapping[str, str],
    labels: Mapping[str, str] | None = None,
    colour_by: str = "source_id",
) -> Figure:
    """Timeline of displacement waves: each figure's date range as a bar, labelled with its range;
    a stock (people displaced at a date) is hatched."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    labels = labels or {}
    frame = figures.sort_values(["date_start", "figure_id"]).reset_index(drop=True)
    keys = _keys_in_order(frame, colour_by, colours)
    fig, ax = plt.subplots(figsize=(WIDTH, 0.62 * len(frame) + 2.2), layout="constrained")
    y = np.arange(len(frame))[::-1]
    for yi, row in zip(y, frame.itertuples(index=False)):
        start = pd.Timestamp(row.date_start).to_pydatetime()
        end = pd.Timestamp(row.date_end).to_pydatetime()
        ax.barh(
            yi,
            max((end - start).days, 20),
            left=start,
            height=0.6,
            color=colours.get(getattr(row, colour_by), GREY),
            hatch="//" if row.stock_flow == "stock" else None,
            edgecolor="#333333",
            lw=0.4,
        )
        ax.text(
            end,
            yi,
            f"  {format_range(row.lower, row.upper, row.open_upper)}{_marked(row)}",
            va="center",
            fontsize=TEXT,
        )
    ax.set_yticks(
        y, [f"{r.figure_id} {_wrap(r.subject, 34)}" for r in frame.itertuples()], fontsize=TEXT
    )
    ax.xaxis.set_major_locator(mdates.YearLocator(2))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.tick_params(axis="x", labelsize=TEXT)
    ax.set_xlabel("period the figure refers to (hatched: a stock at a date)", fontsize=TEXT + 1)
    lo = frame["date_start"].min() - pd.Timedelta(days=300)
    hi = frame["date_end"].max() + pd.Timedelta(days=1500)
    ax.set_xlim(lo, hi)
    _legend(fig, keys, colours, labels, "source" if colour_by == "source_id" else colour_by)
    return fig


def waves_caption(figures: pd.DataFrame, citations: Mapping[str, str]) -> str:
    """The caption of `draw_waves`, from the figures it draws."""
    stocks = int((figures["stock_flow"] == "stock").sum())
    return (
        f"The period each of {len(figures)} displacement figures refers to, {_years(figures)} "
        f"({_cited(figures, citations, list(citations))}); bars coloured by source, the "
        f"{stocks} stock(s) hatched, each labelled with its range."
    )
