"""Figures of the language analysis: rates by category and group, distinctive words side by side."""

from __future__ import annotations

import pandas as pd

#: Police blue and ICE red as in the network and timeline figures; grey for the rest.
GROUP_COLOURS = {"police": "#1f4e99", "ICE": "#b3261e", "other": "#8c8c8c"}
_SEQUENCE = ["#4a7cc9", "#e0602f", "#2e7d32", "#7a5c00", "#6c3483"]


def plot_rates(rate_table: pd.DataFrame, by: str, *, colours: dict | None = None, title: str = ""):
    """Horizontal bars: hits per 1,000 words by category (rows) and group of ``by`` (bars), hit counts written on.

    Categories without a hit in any group are left out of the drawing (not of the table).
    """
    import matplotlib.pyplot as plt

    rate_column = rate_table.columns[-1]
    groups = list(dict.fromkeys(rate_table[by].tolist()))
    with_hits = rate_table.groupby("category", sort=False)["hits"].sum()
    categories = [c for c in dict.fromkeys(rate_table["category"].tolist()) if with_hits[c] > 0]
    colours = colours or {}
    height = 0.8 / max(len(groups), 1)
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(categories) * max(len(groups), 2) / 2 + 1.4))
    top = float(rate_table[rate_column].max() or 1)
    for i, group in enumerate(groups):
        part = rate_table[rate_table[by] == group].set_index("category").reindex(categories)
        y = [n - 0.4 + height * (i + 0.5) for n in range(len(categories))]
        ax.barh(y, part[rate_column].fillna(0), height=height * 0.92, label=group,
                color=colours.get(group, _SEQUENCE[i % len(_SEQUENCE)]))
        for yy, rate, hits in zip(y, part[rate_column].fillna(0), part["hits"]):
            ax.text(rate + top * 0.01, yy, f"{int(hits)}", va="center", fontsize=8)
    ax.set_yticks(range(len(categories)), categories)
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.12)
    ax.set_xlabel("hits per 1,000 words (number of hits at the end of each bar)")
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))  # outside: never over a bar
    if title:
        ax.set_title(title, loc="left")
    fig.tight_layout()
    return fig


def plot_keyness(table: pd.DataFrame, *, n: int = 12, target: str = "target", reference: str = "reference",
                 colours: tuple[str, str] = ("#b3261e", "#1f4e99"), title: str = ""):
    """Two panels: the ``n`` terms most distinctive of each side by G2, counts on each side written on the bars."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(10, 0.3 * n + 1.6))
    top = float(table["g2"].max() or 1) if len(table) else 1.0
    for ax, side, label, colour in zip(axes, ("target", "reference"), (target, reference), colours):
        part = table[table["more_in"] == side].head(n)
        ax.barh(range(len(part)), part["g2"], color=colour)
        ax.set_yticks(range(len(part)), part["term"])
        ax.invert_yaxis()
        for y, (g2, a, b) in enumerate(zip(part["g2"], part["target_count"], part["reference_count"])):
            ax.text(g2 + top * 0.01, y, f"{a} vs {b}", va="center", fontsize=8)
        ax.set_xlim(0, top * 1.3)
        ax.set_title(f"More frequent in {label} text", loc="left", fontsize=11)
        ax.set_xlabel(f"log-likelihood G2 (counts: {target} vs {reference})")
    if title:
        fig.suptitle(title, fontweight="bold", x=0.01, ha="left")
    fig.tight_layout()
    return fig
