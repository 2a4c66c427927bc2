"""Figures of the personal-data summary: messages passing each category by direction, and by month."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from lib.core.directory import DIRECTION_COLOURS
from lib.entities.personal import CATEGORIES, CATEGORY_NAMES, DIRECTION_NAMES, FROM_ICE, TO_ICE


def plot_directions(table: pd.DataFrame, *, title: str = "") -> plt.Figure:
    """Horizontal bars: messages passing each category, police -> ICE and ICE -> police, counts written."""
    rows = table[~table["category"].isin(["(all messages)"])].iloc[::-1]
    fig, ax = plt.subplots(figsize=(9, 4.2))
    y = np.arange(len(rows))
    height = 0.38
    for offset, way in ((height / 2, TO_ICE), (-height / 2, FROM_ICE)):
        bars = ax.barh(y + offset, rows[way], height=height, color=DIRECTION_COLOURS[way],
                       label=DIRECTION_NAMES[way])
        ax.bar_label(bars, padding=2, fontsize=8)
    ax.set_yticks(y, rows["category"])
    ax.set_xlabel("messages")
    ax.legend(frameon=False, loc="lower right")
    ax.margins(x=0.1)
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_monthly(monthly: pd.DataFrame, *, title: str = "") -> plt.Figure:
    """One heatmap per direction: categories by month, counts in the cells, the month's messages on top.

    Only months with messages are drawn; a blank column separates the release's periods.
    """
    months = sorted(monthly["month"].unique())
    period_of = dict(zip(monthly["month"], monthly["period"]))
    columns: list[str | None] = []
    for month in months:
        if columns and period_of[month] != period_of[columns[-1]]:
            columns.append(None)
        columns.append(month)
    names = [CATEGORY_NAMES[c] for c in CATEGORIES]
    fig, axes = plt.subplots(2, 1, figsize=(10, 7), sharex=True)
    if not columns:
        axes[0].text(0.5, 0.5, "no dated messages between police and ICE", ha="center", transform=axes[0].transAxes)
        return fig
    top = max(1, int(monthly["messages"].max())) if not monthly.empty else 1
    for ax, way in zip(axes, (TO_ICE, FROM_ICE)):
        part = monthly[monthly["direction"].eq(way)]
        counts = {(c, m): n for c, m, n in zip(part["category"], part["month"], part["messages"])}
        totals = dict(zip(part["month"], part["of"]))
        grid = np.full((len(names) + 1, len(columns)), np.nan)
        for j, month in enumerate(columns):
            if month is None:
                continue
            grid[0, j] = totals.get(month, 0)
            for i, name in enumerate(names, start=1):
                grid[i, j] = counts.get((name, month), 0)
        shaded = grid.copy()
        shaded[0, :] = np.nan  # the totals row is written, not shaded
        ax.imshow(np.ma.masked_invalid(shaded), cmap="Blues" if way == TO_ICE else "Reds", vmin=0, vmax=top,
                  aspect="auto")
        for i in range(grid.shape[0]):
            for j in range(grid.shape[1]):
                if np.isnan(grid[i, j]):
                    continue
                value = int(grid[i, j])
                ax.text(j, i, str(value), ha="center", va="center", fontsize=8,
                        color="dimgray" if i == 0 else ("white" if value > top * 0.6 else "black"),
                        style="italic" if i == 0 else "normal")
        ax.axhline(0.5, color="lightgray", linewidth=0.8)
        ax.set_yticks(range(len(names) + 1), ["all messages", *names])
        ax.set_title(DIRECTION_NAMES[way], loc="left", fontsize=10)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
    ticks = [j for j, month in enumerate(columns) if month is not None]
    axes[-1].set_xticks(ticks, [columns[j] for j in ticks], rotation=90)
    if title:
        fig.suptitle(title, fontweight="bold")
    fig.tight_layout()
    return fig
