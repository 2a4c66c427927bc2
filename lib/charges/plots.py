"""Notebook 03's charts of the severity summaries (matplotlib, imported only when drawing)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.charges.severity import NO_CHARGE
from lib.charges.summary import NOT_TO_ICE, TO_ICE

CLASS_COLOURS = {"violent felony": "#7f1d1d", "felony": "#c2410c", "violent misdemeanor": "#b45309",
                 "misdemeanor": "#1f4e99", "civil": "#86a9e0", "unknown": "#9ca3af", NO_CHARGE: "#d1d5db"}


def plot_classes(table: pd.DataFrame, *, title: str = ""):
    """Horizontal bars of ``class_counts``: people by most serious charge, to ICE or not."""
    import matplotlib.pyplot as plt

    rows = table.iloc[::-1]
    fig, ax = plt.subplots(figsize=(9, 4.2))
    left = np.zeros(len(rows))
    for column, colour in ((TO_ICE, "#b3261e"), (NOT_TO_ICE, "#9ca3af")):
        values = rows[column].to_numpy()
        ax.barh(rows["most serious charge"], values, left=left, color=colour, label=column)
        left += values
    for y, total in enumerate(left):
        ax.text(total + 0.3, y, f"{int(total)}", va="center", fontsize=9)
    ax.set_xlabel("people (private subjects)")
    ax.set_title(title)
    ax.legend(loc="lower right", frameon=False)
    fig.tight_layout()
    return fig


def plot_detainers(table: pd.DataFrame, *, title: str = ""):
    """Bars of ``detainers_by_class``."""
    import matplotlib.pyplot as plt

    rows = table.iloc[::-1]
    fig, ax = plt.subplots(figsize=(9, 3.6))
    colours = [CLASS_COLOURS[c] for c in rows["most serious charge"]]
    ax.barh(rows["most serious charge"], rows["people with a detainer"], color=colours)
    for y, value in enumerate(rows["people with a detainer"]):
        ax.text(value + 0.2, y, f"{int(value)}", va="center", fontsize=9)
    ax.set_xlabel("people with an ICE detainer in the emails")
    ax.set_title(title)
    fig.tight_layout()
    return fig
