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

- ``graph``: the graph, its node and edge tables, brokers between police and ICE, the busiest pairs
- ``drawing``: the graph drawn for print, coloured by agency
"""

from lib.timeline.network.drawing import (
    SIDE_COLOURS,
    SIDE_ORDER,
    agency_colours,
    draw_network,
    short_label,
    side_layout,
)
from lib.timeline.network.graph import brokers, build_graph, correspondents, edge_table, top_pairs, undirected

__all__ = ["SIDE_COLOURS", "SIDE_ORDER", "agency_colours", "brokers", "build_graph", "correspondents",
           "draw_network", "edge_table", "short_label", "side_layout", "top_pairs", "undirected"]
