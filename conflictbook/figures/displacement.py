"""Figures of the displacement chapter: ranges, flows on coordinates, waves over time."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..analysis.displacement import format_range


def draw_ranges(figures: pd.DataFrame, claimant_names: dict[str, str] | None = None):
    """Dumbbell chart: one line per figure from its lower to its upper end, grouped by direction, coloured by claimant.
    An open upper end ('more than X') is drawn as an arrow."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from .style import colour_for

    frame = figures.sort_values(["direction", "date_start", "figure_id"]).reset_index(drop=True)
    claimants = sorted(frame["claimant"].unique())
    fig, ax = plt.subplots(figsize=(10, 0.42 * len(frame) + 1.6))
    y = np.arange(len(frame))[::-1]
    for yi, row in zip(y, frame.itertuples(index=False)):
        colour = colour_for(row.claimant, claimants)
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
            max(row.upper, row.lower * (1.4 if row.open_upper else 1)) * 1.06,
            yi,
            f"{row.figure_id} {format_range(row.lower, row.upper, row.open_upper)}",
            va="center",
            fontsize=7.5,
        )
    ax.set_yticks(y, [d if len(d) < 48 else d[:46] + "…" for d in frame["direction"]], fontsize=8)
    ax.set_xscale("log")
    ax.set_xlabel("people (log scale)")
    ax.set_xlim(frame["lower"].replace(0, np.nan).min() * 0.6, frame["upper"].max() * 6)
    names = claimant_names or {}
    ax.legend(
        handles=[
            Line2D([], [], color=colour_for(c, claimants), lw=3, label=names.get(c, c))
            for c in claimants
        ],
        title="claimant",
        fontsize=8,
        loc="lower right",
    )
    fig.tight_layout()
    return fig


def draw_flows(
    flows: pd.DataFrame, places: pd.DataFrame, context_places: list[str], margin: float = 0.6
):
    """Arrows from origin to destination on longitude/latitude axes (no map tiles), width by the upper end.

    The map covers the context places (plus a margin); an endpoint outside it (a country's centroid far
    away) is pulled to the map's edge and labelled 'off map', so the region stays readable.
    """
    import matplotlib.pyplot as plt

    from .style import OKABE_ITO

    fig, ax = plt.subplots(figsize=(9, 6.5))
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
            row.lon + 0.05, row.lat + 0.06, row.name.split(" (")[0], fontsize=8, color="#444444"
        )
    top = flows["upper"].max() if len(flows) else 1
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
        origin = row.origin_name.split(" (")[0] + ("" if in0 else " (off map)")
        destination = row.destination_name.split(" (")[0] + ("" if in1 else " (off map)")
        ax.text(
            mx,
            my,
            f"{origin} → {destination}\n{format_range(row.lower, row.upper)}",
            fontsize=7.5,
            ha="center",
            va="center",
            bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.8),
            zorder=5,
        )
    ax.set_xlim(lon_lo, lon_hi)
    ax.set_ylim(lat_lo, lat_hi)
    ax.set_xlabel("longitude (°E)")
    ax.set_ylabel("latitude (°N)")
    ax.set_aspect(1 / np.cos(np.radians((lat_lo + lat_hi) / 2)))
    fig.tight_layout()
    return fig


def draw_waves(figures: pd.DataFrame, claimant_names: dict[str, str] | None = None):
    """Timeline of displacement waves: each figure's date range as a bar, labelled with its range."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    from .style import colour_for

    frame = figures.sort_values(["date_start", "figure_id"]).reset_index(drop=True)
    claimants = sorted(frame["claimant"].unique())
    fig, ax = plt.subplots(figsize=(10, 0.4 * len(frame) + 1.5))
    y = np.arange(len(frame))[::-1]
    for yi, row in zip(y, frame.itertuples(index=False)):
        start = pd.Timestamp(row.date_start).to_pydatetime()
        end = pd.Timestamp(row.date_end).to_pydatetime()
        width = max((end - start).days, 20)
        ax.barh(
            yi,
            width,
            left=start,
            height=0.6,
            color=colour_for(row.claimant, claimants),
            hatch="//" if row.stock_flow == "stock" else None,
            edgecolor="#333333",
            lw=0.4,
        )
        ax.text(
            end,
            yi,
            f"  {format_range(row.lower, row.upper, row.open_upper)} ({row.stock_flow})",
            va="center",
            fontsize=7.5,
        )
    ax.set_yticks(y, [f"{r.figure_id} {r.subject[:42]}" for r in frame.itertuples()], fontsize=7.5)
    ax.xaxis.set_major_locator(mdates.YearLocator(2))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_xlabel("period the figure refers to (hatched: a stock at a date)")
    lo = frame["date_start"].min() - pd.Timedelta(days=300)
    hi = frame["date_end"].max() + pd.Timedelta(days=2200)
    ax.set_xlim(lo, hi)
    fig.tight_layout()
    return fig
