"""The correspondents graph and what is computed on it: node and edge tables, brokers, busiest pairs.

See ``lib.timeline.network`` for what a node is and how agencies are assigned.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from lib.core.cite import where
from lib.core.directory import ICE, POLICE, Directory, message_edges

if TYPE_CHECKING:  # networkx loads where a graph is built: build stages use this module without it
    import networkx as nx


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
