"""Who writes to whom: correspondents, their agencies, and who connects police and ICE.

Nodes are correspondents only: the senders and recipients printed in message
headers. People written *about* in a message never become nodes.

A correspondent is identified by email address where one is known, else by
display name. A recipient printed only as a name ("Jane Roe") is matched to an
address when the same table shows that person's address elsewhere: as the
sender of another message (sender and sender name on one row), or by an
address whose local part spells the name (jane.roe@, jane.m.roe@, jroe@) when
exactly one known address does. Unmatched names stay separate nodes with no
agency if printed in at least two messages' headers; strings that do not look
like a name (digits, sentences, a single word) are dropped.

Agencies come from ``lib/reference/agencies.csv``: an address's domain, or the
nearest parent domain listed (``ice.dhs.gov`` before ``dhs.gov``), names the
agency and its side (police, ice, federal, corrections, court, other).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

import pandas as pd

from lib.core.cite import where
from lib.core.directory import ICE, POLICE, Directory, message_edges

if TYPE_CHECKING:  # matplotlib and networkx load where a figure is drawn or a graph built: build stages
    import matplotlib.pyplot as plt  # use this module without either
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


def build_graph(messages: pd.DataFrame, agencies: pd.DataFrame | None = None, *,
                include_duplicates: bool = False) -> nx.DiGraph:
    """Correspondents as nodes, sender -> recipient edges weighted by message count."""
    import networkx as nx

    directory = Directory(messages, agencies)
    edges = message_edges(messages, include_duplicates=include_duplicates, directory=directory)
    graph = nx.DiGraph()
    for (source, target), group in edges.groupby(["source", "target"], sort=True):
        graph.add_edge(source, target, weight=group["message_id"].nunique(),
                       message_ids=sorted(group["message_id"].unique()))
    sent = edges.groupby("source")["message_id"].nunique()
    received = edges.groupby("target")["message_id"].nunique()
    for node in graph.nodes:
        code = directory.agency(node)
        graph.nodes[node].update(
            label=directory.label(node), agency=code, agency_name=directory.agency_name(code),
            side=directory.side(node), sent=int(sent.get(node, 0)), received=int(received.get(node, 0)))
    return graph


def correspondents(graph: nx.DiGraph) -> pd.DataFrame:
    """The node table: one row per correspondent, most active first."""
    rows = [{"correspondent": n, "name": d["label"], "agency": d["agency"], "side": d["side"],
             "messages sent": d["sent"], "messages received": d["received"]} for n, d in graph.nodes(data=True)]
    table = pd.DataFrame(rows, columns=["correspondent", "name", "agency", "side", "messages sent",
                                        "messages received"])
    table["total"] = table["messages sent"] + table["messages received"]
    return table.sort_values(["total", "correspondent"], ascending=[False, True], ignore_index=True)


def edge_table(graph: nx.DiGraph) -> pd.DataFrame:
    """The edges as a table: who wrote to whom, how many messages, and which."""
    rows = [{"from": graph.nodes[a]["label"], "from agency": graph.nodes[a]["agency"],
             "to": graph.nodes[b]["label"], "to agency": graph.nodes[b]["agency"], "messages": d["weight"],
             "message_ids": "; ".join(d["message_ids"])} for a, b, d in graph.edges(data=True)]
    table = pd.DataFrame(rows, columns=["from", "from agency", "to", "to agency", "messages", "message_ids"])
    return table.sort_values(["messages", "from", "to"], ascending=[False, True, True], ignore_index=True)


# --- Brokers --------------------------------------------------------------------

def undirected(graph: nx.DiGraph) -> nx.Graph:
    """Who is in contact with whom, either way; weights are messages in both directions."""
    import networkx as nx

    both = nx.Graph()
    both.add_nodes_from(graph.nodes(data=True))
    for source, target, data in graph.edges(data=True):
        if both.has_edge(source, target):
            both[source][target]["weight"] += data["weight"]
        else:
            both.add_edge(source, target, weight=data["weight"])
    return both


def brokers(graph: nx.DiGraph) -> pd.DataFrame:
    """Who sits between police and ICE.

    Columns: ``betweenness`` (share of all shortest paths through the person,
    counted in hops, ignoring direction); ``police-ICE paths through`` (police-ICE
    pairs whose shortest paths pass through the person, each pair weighted by
    the share of its shortest paths that do); ``pairs cut off without them``
    (police-ICE pairs that are connected now and would have no path at all
    without the person); direct contacts on each side.
    """
    import networkx as nx

    contact = undirected(graph)
    police = sorted(n for n, side in contact.nodes(data="side") if side == POLICE)
    ice = sorted(n for n, side in contact.nodes(data="side") if side == ICE)
    betweenness = nx.betweenness_centrality(contact, normalized=True)
    # networkx counts each undirected pair from both ends and halves it: double to count pairs once.
    through = {n: 2 * v for n, v in nx.betweenness_centrality_subset(contact, police, ice, normalized=False).items()}
    connected = _connected_pairs(contact, police, ice)
    rows = []
    for node, data in contact.nodes(data=True):
        without = contact.subgraph([n for n in contact if n != node])
        cut = connected - _connected_pairs(without, [p for p in police if p != node], [i for i in ice if i != node])
        cut = {pair for pair in cut if node not in pair}
        neighbours = list(contact.neighbors(node))
        rows.append({
            "correspondent": node, "name": data["label"], "agency": data["agency"], "side": data["side"],
            "betweenness": round(betweenness[node], 4), "police-ICE paths through": round(through[node], 2),
            "pairs cut off without them": len(cut),
            "police contacts": sum(contact.nodes[n]["side"] == POLICE for n in neighbours),
            "ICE contacts": sum(contact.nodes[n]["side"] == ICE for n in neighbours),
            "messages": data["sent"] + data["received"],
        })
    table = pd.DataFrame(rows, columns=["correspondent", "name", "agency", "side", "betweenness",
                                        "police-ICE paths through", "pairs cut off without them",
                                        "police contacts", "ICE contacts", "messages"])
    return table.sort_values(["police-ICE paths through", "betweenness", "correspondent"],
                             ascending=[False, False, True], ignore_index=True)


def _connected_pairs(graph: nx.Graph, police: list[str], ice: list[str]) -> set[tuple[str, str]]:
    import networkx as nx

    component = {n: i for i, nodes in enumerate(nx.connected_components(graph)) for n in nodes}
    return {(p, i) for p in police for i in ice if component[p] == component[i]}


# --- Pairs ----------------------------------------------------------------------

def top_pairs(messages: pd.DataFrame, agencies: pd.DataFrame | None = None, *, n: int = 15,
              examples: int = 3, include_duplicates: bool = False) -> pd.DataFrame:
    """The pairs of correspondents who exchange most messages, with examples to check."""
    directory = Directory(messages, agencies)
    edges = message_edges(messages, include_duplicates=include_duplicates, directory=directory)
    if edges.empty:
        return pd.DataFrame(columns=["person A", "agency A", "person B", "agency B", "messages", "A to B",
                                     "B to A", "first", "last", "example messages", "where"])
    edges["a"] = edges[["source", "target"]].min(axis=1)
    edges["b"] = edges[["source", "target"]].max(axis=1)
    rows = []
    for (a, b), group in edges.groupby(["a", "b"], sort=True):
        ordered = group.drop_duplicates("message_id").sort_values(["sent_at", "message_id"], na_position="last")
        sample = ordered.head(examples)
        dated = ordered["sent_at"].dropna()
        rows.append({
            "person A": directory.label(a), "agency A": directory.agency(a),
            "person B": directory.label(b), "agency B": directory.agency(b),
            "messages": len(ordered),
            "A to B": group.loc[group["source"] == a, "message_id"].nunique(),
            "B to A": group.loc[group["source"] == b, "message_id"].nunique(),
            "first": dated.min().strftime("%Y-%m-%d") if len(dated) else "",
            "last": dated.max().strftime("%Y-%m-%d") if len(dated) else "",
            "example messages": "; ".join(sample["message_id"]),
            "where": "; ".join(where(r.source_file, r.page_start, r.bates_start) for r in sample.itertuples()),
        })
    table = pd.DataFrame(rows)
    return table.sort_values(["messages", "person A", "person B"], ascending=[False, True, True],
                             ignore_index=True).head(n)


# --- Drawing --------------------------------------------------------------------

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
    # A person's name: two to four capitalised words, none an acronym (ERO, BPD).
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
