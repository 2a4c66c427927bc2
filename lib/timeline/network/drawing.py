"""Drawing the correspondents graph: colours by agency, police and ICE in columns, short labels."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from lib.timeline.network.graph import undirected

if TYPE_CHECKING:  # matplotlib and networkx load where a figure is drawn
    import matplotlib.pyplot as plt
    import networkx as nx

#: Colours by side, dark to light for the agencies within one side; print-safe on white.
SIDE_COLOURS = {
    "police": ["#1f4e99", "#4a7cc9", "#86a9e0"],
    "ice": ["#b3261e", "#e0602f", "#f0a35e"],
    "federal": ["#7a5c00", "#b58900"],
    "corrections": ["#4d4d4d", "#7f7f7f"],
    "court": ["#6c3483", "#a569bd"],
    "other": ["#2e7d32", "#66bb6a"],
    None: ["#bdbdbd"],
}
SIDE_ORDER = ["police", "federal", "corrections", "court", "other", None, "ice"]


def agency_colours(graph: nx.DiGraph) -> dict[str | None, str]:
    """One colour per agency present, in the shade family of its side."""
    by_side: dict[str | None, list[str | None]] = defaultdict(list)
    for _, data in graph.nodes(data=True):
        if data["agency"] not in by_side[data["side"]]:
            by_side[data["side"]].append(data["agency"])
    colours = {}
    for side, codes in by_side.items():
        palette = SIDE_COLOURS.get(side, SIDE_COLOURS[None])
        for i, code in enumerate(sorted(codes, key=lambda c: c or "")):
            colours[code] = palette[i % len(palette)]
    return colours


def side_layout(graph: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Police in the left column, ICE in the right, everyone else between; busiest at the top."""
    columns = [s for s in SIDE_ORDER if any(d == s for _, d in graph.nodes(data="side"))]
    x_of = {side: (i / (len(columns) - 1) if len(columns) > 1 else 0.5) for i, side in enumerate(columns)}
    positions = {}
    for side in columns:
        nodes = [n for n, d in graph.nodes(data="side") if d == side]
        nodes.sort(key=lambda n: (-(graph.nodes[n]["sent"] + graph.nodes[n]["received"]), n))
        for rank, node in enumerate(nodes):
            y = 1 - (rank + 0.5) / len(nodes)
            positions[node] = (x_of[side], y)
    return positions


def short_label(name: str, width: int = 48) -> str:
    """'Jane M. Roe' -> 'J. Roe'; mailbox addresses by their local part; office names shortened."""
    if "@" in name:
        return name.split("@")[0]
    parts = name.split()
    # A person's name: two to four capitalised words, none an acronym (ERO, HSI).
    person = 2 <= len(parts) <= 4 and all(
        p[:1].isupper() and re.sub(r"[.'-]", "", p).isalpha() and not re.fullmatch(r"[A-Z]{2,}", p) for p in parts)
    if person:
        return f"{parts[0][0]}. {parts[-1]}"
    return name if len(name) <= width else name[: width - 1].rstrip(" ,/") + "…"


def draw_network(graph: nx.DiGraph, *, layout: str = "sides", seed: int = 7, ax=None,
                 title: str = "Who writes to whom") -> plt.Figure:
    """A print-legible drawing: labelled nodes coloured by agency, edge width by messages.

    ``layout='sides'`` puts police on the left and ICE on the right (links
    within one column are drawn as arcs on its inner side, labels outside); ``layout='spring'``
    uses a force layout seeded with ``seed``.
    """
    import matplotlib.pyplot as plt
    import networkx as nx
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    if ax is None:
        height = max(5.0, 0.45 * max(Counter(d for _, d in graph.nodes(data="side")).values(), default=1))
        fig, ax = plt.subplots(figsize=(10, height))
    else:
        fig = ax.figure
    contact = undirected(graph)
    positions = nx.spring_layout(contact, seed=seed, weight="weight") if layout == "spring" else side_layout(graph)
    colours = agency_colours(graph)
    heaviest = max((w for _, _, w in contact.edges(data="weight")), default=1)
    for source, target, weight in sorted(contact.edges(data="weight"), key=lambda e: (e[2], e[0], e[1])):
        (x1, y1), (x2, y2) = positions[source], positions[target]
        if (y1, x1) < (y2, x2):  # from the upper node down: a positive bend goes left
            (x1, y1), (x2, y2) = (x2, y2), (x1, y1)
        bend = 0.0
        if layout != "spring" and abs(x1 - x2) < 1e-9:
            bend = -0.25 if x1 < 0.25 else 0.25
        ax.add_patch(FancyArrowPatch((x1, y1), (x2, y2), connectionstyle=f"arc3,rad={bend}", arrowstyle="-",
                                     color="#555555", alpha=0.25 + 0.5 * weight / heaviest, zorder=1,
                                     linewidth=0.5 + 5 * math.sqrt(weight / heaviest), capstyle="round"))
    busiest = max((d["sent"] + d["received"] for _, d in graph.nodes(data=True)), default=1) or 1
    for node, data in sorted(graph.nodes(data=True)):
        x, y = positions[node]
        size = 40 + 400 * (data["sent"] + data["received"]) / busiest
        ax.scatter([x], [y], s=size, color=colours[data["agency"]], edgecolor="white", linewidth=1, zorder=2)
        radius = math.sqrt(size) / 2 + 4  # points: label clear of the circle
        align = "right" if x < 0.25 else "left" if x > 0.75 else "center"
        offset = {"right": (-radius, 0), "left": (radius, 0), "center": (0, radius)}[align]
        ax.annotate(short_label(data["label"]), (x, y), xytext=offset, textcoords="offset points", ha=align,
                    va="center" if align != "center" else "bottom", fontsize=8, zorder=3,
                    bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.85))
    handles = []
    names = {d["agency"]: d["agency_name"] for _, d in graph.nodes(data=True)}
    for code in sorted(colours, key=lambda c: (SIDE_ORDER.index(_side_of(graph, c)), c or "")):
        label = f"{names.get(code)} ({code})" if code else "agency not known from the address"
        handles.append(Line2D([0], [0], marker="o", linestyle="", markersize=8, color=colours[code], label=label))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=min(3, len(handles)),
              frameon=False, fontsize=8)
    ax.set_xlim(-0.35, 1.35)
    ax.set_ylim(-0.05, 1.08)
    ax.set_axis_off()
    ax.set_title(title)
    return fig


def _side_of(graph: nx.DiGraph, code: str | None) -> str | None:
    side = next((d["side"] for _, d in graph.nodes(data=True) if d["agency"] == code), None)
    return side if side in SIDE_ORDER else "other"
