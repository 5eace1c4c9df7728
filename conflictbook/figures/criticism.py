"""Figure of the criticism chapter: verdict counts."""

from __future__ import annotations

import pandas as pd

from ..analysis.criticism import VERDICT_ORDER


def draw_verdicts(counts: pd.DataFrame, title_by: str = ""):
    """Stacked horizontal bars of verdicts per row of a verdict_counts table."""
    import matplotlib.pyplot as plt
    import numpy as np

    from .style import OKABE_ITO

    colours = {
        "agrees": OKABE_ITO["bluish_green"],
        "differs": OKABE_ITO["orange"],
        "contradicted": OKABE_ITO["vermillion"],
        "unverifiable": OKABE_ITO["grey"],
    }
    data = counts[[v for v in VERDICT_ORDER if v in counts.columns]]
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(data) + 1.4))
    left = np.zeros(len(data))
    y = np.arange(len(data))[::-1]
    for verdict in data.columns:
        ax.barh(y, data[verdict], left=left, color=colours[verdict], label=verdict)
        left += data[verdict].to_numpy()
    ax.set_yticks(y, [str(i)[:45] for i in data.index], fontsize=8)
    ax.set_xlabel("checks")
    if title_by:
        ax.set_title(title_by, fontsize=10)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig
