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
from pathlib import Path

from typing import TYPE_CHECKING

import pandas as pd

from lib.ingest.headers import display_name, parse_person
from lib.core.paths import REFERENCE
from lib.core.schema import cell_text as _text

if TYPE_CHECKING:  # matplotlib and networkx load where a figure is drawn or a graph built: build stages
    import matplotlib.pyplot as plt  # use this module without either
    import networkx as nx

AGENCIES_FILE = REFERENCE / "agencies.csv"
POLICE, ICE = "police", "ice"
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


#: The message columns the correspondents network reads (a large release's texts can stay on disk).
MESSAGE_COLUMNS = ["message_id", "duplicate_of", "sender", "sender_name", "to", "cc", "sent_at", "source_file",
                   "page_start", "bates_start"]


def unique_messages(messages: pd.DataFrame, include_duplicates: bool = False) -> pd.DataFrame:
    """The message table without repeated printings, unless asked for."""
    if include_duplicates:
        return messages
    return messages[messages["duplicate_of"].isna()]


# --- Agencies -------------------------------------------------------------------

def load_agencies(path: str | Path | None = None) -> pd.DataFrame:
    """The agency reference table (code, name, side, email_domains, ...)."""
    return pd.read_csv(path or AGENCIES_FILE, dtype=str, keep_default_na=False)


def domain_agencies(agencies: pd.DataFrame) -> dict[str, str]:
    """Email domain -> agency code; where two agencies list one domain, the first listed wins."""
    lookup: dict[str, str] = {}
    for row in agencies.itertuples():
        for domain in filter(None, (d.strip().lower() for d in row.email_domains.split("|"))):
            lookup.setdefault(domain, row.code)
    return lookup


def agency_of(address: str | None, lookup: dict[str, str]) -> str | None:
    """The agency code of an address's domain or its nearest listed parent domain."""
    if not address or "@" not in address:
        return None
    parts = address.rsplit("@", 1)[1].lower().strip(".").split(".")
    for start in range(len(parts) - 1):
        code = lookup.get(".".join(parts[start:]))
        if code:
            return code
    return None


# --- Correspondents -------------------------------------------------------------

def _name_key(name: str | None) -> tuple[str, str] | None:
    """('jane', 'roe') for 'Jane M. Roe' or 'Roe, Jane': first and last name, letters only."""
    tokens = [re.sub(r"[^a-z]", "", t) for t in (display_name(name) or "").lower().split()]
    tokens = [t for t in tokens if t]
    return (tokens[0], tokens[-1]) if len(tokens) >= 2 else None


def _spells(local: str, first: str, last: str) -> bool:
    """Whether an address's local part is a usual spelling of a first and last name.

    jane.roe, jane.m.roe, janeroe and jroe all spell ('jane', 'roe').
    """
    parts = [re.sub(r"[^a-z]", "", p) for p in local.lower().split(".")]
    if len(parts) in (2, 3) and parts[0] == first and parts[-1] == last:
        return True
    return "".join(parts) in (first + last, first[0] + last)


def plausible_name(name: str | None) -> bool:
    """Whether a name-only correspondent looks like a person's or an office's name.

    Header parsing sometimes takes a wrapped line of text for a recipient
    ("Will be at the side door.", "Report I192045828 is", a lone surname);
    such strings, which can carry details about people written about, never
    become correspondents. A name needs at least two words.
    """
    if not name or re.search(r"\d|[?!;:@]", name) or re.search(r"\w{2,}\.\s*$", name):
        return False
    return 2 <= len(re.findall(r"[A-Za-z][\w'.-]*", name)) <= 8


class Directory:
    """Resolves printed senders and recipients to one key per person, with agency and side.

    A name that resolves to no address is kept only when it is printed in the
    headers of at least ``min_messages`` messages: a one-off string is more
    likely a parsing slip than a correspondent.
    """

    def __init__(self, messages: pd.DataFrame, agencies: pd.DataFrame | None = None, *, min_messages: int = 2):
        agencies = load_agencies() if agencies is None else agencies
        self._lookup = domain_agencies(agencies)
        self._agency_side = dict(zip(agencies["code"], agencies["side"]))
        self._agency_name = dict(zip(agencies["code"], agencies["name"]))
        self._labels: dict[str, Counter] = defaultdict(Counter)
        votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
        addresses: set[str] = set()
        headers = [(message_id, _text(sender) or _text(name), [*to, *cc]) for message_id, sender, name, to, cc
                   in zip(messages["message_id"], messages["sender"], messages["sender_name"], messages["to"],
                          messages["cc"])]
        for sender, name in zip(messages["sender"], messages["sender_name"]):
            sender, name = _text(sender).lower(), display_name(_text(name))
            if sender:
                addresses.add(sender)
                if name:
                    self._labels[sender][name] += 1
                    if key := _name_key(name):
                        votes[key][sender] += 1
        for _, _, people in headers:
            for raw in people:
                person = parse_person(raw)
                if person.email:
                    addresses.add(person.email)
                    if person.name:
                        self._labels[person.email][person.name] += 1
                        if key := _name_key(person.name):
                            votes[key][person.email] += 1
        self._name_address = {key: counts.most_common(1)[0][0] for key, counts in votes.items()}
        self._addresses = sorted(addresses)
        self._spelled_names: dict[str, str] = {}
        seen: dict[str, set] = defaultdict(set)
        for message_id, sender, people in headers:
            for raw in [sender, *people]:
                key = self._resolve(raw)
                if key and key.startswith("name:"):
                    seen[key].add(message_id)
        self._names = {key for key, ids in seen.items() if len(ids) >= min_messages}

    def _resolve(self, raw: str | None) -> str | None:
        person = parse_person(_text(raw))
        if person.email:
            return person.email
        if not plausible_name(person.name):
            return None
        name_key = _name_key(person.name)
        if name_key in self._name_address:
            return self._name_address[name_key]
        spelled = [a for a in self._addresses if name_key and _spells(a.split("@")[0], *name_key)]
        if len(spelled) == 1:
            self._spelled_names.setdefault(spelled[0], person.name)
            return spelled[0]
        return f"name:{person.name}"

    def key(self, raw: str | None) -> str | None:
        """One key per person: the address where known, else 'name:First Last' (or None)."""
        key = self._resolve(raw)
        if key and key.startswith("name:") and key not in self._names:
            return None
        return key

    def sender_key(self, sender, sender_name) -> str | None:
        return self.key(_text(sender) or _text(sender_name))

    def label(self, key: str) -> str:
        """A display name for a key: the name printed most often with the address."""
        if key.startswith("name:"):
            return key[5:]
        names = self._labels.get(key)
        return names.most_common(1)[0][0] if names else self._spelled_names.get(key, key)

    def agency(self, key: str | None) -> str | None:
        return agency_of(key, self._lookup) if key and not key.startswith("name:") else None

    def agency_name(self, code: str | None) -> str | None:
        return self._agency_name.get(code) if code else None

    def side(self, key: str | None) -> str | None:
        code = self.agency(key)
        return self._agency_side.get(code) if code else None


def message_edges(messages: pd.DataFrame, agencies: pd.DataFrame | None = None, *,
                  include_duplicates: bool = False, directory: Directory | None = None) -> pd.DataFrame:
    """One row per message and recipient: sender key -> recipient key, with provenance."""
    directory = directory or Directory(messages, agencies)
    rows = []
    for row in unique_messages(messages, include_duplicates).itertuples(index=False):
        source = directory.sender_key(row.sender, row.sender_name)
        if source is None:
            continue
        seen = set()
        for field, people in (("to", row.to), ("cc", row.cc)):
            for raw in people:
                target = directory.key(raw)
                if target is None or target == source or target in seen:
                    continue
                seen.add(target)
                rows.append({"message_id": row.message_id, "source": source, "target": target, "field": field,
                             "sent_at": row.sent_at, "source_file": row.source_file,
                             "page_start": row.page_start, "bates_start": row.bates_start})
    columns = ["message_id", "source", "target", "field", "sent_at", "source_file", "page_start", "bates_start"]
    return pd.DataFrame(rows, columns=columns)


def where(source_file, page, bates) -> str:
    """'file.pdf p. 12 (BPD-000123)': where a reader finds a message in the release."""
    text = _text(source_file)
    if not pd.isna(page):
        text += f" p. {int(page)}"
    if _text(bates):
        text += f" ({bates})"
    return text


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
