"""The timeline's charts: weekly counts with events numbered on top, weekday-by-hour heatmap, reply times."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from lib.core.directory import DIRECTION_COLOURS
from lib.core.periods import periods
from lib.core.profile import active_profile
from lib.timeline.activity import DAY_END, DAY_START

if TYPE_CHECKING:  # matplotlib loads where a figure is drawn: build stages use the other modules without it
    import matplotlib.pyplot as plt


def overlay_events(ax, events: pd.DataFrame, start=None, end=None, *, first_number: int = 1,
                   fontsize: int = 8) -> pd.DataFrame:
    """Draw events inside [start, end] as dashed lines labelled with a number; return the key.

    Numbers keep crowded charts legible; the returned table maps each number
    to its event and goes beside the chart.
    """
    shown = events
    if start is not None:
        shown = shown[shown["date"] >= pd.Timestamp(start)]
    if end is not None:
        shown = shown[shown["date"] <= pd.Timestamp(end)]
    shown = shown.reset_index(drop=True)
    top = ax.get_ylim()[1]
    for number, event in enumerate(shown.itertuples(), start=first_number):
        ax.axvline(event.date, color="#444444", linestyle="--", linewidth=1, zorder=0)
        ax.annotate(str(number), (event.date, top), xytext=(0, 2), textcoords="offset points", ha="center",
                    va="bottom", fontsize=fontsize, fontweight="bold", annotation_clip=False,
                    bbox=dict(boxstyle="circle,pad=0.2", facecolor="white", edgecolor="#444444"))
    key = shown[["date", "event"]].copy()
    key.insert(0, "number", range(first_number, first_number + len(key)))
    return key


KIND_COLOURS = {"detainer": "#b3261e", "report request": "#1f4e99"}


def plot_weekly(weekly: pd.DataFrame, events: pd.DataFrame | None = None, *, colours: dict | None = None,
                gap_weeks: int = 8, title: str = "", ylabel: str = "messages per week",
                stacked: bool = True) -> tuple:
    """Weekly counts as bars, one panel per period with messages, events numbered on top.

    ``weekly`` has ``week_start`` and one column per category. Returns the
    figure and the events key (number, date, event) for the events drawn.
    """
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    categories = [c for c in weekly.columns if c != "week_start"]
    colours = colours or {}
    active = weekly.loc[weekly[categories].sum(axis=1) > 0, "week_start"]
    spans = periods(active, gap_weeks) or [(weekly["week_start"].min(), weekly["week_start"].max())]
    widths = [max(4, (end - start).days / 7) for start, end in spans]
    fig, axes = plt.subplots(1, len(spans), figsize=(10, 4.2), sharey=True, squeeze=False,
                             gridspec_kw={"width_ratios": widths})
    keys = []
    for ax, (start, end) in zip(axes[0], spans):
        part = weekly[(weekly["week_start"] >= start) & (weekly["week_start"] <= end)]
        bottom = pd.Series(0, index=part.index)
        for i, category in enumerate(categories):
            offset = pd.Timedelta(days=3.5) if stacked else pd.Timedelta(days=1 + 5 * i / len(categories))
            ax.bar(part["week_start"] + offset, part[category], width=6 if stacked else 5 / len(categories),
                   bottom=bottom if stacked else 0, color=colours.get(category), label=category,
                   edgecolor="white", linewidth=0.3)
            if stacked:
                bottom = bottom + part[category]
        ax.set_xlim(start - pd.Timedelta(days=3), end + pd.Timedelta(days=4))
        ax.xaxis.set_major_locator(mdates.MonthLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.margins(y=0.12)
    # Events last, once the shared y-axis has its final range, so markers line up across panels.
    for ax, (start, end) in zip(axes[0], spans):
        if events is not None:
            keys.append(overlay_events(ax, events, start, end, first_number=sum(len(k) for k in keys) + 1))
    axes[0][0].set_ylabel(ylabel)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(categories), frameon=False,
               bbox_to_anchor=(0.5, -0.06))
    if title:
        fig.suptitle(title, fontweight="bold", y=1.03)
    fig.tight_layout()
    key = pd.concat(keys, ignore_index=True) if keys else pd.DataFrame(columns=["number", "date", "event"])
    return fig, key


def plot_weekday_hour(grid: pd.DataFrame, *, day_start: int = DAY_START, day_end: int = DAY_END,
                      title: str = "") -> plt.Figure:
    """Heatmap of messages by weekday and hour, counts written in the cells, office hours outlined."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    fig, ax = plt.subplots(figsize=(10, 3.6))
    image = ax.imshow(grid.to_numpy(), cmap="Blues", aspect="auto")
    peak = grid.to_numpy().max() or 1
    for (row, column), value in np.ndenumerate(grid.to_numpy()):
        if value:
            ax.text(column, row, str(value), ha="center", va="center", fontsize=7,
                    color="white" if value > peak * 0.6 else "#222222")
    ax.add_patch(Rectangle((day_start - 0.5, -0.5), day_end - day_start, 5, fill=False, edgecolor="#b3261e",
                           linewidth=1.5, linestyle="--"))
    ax.set_xticks(range(24), [f"{h:02d}" for h in range(24)])
    ax.set_yticks(range(7), list(grid.index))
    ax.set_xlabel(f"hour of day ({active_profile().time_zone.label}); dashed box: weekdays 07:00-19:00")
    fig.colorbar(image, ax=ax, label="messages", fraction=0.03, pad=0.01)
    if title:
        ax.set_title(title)
    return fig


LATENCY_TICKS = {1 / 60: "1 min", 10 / 60: "10 min", 1: "1 h", 6: "6 h", 24: "1 day", 24 * 7: "1 week",
                 24 * 30: "1 month"}


def plot_latency(latency: pd.DataFrame, directions: list[str] | None = None, *, title: str = "") -> plt.Figure:
    """Distribution of hours to a reply (log scale), one outline per request direction, medians dashed."""
    import matplotlib.pyplot as plt

    directions = directions or ["police->ice", "ice->police"]
    measured = latency.dropna(subset=["latency_hours"])
    fig, ax = plt.subplots()
    bins = np.logspace(np.log10(1 / 60), np.log10(24 * 30), 31)
    for direction_name in directions:
        hours = measured.loc[measured["direction"] == direction_name, "latency_hours"].clip(lower=1 / 60)
        if hours.empty:
            continue
        colour = DIRECTION_COLOURS.get(direction_name)
        ax.hist(hours, bins=bins, histtype="step", linewidth=2, color=colour,
                label=f"{direction_name} requests (n={len(hours)}, median {hours.median():.1f} h)")
        ax.axvline(hours.median(), color=colour, linestyle="--", linewidth=1)
    ax.set_xscale("log")
    ax.set_xticks(list(LATENCY_TICKS), list(LATENCY_TICKS.values()))
    ax.minorticks_off()
    ax.set_xlabel("time from a request to the first reply by someone else")
    ax.set_ylabel("requests")
    ax.legend(frameon=False)
    if title:
        ax.set_title(title)
    return fig
